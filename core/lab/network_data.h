// The network lab's pure functions: its data and network from the scene's settings, the plane the 2D
// view shows, texts, the class colours and what a network's outputs decide. No state, no GL: the lab
// model (network_lab.h), the views and the render tests use them alike.
#pragma once

#include "core/data/dataset.h"
#include "core/nn/mlp.h"
#include "core/nn/session.h"
#include "core/scene/scene.h"

#include <cstdint>
#include <string>
#include <vector>

namespace dh {

// The lab's data: a synthetic set or a CSV file split into train and test by testFraction and dataSeed,
// or Fashion-MNIST with its own split (read as `fashion` says). InputError with a message for the user
// (bad CSV: the line).
Dataset makeNetworkDataset(const NetworkSettings& s, const FashionMnistOptions& fashion = {});
// Inputs = the data's features, the hidden widths, outputs = the classes (one for bce).
// InputError when the loss does not fit the data.
nn::MlpConfig networkConfig(const NetworkSettings& s, const Dataset& data);
// The plane region the 2D view asks for: the points' bounding box with a margin.
Domain networkDataDomain(const Dataset& data);
// "2 → 8 → 8 → 2 tanh" (sizes, input first, and the hidden activation).
std::string architectureText(const nn::MlpConfig& config);
// The training curves as CSV: header step,train_loss,test_loss,train_accuracy,test_accuracy, one row per
// evaluation, 17 significant digits, empty fields where a value is not defined (no test split).
std::string trainingCurvesCsv(const std::vector<nn::HistoryPoint>& history);
// A w × h picture (RGBA like ImU32, top row first) of the scene's 2D data in class colours, for the
// preset gallery; empty for image data, CSV files or bad settings (no file is read).
std::vector<uint32_t> networkThumbnail(const NetworkSettings& s, int w, int h);
// Class k's colour, 0xRRGGBB (Okabe–Ito: blue, orange, bluish green, reddish purple, ...).
uint32_t classColor(int k);
// Class k's background in the class map at confidence c ∈ [0, 1] (0 = the neutral grey), as RGBA
// packed like ImU32 (A in the high byte).
uint32_t classRegionColor(int k, double confidence);
// 0xRRGGBB as an opaque RGBA pixel packed like ImU32 (A in the high byte, then B, G, R).
inline uint32_t opaquePixel(uint32_t rgb) {
    return 0xff000000u | (rgb & 0xff) << 16 | (rgb & 0xff00) | (rgb >> 16 & 0xff);
}

// What a network's outputs (one row of logits) say: the class, its confidence ∈ [0, 1] (0 = a tie,
// 1 = certain) and, for two classes, P(class 1). Probabilities are the softmax for cross_entropy (and,
// as a confidence only, for hinge scores), the sigmoid for bce, the clamped outputs for mse.
struct Decision {
    int predicted = 0;
    double probability = 0; // of the predicted class
    double confidence = 0;
    double p1 = 0.5;
};
Decision decide(const float* logits, int outputs, nn::LossKind loss, int classes);

} // namespace dh
