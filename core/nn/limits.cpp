#include "core/nn/limits.h"

#include "core/common/error.h"

#include <cmath>
#include <cstdio>

namespace dh::nn {

double parameterCount(const std::vector<int>& layers) {
    double count = 0;
    for (size_t i = 1; i < layers.size(); ++i) count += double(layers[i]) * (double(layers[i - 1]) + 1);
    return count;
}

std::string withThousands(double value) {
    if (!std::isfinite(value) || std::abs(value) >= 1e18) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.3g", value);
        return buf;
    }
    std::string digits = std::to_string((long long)std::llround(std::abs(value)));
    std::string out;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return (value < 0 ? "-" : "") + out;
}

namespace {

void check(double amount, double limit, const std::string& field, const char* what) {
    if (amount > limit)
        throw InputError(field + ": " + withThousands(amount) + " " + what + " requested, the limit is " +
                         withThousands(limit));
}

} // namespace

void checkParameters(double parameters, const std::string& field) {
    check(parameters, kMaxParameters, field, "parameters");
}

void checkDataValues(double samples, double features, const std::string& field) {
    check(samples * features, kMaxDataValues, field, "values (samples × features)");
}

void checkTrainingWork(double steps, double rowsPerStep, double parameters, const std::string& field) {
    check(steps * rowsPerStep * parameters, kMaxRenderTrainingWork, field,
          "units of training work (steps × rows a step × parameters)");
}

} // namespace dh::nn
