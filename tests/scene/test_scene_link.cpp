// Scene links: the fragment of a web address that reopens a scene (core/scene/scene_link.h).
#include "core/common/error.h"
#include "core/optim/optimizer.h"
#include "core/scene/presets.h"
#include "core/scene/scene_json.h"
#include "core/scene/scene_link.h"

#include <gtest/gtest.h>

using namespace dh;

namespace {

std::string errorOf(const std::string& fragment, const std::vector<Preset>& presets) {
    try {
        sceneFromLinkFragment(fragment, presets, nullptr);
        return "";
    } catch (const InputError& e) {
        return e.what();
    }
}

Scene changedScene() {
    Scene s;
    s.surface.name = "rosenbrock";
    s.style.contourLevels = 23;
    s.playground.runs.at(0).optimizer.lr = 0.0123456789012345;
    s.playground.runs.at(0).label = "η = 0.0123… (ß, ∇)";
    s.ui.darkTheme = false;
    return s;
}

} // namespace

TEST(SceneLink, Base64UrlFollowsRfc4648WithoutPadding) {
    // RFC 4648 §10's test vectors, with '=' padding dropped.
    EXPECT_EQ(base64UrlEncode(""), "");
    EXPECT_EQ(base64UrlEncode("f"), "Zg");
    EXPECT_EQ(base64UrlEncode("fo"), "Zm8");
    EXPECT_EQ(base64UrlEncode("foo"), "Zm9v");
    EXPECT_EQ(base64UrlEncode("foobar"), "Zm9vYmFy");
    // The URL-safe alphabet: 0xfb 0xff → "-_8" (standard base64 would give "+/8").
    EXPECT_EQ(base64UrlEncode("\xfb\xff"), "-_8");
    EXPECT_EQ(base64UrlDecode("-_8"), "\xfb\xff");
    EXPECT_EQ(base64UrlDecode("Zm9vYmFy"), "foobar");
    EXPECT_EQ(base64UrlDecode("Zm8"), "fo");
}

TEST(SceneLink, InflatesWhatPythonsZlibDeflated) {
    // python3: c = zlib.compressobj(9, zlib.DEFLATED, -15); base64.urlsafe_b64encode(c.compress(s) + c.flush())
    const std::string fromPython = "q1YqSy0qzszPU7Iy1FEqLi1KS0xOVbKqVspLzAXSSkn5-SUZSrW1AA";
    EXPECT_EQ(rawInflate(base64UrlDecode(fromPython), 1000), R"({"version":1,"surface":{"name":"booth"}})");
    LinkedScene linked = sceneFromLinkFragment("scene=" + fromPython, {}, nullptr);
    ASSERT_TRUE(linked.found);
    EXPECT_EQ(linked.scene.surface.name, "booth");
}

TEST(SceneLink, EveryPresetIsItsNumber) {
    std::vector<Preset> presets = loadPresets();
    ASSERT_GE(presets.size(), 10u);
    for (size_t i = 0; i < presets.size(); ++i) {
        int number = std::stoi(presets[i].file.substr(0, 2));
        std::string fragment = sceneLinkFragment(presets[i].scene, presets);
        EXPECT_EQ(fragment, "preset=" + std::to_string(number)) << presets[i].file;
        LinkedScene back = sceneFromLinkFragment(fragment, presets, nullptr);
        EXPECT_EQ(back.preset, int(i));
        EXPECT_EQ(sceneToText(back.scene), sceneToText(presets[i].scene));
    }
}

TEST(SceneLink, AChangedSceneRoundTripsExactly) {
    std::vector<Preset> presets = loadPresets();
    std::vector<Scene> scenes = {changedScene(), Scene{}};
    for (const Preset& p : presets) { // every preset, one value changed: no longer a preset link
        Scene s = p.scene;
        s.style.contourLevels += 1;
        scenes.push_back(s);
    }
    for (const Scene& s : scenes) {
        std::string fragment = sceneLinkFragment(s, presets);
        ASSERT_EQ(fragment.rfind("scene=", 0), 0u);
        EXPECT_EQ(fragment.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", 6),
                  std::string::npos)
            << "only base64url after scene=: " << fragment;
        std::vector<std::string> warnings;
        LinkedScene back = sceneFromLinkFragment(fragment, presets, &warnings);
        EXPECT_TRUE(back.found);
        EXPECT_EQ(back.preset, -1);
        EXPECT_TRUE(warnings.empty());
        EXPECT_EQ(sceneToText(back.scene), sceneToText(s));
    }
}

