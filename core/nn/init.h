// Weight initialisation. Weights are drawn from dh::Rng (std::mt19937_64 with our own transforms, so a
// seed gives the same network with every standard library), layer by layer in the params order (W1 row
// by row, then W2, ...), in double and then rounded to T: float and double runs start from the same
// weights. Biases start at zero in every scheme (torch's nn.Linear would draw them; specs that must
// match torch pass explicit params).
//   xavier         U(−a, a), a = sqrt(6 / (fan_in + fan_out))       torch.nn.init.xavier_uniform_ (gain 1)
//   xavier_normal  N(0, 2 / (fan_in + fan_out))                     xavier_normal_
//   he             U(−a, a), a = sqrt(6 / fan_in)                   kaiming_uniform_(nonlinearity='relu')
//   he_normal      N(0, 2 / fan_in)                                 kaiming_normal_(nonlinearity='relu')
//   zeros          all zero (a network that cannot break symmetry; for demonstrations)
#pragma once

#include "core/nn/mlp.h"

#include <cstdint>
#include <string>
#include <vector>

namespace dh::nn {

enum class InitScheme { Xavier, XavierNormal, He, HeNormal, Zeros };

const char* initSchemeName(InitScheme s);
InitScheme parseInitScheme(const std::string& name); // also kaiming, kaiming_normal, glorot; InputError
const std::vector<std::string>& initSchemeNames();

// Resizes params to paramCount(config) and fills it.
template <class T>
void initializeParams(const MlpConfig& config, InitScheme scheme, std::uint64_t seed,
                      Eigen::Matrix<T, Eigen::Dynamic, 1>& params);

} // namespace dh::nn
