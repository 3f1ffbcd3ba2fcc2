#include "render_helpers.h"

#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stb_image.h>
#include <sys/wait.h>
#include <unistd.h>

namespace dh::test {

CommandResult runDownhill(const std::string& args, const std::string& envPrefix) {
    std::string errPath = tempPath("stderr.txt");
    std::string cmd = envPrefix + " " + DOWNHILL_EXE + " " + args + " 2>" + errPath;
    CommandResult r;
    FILE* pipe = popen(cmd.c_str(), "r");
    if (!pipe) return r;
    std::array<char, 4096> buf;
    size_t n;
    while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) r.out.append(buf.data(), n);
    int status = pclose(pipe);
    r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    std::ifstream err(errPath);
    std::stringstream ss;
    ss << err.rdbuf();
    r.err = ss.str();
    return r;
}

double Image::luminance(int x, int y) const {
    const unsigned char* p = at(x, y);
    return 0.2126 * p[0] + 0.7152 * p[1] + 0.0722 * p[2];
}

double Image::meanLuminance(int x, int y, int r) const {
    double sum = 0;
    int n = 0;
    for (int dy = -r; dy <= r; ++dy)
        for (int dx = -r; dx <= r; ++dx) {
            int px = x + dx, py = y + dy;
            if (px < 0 || py < 0 || px >= width || py >= height) continue;
            sum += luminance(px, py);
            ++n;
        }
    return n ? sum / n : 0;
}

int Image::countColor(int x0, int y0, int x1, int y1, unsigned char r, unsigned char g, unsigned char b,
                      int tol) const {
    int count = 0;
    for (int y = std::max(0, y0); y < std::min(height, y1); ++y)
        for (int x = std::max(0, x0); x < std::min(width, x1); ++x) {
            const unsigned char* p = at(x, y);
            if (std::abs(p[0] - r) <= tol && std::abs(p[1] - g) <= tol && std::abs(p[2] - b) <= tol) ++count;
        }
    return count;
}

Image loadPng(const std::string& path) {
    Image img;
    int channels = 0;
    unsigned char* data = stbi_load(path.c_str(), &img.width, &img.height, &channels, 3);
    if (!data) return img;
    img.rgb.assign(data, data + size_t(img.width) * img.height * 3);
    stbi_image_free(data);
    return img;
}

std::string tempPath(const std::string& name) {
    static const std::string dir = [] { // created once per test process
        char templ[] = "/tmp/downhill-test-XXXXXX";
        const char* d = mkdtemp(templ);
        return std::string(d ? d : "/tmp");
    }();
    return dir + "/" + name;
}

std::string sourcePath(const std::string& relative) {
    return std::string(DOWNHILL_SOURCE_DIR) + "/" + relative;
}

} // namespace dh::test
