// Newton on ∇f = 0 from a grid of starts. Tolerances are relative to scales measured on the same
// grid (the median ‖∇f‖ and the median ‖∇²f‖), so that Goldstein–Price (f up to 1e6) and Matyas
// (f below 100) are treated alike.
#include "core/surfaces/critical.h"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace dh {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double median(std::vector<double> v) {
    if (v.empty()) return 0;
    std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
    return v[v.size() / 2];
}

bool finite(const Eigen::Vector2d& v) {
    return std::isfinite(v.x()) && std::isfinite(v.y());
}
bool finite(const Eigen::Matrix2d& m) {
    return m.allFinite();
}

struct Scales {
    double grad = 1;      // typical ‖∇f‖ on the grid
    double curvature = 1; // typical ‖∇²f‖ on the grid
};

struct Candidate {
    Eigen::Vector2d at;
    double gradNorm;
};

// Eigenvalues (ascending) and eigenvectors of the symmetric part of h.
void symmetricEigen(const Eigen::Matrix2d& h, Eigen::Vector2d& values, Eigen::Matrix2d& vectors) {
    Eigen::Matrix2d s = 0.5 * (h + h.transpose());
    if (s(0, 1) == 0) { // diagonal: exact, also with an infinite entry (quadratic with kappa = 1e308)
        const bool swap = s(1, 1) < s(0, 0);
        values = swap ? Eigen::Vector2d(s(1, 1), s(0, 0)) : Eigen::Vector2d(s(0, 0), s(1, 1));
        vectors = swap ? Eigen::Matrix2d((Eigen::Matrix2d() << 0, 1, 1, 0).finished()) : Eigen::Matrix2d::Identity();
        return;
    }
    Eigen::SelfAdjointEigenSolver<Eigen::Matrix2d> solver;
    solver.computeDirect(s);
    values = solver.eigenvalues();
    vectors = solver.eigenvectors();
}

// What one Newton run needs besides the start.
struct NewtonSettings {
    double acceptTol; // ‖∇f‖ at or below this is a critical point
    double maxStep;   // cap on one step's length
    Domain box;       // give up when an iterate leaves this box
    double mergeDist; // points closer than this are one point
    int maxIter;
    bool oneD; // solve in x alone, along y = 0
};

bool inBox(const Eigen::Vector2d& p, const Domain& b) {
    return p.x() >= b.xMin && p.x() <= b.xMax && p.y() >= b.yMin && p.y() <= b.yMax;
}