TEST(SceneLink, OnlyTheChangedKeysGoIntoTheLink) {
    std::string json = rawInflate(base64UrlDecode(sceneLinkFragment(changedScene(), {}).substr(6)), 1 << 20);
    nlohmann::json j = nlohmann::json::parse(json);
    EXPECT_EQ(j["version"], 1);
    EXPECT_EQ(j["surface"]["name"], "rosenbrock");
    EXPECT_FALSE(j.contains("mode")) << json; // unchanged from the default scene
    EXPECT_FALSE(j.contains("fitting")) << json;
    // The default scene's link is its version alone.
    EXPECT_EQ(rawInflate(base64UrlDecode(sceneLinkFragment(Scene{}, {}).substr(6)), 100), R"({"version":1})");
}

TEST(SceneLink, HandWrittenJsonLinksWorkPlainAndPercentEncoded) {
    for (std::string fragment : {R"(scene={"surface":{"name":"himmelblau"},"ui":{"theme":"light"}})",
                                 "scene=%7B%22surface%22:%7B%22name%22:%22himmelblau%22%7D,%22ui%22:%7B%22theme%22:"
                                 "%22light%22%7D%7D"}) {
        LinkedScene linked = sceneFromLinkFragment(fragment, {}, nullptr);
        ASSERT_TRUE(linked.found) << fragment;
        EXPECT_EQ(linked.scene.surface.name, "himmelblau");
        EXPECT_FALSE(linked.scene.ui.darkTheme);
        EXPECT_EQ(linked.scene.playground.runs.size(), Scene{}.playground.runs.size()); // the default race
    }
}

TEST(SceneLink, OtherFragmentsAreNotScenes) {
    EXPECT_FALSE(sceneFromLinkFragment("", {}, nullptr).found);
    EXPECT_FALSE(sceneFromLinkFragment("section-2", {}, nullptr).found);
    EXPECT_FALSE(sceneFromLinkFragment("x=1", {}, nullptr).found);
}

TEST(SceneLink, BadLinksSayWhatIsWrong) {
    std::vector<Preset> presets = loadPresets();
    const std::string beyond = "preset=" + std::to_string(presets.size() + 1);
    EXPECT_NE(errorOf(beyond, presets).find("there are presets 1–" + std::to_string(presets.size())), std::string::npos)
        << errorOf(beyond, presets);
    EXPECT_NE(errorOf("preset=five", presets).find("must be a number"), std::string::npos);
    EXPECT_NE(errorOf("scene=abc$def", presets).find("character 4 ('$')"), std::string::npos);
    EXPECT_NE(errorOf("scene=AAAA", presets).find("does not inflate"), std::string::npos);
    std::string cut = sceneLinkFragment(changedScene(), presets);
    EXPECT_NE(errorOf(cut.substr(0, cut.size() / 2), presets).find("cut short"), std::string::npos);
    std::string badValue = errorOf(R"(scene={"style":{"contour_levels":-3}})", presets);
    EXPECT_EQ(badValue.rfind("the link's scene: ", 0), 0u) << badValue;
    EXPECT_NE(badValue.find("contour_levels"), std::string::npos) << badValue;
    EXPECT_NE(errorOf("scene={\"surface\":", presets).find("the link's scene"), std::string::npos);
}

TEST(SceneLink, AnOptimizerGoesWholeForItsMissingKeysWouldTakeTorchsDefaults) {
    Scene s;
    s.network.optimizer = torchDefaults(OptimizerKind::Adam);
    s.network.optimizer.beta2 = 0.95;
    std::string fragment = sceneLinkFragment(s, {});
    nlohmann::json j = nlohmann::json::parse(rawInflate(base64UrlDecode(fragment.substr(6)), 1 << 20));
    EXPECT_FALSE(j["network"].contains("dataset")) << j.dump(); // unchanged
    EXPECT_EQ(j["network"]["optimizer"]["optimizer"], "adam") << j.dump();
    EXPECT_EQ(j["network"]["optimizer"]["weight_decay"], 0.0) << j.dump(); // as the default scene's, still there
    EXPECT_EQ(sceneToText(sceneFromLinkFragment(fragment, {}, nullptr).scene), sceneToText(s));
}
