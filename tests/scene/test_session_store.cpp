#include "core/common/file_io.h"
#include "core/scene/scene_json.h"
#include "core/scene/session_store.h"

#include <filesystem>
#include <gtest/gtest.h>
#include <unistd.h>

using namespace dh;

TEST(SceneAutosave, SavesOnlyChangesAndOnlyAfterTheInterval) {
    std::string path = ::testing::TempDir() + "/autosave-test.json";
    std::remove(path.c_str());
    SceneAutosave autosave(path, 5.0);
    Scene scene;
    EXPECT_TRUE(autosave.maybeSave(scene, 100.0));
    EXPECT_FALSE(autosave.maybeSave(scene, 106.0)); // unchanged
    scene.playground.steps = 321;
    EXPECT_FALSE(autosave.maybeSave(scene, 107.0)); // too soon
    EXPECT_TRUE(autosave.maybeSave(scene, 112.0));
    std::optional<Scene> restored = autosave.restore(nullptr);
    ASSERT_TRUE(restored.has_value());
    EXPECT_EQ(restored->playground.steps, 321);
    EXPECT_EQ(sceneToText(*restored), sceneToText(scene));
}

TEST(SceneAutosave, ABrokenFileRestoresNothingAndAnUnwritablePathIsReported) {
    std::string path = ::testing::TempDir() + "/autosave-broken.json";
    writeFileAtomic(path, std::string("{\"version\": 1, \"playground\": {\"steps\": "));
    EXPECT_FALSE(SceneAutosave(path).restore(nullptr).has_value());
    SceneAutosave nowhere("/no/such/dir/autosave.json");
    EXPECT_FALSE(nowhere.save(Scene{}));
    EXPECT_NE(nowhere.lastError().find("/no/such/dir/autosave.json"), std::string::npos);
}

TEST(RecentFiles, MostRecentFirstWithoutDuplicatesAndCapped) {
    std::string path = ::testing::TempDir() + "/recent-test.json";
    std::remove(path.c_str());
    {
        RecentFiles recent(path);
        for (int i = 0; i < 15; ++i) recent.add("/scenes/" + std::to_string(i) + ".json");
        recent.add("/scenes/12.json");
        EXPECT_EQ(recent.files().size(), RecentFiles::kMax);
        EXPECT_EQ(recent.files()[0], "/scenes/12.json");
        EXPECT_EQ(recent.files()[1], "/scenes/14.json");
    }
    RecentFiles reloaded(path);
    ASSERT_EQ(reloaded.files().size(), RecentFiles::kMax);
    EXPECT_EQ(reloaded.files()[0], "/scenes/12.json");
}

// Issue 10, item 7: an autosave the app cannot load is moved aside under a name that says so (never
// overwritten), the user is told, and failed writes are reported once for the status bar.
TEST(SceneAutosave, AnUnloadableAutosaveIsMovedAsideAndReported) {
    const std::string dir = ::testing::TempDir() + "/autosave-aside-" + std::to_string(::getpid());
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    const std::string path = dir + "/autosave.json";
    const std::string work = "{\"version\": 2, \"title\": \"a newer app's work\"}";
    writeFileAtomic(path, work);
    SceneAutosave autosave(path);
    std::string notice;
    EXPECT_FALSE(autosave.restore(nullptr, &notice).has_value());
    EXPECT_FALSE(std::filesystem::exists(path));
    std::string aside;
    for (const auto& e : std::filesystem::directory_iterator(dir)) aside = e.path().string();
    EXPECT_NE(aside.find("/autosave.unloadable-"), std::string::npos) << aside;
    EXPECT_EQ(readFileText(aside), work);
    EXPECT_NE(notice.find("could not be loaded (" + path + ": version: must be between 1 and 1 (got 2))"),
              std::string::npos)
        << notice;
    EXPECT_NE(notice.find("it was kept as " + aside), std::string::npos) << notice;
    EXPECT_TRUE(autosave.save(Scene{})); // the fresh session saves beside the kept file
    EXPECT_EQ(readFileText(aside), work);

    // No autosave yet: nothing to say.
    std::string none;
    EXPECT_FALSE(SceneAutosave(dir + "/absent.json").restore(nullptr, &none).has_value());
    EXPECT_EQ(none, "");
    std::filesystem::remove_all(dir);
}

TEST(SceneAutosave, AFailedWriteIsReportedOnceUntilItChanges) {
    SceneAutosave nowhere("/no/such/dir/autosave.json");
    EXPECT_FALSE(nowhere.save(Scene{}));
    std::optional<std::string> error = nowhere.takeNewError();
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(*error, "Autosave failed: /no/such/dir/autosave.json: cannot write (No such file or directory)");
    EXPECT_FALSE(nowhere.save(Scene{}));
    EXPECT_FALSE(nowhere.takeNewError().has_value()); // the same failure is not repeated every 5 s
}

TEST(RecentFiles, ADirectoryOrHugeListIsAnEmptyListNotACrash) {
    const std::string dir = ::testing::TempDir();
    RecentFiles fromDirectory(dir);
    EXPECT_TRUE(fromDirectory.files().empty());
}
