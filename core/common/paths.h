// Paths for messages, the recent-files list and the in-app file browser (app/panels/file_browser.cpp):
// absolute paths, joining, parents, and a directory listing filtered by extension. POSIX paths ('/').
#pragma once

#include <string>
#include <vector>

namespace dh {

// `path` made absolute against the working directory and normalised lexically ("." and ".." resolved,
// repeated '/' removed, no trailing '/' except for the root). Symbolic links are not resolved (the
// user's name for a file stays). An empty path is the working directory.
std::string absolutePath(const std::string& path);
// dir + "/" + name, without doubling '/'; a name that is already absolute is returned as it is.
std::string joinPath(const std::string& dir, const std::string& name);
// The directory that holds `path` ("/a/b" → "/a"; "/a" → "/"; "/" → "/"). `path` must be absolute.
std::string parentDirectory(const std::string& path);
// The last component ("/a/b.json" → "b.json").
std::string fileName(const std::string& path);
// True when `name` ends in one of `extensions` (".json", ".png"; letter case ignored), or when
// `extensions` is empty.
bool hasExtension(const std::string& name, const std::vector<std::string>& extensions);

struct DirectoryEntry {
    std::string name; // without the directory
    bool directory = false;
};

struct DirectoryListing {
    std::string path;                    // absolute
    std::vector<DirectoryEntry> entries; // directories first, then files; each group sorted by name
    std::string error;                   // why it could not be read ("" when it could)
};

// The entries of `dir` (absolute): subdirectories (followed through symbolic links) and the regular
// files whose names pass hasExtension(extensions). Names starting with '.' are left out unless
// showHidden; "." and ".." never appear. An unreadable directory gives an empty listing and an error
// naming it.
DirectoryListing listDirectory(const std::string& dir, const std::vector<std::string>& extensions,
                               bool showHidden = false);

} // namespace dh
