// Issue 10 on the command line, through the real binary: each numbered item with its exit code and
// message. Devices, FIFOs and links are made in this process's temporary directory (mknod where
// permitted; those cases are skipped otherwise); the system's /dev is never used.
#include "app/app_state.h"
#include "core/common/file_io.h"
#include "render_helpers.h"

#include <csignal>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>
#include <sys/sysmacros.h>

using namespace dh::test;
namespace fs = std::filesystem;

namespace {

// A character device node in the temporary directory ("" where mknod is not permitted).
std::string deviceNode(const std::string& name, unsigned minor) {
    const std::string path = tempPath(name);
    ::unlink(path.c_str());
    return ::mknod(path.c_str(), S_IFCHR | 0666, makedev(1, minor)) == 0 ? path : "";
}

std::string fifo(const std::string& name) {
    const std::string path = tempPath(name);
    ::unlink(path.c_str());
    EXPECT_EQ(::mkfifo(path.c_str(), 0600), 0);
    return path;
}

std::string write(const std::string& name, const std::string& text) {
    const std::string path = tempPath(name);
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

const char* kSpec = R"({"layers": [1, 1], "activation": "linear", "loss": "mse",
    "init": {"params": [[[0.0]], [0.0]]}, "data": {"X": [[2], [4], [6], [8]], "y": [3, 4, 5, 6]},
    "optimizer": {"name": "sgd", "lr": 0.01}, "steps": 3})";

#define EXPECT_EXIT_AND_MESSAGE(result, code, text)                                                                    \
    do {                                                                                                               \
        const CommandResult& r_ = (result);                                                                            \
        EXPECT_EQ(r_.exitCode, code) << r_.err;                                                                        \
        EXPECT_NE(r_.err.find(text), std::string::npos) << r_.err;                                                     \
    } while (0)

} // namespace

// Item 1: only an absent or regular destination is replaced; a link's target is replaced, the link kept;
// devices, FIFOs and directories are refused by name (exit 1) and left as they are; "-" is stdout.
TEST(CliHardening, OutputPathsAreReplacedOnlyWhenRegular) {
    const std::string spec = write("spec.json", kSpec);
    const std::string pipe = fifo("out.fifo");
    EXPECT_EXIT_AND_MESSAGE(runDownhill("render --size 64x48 --frames 2 --out " + pipe), 1,
                            pipe + ": is a FIFO; only a regular file is replaced");
    EXPECT_TRUE(fs::is_fifo(pipe));
    const std::string dir = tempPath("out.dir");
    fs::create_directories(dir);
    EXPECT_EXIT_AND_MESSAGE(runDownhill("train --spec " + spec + " --dump-grad " + dir), 1,
                            dir + ": is a directory; only a regular file is replaced");
    EXPECT_EXIT_AND_MESSAGE(runDownhill("render --size 64x48 --frames 2 --gif " + dir), 1, dir + ": is a directory");
    if (const std::string null = deviceNode("null", 3); !null.empty()) {
        EXPECT_EXIT_AND_MESSAGE(runDownhill("render --size 64x48 --frames 2 --out " + null), 1,
                                null + ": is a character device; only a regular file is replaced");
        EXPECT_EXIT_AND_MESSAGE(runDownhill("train --spec " + spec + " --dump-grad " + null), 1,
                                "is a character device");
        EXPECT_TRUE(fs::is_character_file(null));
    } else {
        std::cout << "[ SKIPPED  ] mknod not permitted: the device-node cases are not run\n";
    }
    const std::string target = write("grad-target.json", "old");
    const std::string link = tempPath("grad-link.json");
    fs::remove(link);
    fs::create_symlink(target, link);
    EXPECT_EQ(runDownhill("train --spec " + spec + " --dump-grad " + link).exitCode, 0);
    EXPECT_TRUE(fs::is_symlink(link));
    EXPECT_EQ(dh::readFileText(target), "[[[-50.0]],[-9.0]]\n"); // ∂L/∂w = −2·mean(x·y), ∂L/∂b = −2·mean(y)

    CommandResult png = runDownhill("render --size 64x48 --frames 2 --out -");
    EXPECT_EQ(png.exitCode, 0) << png.err;
    EXPECT_EQ(png.out.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
    EXPECT_EXIT_AND_MESSAGE(runDownhill("render --size 64x48 --out - --gif -"), 2, "only one of them");
    EXPECT_EXIT_AND_MESSAGE(runDownhill("train --spec " + spec + " --dump-grad -"), 2, "--dump-grad:");
}

// Item 2: inputs are checked before they are read: exit 1 naming the file (and the limit).
TEST(CliHardening, InputsThatAreNotFilesOrTooLargeExitOne) {
    const std::string dir = tempPath("in.dir");
    fs::create_directories(dir);
    EXPECT_EXIT_AND_MESSAGE(runDownhill("render --out x.png --scene " + dir), 1, dir + ": is a directory, not a file");
    EXPECT_EXIT_AND_MESSAGE(runDownhill("train --spec " + dir), 1, dir + ": is a directory, not a file");
    EXPECT_EXIT_AND_MESSAGE(runDownhill("--scene " + dir), 1, dir + ": is a directory, not a file");
    const std::string pipe = fifo("in.fifo"); // would block a reader forever
    EXPECT_EXIT_AND_MESSAGE(runDownhill("train --spec " + pipe), 1, pipe + ": is a FIFO, not a file");
    if (const std::string zero = deviceNode("zero", 5); !zero.empty()) {
        EXPECT_EXIT_AND_MESSAGE(runDownhill("render --out x.png --scene " + zero), 1, "is a character device");
        const std::string scene = write("zero-csv.json", R"({"mode": "network", "network": {"dataset": "csv",
            "csv_path": ")" + zero + R"("}})");
        EXPECT_EXIT_AND_MESSAGE(runDownhill("render --out x.png --scene " + scene), 1,
                                zero + ": is a character device, not a file");
    } else {
        std::cout << "[ SKIPPED  ] mknod not permitted: the device-node cases are not run\n";
    }
    const std::string big = tempPath("big.json");
    std::ofstream(big) << "{}";
    fs::resize_file(big, (size_t(16) << 20) + 1);
    EXPECT_EXIT_AND_MESSAGE(runDownhill("render --out x.png --scene " + big), 1,
                            big + ": larger than 16 MiB, the limit for a scene");
}

