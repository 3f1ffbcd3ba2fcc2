#include "core/common/paths.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

namespace dh {
namespace {

std::string workingDirectory() {
    std::vector<char> buf(4096);
    while (!getcwd(buf.data(), buf.size())) {
        if (errno != ERANGE) return "/";
        buf.resize(buf.size() * 2);
    }
    return buf.data();
}

} // namespace

std::string absolutePath(const std::string& path) {
    std::string full = !path.empty() && path[0] == '/' ? path : joinPath(workingDirectory(), path);
    std::vector<std::string> parts;
    size_t i = 0;
    while (i <= full.size()) {
        size_t j = full.find('/', i);
        if (j == std::string::npos) j = full.size();
        std::string part = full.substr(i, j - i);
        if (part == "..") {
            if (!parts.empty()) parts.pop_back();
        } else if (!part.empty() && part != ".") {
            parts.push_back(part);
        }
        i = j + 1;
    }
    std::string out;
    for (const std::string& p : parts) out += "/" + p;
    return out.empty() ? "/" : out;
}

std::string joinPath(const std::string& dir, const std::string& name) {
    if (!name.empty() && name[0] == '/') return name;
    if (dir.empty()) return name;
    if (name.empty()) return dir;
    return dir.back() == '/' ? dir + name : dir + "/" + name;
}

std::string parentDirectory(const std::string& path) {
    std::string p = absolutePath(path);
    size_t slash = p.rfind('/');
    return slash == 0 || slash == std::string::npos ? "/" : p.substr(0, slash);
}

std::string fileName(const std::string& path) {
    size_t slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

bool hasExtension(const std::string& name, const std::vector<std::string>& extensions) {
    if (extensions.empty()) return true;
    for (const std::string& ext : extensions) {
        if (name.size() <= ext.size()) continue;
        bool same = std::equal(ext.begin(), ext.end(), name.end() - long(ext.size()), [](char a, char b) {
            return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
        });
        if (same) return true;
    }
    return false;
}

DirectoryListing listDirectory(const std::string& dir, const std::vector<std::string>& extensions, bool showHidden) {
    DirectoryListing listing;
    listing.path = absolutePath(dir);
    DIR* d = opendir(listing.path.c_str());
    if (!d) {
        listing.error = "cannot read the folder " + listing.path + ": " + std::strerror(errno);
        return listing;
    }
    while (const dirent* e = readdir(d)) {
        std::string name = e->d_name;
        if (name == "." || name == "..") continue;
        if (name[0] == '.' && !showHidden) continue;
        struct stat st;
        if (stat(joinPath(listing.path, name).c_str(), &st) != 0) continue; // a dangling link
        bool isDir = S_ISDIR(st.st_mode);
        if (!isDir && (!S_ISREG(st.st_mode) || !hasExtension(name, extensions))) continue;
        listing.entries.push_back({name, isDir});
    }
    closedir(d);
    std::sort(listing.entries.begin(), listing.entries.end(), [](const DirectoryEntry& a, const DirectoryEntry& b) {
        return a.directory != b.directory ? a.directory : a.name < b.name;
    });
    return listing;
}

} // namespace dh
