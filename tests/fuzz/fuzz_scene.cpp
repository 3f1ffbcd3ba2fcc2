// libFuzzer target: the scene loader. Any text either loads or is an InputError; a scene that loads
// saves to text that loads again to the very same text (save and reload lose nothing).
#include "core/common/error.h"
#include "core/scene/scene_json.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    dh::Scene scene;
    try {
        scene = dh::sceneFromText(text, nullptr);
    } catch (const dh::InputError&) {
        return 0;
    }
    const std::string saved = dh::sceneToText(scene);
    std::string again;
    try {
        again = dh::sceneToText(dh::sceneFromText(saved, nullptr));
    } catch (const dh::InputError& e) {
        std::fprintf(stderr, "a saved scene does not load: %s\n%s\n", e.what(), saved.c_str());
        std::abort();
    }
    if (again != saved) {
        std::fprintf(stderr, "save and reload differ:\n%s\n---\n%s\n", saved.c_str(), again.c_str());
        std::abort();
    }
    return 0;
}