// Item 3: requests over a cap exit 2 naming the field, the amount and the limit.
TEST(CliHardening, RequestsOverACapExitTwo) {
    const std::string spec = write("big-net.json", R"({"layers": [2, 100000, 100000, 1],
        "data": {"name": "spirals"}, "optimizer": "sgd", "steps": 1})");
    EXPECT_EXIT_AND_MESSAGE(runDownhill("train --spec " + spec), 2,
                            "layers: 10,000,500,001 parameters requested, the limit is 5,000,000");
    EXPECT_EXIT_AND_MESSAGE(runDownhill("render --gif x.gif --frames 5000"), 2,
                            "--frames: 5000 GIF frames requested, the limit is 1000");
    EXPECT_EXIT_AND_MESSAGE(runDownhill("render --out x.png --frames 100000"), 2, "--frames:");
    EXPECT_EXIT_AND_MESSAGE(runDownhill("render --out x.png --size 8192x8192 --scale 4"), 2,
                            "1073741824 pixels requested, the limit is 67108864");
    const std::string scene = write("days.json", R"({"mode": "network", "network": {"samples": 100000,
        "hidden": [1024, 1024, 1024, 1024], "batch_size": 0, "train_steps": 1000000}})");
    EXPECT_EXIT_AND_MESSAGE(runDownhill("render --out x.png --scene " + scene), 2, "the limit is 100,000,000,000");
}

