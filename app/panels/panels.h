// One panel, one file, one free function taking the app state by reference (docs/ARCHITECTURE.md, "Adding a panel").
#pragma once

struct ImDrawList;

namespace dh {

struct AppState;
class ViewTransform;

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
void drawDataFetch(AppState& state);        // data_fetch_view.cpp: the page fetching Fashion-MNIST
void drawBackpropPanel(AppState& state);    // backprop_panel.cpp: one sample's z, y, δ, ∂E/∂W, update (a tab)
// backprop_panel.cpp: in the network view, a click on a training point picks the Backprop tab's sample
// (and opens the tab); the picked sample is ringed while the tab is shown.
void pickBackpropSample(AppState& state, const ViewTransform& vt, bool hovered, ImDrawList* dl);
void drawWeightsPanel(AppState& state);  // weights_panel.cpp: histograms, near-zero counts, norms (a tab)
void drawFittingView(AppState& state);   // fitting_view.cpp: the polynomial fit over the points
void drawFittingPanel(AppState& state);  // fitting_panel.cpp: degree, points, noise (a tab)
void drawFittingErrors(AppState& state); // fitting_errors.cpp: train/test error against degree
// The graph lab (scene.mode == Graph) and the loss lab (scene.mode == Loss)
void drawGraphView(AppState& state);      // graph_view.cpp: the computational graph, the sweep highlighted
void drawGraphPanel(AppState& state);     // graph_panel.cpp: function, point, exercise inputs (a tab)
void drawGraphControls(AppState& state);  // graph_controls.cpp: play, step, rewind the backward sweep
void drawGraphChainRule(AppState& state); // graph_chain_rule.cpp: the current step's chain rule with numbers
void drawGraphGradient(AppState& state);  // graph_gradient.cpp: gradient, finite differences, hand formula
void drawLossView(AppState& state);       // loss_view.cpp: draggable class scores and the margin curves
void drawLossPanel(AppState& state);      // loss_panel.cpp: classes, true class, Δ, the course's examples
void drawLossNumbers(AppState& state);    // loss_numbers.cpp: every loss, its terms and gradient
void drawLossTable(AppState& state);      // loss_table.cpp: the course's three-example hinge table
void drawHelpOverlay(AppState& state);    // help_overlay.cpp: shortcuts
void drawFileBrowser(AppState& state);    // file_browser.cpp: open and save scenes (a window)

} // namespace dh
