// Caps on the work one request may ask for, checked before anything is allocated or trained. A
// request over a cap is an InputError (exit code 2) naming the field, the requested amount and the
// limit, e.g. "layers: 10,000,200,001 parameters requested, the limit is 5,000,000". The README lists
// the caps (section "Command line").
#pragma once

#include <string>
#include <vector>

namespace dh::nn {

inline constexpr double kMaxParameters = 5e6;          // weights and biases of one network
inline constexpr double kMaxDataValues = 67108864;     // samples × features of one dataset (2^26)
inline constexpr double kMaxRenderTrainingWork = 1e11; // steps × rows per step × parameters before a render

// Weights and biases of an MLP with these layer sizes, as a double (no overflow for any int sizes).
double parameterCount(const std::vector<int>& layers);

void checkParameters(double parameters, const std::string& field);
void checkDataValues(double samples, double features, const std::string& field);
void checkTrainingWork(double steps, double rowsPerStep, double parameters, const std::string& field);

// "10,000,200,001": whole numbers in messages.
std::string withThousands(double value);

} // namespace dh::nn
