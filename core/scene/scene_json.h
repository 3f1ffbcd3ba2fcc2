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
inline constexpr size_t kMaxSceneFileBytes = 16u << 20;  // larger scene files (and PNG text chunks) are refused
inline constexpr size_t kMaxScenePngBytes = 1024u << 20; // PNGs: only their text chunks are read

// A lab mode's name in scenes: playground, network, fitting, graph, loss.
const char* labModeName(LabMode mode);
nlohmann::json sceneToJson(const Scene& scene);
std::string sceneToText(const Scene& scene); // pretty-printed JSON
Scene sceneFromJson(const nlohmann::json& json, std::vector<std::string>* warnings);
Scene sceneFromText(const std::string& text, std::vector<std::string>* warnings);
// A .json scene or a PNG with an embedded scene. Errors name the file: IoError when it cannot be read
// (missing, a directory or device, over the size limit), InputError when its content is invalid.
Scene loadScene(const std::string& path, std::vector<std::string>* warnings);
void saveScene(const std::string& path, const Scene& scene); // atomic (file_io.h)
// The caps of core/nn/limits.h on the network lab of a scene: parameters of these layers (inputs,
// n.hidden, outputs), and the training a render or reopen does (n.trainSteps × rows a step ×
// parameters). InputError naming `where` + "hidden" / "train_steps" ("network." by default). The
// loader checks synthetic and Fashion-MNIST scenes; a CSV scene is checked once its data is read.
void checkNetworkWork(const NetworkSettings& n, const std::vector<int>& layers, double trainRows,
                      const std::string& where = "network.");

} // namespace dh
