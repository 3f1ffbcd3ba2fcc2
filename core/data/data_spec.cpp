#include "core/data/data_spec.h"

#include "core/common/error.h"

#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

namespace dh {

namespace {

using nlohmann::json;

// Reads members of one JSON object; remembers which keys it read to report the others.
class Reader {
public:
    Reader(const json& object, const DataSpecOptions& options) : m_object(object), m_options(options) {}

    std::string where(const std::string& key) const {
        return m_options.source + ": " + m_options.path + (key.empty() ? "" : "." + key);
    }
    [[noreturn]] void fail(const std::string& key, const std::string& message) const {
        throw InputError(where(key) + ": " + message);
    }
    const json* get(const char* key) {
        m_read.insert(key);
        const auto it = m_object.find(key);
        return it == m_object.end() ? nullptr : &*it;
    }
    double number(const char* key, double fallback, double min, double max) {
        const json* v = get(key);
        if (!v) return fallback;
        if (!v->is_number() || !(v->get<double>() >= min && v->get<double>() <= max))
            fail(key, "must be a number in [" + fmt(min) + ", " + fmt(max) + "] (got " + v->dump() + ")");
        return v->get<double>();
    }
    long long integer(const char* key, long long fallback, long long min, long long max) {
        const json* v = get(key);
        if (!v) return fallback;
        const bool ok =
            v->is_number_integer() || (v->is_number_float() && std::floor(v->get<double>()) == v->get<double>());
        if (!ok || !(v->get<double>() >= double(min) && v->get<double>() <= double(max)))
            fail(key, "must be an integer in [" + std::to_string(min) + ", " + std::to_string(max) + "] (got " +
                          v->dump() + ")");
        return static_cast<long long>(v->get<double>());
    }
    std::uint64_t seed(const char* key, std::uint64_t fallback) {
        const json* v = get(key);
        if (!v) return fallback;
        if (v->is_number_unsigned()) return v->get<std::uint64_t>();
        if (v->is_number_integer() && v->get<long long>() >= 0) return static_cast<std::uint64_t>(v->get<long long>());
        fail(key, "must be a non-negative integer (got " + v->dump() + ")");
    }
    std::string string(const char* key, const std::string& fallback) {
        const json* v = get(key);
        if (!v) return fallback;
        if (!v->is_string()) fail(key, "must be a string (got " + v->dump() + ")");
        return v->get<std::string>();
    }
    bool boolean(const char* key, bool fallback) {
        const json* v = get(key);
        if (!v) return fallback;
        if (!v->is_boolean()) fail(key, "must be true or false (got " + v->dump() + ")");
        return v->get<bool>();
    }
    std::vector<std::string> strings(const char* key) {
        const json* v = get(key);
        std::vector<std::string> out;
        if (!v) return out;
        if (!v->is_array()) fail(key, "must be a list of strings");
        for (size_t i = 0; i < v->size(); ++i) {
            if (!(*v)[i].is_string()) fail(std::string(key) + "[" + std::to_string(i) + "]", "must be a string");
            out.push_back((*v)[i].get<std::string>());
        }
        return out;
    }
    void finish() const {
        for (const auto& item : m_object.items())
            if (!m_read.count(item.key()) && m_options.warnings)
                m_options.warnings->push_back(where(item.key()) + ": unknown key, ignored");
    }

