// A scene as the fragment of a web address (the text after '#'), so that a link reopens exactly that
// scene, as TensorFlow Playground's links do. Two forms:
//   preset=N     the preset whose file name starts with the number N (5 → 05_momentum.json; the keys
//                1–9 and 0 open presets 1–10)
//   scene=TEXT   the scene's JSON with only the keys whose values differ from the default scene (missing
//                keys take their defaults, core/scene/scene_json.h). TEXT is that JSON itself, plain or
//                percent-encoded (links written by hand: scene={"surface":{"name":"booth"}}), or — as
//                the app writes it — the JSON raw-deflated (RFC 1951) and in base64url (RFC 4648 §5,
//                no padding). JSON starts with '{' (or "%7B"), which base64url never does.
#pragma once

#include "core/scene/presets.h"
#include "core/scene/scene.h"

#include <string>
#include <vector>

namespace dh {

// "preset=N" when the scene is exactly preset N (same JSON), else "scene=" and the compressed form.
std::string sceneLinkFragment(const Scene& scene, const std::vector<Preset>& presets);

struct LinkedScene {
    bool found = false; // the fragment names a scene (false for "" and for fragments of other kinds)
    int preset = -1;    // index into presets for preset=N, else -1
    Scene scene;
};
// The scene a fragment names. InputError says what is wrong, e.g. "the link's scene: runs[0].lr: must be
// > 0" or "the link asks for preset 12; there are presets 1–10". Unknown keys in the JSON are warnings.
LinkedScene sceneFromLinkFragment(const std::string& fragment, const std::vector<Preset>& presets,
                                  std::vector<std::string>* warnings);

// The pieces, for tests and other links.
std::string base64UrlEncode(const std::string& bytes);
std::string base64UrlDecode(const std::string& text); // InputError at the first character that is not base64url
std::string rawDeflate(const std::string& bytes);
std::string rawInflate(const std::string& bytes, size_t maxBytes); // InputError when corrupt or larger
std::string percentDecode(const std::string& text);                // "%7B" → "{"; '+' stays '+'

} // namespace dh
