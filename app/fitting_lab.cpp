#include "app/fitting_lab.h"

#include "app/app_state.h"
#include "core/common/error.h"
#include "core/scene/view_transform.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>

namespace dh {

// ---- the fitting lab ----

void FittingLab::sync(const FittingSettings& s) {
    if (m_built && s.samples == m_from.samples && s.noise == m_from.noise && s.seed == m_from.seed &&
        s.ridge == m_from.ridge)
        return;
    m_from = s;
    m_built = true;
    m_error.clear();
    m_fits.clear();
    PolynomialDataOptions o;
    o.n = s.samples;
    o.nTest = kTestPoints;
    o.noise = s.noise;
    o.seed = s.seed;
    m_coefficients = o.coefficients;
    try {
        m_data = makePolynomialData(o);
        for (int d = 1; d <= kMaxDegree; ++d) {
            PolyFitOptions f;
            f.degree = d;
            f.ridge = s.ridge;
            m_fits.push_back(fitPolynomial(m_data, f));
        }
    } catch (const InputError& e) {
        m_error = e.what();
    }
}

double FittingLab::truth(double x) const {
    double y = 0;
    for (size_t k = m_coefficients.size(); k-- > 0;) y = y * x + m_coefficients[k];
    return y;
}

FittingLab& fittingLab(AppState& state) {
    if (!state.derived.fitting) state.derived.fitting = std::make_unique<FittingLab>();
    state.derived.fitting->sync(state.scene.fitting);
    return *state.derived.fitting;
}

} // namespace dh