// Newton's method on ∇f = 0 from x. After ‖∇f‖ ≤ acceptTol it keeps polishing while ‖∇f‖ still halves
// each step (at a degenerate point Newton converges only linearly), unless an already found point
// with a smaller ‖∇f‖ is within mergeDist (this run would be merged into it anyway).
bool newton(const Surface& s, Eigen::Vector2d x, const NewtonSettings& ns, const std::vector<Candidate>& found,
            Candidate& out) {
    Eigen::Vector2d g, prevStep(0, 0);
    double prev = std::numeric_limits<double>::infinity(), prevLen = 0, prevRatio = 0;
    Candidate best{x, std::numeric_limits<double>::infinity()};
    for (int it = 0; it < ns.maxIter; ++it) {
        s.valueGrad(x, g);
        if (ns.oneD) g.y() = 0;
        double gn = g.norm();
        if (!std::isfinite(gn)) break;
        if (gn < best.gradNorm) best = {x, gn};
        if (gn <= ns.acceptTol) {
            if (gn == 0 || gn > 0.5 * prev) break;
            bool covered = std::any_of(found.begin(), found.end(), [&](const Candidate& f) {
                return f.gradNorm <= gn && (f.at - x).norm() <= ns.mergeDist;
            });
            if (covered) break;
        }
        prev = gn;

        Eigen::Matrix2d h = s.hessian(x);
        if (!finite(h)) break;
        Eigen::Vector2d step = Eigen::Vector2d::Zero();
        if (ns.oneD) {
            if (h(0, 0) != 0) step.x() = -g.x() / h(0, 0);
        } else {
            // Newton step through the pseudo-inverse: directions of (near-)zero curvature are skipped.
            Eigen::Vector2d lambda;
            Eigen::Matrix2d v;
            symmetricEigen(h, lambda, v);
            double cut = 1e-14 * lambda.cwiseAbs().maxCoeff();
            for (int i = 0; i < 2; ++i)
                if (std::abs(lambda(i)) > cut && lambda(i) != 0) step -= (v.col(i).dot(g) / lambda(i)) * v.col(i);
        }
        double len = step.norm();
        if (!(len > 0) || !std::isfinite(len)) break;
        // At a degenerate point Newton converges linearly: steps shrink by a constant ratio r along one
        // direction (r = 1/2 at the monkey saddle, 5/6 for x⁶). Once three steps agree, jump to the limit
        // of the geometric series, x + step / (1 − r).
        if (prevLen > 0) {
            double r = len / prevLen, cosine = step.dot(prevStep) / (len * prevLen);
            bool geometric = cosine > 0.999 && r > 0.3 && r < 0.97 && std::abs(r - prevRatio) < 0.01 * r;
            prevRatio = r;
            prevStep = step;
            prevLen = len;
            if (geometric) {
                step /= 1 - r;
                len = step.norm();
                prevLen = 0; // start over after a jump
            }
        } else {
            prevStep = step;
            prevLen = len;
        }
        if (len > ns.maxStep) step *= ns.maxStep / len;
        x += step;
        if (!inBox(x, ns.box)) break;
    }
    out = best;
    return std::isfinite(best.gradNorm) && best.gradNorm <= ns.acceptTol;
}

// Typical gradient and Hessian sizes over the grid of starts (medians of the finite ones).
Scales measureScales(const Surface& s, const std::vector<Eigen::Vector2d>& starts) {
    std::vector<double> gs, hs;
    gs.reserve(starts.size());
    hs.reserve(starts.size());
    Eigen::Vector2d g;
    for (const Eigen::Vector2d& p : starts) {
        s.valueGrad(p, g);
        Eigen::Matrix2d h = s.hessian(p);
        if (s.oneD) {
            g.y() = 0;
            h(0, 1) = h(1, 0) = h(1, 1) = 0;
        }
        // Only finite sizes: components near 1e308 have a norm that overflows, and an infinite scale
        // would accept every start as a critical point.
        if (finite(g) && std::isfinite(g.norm())) gs.push_back(g.norm());
        if (finite(h) && std::isfinite(h.norm())) hs.push_back(h.norm());
    }
    Scales sc;
    double gm = median(gs), hm = median(hs);
    sc.grad = gm > 0 && std::isfinite(gm) ? gm : 1;
    sc.curvature = hm > 0 && std::isfinite(hm) ? hm : 1;
    return sc;
}

// Sort key for f: rounded to 10 significant digits (values equal to rounding sort by x, then y).
double sortKey(double f) {
    if (!std::isfinite(f) || std::abs(f) < 1e-12) return std::isfinite(f) ? 0.0 : f;
    double scale = std::pow(10.0, 9 - std::floor(std::log10(std::abs(f))));
    return std::round(f * scale) / scale;
}

bool inside(const Eigen::Vector2d& p, const Domain& d, double slackX, double slackY) {
    return p.x() >= d.xMin - slackX && p.x() <= d.xMax + slackX && p.y() >= d.yMin - slackY && p.y() <= d.yMax + slackY;
}

// A known minimum where f is not differentiable: accepted when f is finite there and larger on
// rings of three radii around it in 16 directions.
bool isStrictLocalMinimum(const Surface& s, const Eigen::Vector2d& m, double diag) {
    double f0 = s.value(m);
    if (!std::isfinite(f0)) return false;
    for (double r : {1e-7 * diag, 1e-5 * diag, 1e-3 * diag}) {
        for (int k = 0; k < 16; ++k) {
            double a = 2 * 3.14159265358979323846 * k / 16;
            Eigen::Vector2d q = m + r * Eigen::Vector2d(std::cos(a), std::sin(a));
            if (s.oneD) q.y() = m.y();
            double fq = s.value(q);
            if (!(fq > f0)) return false;
        }
    }
    return true;
}

} // namespace

