// The scene: everything needed to reproduce a view, and nothing derived from it. Same scene, same
// picture, on any machine. Saved as JSON (scene_json.h) and embedded in every screenshot.
#pragma once

#include "core/nn/init.h"
#include "core/nn/landscape.h"
#include "core/nn/mlp.h"
#include "core/optim/optimizer.h"
#include "core/optim/schedule.h"
#include "core/surfaces/regularized.h"
#include "core/surfaces/surface.h"

#include <Eigen/Core>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace dh {

// Which function is shown: a built-in by name with parameters, or a typed expression, optionally
// plus λ₁(|x| + |y|) + λ₂(x² + y²) (core/surfaces/regularized.h; off by default).
struct SurfaceSpec {
    std::string name = "six_hump_camel";  // a built-in name; ignored when expr is not empty
    std::map<std::string, double> params; // overrides of the built-in's parameters
    std::string expr;                     // f(x, y) as typed; empty = use the built-in
    SurfaceRegularization regularization; // JSON "regularization": {"l1": λ₁, "l2": λ₂}, written when on
    bool operator==(const SurfaceSpec& o) const {
        return name == o.name && params == o.params && expr == o.expr && regularization == o.regularization;
    }
    bool operator!=(const SurfaceSpec& o) const { return !(*this == o); }
};
// The surface a spec describes (InputError for an unknown name or parameter, a malformed expression,
// an invalid regularization).
std::unique_ptr<Surface> makeSurface(const SurfaceSpec& spec);

enum class Colormap { Viridis, Cividis };

struct SurfaceStyle {
    Colormap colormap = Colormap::Viridis; // perceptually uniform, colour-blind safe
    bool logScale = true;                  // colour by log(f − min) to show structure near minima
    bool contours = true;
    int contourLevels = 24;
};

// One optimizer run in the playground.
struct RunSpec {
    std::string label; // shown in the legend, e.g. "Adam"
    OptimizerConfig optimizer = torchDefaults(OptimizerKind::Sgd);
    uint32_t color = 0xe69f00; // 0xRRGGBB
    bool visible = true;
    Eigen::Vector2d start{0, 0}; // used when startMode is PerRun
    Schedule schedule;           // learning-rate schedule
    int batchSize = -1;          // minibatch size for this run (linreg); -1 = the shared playground.batchSize
    double noiseSigma = -1;      // gradient noise σ for this run; -1 = the shared playground.noiseSigma
};

enum class StartMode {
    Shared, // every run starts at playground.start (dragged with the mouse)
    PerRun, // each run starts at its own RunSpec::start
    Grid,   // every run starts from each point of a gridSize × gridSize grid over the view
};

enum class ViewMode { Plane, Mesh3D }; // a surface of x alone is always shown as a curve

struct Camera3D {
    double yaw = -0.75;  // radians about the vertical axis
    double pitch = 0.75; // radians above the plane
    double zoom = 1.0;   // > 1 is closer
};

struct Overlays {
    bool quiver = false;         // the gradient field −∇f as arrows
    bool criticalPoints = false; // minima, maxima, saddles marked with their type
    bool hessian = false;        // eigen-directions of ∇²f at the hovered point
    bool glyphs = true;          // gradient, momentum and accumulated-g² glyphs at each iterate
};

struct Playground {
    std::vector<RunSpec> runs;
    StartMode startMode = StartMode::Shared;
    bool startSet = false; // false: the surface's default start
    Eigen::Vector2d start{0, 0};
    int gridSize = 3;      // Grid mode: gridSize × gridSize starts
    int steps = 200;       // updates per run (capped at kMaxGuiSteps)
    double noiseSigma = 0; // σ of Gaussian gradient noise
    int batchSize = 0;     // minibatch size on linreg (0 = full batch)
    uint64_t seed = 1;     // noise and minibatch shuffles
    int timeline = -1;     // the step shown; -1 = the last
    bool playing = false;  // animating the timeline
    double speed = 60;     // steps per second while playing
    ViewMode viewMode = ViewMode::Plane;
    Camera3D camera;
    Overlays overlays;
    bool lossLogScale = true;
};

inline constexpr int kMaxGuiSteps = 20000; // the GUI's cap on steps per run (shown next to the slider)
inline constexpr int kMaxGuiGrid = 7;      // the largest start grid

// The lecture's default race: GD, momentum, Nesterov, AdaGrad, RMSProp, Adam, in the Okabe–Ito
// colour-blind-safe palette.
std::vector<RunSpec> defaultRuns();
// The i-th colour of that palette (cycles).
uint32_t paletteColor(int i);

// The network lab's data sets: the synthetic 2D sets of core/data, Fashion-MNIST, or a CSV file.
enum class NetworkDataset { Circle, Xor, Gaussians, Spirals, Moons, FashionMnist, Csv };
inline bool isSynthetic(NetworkDataset d) {
    return d != NetworkDataset::FashionMnist && d != NetworkDataset::Csv;
}

