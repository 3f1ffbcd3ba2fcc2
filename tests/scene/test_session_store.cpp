#include "core/common/file_io.h"
#include "core/scene/scene_json.h"
#include "core/scene/session_store.h"

#include <gtest/gtest.h>

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
