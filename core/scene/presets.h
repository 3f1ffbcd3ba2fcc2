// The preset scenes (assets/scenes/*.json, embedded in the binary): each tells one story of the
// lecture and carries a caption. File names start with their number, which is their order and the
// key (1–9) that opens them.
#pragma once

#include "core/scene/scene.h"

#include <string>
#include <vector>

namespace dh {

struct Preset {
    std::string file; // e.g. "01_gd_learning_rates.json"
    Scene scene;
};

// The course's topics, in the gallery's order: gradients and backprop, losses and regularization,
// optimizers, networks, generalization.
const std::vector<std::string>& presetTopics();
// A scene's topic: its "topic" when set, else by its lab (graph: gradients and backprop; loss: losses
// and regularization; network: networks; fitting: generalization; playground: optimizers).
std::string presetTopic(const Scene& scene);

// Parses every embedded preset. A broken preset is a bug: InputError naming the file.
std::vector<Preset> loadPresets();

} // namespace dh
