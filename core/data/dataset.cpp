#include "core/data/dataset.h"

#include "core/common/error.h"
#include "core/data/random.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace dh {

Dataset selectRows(const Dataset& data, const std::vector<Eigen::Index>& rows) {
    Dataset out;
    out.name = data.name;
    out.numClasses = data.numClasses;
    out.featureNames = data.featureNames;
    out.classNames = data.classNames;
    out.imageRows = data.imageRows;
    out.imageCols = data.imageCols;
    const auto n = static_cast<Eigen::Index>(rows.size());
    out.X.resize(n, data.X.cols());
    if (data.labels.size()) out.labels.resize(n);
    if (data.values.rows()) out.values.resize(n, data.values.cols());
    for (Eigen::Index i = 0; i < n; ++i) {
        const Eigen::Index r = rows[static_cast<size_t>(i)];
        if (r < 0 || r >= data.size())
            throw InputError(data.name + ": row " + std::to_string(r) + " out of range (the data has " +
                             std::to_string(data.size()) + " rows)");
        out.X.row(i) = data.X.row(r);
        if (data.labels.size()) out.labels[i] = data.labels[r];
        if (data.values.rows()) out.values.row(i) = data.values.row(r);
    }
    return out;
}

Dataset splitTrainTest(Dataset data, double testFraction, std::uint64_t seed) {
    if (!(testFraction >= 0 && testFraction < 1))
        throw InputError(data.name + ": the test fraction must be in [0, 1) (got " + std::to_string(testFraction) +
                         ")");
    std::vector<Eigen::Index> order(static_cast<size_t>(data.size()));
    std::iota(order.begin(), order.end(), Eigen::Index(0));
    Rng rng(seed);
    rng.shuffle(order.begin(), order.end());
    Dataset out = selectRows(data, order);
    // At least one training row remains whenever there is data.
    const auto numTest = static_cast<Eigen::Index>(std::llround(testFraction * static_cast<double>(data.size())));
    out.numTest = std::min(numTest, std::max<Eigen::Index>(data.size() - 1, 0));
    return out;
}

} // namespace dh
