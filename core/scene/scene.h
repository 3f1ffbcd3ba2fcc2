// The scene: everything needed to reproduce a view, and nothing derived from it. Same scene, same
// picture, on any machine. Saved as JSON (scene_json.h) and embedded in every screenshot.
#pragma once

#include "core/surfaces/surface.h"

#include <map>
#include <string>

namespace dh {

// Which function is shown: a built-in by name with parameters, or a typed expression.
struct SurfaceSpec {
    std::string name = "six_hump_camel";  // a built-in name; ignored when expr is not empty
    std::map<std::string, double> params; // overrides of the built-in's parameters
    std::string expr;                     // f(x, y) as typed; empty = use the built-in
};

enum class Colormap { Viridis, Cividis };

struct SurfaceStyle {
    Colormap colormap = Colormap::Viridis; // perceptually uniform, colour-blind safe
    bool logScale = true;                  // colour by log(f − min) to show structure near minima
    bool contours = true;
    int contourLevels = 24;
};

struct UiSettings {
    bool darkTheme = true;
    float scale = 1.0f; // fonts and line widths; 1.5–2 for a projector
};

struct Scene {
    int version = 1;
    std::string title;   // shown in the window title and the gallery
    std::string caption; // the story this scene tells, shown in the app
    SurfaceSpec surface;
    bool viewSet = false; // false: the surface's default domain
    Domain view;
    SurfaceStyle style;
    UiSettings ui;
};

} // namespace dh
