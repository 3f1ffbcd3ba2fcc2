// All of CLI11 lives in this one translation unit (it is header-only and slow to compile).
#include "app/cli.h"

#include "app/render_command.h"
#include "core/common/error.h"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>

namespace dh {
namespace {

// "1600x900" → width, height.
void parseSize(const std::string& text, int& w, int& h) {
    int a = 0, b = 0;
    char x = 0, extra = 0;
    if (std::sscanf(text.c_str(), "%d%c%d%c", &a, &x, &b, &extra) != 3 || (x != 'x' && x != 'X') || a < 16 ||
        b < 16 || a > 8192 || b > 8192)
        throw InputError("--size: expected WxH with 16 ≤ W, H ≤ 8192, e.g. 1600x900 (got '" + text + "')");
    w = a;
    h = b;
}

} // namespace

int runCommandLine(int argc, char** argv, bool& runGui, GuiOptions& gui) {
    runGui = false;
    CLI::App app{"Downhill: gradient-based optimization, made visible"};
    app.require_subcommand(0, 1);
    app.add_option("--scene", gui.scenePath, "scene .json, or a PNG that Downhill saved");

    RenderOptions render;
    std::string size = "1600x900";
    CLI::App* renderCmd = app.add_subcommand("render", "draw a scene headless into a PNG");
    renderCmd->add_option("--scene", render.scenePath, "scene .json or PNG (default: the default scene)");
    renderCmd->add_option("--out", render.outPath, "PNG file to write")->required();
    renderCmd->add_option("--size", size, "window size WxH (default 1600x900)");
    renderCmd->add_option("--frames", render.frames, "frames to draw before the readback (default 5)")
        ->check(CLI::Range(2, 100000));
    renderCmd->add_flag("--stats", render.stats, "print frame-time percentiles as JSON");

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        std::cerr << "downhill: " << e.what() << "\n\n" << app.help();
        return 2;
    }

    try {
        if (*renderCmd) {
            parseSize(size, render.width, render.height);
            return runRender(render);
        }
    } catch (const InputError& e) {
        std::cerr << "downhill: " << e.what() << "\n";
        return 2;
    }
    runGui = true;
    return 0;
}

} // namespace dh
