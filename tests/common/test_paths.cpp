// The file browser's model (core/common/paths.h): absolute paths, joining, parents, extension
// filters and directory listings, on a temporary directory made by the test.
#include "core/common/paths.h"

#include <cstdlib>
#include <fstream>
#include <gtest/gtest.h>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

namespace dh {
namespace {

std::string makeTempDir() {
    char pattern[] = "/tmp/downhill-paths-XXXXXX";
    const char* dir = mkdtemp(pattern);
    EXPECT_NE(dir, nullptr);
    return dir ? dir : "";
}

TEST(Paths, AbsolutePathResolvesDotsAgainstTheWorkingDirectory) {
    char cwd[4096];
    ASSERT_NE(getcwd(cwd, sizeof cwd), nullptr);
    EXPECT_EQ(absolutePath("lecture1.json"), joinPath(cwd, "lecture1.json"));
    EXPECT_EQ(absolutePath("./lecture1.json"), joinPath(cwd, "lecture1.json"));
    EXPECT_EQ(absolutePath(""), std::string(cwd));
    EXPECT_EQ(absolutePath("/a/./b//c/../d/"), "/a/b/d");
    EXPECT_EQ(absolutePath("/.."), "/");
    EXPECT_EQ(absolutePath("/"), "/");
}

TEST(Paths, JoinParentAndName) {
    EXPECT_EQ(joinPath("/a", "b.json"), "/a/b.json");
    EXPECT_EQ(joinPath("/a/", "b.json"), "/a/b.json");
    EXPECT_EQ(joinPath("/", "b"), "/b");
    EXPECT_EQ(joinPath("/a", "/etc/x"), "/etc/x");
    EXPECT_EQ(parentDirectory("/a/b/c.json"), "/a/b");
    EXPECT_EQ(parentDirectory("/a"), "/");
    EXPECT_EQ(parentDirectory("/"), "/");
    EXPECT_EQ(fileName("/a/b/c.json"), "c.json");
    EXPECT_EQ(fileName("c.json"), "c.json");
}

TEST(Paths, ExtensionsIgnoreLetterCaseAndNeedAName) {
    const std::vector<std::string> scenes = {".json", ".png"};
    EXPECT_TRUE(hasExtension("a.json", scenes));
    EXPECT_TRUE(hasExtension("SHOT.PNG", scenes));
    EXPECT_FALSE(hasExtension("a.json.bak", scenes));
    EXPECT_FALSE(hasExtension(".json", {".json"})) << "a name that is only the extension";
    EXPECT_FALSE(hasExtension("notes.txt", scenes));
    EXPECT_TRUE(hasExtension("notes.txt", {}));
}

TEST(Paths, ListingPutsFoldersFirstFiltersFilesAndHidesDotFiles) {
    const std::string dir = makeTempDir();
    ASSERT_FALSE(dir.empty());
    for (const char* f : {"b.json", "a.png", "c.txt", ".hidden.json", "Z.JSON"}) std::ofstream(joinPath(dir, f)) << "x";
    ASSERT_EQ(mkdir(joinPath(dir, "zeta").c_str(), 0700), 0);
    ASSERT_EQ(mkdir(joinPath(dir, "alpha").c_str(), 0700), 0);
    ASSERT_EQ(symlink(joinPath(dir, "alpha").c_str(), joinPath(dir, "link-to-alpha").c_str()), 0);
    ASSERT_EQ(symlink(joinPath(dir, "missing").c_str(), joinPath(dir, "dangling.json").c_str()), 0);

    DirectoryListing l = listDirectory(dir + "/./", {".json", ".png"});
    EXPECT_EQ(l.path, dir);
    EXPECT_TRUE(l.error.empty());
    std::vector<std::string> names;
    for (const DirectoryEntry& e : l.entries) names.push_back(e.name + (e.directory ? "/" : ""));
    EXPECT_EQ(names, (std::vector<std::string>{"alpha/", "link-to-alpha/", "zeta/", "Z.JSON", "a.png", "b.json"}));

    DirectoryListing json = listDirectory(dir, {".json"}, true);
    names.clear();
    for (const DirectoryEntry& e : json.entries)
        if (!e.directory) names.push_back(e.name);
    EXPECT_EQ(names, (std::vector<std::string>{".hidden.json", "Z.JSON", "b.json"}));
    std::system(("rm -rf '" + dir + "'").c_str());
}

TEST(Paths, AnUnreadableFolderIsAnEmptyListingWithAMessage) {
    DirectoryListing l = listDirectory("/no/such/folder/here", {});
    EXPECT_TRUE(l.entries.empty());
    EXPECT_NE(l.error.find("/no/such/folder/here"), std::string::npos) << l.error;
}

} // namespace
} // namespace dh
