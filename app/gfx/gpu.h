// The GPU side of the app, owned in one place: the window (its GL context, ImGui and the frame cache)
// and every GL resource drawn into it. The members are created in the order written and destroyed in
// reverse, so every GL object is created after the context and deleted before it: this declaration is
// the only place the teardown order is written. AppState owns one (app_state.h); the GL-free models
// (core/) never see it.
#pragma once

#include "app/gfx/gl_resources.h"
#include "app/gfx/heatmap.h"
#include "app/gfx/mesh.h"
#include "app/gfx/network_pictures.h"
#include "app/window.h"

namespace dh {

struct Gpu {
    explicit Gpu(const WindowOptions& options)
        : window(options), colormaps(), heatmap(pictures, colormaps), mesh(pictures, colormaps), network(pictures) {}
    Gpu(const Gpu&) = delete;
    Gpu& operator=(const Gpu&) = delete;

    Window window;           // first: the context everything below lives in; destroyed last
    PictureVersion pictures; // bumped by every change of a picture below (the redraw rule, gl_resources.h)
    ColormapTextures colormaps;
    HeatmapRenderer heatmap; // the playground's surface and the network lab's loss landscape
    MeshRenderer mesh;       // the playground's 3D view
    NetworkPictures network; // the network lab's class map, markers and image atlases
};

} // namespace dh
