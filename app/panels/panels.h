// One panel, one file, one free function taking the app state by reference (docs/ARCHITECTURE.md, "Adding a panel").
#pragma once

namespace dh {

struct AppState;

void drawSurfaceView(AppState& state);  // surface_view.cpp: 2D heatmap, runs, overlays
void drawMeshView(AppState& state);     // mesh_view.cpp: the surface as a lit 3D mesh, orbit camera
void drawCurveView(AppState& state);    // curve_view.cpp: f(x) as a curve, the iterate as a ball
void drawSidebar(AppState& state);      // sidebar.cpp: tabs of controls (runs, surface, view)
void drawRunsPanel(AppState& state);    // runs_panel.cpp: runs and their hyperparameters (a tab)
void drawSurfacePanel(AppState& state); // surface_panel.cpp: surface picker, expression (a tab)
void drawViewPanel(AppState& state);    // view_panel.cpp: overlays, colours, classroom (a tab)
void drawFilePanel(AppState& state);    // file_panel.cpp: scenes, screenshots, GIF, CSV (a tab)
void drawGalleryPanel(AppState& state); // gallery_panel.cpp: the preset scenes (a tab)
void drawTimeline(AppState& state);     // timeline.cpp: play, pause, step, speed, scrub
void drawLossPlot(AppState& state);     // loss_plot.cpp: f against step for every run
void drawUpdateRules(AppState& state);  // update_rules.cpp: each rule with the current numbers
void drawRateMap(AppState& state);      // rate_map.cpp: Distill's α–β convergence-rate map
// The network lab (scene.mode == Network) and the fitting lab (scene.mode == Fitting)
void drawNetworkView(AppState& state);      // network_view.cpp: decision boundary / images / landscape
void drawNetworkPanel(AppState& state);     // network_panel.cpp: data, architecture, training (a tab)
void drawTrainingControls(AppState& state); // training_controls.cpp: play, pause, step, reset
void drawTrainingCurves(AppState& state);   // training_curves.cpp: train/test loss and accuracy
void drawNetworkInsight(AppState& state);   // network_insight.cpp: confusion matrix, weights, ...
void drawFittingView(AppState& state);      // fitting_view.cpp: the polynomial fit over the points
void drawFittingPanel(AppState& state);     // fitting_panel.cpp: degree, points, noise (a tab)
void drawFittingErrors(AppState& state);    // fitting_errors.cpp: train/test error against degree
void drawHelpOverlay(AppState& state);      // help_overlay.cpp: shortcuts
void drawFileBrowser(AppState& state);      // file_browser.cpp: open and save scenes (a window)

} // namespace dh