const char* criticalTypeName(CriticalType type) {
    switch (type) {
    case CriticalType::Min:
        return "min";
    case CriticalType::Max:
        return "max";
    case CriticalType::Saddle:
        return "saddle";
    case CriticalType::Degenerate:
        return "degenerate";
    }
    return "degenerate";
}

CriticalType classifyEigenvalues(const Eigen::Vector2d& ev, double zeroTolerance) {
    if (std::isnan(ev(0)) || std::isnan(ev(1))) return CriticalType::Degenerate; // no curvature to tell
    if (std::abs(ev(0)) <= zeroTolerance || std::abs(ev(1)) <= zeroTolerance) return CriticalType::Degenerate;
    if (ev(0) > 0 && ev(1) > 0) return CriticalType::Min;
    if (ev(0) < 0 && ev(1) < 0) return CriticalType::Max;
    return CriticalType::Saddle;
}

std::vector<CriticalPoint> findCriticalPoints(const Surface& surface, const CriticalOptions& options) {
    return findCriticalPoints(surface, surface.domain, options);
}

// ---- the steps of findCriticalPoints ----

namespace {

std::string fmt(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

// The grid of Newton starts (cell centres; one row along y = 0 for a 1D surface), then the known minima.
struct Grid {
    Domain domain;
    double w, h, diag; // width, height, diagonal
    int nx, ny;
    bool oneD;
};

Grid makeGrid(const Surface& s, const Domain& domain, const CriticalOptions& opt) {
    Grid g{domain, domain.xMax - domain.xMin, domain.yMax - domain.yMin, 0, 0, 0, s.oneD};
    g.diag = std::hypot(g.w, g.h);
    g.nx = std::max(1, g.oneD ? opt.gridX * 4 : opt.gridX);
    g.ny = g.oneD ? 1 : std::max(1, opt.gridY);
    return g;
}

std::vector<Eigen::Vector2d> gridStarts(const Surface& s, const Grid& g) {
    std::vector<Eigen::Vector2d> starts;
    starts.reserve(size_t(g.nx) * g.ny + s.minima.size());
    for (int j = 0; j < g.ny; ++j)
        for (int i = 0; i < g.nx; ++i)
            starts.emplace_back(g.domain.xMin + (i + 0.5) * g.w / g.nx,
                                g.oneD ? 0.0 : g.domain.yMin + (j + 0.5) * g.h / g.ny);
    for (const KnownMinimum& m : s.minima) starts.push_back(g.oneD ? Eigen::Vector2d(m.at.x(), 0) : m.at);
    return starts;
}

NewtonSettings newtonSettings(const Grid& g, const Scales& scales, const CriticalOptions& opt) {
    NewtonSettings ns;
    ns.acceptTol = opt.gradTolerance * scales.grad;
    ns.maxStep = 0.25 * g.diag;
    // Newton may wander outside the domain and come back; give up beyond a margin.
    const Domain& d = g.domain;
    ns.box = Domain{d.xMin - 0.25 * g.w, d.xMax + 0.25 * g.w, d.yMin - 0.25 * g.h, d.yMax + 0.25 * g.h};
    if (g.oneD) ns.box.yMin = ns.box.yMax = 0;
    ns.mergeDist = opt.mergeDistance * g.diag;
    ns.maxIter = opt.maxIterations;
    ns.oneD = g.oneD;
    return ns;
}

// How far outside the domain a point may be found (rounding at its edges; any y for a 1D surface).
Eigen::Vector2d edgeSlack(const Grid& g) {
    return {1e-9 * std::max(g.w, 1.0), g.oneD ? 1.0 : 1e-9 * std::max(g.h, 1.0)};
}

// Newton from every start; de-duplicated, keeping the representative with the smallest ‖∇f‖.
std::vector<Candidate> solveFromStarts(const Surface& s, const std::vector<Eigen::Vector2d>& starts,
                                       const NewtonSettings& ns, const Grid& g) {
    const Eigen::Vector2d slack = edgeSlack(g);
    std::vector<Candidate> found;
    for (const Eigen::Vector2d& x0 : starts) {
        Candidate c;
        if (!newton(s, x0, ns, found, c) || !inside(c.at, g.domain, slack.x(), slack.y())) continue;
        bool merged = false;
        for (Candidate& f : found) {
            if ((f.at - c.at).norm() <= ns.mergeDist) {
                if (c.gradNorm < f.gradNorm) f = c;
                merged = true;
                break;
            }
        }
        if (!merged) found.push_back(c);
    }
    return found;
}

// The point's type from the Hessian's eigenvalues; nullDir gets the direction of the smallest curvature.
CriticalPoint classify(const Surface& s, const Candidate& c, const Scales& scales, const CriticalOptions& opt,
                       Eigen::Vector2d& nullDir) {
    CriticalPoint p;
    p.at = c.at;
    p.f = s.value(c.at);
    p.gradNorm = c.gradNorm;
    const Eigen::Matrix2d hess = s.hessian(c.at);
    nullDir = Eigen::Vector2d(1, 0);
    if (s.oneD) {
        const double e = hess(0, 0);
        p.eigenvalues = Eigen::Vector2d(e, kNaN);
        const double tol = opt.zeroEigenvalue * std::max(scales.curvature, std::abs(e));
        p.type = std::abs(e) <= tol ? CriticalType::Degenerate : (e > 0 ? CriticalType::Min : CriticalType::Max);
        return p;
    }
    Eigen::Matrix2d vectors;
    symmetricEigen(hess, p.eigenvalues, vectors);
    double largest = 0; // of the finite eigenvalues: an infinite one must not make every other "zero"
    for (int i = 0; i < 2; ++i)
        if (std::isfinite(p.eigenvalues(i))) largest = std::max(largest, std::abs(p.eigenvalues(i)));
    const double tol = opt.zeroEigenvalue * std::max(scales.curvature, largest);
    p.type = classifyEigenvalues(p.eigenvalues, tol);
    nullDir = std::abs(p.eigenvalues(0)) <= std::abs(p.eigenvalues(1)) ? vectors.col(0) : vectors.col(1);
    return p;
}

// A degenerate point may lie on a curve or region of critical points ((x − y)², a constant): step off
// it along the flat direction and see whether Newton stays there instead of coming back. Such points
// are thinned to about one per grid cell: a dotted curve, not thousands of points. Returns false when
// the point is absorbed by one already kept.
bool refineDegenerate(const Surface& s, const Candidate& c, const Eigen::Vector2d& nullDir, const NewtonSettings& ns,
                      const Grid& g, const std::vector<CriticalPoint>& kept, CriticalPoint& p) {
    // Newton converges slowly here: restarting it (fresh step-ratio history) gets closer.
    for (int k = 0; k < 4; ++k) {
        Candidate better;
        if (!newton(s, p.at, ns, {}, better) || !(better.gradNorm < p.gradNorm)) break;
        p.at = better.at;
        p.gradNorm = better.gradNorm;
    }
    p.f = s.value(p.at);
    const double thinning = 1.5 * std::hypot(g.w / g.nx, g.oneD ? 0.0 : g.h / g.ny);
    const bool absorbed = std::any_of(kept.begin(), kept.end(), [&](const CriticalPoint& k) {
        const double d = (k.at - p.at).norm();
        return (!k.isolated && d <= thinning) || d <= ns.mergeDist;
    });
    if (absorbed) return false;
    const double probe = 1e-3 * g.diag;
    for (double sign : {1.0, -1.0}) {
        Candidate q;
        const Eigen::Vector2d start = c.at + sign * probe * nullDir;
        if (newton(s, start, ns, {}, q) && (q.at - c.at).norm() > 0.5 * probe) p.isolated = false;
    }
    return true;
}

// Known minima that Newton cannot reach because f has a kink there (Ackley's cusp at the origin).
void addKinkMinima(const Surface& s, const Grid& g, double mergeDist, std::vector<CriticalPoint>& points) {
    const Eigen::Vector2d slack = edgeSlack(g);
    for (const KnownMinimum& m : s.minima) {
        const Eigen::Vector2d at = g.oneD ? Eigen::Vector2d(m.at.x(), 0) : m.at;
        if (!inside(at, g.domain, slack.x(), slack.y())) continue;
        const bool known = std::any_of(points.begin(), points.end(),
                                       [&](const CriticalPoint& p) { return (p.at - at).norm() <= mergeDist; });
        if (known || !isStrictLocalMinimum(s, at, g.diag)) continue;
        CriticalPoint p;
        p.at = at;
        p.f = s.value(at);
        Eigen::Vector2d grad;
        s.valueGrad(at, grad);
        p.gradNorm = finite(grad) ? grad.norm() : kNaN;
        p.eigenvalues = Eigen::Vector2d(kNaN, kNaN);
        p.type = CriticalType::Min;
        p.smooth = false;
        points.push_back(p);
    }
}

void sortByValue(std::vector<CriticalPoint>& points) {
    std::sort(points.begin(), points.end(), [](const CriticalPoint& a, const CriticalPoint& b) {
        const double ka = sortKey(a.f), kb = sortKey(b.f);
        if (ka != kb) return ka < kb;
        if (a.at.x() != b.at.x()) return a.at.x() < b.at.x();
        return a.at.y() < b.at.y();
    });
}

} // namespace

std::vector<CriticalPoint> findCriticalPoints(const Surface& s, const Domain& domain, const CriticalOptions& opt) {
    const Grid grid = makeGrid(s, domain, opt);
    const std::vector<Eigen::Vector2d> starts = gridStarts(s, grid);
    const Scales scales = measureScales(s, starts);
    const NewtonSettings ns = newtonSettings(grid, scales, opt);
    std::vector<CriticalPoint> points;
    for (const Candidate& c : solveFromStarts(s, starts, ns, grid)) {
        Eigen::Vector2d nullDir;
        CriticalPoint p = classify(s, c, scales, opt, nullDir);
        if (p.type == CriticalType::Degenerate && !refineDegenerate(s, c, nullDir, ns, grid, points, p)) continue;
        points.push_back(p);
    }
    addKinkMinima(s, grid, ns.mergeDist, points);
    sortByValue(points);
    return points;
}

std::string criticalDomainProblem(const Surface& s, const Domain& domain, const CriticalOptions& opt) {
    const Grid grid = makeGrid(s, domain, opt);
    if (!std::isfinite(grid.diag) || !(grid.w > 0) || !(grid.h > 0))
        return "the domain is too large: its width, height or diagonal is not a finite number";
    const double maxW = kMaxCriticalDomainScale * (s.domain.xMax - s.domain.xMin);
    const double maxH = kMaxCriticalDomainScale * (s.domain.yMax - s.domain.yMin);
    if (grid.w > maxW || (!s.oneD && grid.h > maxH))
        return "the domain is too large: the search starts from a " + std::to_string(grid.nx) + " × " +
               std::to_string(grid.ny) + " grid and resolves a domain at most " +
               std::to_string(int(kMaxCriticalDomainScale)) + " times the surface's default (here " + fmt(maxW) +
               " wide and " + fmt(maxH) + " high; got " + fmt(grid.w) + " × " + fmt(grid.h) + ")";
    const std::vector<Eigen::Vector2d> starts = gridStarts(s, grid);
    size_t usable = 0;
    Eigen::Vector2d g;
    for (const Eigen::Vector2d& p : starts)
        if (std::isfinite(s.valueGrad(p, g)) && finite(g)) ++usable;
    if (usable * 16 < starts.size())
        return "the domain is too large for this surface: f or its gradient is not finite at " +
               std::to_string(starts.size() - usable) + " of the " + std::to_string(starts.size()) +
               " points where the search starts";
    return "";
}

} // namespace dh
