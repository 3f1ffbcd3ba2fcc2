#include "core/scene/presets.h"

#include "core/common/embedded.h"
#include "core/common/error.h"
#include "core/scene/scene_json.h"

namespace dh {

extern const EmbeddedFile downhill_presets[];

const std::vector<std::string>& presetTopics() {
    static const std::vector<std::string> topics = {"gradients and backprop", "losses and regularization", "optimizers",
                                                    "networks", "generalization"};
    return topics;
}

std::string presetTopic(const Scene& scene) {
    if (!scene.topic.empty()) return scene.topic;
    const std::vector<std::string>& t = presetTopics();
    switch (scene.mode) {
    case LabMode::Graph:
        return t[0];
    case LabMode::Loss:
        return t[1];
    case LabMode::Network:
        return t[3];
    case LabMode::Fitting:
        return t[4];
    case LabMode::Playground:
        break;
    }
    return t[2];
}

std::vector<Preset> loadPresets() {
    std::vector<Preset> out;
    for (const EmbeddedFile* f = downhill_presets; f->name; ++f) {
        try {
            out.push_back({f->name, sceneFromText(f->contents, nullptr)});
        } catch (const InputError& e) {
            throw InputError(std::string("preset ") + f->name + ": " + e.what());
        }
    }
    return out;
}

} // namespace dh
