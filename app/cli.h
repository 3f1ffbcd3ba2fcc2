// The command line: a contract that scripts and checks depend on, written out in README.md ("Command line").
#pragma once

#include <string>

namespace dh {

struct GuiOptions {
    std::string scenePath; // --scene FILE: a scene .json or a PNG Downhill saved
};

// Parses argv. Headless subcommands run here and their exit code is returned with runGui = false.
// With no subcommand, fills gui and returns 0 with runGui = true. Usage errors exit code 2.
int runCommandLine(int argc, char** argv, bool& runGui, GuiOptions& gui);

} // namespace dh
