// A seeded random source whose output is the same with every standard library: std::mt19937_64 is
// fully specified by the standard, the std::*_distribution transforms are not, so the transforms are
// our own. Used by the dataset generators; value type, one per generator, never shared.
#pragma once

#include <cmath>
#include <cstdint>
#include <random>

namespace dh {

class Rng {
public:
    explicit Rng(std::uint64_t seed) : m_engine(seed) {}

    std::uint64_t bits() { return m_engine(); }
    // Uniform in [0, 1): the top 53 bits of one draw.
    double uniform() { return static_cast<double>(m_engine() >> 11) * 0x1.0p-53; }
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
    // Uniform integer in [0, n), n > 0, without modulo bias (rejects the short last block).
    std::uint64_t below(std::uint64_t n) {
        const std::uint64_t threshold = (0 - n) % n; // 2^64 mod n
        for (;;) {
            const std::uint64_t r = m_engine();
            if (r >= threshold) return r % n;
        }
    }
    // Standard normal by Marsaglia's polar method (no trigonometry); the second value is kept.
    double normal() {
        if (m_hasSpare) {
            m_hasSpare = false;
            return m_spare;
        }
        double u, v, s;
        do {
            u = uniform(-1, 1);
            v = uniform(-1, 1);
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        const double f = std::sqrt(-2 * std::log(s) / s);
        m_spare = v * f;
        m_hasSpare = true;
        return u * f;
    }
    // Fisher-Yates over any random-access range.
    template <typename It>
    void shuffle(It first, It last) {
        for (auto i = last - first - 1; i > 0; --i) {
            const auto j = static_cast<decltype(i)>(below(static_cast<std::uint64_t>(i) + 1));
            std::swap(first[i], first[j]);
        }
    }

private:
    std::mt19937_64 m_engine;
    bool m_hasSpare = false;
    double m_spare = 0;
};

} // namespace dh