// The network lab: an MLP learning a dataset, trained live (core/lab/network_lab.h).
// Settings that are names in the scene's JSON are enums here; the JSON reader and writer translate
// (scene_json.cpp), with the names and menu order below.
struct NetworkSettings {
    NetworkDataset dataset = NetworkDataset::Circle; // learns visibly within seconds (docs/network-lab.md)
    std::string csvPath;                             // dataset Csv: the user's file
    int samples = 400;                               // synthetic sets: points
    double noise = 0.1;                              // synthetic sets: noise σ
    uint64_t dataSeed = 1;
    double testFraction = 0.2;                        // held out for the test curves
    std::vector<int> hidden = {8, 8};                 // hidden layer widths
    nn::Activation activation = nn::Activation::Tanh; // of the hidden layers
    nn::LossKind loss = nn::LossKind::CrossEntropy;
    nn::InitScheme init = nn::InitScheme::Xavier;
    uint64_t initSeed = 1;
    OptimizerConfig optimizer = [] {
        OptimizerConfig c = torchDefaults(OptimizerKind::Adam);
        c.lr = 0.01;
        return c;
    }();
    int batchSize = 32;    // 0 = full batch
    double l1 = 0, l2 = 0; // regularization on the weight matrices (elastic net: both)
    uint64_t shuffleSeed = 1;
    long trainSteps = 0;        // the step a scene shows when opened: trained to first (0 = untrained)
    bool showLandscape = false; // the loss-landscape slice instead of the decision boundary
    nn::LandscapeDirections landscapeDirections = nn::LandscapeDirections::FilterNormalized; // random or PCA
    double landscapeRange = 1.0; // ± this along each direction
};

// The values each enum setting may take, in menu order, and their names in scenes.
inline constexpr NetworkDataset kNetworkDatasets[] = {
    NetworkDataset::Circle, NetworkDataset::Xor,          NetworkDataset::Gaussians, NetworkDataset::Spirals,
    NetworkDataset::Moons,  NetworkDataset::FashionMnist, NetworkDataset::Csv};
inline constexpr nn::Activation kNetworkActivations[] = {nn::Activation::Tanh, nn::Activation::Sigmoid,
                                                         nn::Activation::Relu, nn::Activation::Linear};
inline constexpr nn::LossKind kNetworkLosses[] = {nn::LossKind::CrossEntropy, nn::LossKind::Mse, nn::LossKind::Hinge,
                                                  nn::LossKind::Bce};
inline constexpr nn::InitScheme kNetworkInits[] = {nn::InitScheme::Xavier, nn::InitScheme::XavierNormal,
                                                   nn::InitScheme::He, nn::InitScheme::HeNormal, nn::InitScheme::Zeros};
inline constexpr nn::LandscapeDirections kLandscapeDirections[] = {nn::LandscapeDirections::FilterNormalized,
                                                                   nn::LandscapeDirections::Pca};
// circle xor gaussians spirals moons fashion_mnist csv
const char* networkDatasetName(NetworkDataset d);
// random (filter-normalised) or pca
const char* landscapeDirectionsName(nn::LandscapeDirections d);

// The network lab's backprop panel: one training sample through the network, layer by layer.
struct BackpropView {
    int sample = 0;     // a row of the training data (clamped to the data's size)
    int step = -1;      // the cursor of core/nn/backprop.h (0 … 2L + 1); -1 = everything shown
    bool shown = false; // the Backprop tab is the one open
};

// The under/over-fitting lab: polynomial regression of a chosen degree on noisy points.
struct FittingSettings {
    int degree = 3;     // 1 … 12
    int samples = 15;   // training points
    double noise = 0.2; // σ of the noise on y
    uint64_t seed = 1;
    double ridge = 0;     // L2 penalty (0 = plain least squares)
    bool compare = false; // also draw the fits of degree 1, 3 and 12 (the lecture's three), thin
};

// The graph lab: the computational graph of a function, its forward values, local partials and the
// backward sweep step by step (core/lab/graph_lab.h).
enum class GraphSource {
    Expression,    // expr, a typed f(x, y)
    Surface,       // the playground's surface (scene.surface)
    MatrixChain,   // the course's f(g(u)) with W 3×2 (core/autodiff/exercises.h)
    TwoPaths,      // h(x) = g(f(x), f(x))
    TwoLayerLinear // E(w) of a two-layer linear network; the inputs are its four weights
};
inline constexpr GraphSource kGraphSources[] = {GraphSource::Expression, GraphSource::Surface, GraphSource::MatrixChain,
                                                GraphSource::TwoPaths, GraphSource::TwoLayerLinear};
// expression surface matrix_chain two_paths two_layer_linear
const char* graphSourceName(GraphSource s);

struct GraphLabSettings {
    GraphSource source = GraphSource::Expression;
    std::string expr = "x*y + sin(x*y)";
    std::vector<double> at = {0.5, 2.0}; // the inputs' values; another count than the graph's inputs = its defaults
    std::vector<double> matrix;          // MatrixChain's W, 6 entries row by row; empty = the exercise's
    int sweep = -1;                      // backward steps shown: 0 … the node count; -1 = the whole sweep
    bool playing = false;                // the sweep advancing by itself (2 steps a second)
};

// The loss lab: losses of one sample's class scores (core/nn/losses.h).
struct LossLabSettings {
    std::vector<double> scores = {3.2, 5.1, -1.7}; // 2 … 10 classes; the course's cat image by default
    int target = 0;                                // the true class
    double margin = 1;                             // Δ of the hinge loss
};
inline constexpr int kMaxLossClasses = 10;

enum class LabMode { Playground, Network, Fitting, Graph, Loss };

struct UiSettings {
    bool darkTheme = true;
    float scale = 1.0f; // fonts and line widths; 1.5–2 for a projector
};

struct Scene {
    int version = 1;
    std::string title;   // shown in the window title and the gallery
    std::string caption; // the story this scene tells, shown in the app
    std::string topic;   // the gallery's group; empty = by the lab (see presetTopic, core/scene/presets.h)
    SurfaceSpec surface;
    bool viewSet = false; // false: the surface's default domain
    Domain view;
    SurfaceStyle style;
    LabMode mode = LabMode::Playground;
    Playground playground;
    NetworkSettings network;
    BackpropView backprop;
    FittingSettings fitting;
    GraphLabSettings graph;
    LossLabSettings loss;
    UiSettings ui;

    Scene(); // the default scene: the camel with the default race
};

} // namespace dh
