#include "core/scene/presets.h"

#include "core/common/embedded.h"
#include "core/common/error.h"
#include "core/scene/scene_json.h"

namespace dh {

extern const EmbeddedFile downhill_presets[];

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
