// Scenes to and from JSON ("version": 1). Unknown keys are ignored with a warning; missing keys take
// their defaults; a bad value is an InputError naming its JSON path, e.g. `runs[2].lr: must be > 0`.
// A PNG that Downhill saved carries its scene in an iTXt chunk "downhill-scene" and loads like a file.
#pragma once

#include "core/scene/scene.h"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace dh {

inline constexpr const char* kScenePngKeyword = "downhill-scene";
inline constexpr size_t kMaxSceneFileBytes = 16u << 20; // larger files are refused, not parsed

nlohmann::json sceneToJson(const Scene& scene);
std::string sceneToText(const Scene& scene); // pretty-printed JSON
Scene sceneFromJson(const nlohmann::json& json, std::vector<std::string>* warnings);
Scene sceneFromText(const std::string& text, std::vector<std::string>* warnings);
// A .json scene or a PNG with an embedded scene. Errors name the file.
Scene loadScene(const std::string& path, std::vector<std::string>* warnings);
void saveScene(const std::string& path, const Scene& scene); // atomic

} // namespace dh
