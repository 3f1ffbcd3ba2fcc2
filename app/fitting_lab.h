// The fitting lab's derived state: noisy points of a cubic (core/data makePolynomialData) and the least-
// squares polynomial of every degree 1 … 12 (fitPolynomial), recomputed only when the points or the
// ridge penalty change (the degree only picks one).
#pragma once

#include "core/data/dataset.h"
#include "core/scene/scene.h"

#include <string>
#include <vector>

namespace dh {

struct AppState;

class FittingLab {
public:
    static constexpr int kMaxDegree = 12;
    static constexpr int kTestPoints = 100;

    // Recomputes the data and all fits when samples, noise, seed or ridge changed.
    void sync(const FittingSettings& s);
    const Dataset& data() const { return m_data; } // train rows (increasing x), then kTestPoints test rows
    const PolyFit& fit(int degree) const { return m_fits[size_t(degree - 1)]; } // 1 … kMaxDegree
    double truth(double x) const;                                               // the noise-free cubic
    const char* truthFormula() const { return "2x³ − x"; }
    double noise() const { return m_from.noise; }
    const std::string& error() const { return m_error; }
    bool ready() const { return m_built && m_error.empty(); }

private:
    FittingSettings m_from;
    bool m_built = false;
    std::string m_error;
    Dataset m_data;
    std::vector<PolyFit> m_fits;
    std::vector<double> m_coefficients;
};

// The lab of state.scene.fitting, created on first use and synced.
FittingLab& fittingLab(AppState& state);

} // namespace dh
