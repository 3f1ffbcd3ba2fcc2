#include "core/nn/mlp.h"

#include "core/common/error.h"
#include "core/data/random.h"
#include "core/nn/init.h"

#include <cmath>

namespace dh::nn {

namespace {

template <class E>
E parseName(const std::string& name, const std::vector<std::string>& names, const char* what) {
    for (size_t i = 0; i < names.size(); ++i)
        if (names[i] == name) return static_cast<E>(i);
    std::string valid;
    for (const std::string& n : names) valid += (valid.empty() ? "" : ", ") + n;
    throw InputError(std::string("unknown ") + what + " '" + name + "' (valid: " + valid + ")");
}

} // namespace

const std::vector<std::string>& activationNames() {
    static const std::vector<std::string> names = {"tanh", "sigmoid", "relu", "linear"};
    return names;
}
const char* activationName(Activation a) {
    return activationNames()[static_cast<size_t>(a)].c_str();
}
Activation parseActivation(const std::string& name) {
    return parseName<Activation>(name, activationNames(), "activation");
}

const std::vector<std::string>& lossNames() {
    static const std::vector<std::string> names = {"mse", "cross_entropy", "hinge", "bce"};
    return names;
}
const char* lossName(LossKind k) {
    return lossNames()[static_cast<size_t>(k)].c_str();
}
LossKind parseLoss(const std::string& name) {
    if (name == "binary_cross_entropy") return LossKind::Bce;
    if (name == "multiclass_hinge") return LossKind::Hinge;
    return parseName<LossKind>(name, lossNames(), "loss");
}

const std::vector<std::string>& initSchemeNames() {
    static const std::vector<std::string> names = {"xavier", "xavier_normal", "he", "he_normal", "zeros"};
    return names;
}
const char* initSchemeName(InitScheme s) {
    return initSchemeNames()[static_cast<size_t>(s)].c_str();
}
InitScheme parseInitScheme(const std::string& name) {
    if (name == "glorot" || name == "xavier_uniform") return InitScheme::Xavier;
    if (name == "kaiming" || name == "he_uniform" || name == "kaiming_uniform") return InitScheme::He;
    if (name == "kaiming_normal") return InitScheme::HeNormal;
    return parseName<InitScheme>(name, initSchemeNames(), "init scheme");
}

void validate(const MlpConfig& config) {
    if (config.layers.size() < 2)
        throw InputError("layers: needs at least two sizes (inputs and outputs), got " +
                         std::to_string(config.layers.size()));
    for (size_t i = 0; i < config.layers.size(); ++i)
        if (config.layers[i] < 1)
            throw InputError("layers[" + std::to_string(i) + "]: must be a positive integer (got " +
                             std::to_string(config.layers[i]) + ")");
}

std::vector<LayerSlice> layerSlices(const MlpConfig& config) {
    std::vector<LayerSlice> slices;
    Eigen::Index offset = 0;
    for (size_t l = 0; l + 1 < config.layers.size(); ++l) {
        LayerSlice s;
        s.in = config.layers[l];
        s.out = config.layers[l + 1];
        s.weightOffset = offset;
        offset += Eigen::Index(s.in) * s.out;
        s.biasOffset = offset;
        offset += s.out;
        slices.push_back(s);
    }
    return slices;
}

Eigen::Index paramCount(const MlpConfig& config) {
    std::vector<LayerSlice> s = layerSlices(config);
    return s.empty() ? 0 : s.back().biasOffset + s.back().out;
}

template <class T>
Mlp<T>::Mlp(const MlpConfig& config) : m_config(config) {
    validate(config);
    m_slices = layerSlices(config);
    m_params = Vector::Zero(nn::paramCount(config));
}

template <class T>
void Mlp<T>::setParams(const Eigen::Ref<const Vector>& params) {
    if (params.size() != m_params.size())
        throw InputError("params: expected " + std::to_string(m_params.size()) + " values, got " +
                         std::to_string(params.size()));
    m_params = params;
}

template <class T>
typename Mlp<T>::WeightMap Mlp<T>::weights(int l) {
    const LayerSlice& s = slice(l);
    return WeightMap(m_params.data() + s.weightOffset, s.out, s.in);
}
template <class T>
typename Mlp<T>::ConstWeightMap Mlp<T>::weights(int l) const {
    const LayerSlice& s = slice(l);
    return ConstWeightMap(m_params.data() + s.weightOffset, s.out, s.in);
}
template <class T>
typename Mlp<T>::BiasMap Mlp<T>::bias(int l) {
    const LayerSlice& s = slice(l);
    return BiasMap(m_params.data() + s.biasOffset, s.out);
}
template <class T>
typename Mlp<T>::ConstBiasMap Mlp<T>::bias(int l) const {
    const LayerSlice& s = slice(l);
    return ConstBiasMap(m_params.data() + s.biasOffset, s.out);
}

template <class T>
typename Mlp<T>::RowMatrix Mlp<T>::forward(const Eigen::Ref<const RowMatrix>& X) const {
    RowMatrix a = X;
    for (int l = 0; l < layerCount(); ++l) {
        RowMatrix z = a * weights(l).transpose();
        Eigen::Map<const Eigen::Matrix<T, 1, Eigen::Dynamic>> b(bias(l).data(), slice(l).out);
        for (Eigen::Index r = 0; r < z.rows(); ++r) z.row(r) += b;
        if (l + 1 < layerCount()) {
            switch (m_config.activation) {
            case Activation::Tanh:
                z.array() = z.array().tanh();
                break;
            case Activation::Sigmoid:
                z.array() = T(1) / (T(1) + (-z.array()).exp());
                break;
            case Activation::Relu:
                z.array() = z.array().max(T(0));
                break;
            case Activation::Linear:
                break;
            }
        }
        a.swap(z);
    }
    return a;
}

template <class T>
T regularizationTerm(const MlpConfig& config, const Regularization& reg, const T* params, T* grad) {
    if (reg.l1 == 0 && reg.l2 == 0) return T(0);
    T l1sum = 0, l2sum = 0;
    for (const LayerSlice& s : layerSlices(config)) {
        Eigen::Index n = Eigen::Index(s.in) * s.out;
        Eigen::Map<const Eigen::Matrix<T, Eigen::Dynamic, 1>> w(params + s.weightOffset, n);
        l1sum += w.cwiseAbs().sum();
        l2sum += w.squaredNorm();
        if (grad) {
            Eigen::Map<Eigen::Matrix<T, Eigen::Dynamic, 1>> g(grad + s.weightOffset, n);
            // ∂/∂w [λ₁|w| + λ₂w²] = λ₁ sign(w) + 2λ₂ w
            g.array() += T(reg.l1) * w.array().sign() + T(2 * reg.l2) * w.array();
        }
    }
    return T(reg.l1) * l1sum + T(reg.l2) * l2sum;
}

template <class T>
void initializeParams(const MlpConfig& config, InitScheme scheme, std::uint64_t seed,
                      Eigen::Matrix<T, Eigen::Dynamic, 1>& params) {
    validate(config);
    params = Eigen::Matrix<T, Eigen::Dynamic, 1>::Zero(paramCount(config));
    Rng rng(seed);
    for (const LayerSlice& s : layerSlices(config)) {
        const double fanIn = s.in, fanOut = s.out;
        for (Eigen::Index i = 0; i < Eigen::Index(s.in) * s.out; ++i) {
            double w = 0;
            switch (scheme) {
            case InitScheme::Xavier:
                w = rng.uniform(-1, 1) * std::sqrt(6.0 / (fanIn + fanOut));
                break;
            case InitScheme::XavierNormal:
                w = rng.normal() * std::sqrt(2.0 / (fanIn + fanOut));
                break;
            case InitScheme::He:
                w = rng.uniform(-1, 1) * std::sqrt(6.0 / fanIn);
                break;
            case InitScheme::HeNormal:
                w = rng.normal() * std::sqrt(2.0 / fanIn);
                break;
            case InitScheme::Zeros:
                break;
            }
            params[s.weightOffset + i] = static_cast<T>(w);
        }
    }
}

template class Mlp<float>;
template class Mlp<double>;
template float regularizationTerm<float>(const MlpConfig&, const Regularization&, const float*, float*);
template double regularizationTerm<double>(const MlpConfig&, const Regularization&, const double*, double*);
template void initializeParams<float>(const MlpConfig&, InitScheme, std::uint64_t, Eigen::VectorXf&);
template void initializeParams<double>(const MlpConfig&, InitScheme, std::uint64_t, Eigen::VectorXd&);

} // namespace dh::nn