    static std::string fmt(double v) {
        std::string s = std::to_string(v);
        while (s.size() > 1 && s.back() == '0') s.pop_back();
        if (!s.empty() && s.back() == '.') s.pop_back();
        return s;
    }

private:
    const json& m_object;
    const DataSpecOptions& m_options;
    std::set<std::string> m_read;
};

// An inline matrix: a list of rows of equal length (or, with allowFlat, a list of numbers = one column).
RowMatrixXd matrix(Reader& r, const char* key, bool allowFlat, bool* flat) {
    const json* v = r.get(key);
    if (!v) r.fail(key, "missing");
    if (!v->is_array() || v->empty()) r.fail(key, "must be a non-empty list");
    const auto n = static_cast<Eigen::Index>(v->size());
    const bool isFlat = !(*v)[0].is_array();
    if (isFlat && !allowFlat) r.fail(std::string(key) + "[0]", "must be a list of numbers (one row)");
    if (flat) *flat = isFlat;
    const auto d = isFlat ? Eigen::Index(1) : static_cast<Eigen::Index>((*v)[0].size());
    if (d == 0) r.fail(std::string(key) + "[0]", "must not be empty");
    RowMatrixXd m(n, d);
    for (Eigen::Index i = 0; i < n; ++i) {
        const json& row = (*v)[static_cast<size_t>(i)];
        const std::string at = std::string(key) + "[" + std::to_string(i) + "]";
        if (isFlat) {
            if (!row.is_number()) r.fail(at, "must be a number (got " + row.dump() + ")");
            m(i, 0) = row.get<double>();
            continue;
        }
        if (!row.is_array() || static_cast<Eigen::Index>(row.size()) != d)
            r.fail(at, "must be a list of " + std::to_string(d) + " numbers, like " + key + "[0] (got " +
                           (row.is_array() ? std::to_string(row.size()) + " values" : row.dump()) + ")");
        for (Eigen::Index j = 0; j < d; ++j) {
            const json& x = row[static_cast<size_t>(j)];
            if (!x.is_number()) r.fail(at + "[" + std::to_string(j) + "]", "must be a number (got " + x.dump() + ")");
            m(i, j) = x.get<double>();
        }
    }
    return m;
}

Dataset inlineData(Reader& r) {
    const RowMatrixXd x = matrix(r, "X", false, nullptr);
    bool flat = false;
    const RowMatrixXd y = matrix(r, "y", true, &flat);
    if (y.rows() != x.rows())
        r.fail("y", "has " + std::to_string(y.rows()) + " entries but X has " + std::to_string(x.rows()) + " rows");
    RowMatrixXd xt, yt;
    const bool hasTest = r.get("X_test") != nullptr;
    if (hasTest != (r.get("y_test") != nullptr))
        r.fail(hasTest ? "y_test" : "X_test", "missing (give both or neither)");
    if (hasTest) {
        bool testFlat = false;
        xt = matrix(r, "X_test", false, nullptr);
        yt = matrix(r, "y_test", true, &testFlat);
        if (xt.cols() != x.cols())
            r.fail("X_test",
                   "rows have " + std::to_string(xt.cols()) + " values but X rows have " + std::to_string(x.cols()));
        if (yt.rows() != xt.rows() || yt.cols() != y.cols() || testFlat != flat)
            r.fail("y_test", "must match X_test in length and y in shape");
    }
    Dataset ds;
    ds.name = "inline";
    ds.X.resize(x.rows() + xt.rows(), x.cols());
    ds.X.topRows(x.rows()) = x;
    if (xt.rows()) ds.X.bottomRows(xt.rows()) = xt;
    ds.values.resize(y.rows() + yt.rows(), y.cols());
    ds.values.topRows(y.rows()) = y;
    if (yt.rows()) ds.values.bottomRows(yt.rows()) = yt;
    ds.numTest = xt.rows();
    for (Eigen::Index j = 0; j < ds.X.cols(); ++j) ds.featureNames.push_back("x" + std::to_string(j + 1));
    if (flat) {
        const bool indices = (ds.values.array() >= 0).all() && (ds.values.array() == ds.values.array().floor()).all() &&
                             ds.values.maxCoeff() < 100000;
        if (indices) {
            ds.labels = ds.values.col(0).cast<int>();
            ds.numClasses = ds.labels.maxCoeff() + 1;
            for (int k = 0; k < ds.numClasses; ++k) ds.classNames.push_back(std::to_string(k));
        }
    }
    return ds;
}

} // namespace

Dataset datasetFromJson(const json& data, const DataSpecOptions& options) {
    Reader r(data, options);
    if (!data.is_object()) r.fail("", "must be an object such as {\"name\": \"spirals\"} (got " + data.dump() + ")");

    Dataset ds;
    if (data.contains("X") || data.contains("y")) {
        ds = inlineData(r);
    } else if (data.contains("csv")) {
        CsvOptions csv;
        std::string file = r.string("csv", "");
        if (!options.baseDir.empty() && std::filesystem::path(file).is_relative())
            file = (std::filesystem::path(options.baseDir) / file).string();
        csv.labelColumn = r.string("label", "");
        csv.classes = r.strings("classes");
        csv.regression = r.boolean("regression", false);
        ds = loadCsv(file, csv);
    } else {
        const std::string name = r.string("name", "");
        if (name.empty()) r.fail("", "needs \"name\" (a dataset), \"csv\" (a file) or \"X\" and \"y\" (inline data)");
        if (name == "fashion_mnist") {
            FashionMnistOptions o;
            const std::string specDir = r.string("data_dir", "");
            o.dir = options.dataDir.empty() ? specDir : options.dataDir; // the command line wins
            o.maxTrain = r.integer("max_train", 0, 0, 60000);
            o.maxTest = r.integer("max_test", 0, 0, 10000);
            ds = loadFashionMnist(o);
        } else if (name == "polynomial") {
            PolynomialDataOptions o;
            if (const json* c = r.get("coefficients")) {
                if (!c->is_array() || c->empty()) r.fail("coefficients", "must be a non-empty list of numbers");
                o.coefficients.clear();
                for (const json& v : *c) {
                    if (!v.is_number()) r.fail("coefficients", "must be a list of numbers (got " + v.dump() + ")");
                    o.coefficients.push_back(v.get<double>());
                }
            }
            o.n = r.integer("n", o.n, 1, 10'000'000);
            o.nTest = r.integer("n_test", o.nTest, 0, 10'000'000);
            o.noise = r.number("noise", o.noise, 0, 1e6);
            o.seed = r.seed("seed", o.seed);
            o.xMin = r.number("x_min", o.xMin, -1e6, 1e6);
            o.xMax = r.number("x_max", o.xMax, -1e6, 1e6);
            if (!(o.xMin < o.xMax)) r.fail("x_max", "must be greater than x_min");
            ds = makePolynomialData(o);
        } else {
            SyntheticKind kind;
            try {
                kind = parseSyntheticKind(name);
            } catch (const InputError& e) {
                r.fail("name", std::string(e.what()) + "; or fashion_mnist, polynomial");
            }
            SyntheticOptions o;
            o.n = r.integer("n", o.n, 2, 10'000'000);
            o.noise = r.number("noise", o.noise, 0, 100);
            o.seed = r.seed("seed", o.seed);
            ds = makeSynthetic(kind, o);
        }
    }
    const double testFraction = r.number("test_fraction", 0, 0, 0.99);
    const std::uint64_t splitSeed = r.seed("split_seed", 1);
    if (testFraction > 0) {
        if (ds.hasTest()) r.fail("test_fraction", "this data already has a test split");
        ds = splitTrainTest(std::move(ds), testFraction, splitSeed);
    }
    r.finish();
    return ds;
}

} // namespace dh
