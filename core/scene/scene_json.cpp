#include "core/scene/scene_json.h"

#include "core/common/error.h"
#include "core/common/file_io.h"
#include "core/scene/json_reader.h"
#include "core/scene/png_text.h"

#include <cmath>

namespace dh {
namespace {

using nlohmann::json;

const char* colormapName(Colormap c) { return c == Colormap::Cividis ? "cividis" : "viridis"; }

json domainToJson(const Domain& d) { return json::array({d.xMin, d.xMax, d.yMin, d.yMax}); }

Domain readDomain(ObjectReader& r, const char* key, const Domain& fallback) {
    const json* v = r.member(key);
    if (!v) return fallback;
    if (!v->is_array() || v->size() != 4) r.fail(key, "must be [xmin, xmax, ymin, ymax]");
    double d[4];
    for (int i = 0; i < 4; ++i) {
        if (!(*v)[i].is_number()) r.fail(key, "must hold 4 numbers");
        d[i] = (*v)[i].get<double>();
        if (!std::isfinite(d[i]) || std::abs(d[i]) > 1e6) r.fail(key, "values must be finite and within ±1e6");
    }
    if (!(d[1] > d[0]) || !(d[3] > d[2])) r.fail(key, "needs xmin < xmax and ymin < ymax");
    return {d[0], d[1], d[2], d[3]};
}

void readSurface(ObjectReader r, SurfaceSpec& s) {
    s.name = r.string("name", s.name, 64);
    s.expr = r.string("expr", s.expr, 4096);
    if (const json* params = r.member("params")) {
        if (!params->is_object()) r.fail("params", "must be an object of name: number");
        for (auto it = params->begin(); it != params->end(); ++it) {
            if (!it->is_number() || !std::isfinite(it->get<double>()))
                r.fail("params." + it.key(), "must be a finite number");
            s.params[it.key()] = it->get<double>();
        }
    }
    r.finish();
}

} // namespace

json sceneToJson(const Scene& s) {
    json j;
    j["version"] = s.version;
    if (!s.title.empty()) j["title"] = s.title;
    if (!s.caption.empty()) j["caption"] = s.caption;
    json surface;
    surface["name"] = s.surface.name;
    if (!s.surface.params.empty()) surface["params"] = s.surface.params;
    if (!s.surface.expr.empty()) surface["expr"] = s.surface.expr;
    j["surface"] = surface;
    if (s.viewSet) j["view"] = domainToJson(s.view);
    j["style"] = {{"colormap", colormapName(s.style.colormap)},
                  {"log_scale", s.style.logScale},
                  {"contours", s.style.contours},
                  {"contour_levels", s.style.contourLevels}};
    j["ui"] = {{"theme", s.ui.darkTheme ? "dark" : "light"}, {"scale", s.ui.scale}};
    return j;
}

std::string sceneToText(const Scene& scene) { return sceneToJson(scene).dump(2) + "\n"; }

Scene sceneFromJson(const json& j, std::vector<std::string>* warnings) {
    Scene s;
    ObjectReader r(j, "", warnings);
    s.version = r.integer("version", 1, 1, 1);
    s.title = r.string("title", "", 200);
    s.caption = r.string("caption", "", 2000);
    readSurface(r.object("surface"), s.surface);
    s.viewSet = r.has("view");
    s.view = readDomain(r, "view", s.view);
    {
        ObjectReader st = r.object("style");
        std::string cm = st.string("colormap", colormapName(s.style.colormap), 32);
        if (cm == "viridis") s.style.colormap = Colormap::Viridis;
        else if (cm == "cividis") s.style.colormap = Colormap::Cividis;
        else st.fail("colormap", "unknown colormap '" + cm + "' (known: viridis, cividis)");
        s.style.logScale = st.boolean("log_scale", s.style.logScale);
        s.style.contours = st.boolean("contours", s.style.contours);
        s.style.contourLevels = st.integer("contour_levels", s.style.contourLevels, 2, 200);
        st.finish();
    }
    {
        ObjectReader ui = r.object("ui");
        std::string theme = ui.string("theme", "dark", 16);
        if (theme != "dark" && theme != "light") ui.fail("theme", "must be \"dark\" or \"light\"");
        s.ui.darkTheme = theme == "dark";
        s.ui.scale = float(ui.number("scale", s.ui.scale, 0.5, 4.0));
        ui.finish();
    }
    r.finish();
    return s;
}

Scene sceneFromText(const std::string& text, std::vector<std::string>* warnings) {
    return sceneFromJson(parseJsonText(text, "scene"), warnings);
}

Scene loadScene(const std::string& path, std::vector<std::string>* warnings) {
    std::vector<unsigned char> bytes = readFileBytes(path);
    if (bytes.size() > kMaxSceneFileBytes)
        throw InputError(path + ": too large for a scene (" + std::to_string(bytes.size()) + " bytes)");
    std::string text;
    if (bytes.size() >= 8 && bytes[0] == 0x89 && bytes[1] == 'P') {
        std::optional<std::string> embedded;
        try {
            embedded = findPngText(bytes, kScenePngKeyword);
        } catch (const InputError& e) {
            throw InputError(path + ": " + e.what());
        }
        if (!embedded) throw InputError(path + ": this PNG holds no Downhill scene");
        text = *embedded;
    } else {
        text.assign(bytes.begin(), bytes.end());
    }
    try {
        return sceneFromText(text, warnings);
    } catch (const InputError& e) {
        throw InputError(path + ": " + e.what());
    }
}

void saveScene(const std::string& path, const Scene& scene) { writeFileAtomic(path, sceneToText(scene)); }

} // namespace dh