// Items 4 and 5: one contract: 0, 1 for files and outputs (write errors too), 2 for content.
TEST(CliHardening, ExitCodesFollowOneContract) {
    EXPECT_EXIT_AND_MESSAGE(runDownhill("train --spec /no/such/spec.json"), 1, "/no/such/spec.json: cannot open");
    EXPECT_EXIT_AND_MESSAGE(runDownhill("render --out x.png --scene /no/such/scene.json"), 1,
                            "/no/such/scene.json: cannot open");
    const std::string bad = write("bad-scene.json", R"({"playground": {"steps": "many"}})");
    EXPECT_EXIT_AND_MESSAGE(runDownhill("render --out x.png --scene " + bad), 2, "playground.steps: must be");
    for (const char* command :
         {"trace --surface booth --steps 3", "grad --surface booth --at 1,2", "critical --surface booth"}) {
        // A closed standard output: every write fails (EBADF); the command must not exit 0.
        CommandResult r = runDownhill(std::string(command) + " >&-");
        EXPECT_EXIT_AND_MESSAGE(r, 1, "standard output: write error");
    }
    EXPECT_EXIT_AND_MESSAGE(runDownhill("train --spec " + write("spec2.json", kSpec) + " >&-"), 1, "write error");
    if (const std::string full = deviceNode("full", 7); !full.empty()) {
        EXPECT_EXIT_AND_MESSAGE(runDownhill("trace --surface booth --steps 2000 > " + full), 1,
                                "standard output: write error");
        EXPECT_EXIT_AND_MESSAGE(runDownhill("critical --surface six_hump_camel > " + full), 1,
                                "standard output: write error");
    } else {
        std::cout << "[ SKIPPED  ] mknod not permitted: the full-disk cases are not run\n";
    }
}

// Item 6: nothing is silently replaced or ignored.
TEST(CliHardening, NoSilentSubstitution) {
    const std::string expr = write("bad-expr.json", R"({"surface": {"expr": "x^2 + (y"}})");
    EXPECT_EXIT_AND_MESSAGE(runDownhill("render --out x.png --scene " + expr), 2, "surface.expr: expected ')'");
    const std::string name = write("bad-name.json", R"({"surface": {"name": "camel"}})");
    EXPECT_EXIT_AND_MESSAGE(runDownhill("render --out x.png --scene " + name), 2, "surface.name: unknown surface");
    CommandResult r = runDownhill("trace --surface booth --optimizer sgd --beta1 5 --steps 1");
    EXPECT_EXIT_AND_MESSAGE(r, 0, "warning: --beta1 is not used by sgd, ignored");
    r = runDownhill("trace --surface booth --optimizer adam --momentum -5 --nesterov --steps 1");
    EXPECT_EXIT_AND_MESSAGE(r, 0, "warning: --momentum is not used by adam, ignored");
    EXPECT_NE(r.err.find("warning: --nesterov is not used by adam, ignored"), std::string::npos) << r.err;
}

// Item 7: SIGTERM, SIGINT and SIGHUP save the scene before the GUI exits (by that signal). The scene
// plays its timeline (60 steps a second), so the autosave of the first frame (timeline 0 or 1) differs
// from the scene at the signal, 4 s after the start and before the next 5-second autosave: only a
// save on the signal has a timeline past 3.
TEST(CliHardening, ASignalSavesTheSceneBeforeExiting) {
    const std::pair<const char*, int> signals[] = {{"TERM", SIGTERM}, {"INT", SIGINT}, {"HUP", SIGHUP}};
    for (const auto& [name, number] : signals) {
        const std::string state = tempPath(std::string("state-") + name);
        fs::remove_all(state);
        fs::create_directories(state);
        const std::string scene = write("playing.json", R"({"title": "work in progress",
            "playground": {"steps": 20000, "playing": true, "timeline": 0, "speed": 60}})");
        // Waits (up to a minute, however loaded the machine) for the first periodic autosave, so the
        // app is running with its handlers; keeps that file, then signals a second later.
        const std::string autosave = state + "/downhill/autosave.json";
        const std::string script = "XDG_STATE_HOME=" + state + " " + DOWNHILL_EXE + " --scene " + scene +
                                   " 2>/dev/null & pid=$!; i=0; while [ ! -s " + autosave +
                                   " ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done; sleep 1; cp " + autosave +
                                   " " + autosave + ".before; kill -" + name + " $pid; wait $pid; echo $?";
        FILE* pipe = popen(script.c_str(), "r");
        ASSERT_NE(pipe, nullptr);
        char buf[64] = {};
        const size_t n = fread(buf, 1, sizeof buf - 1, pipe);
        pclose(pipe);
        EXPECT_EQ(std::atoi(std::string(buf, n).c_str()), 128 + number) << name << ": ended by the signal";
        ASSERT_TRUE(fs::exists(autosave + ".before")) << name << ": no periodic autosave within a minute";
        const nlohmann::json before = nlohmann::json::parse(dh::readFileText(autosave + ".before"));
        const nlohmann::json saved = nlohmann::json::parse(dh::readFileText(autosave));
        EXPECT_EQ(saved["title"], "work in progress") << name;
        EXPECT_GT(saved["playground"]["timeline"].get<int>(), before["playground"]["timeline"].get<int>())
            << name << ": saved at the signal, after the last periodic autosave";
    }
}

// Item 8: edges that answered wrongly.
TEST(CliHardening, EdgesAnswerOrSayWhy) {
    CommandResult r = runDownhill("grad --expr '1/x + 0*y' --at 0,0");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_NE(r.out.find("\"f\": \"inf\""), std::string::npos) << r.out;
    r = runDownhill("grad --expr 'log(x)' --at -1,0");
    EXPECT_NE(r.out.find("\"f\": \"nan\""), std::string::npos) << r.out;
    EXPECT_EXIT_AND_MESSAGE(runDownhill("critical --surface six_hump_camel --domain -1e300,1e300,-1e300,1e300"), 2,
                            "--domain: the domain is too large");
    r = runDownhill("critical --surface quadratic --param kappa=1e308");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_EQ(r.out.find("saddle"), std::string::npos) << r.out;
    // Newton on a function of x alone: x ← x − f'/f'' from x = 2 on x⁴ − 3x² + x: 2 − 21/42 = 1.5.
    r = runDownhill("trace --expr 'x^4 - 3*x^2 + x' --optimizer newton --start 2,0 --steps 1");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_NE(r.out.find("\n1,1.5,0,"), std::string::npos) << r.out;
    EXPECT_EQ(r.err.find("not positive definite"), std::string::npos) << r.err;
    EXPECT_EXIT_AND_MESSAGE(runDownhill("render --out x.png --size 4294967312x16"), 2, "--size");
    EXPECT_EXIT_AND_MESSAGE(runDownhill("trace --surface booth --seed -1"), 2, "--seed");
    EXPECT_EXIT_AND_MESSAGE(runDownhill("trace --surface booth --steps 4294967396"), 2, "--steps");
    const std::string nul = write("nul.json", std::string("{\"title\": \"a\"}\0{\"version\": 2}", 31));
    EXPECT_EXIT_AND_MESSAGE(runDownhill("render --out x.png --scene " + nul), 2, "a NUL byte at byte 14");
    const std::string null = write("null.json", "null");
    EXPECT_EXIT_AND_MESSAGE(runDownhill("render --out x.png --scene " + null), 2, "must be an object");
    const std::string colour = write("colour.json", R"({"playground": {"runs": [{"color": "#+fffff"}]}})");
    EXPECT_EXIT_AND_MESSAGE(runDownhill("render --out x.png --scene " + colour), 2, "must be a colour");
}

// Item 4 in the GUI: a file that cannot be opened leaves the current scene and says why.
TEST(CliHardening, TheGuiKeepsItsSceneWhenAFileIsRefused) {
    dh::AppState state;
    state.scene.title = "the current scene";
    const std::string dir = tempPath("gui.dir");
    fs::create_directories(dir);
    EXPECT_FALSE(dh::openSceneFile(state, dir));
    EXPECT_EQ(state.scene.title, "the current scene");
    EXPECT_EQ(state.ui.statusMessage, "Not opened: " + dir + ": is a directory, not a file");
    const std::string bad = write("gui-bad.json", R"({"surface": {"expr": "x +"}})");
    EXPECT_FALSE(dh::openSceneFile(state, bad));
    EXPECT_EQ(state.scene.title, "the current scene");
    EXPECT_NE(state.ui.statusMessage.find(bad + ": surface.expr:"), std::string::npos) << state.ui.statusMessage;
}
