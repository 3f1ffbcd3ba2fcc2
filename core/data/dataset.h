// Datasets for the network lab, the fitting lab and `downhill train`.
//
// A Dataset holds every sample in one row-major matrix, training rows first and test rows last
// (numTest rows, 0 = no test split). Row-major because a minibatch is a gather of rows: one image
// is 784 contiguous values. Targets are class indices (classification, numClasses > 0) or real
// values (regression, numClasses == 0; one column per output).
//
// Synthetic 2D sets: noise-free points lie in [-1, 1]^2 (TensorFlow Playground's pictures scaled by
// 1/5, so unit-scale inputs suit Xavier/He initialisation); `noise` is the standard deviation of
// Gaussian jitter added to each coordinate, in the same units, so a view of [-1.5, 1.5]^2 shows every
// point for noise <= 0.15. Every generator draws from std::mt19937_64 through our own uniform and
// normal transforms (std::*_distribution differs between standard libraries), so a seed gives the
// same points everywhere (up to the last bit of libm's sin/cos/log).
//
// Bad input (unknown names, bad files, bad options) throws dh::InputError with a message that names
// the file, the line and the column (or the option) and what is wrong.
#pragma once

#include <Eigen/Core>
#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

namespace dh {

using RowMatrixXd = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using RowMatrixXf = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

struct Dataset {
    std::string name;                      // "spirals", "fashion_mnist", "data.csv", ...
    RowMatrixXd X;                         // n x d features, row = sample; train rows, then test rows
    Eigen::VectorXi labels;                // n class indices in [0, numClasses); empty for regression
    RowMatrixXd values;                    // n x k real targets (regression); empty for classification
    int numClasses = 0;                    // 0 = regression
    Eigen::Index numTest = 0;              // the last numTest rows are the test split (0 = none)
    std::vector<std::string> featureNames; // d names ("x1", "x2"; "px_r_c" for images)
    std::vector<std::string> classNames;   // numClasses names (Fashion-MNIST: "T-shirt/top", ...)
    int imageRows = 0, imageCols = 0;      // image data (28 x 28): row-major pixels; 0 = not images

    Eigen::Index size() const { return X.rows(); }
    Eigen::Index numFeatures() const { return X.cols(); }
    Eigen::Index numTrain() const { return X.rows() - numTest; }
    bool isClassification() const { return numClasses > 0; }
    bool hasTest() const { return numTest > 0; }
    bool isImage() const { return imageRows > 0 && imageCols > 0; }

    // Views (no copy) of the two splits. Use the *Values views for regression, *Labels otherwise.
    Eigen::Ref<const RowMatrixXd> trainX() const { return X.topRows(numTrain()); }
    Eigen::Ref<const RowMatrixXd> testX() const { return X.bottomRows(numTest); }
    Eigen::Ref<const Eigen::VectorXi> trainLabels() const { return labels.head(labels.size() ? numTrain() : 0); }
    Eigen::Ref<const Eigen::VectorXi> testLabels() const { return labels.tail(labels.size() ? numTest : 0); }
    Eigen::Ref<const RowMatrixXd> trainValues() const { return values.topRows(values.rows() ? numTrain() : 0); }
    Eigen::Ref<const RowMatrixXd> testValues() const { return values.bottomRows(values.rows() ? numTest : 0); }

    // A float copy of the features (~0.1 s for Fashion-MNIST), e.g. ds.Xf().topRows(ds.numTrain()).
    RowMatrixXf Xf() const { return X.cast<float>(); }
};

// Shuffles all rows with a seeded Fisher-Yates (our own, deterministic) and marks the last
// round(testFraction * n) rows (at most n - 1) as the test split. An existing split is discarded first.
// testFraction in [0, 1), else InputError.
Dataset splitTrainTest(Dataset data, double testFraction, std::uint64_t seed);
// Rows in the given order (labels/values follow); numTest = 0. For previews and subsampling.
Dataset selectRows(const Dataset& data, const std::vector<Eigen::Index>& rows);

// ---- synthetic 2D classification (synthetic.cpp) ----

enum class SyntheticKind { Circle, Xor, Gaussians, Spirals, Moons };

struct SyntheticOptions {
    Eigen::Index n = 256;   // points in total; the two classes get n/2 each (class 0 the odd one)
    double noise = 0.1;     // std. dev. of Gaussian jitter per coordinate (>= 0)
    std::uint64_t seed = 1; // std::mt19937_64 seed
};

// Two classes, labels 0/1, rows in shuffled order, featureNames {"x1", "x2"}, no test split.
//   circle     class 1 inside radius 0.5, class 0 in the ring 0.7..1 (radius and angle uniform)
//   xor        uniform in [-1, 1]^2 kept 0.06 away from the axes; class 1 where x1*x2 > 0
//   gaussians  class 1 ~ N((0.5, 0.5), 0.15^2 I), class 0 ~ N((-0.5, -0.5), 0.15^2 I)
//   spirals    two arms r = i/m, angle 3.5 pi i/m (+ pi for class 1), evenly spaced along each arm
//   moons      scikit-learn's make_moons, centred and scaled by 2/3: x1 in [-1, 1], x2 in [-0.5, 0.5]
Dataset makeSynthetic(SyntheticKind kind, const SyntheticOptions& options = {});
// By the names used in train specs and scenes: circle, xor, gaussians, spirals, moons.
Dataset makeSynthetic(const std::string& name, const SyntheticOptions& options = {});
const char* syntheticName(SyntheticKind kind);
SyntheticKind parseSyntheticKind(const std::string& name); // InputError listing the valid names
const std::vector<std::string>& syntheticNames();

// ---- 1D polynomial regression, the fitting lab (polyfit.cpp) ----

struct PolynomialDataOptions {
    std::vector<double> coefficients = {0, -1, 0, 2}; // c0 + c1 x + c2 x^2 + ...: 2x^3 - x by default
    Eigen::Index n = 15;                              // training points
    Eigen::Index nTest = 100;                         // test points from the same distribution (0 = none)
    double noise = 0.2;                               // std. dev. of Gaussian noise added to y
    double xMin = -1, xMax = 1;                       // x uniform in [xMin, xMax]
    std::uint64_t seed = 1;
};

// X is n x 1 (x), values n x 1 (y); training rows in increasing x, then the test rows.
Dataset makePolynomialData(const PolynomialDataOptions& options = {});

// Columns t^0, t^1, ..., t^degree of t = (2x - xMin - xMax) / (xMax - xMin), which maps [xMin, xMax]
// onto [-1, 1] so that degree 12 stays well conditioned.
RowMatrixXd polynomialFeatures(const Eigen::Ref<const Eigen::VectorXd>& x, int degree, double xMin = -1,
                               double xMax = 1);

struct PolyFitOptions {
    int degree = 3;             // 0..30
    double ridge = 0;           // lambda >= 0: minimises ||A w - y||^2 + lambda ||w_{1..}||^2 (intercept free)
    double xMin = -1, xMax = 1; // the scaling of polynomialFeatures
};

struct PolyFit {
    Eigen::VectorXd coefficients; // in the scaled variable t (see polynomialFeatures), t^0 first
    double trainMse = 0;          // mean of squared residuals (no 1/2)
    double testMse = 0;           // NaN when there is no test data
    int degree = 0;
    double xMin = -1, xMax = 1;

    double predict(double x) const;
    Eigen::VectorXd predict(const Eigen::Ref<const Eigen::VectorXd>& x) const;
};

// Least squares through column-pivoting QR (no normal equations), ridge by augmenting the system.
// Sizes must match (InputError); degree >= number of points is allowed (a minimum-norm-ish fit).
PolyFit fitPolynomial(const Eigen::Ref<const Eigen::VectorXd>& xTrain, const Eigen::Ref<const Eigen::VectorXd>& yTrain,
                      const Eigen::Ref<const Eigen::VectorXd>& xTest, const Eigen::Ref<const Eigen::VectorXd>& yTest,
                      const PolyFitOptions& options);
// On a 1-feature regression Dataset (makePolynomialData): train rows fit, test rows scored.
PolyFit fitPolynomial(const Dataset& data, const PolyFitOptions& options);

// ---- CSV (csv.cpp) ----

struct CsvOptions {
    std::string labelColumn;          // the label column by header name; empty = the last column
    std::vector<std::string> classes; // allowed labels, in class-index order; empty = any (see below)
    bool regression = false;          // the label column is a real number -> values (numClasses = 0)
    char delimiter = ',';
};

// A header line, then one row per sample; every column except the label is a number. Labels:
// with `classes` given, each label must be one of them (its index is the class); otherwise, when every
// label is a non-negative integer, the label is the class index (numClasses = max + 1, names "0", ...);
// otherwise labels are strings, numbered in order of first appearance. Fields may be "quoted" ("" is a
// quote); CRLF line ends, a UTF-8 BOM, and blank lines are accepted. Errors name the line and column:
//   data.csv:7: expected 3 columns, got 2
//   data.csv:12, column 'x2': 'abc' is not a number
// Caps (InputError): rows × features within core/nn/limits.h's kMaxDataValues, at most kMaxCsvClasses
// classes. loadCsv refuses files over kMaxCsvFileBytes, directories and devices (IoError, exit code 1).
inline constexpr size_t kMaxCsvFileBytes = size_t(16) << 20;
inline constexpr int kMaxCsvClasses = 1000;
Dataset loadCsv(const std::string& path, const CsvOptions& options = {});
// The same from text in memory; sourceName stands for the file name in messages.
Dataset parseCsv(const std::string& text, const std::string& sourceName, const CsvOptions& options = {});

// ---- IDX files and Fashion-MNIST (idx.cpp) ----

// Where Debian's dataset-fashion-mnist package puts the files.
inline constexpr const char* kFashionMnistDir = "/usr/share/datasets/fashion-mnist";
// T-shirt/top, Trouser, Pullover, Dress, Coat, Sandal, Shirt, Sneaker, Bag, Ankle boot.
const std::vector<std::string>& fashionMnistClassNames();

// How far a read of IDX files has come, for a progress bar in another thread, and a way to stop it.
// Totals grow as the files' headers are read (the train and test files are read at the same time).
struct ReadProgress {
    std::atomic<std::int64_t> bytesRead{0}, bytesTotal{0}; // of the payloads (pixels and labels)
    std::atomic<std::int64_t> itemsRead{0}, itemsTotal{0}; // images
    const std::atomic<bool>* cancel = nullptr; // when it becomes true the read stops: InputError "cancelled"
};

struct IdxImages {
    std::vector<std::uint8_t> pixels; // count * rows * cols bytes, image after image, row-major
    Eigen::Index count = 0;           // images read (at most the limit)
    Eigen::Index countInFile = 0;     // images the header announces
    int rows = 0, cols = 0;
};

struct IdxLabels {
    std::vector<std::uint8_t> labels; // labels read (at most the limit)
    Eigen::Index countInFile = 0;     // labels the header announces
};

// Reads an IDX file, gzipped or not (zlib reads both). `limit` > 0 reads at most that many items.
// Checks the magic number (0x00000803 images, 0x00000801 labels), the dimensions and that the file
// holds all the data it announces (when read without a limit, also that it holds no more); a short or
// corrupt file is an InputError naming the file and what is short, never a crash.
// The file must be a regular file of at most kMaxIdxFileBytes (else IoError) announcing at most
// kMaxIdxDataBytes of data (else InputError, before any is read).
// Progress (may be null) counts the payload's bytes, and for images the images read.
inline constexpr size_t kMaxIdxFileBytes = size_t(256) << 20;
inline constexpr size_t kMaxIdxDataBytes = size_t(256) << 20; // Fashion-MNIST's training images: 45 MiB
IdxImages readIdxImages(const std::string& path, Eigen::Index limit = 0, ReadProgress* progress = nullptr);
IdxLabels readIdxLabels(const std::string& path, Eigen::Index limit = 0, ReadProgress* progress = nullptr);

struct FashionMnistOptions {
    std::string dir;                  // empty = kFashionMnistDir; files *-idx?-ubyte.gz or without .gz
    Eigen::Index maxTrain = 0;        // read only the first maxTrain training images (0 = all 60,000)
    Eigen::Index maxTest = 0;         // the same for the 10,000 test images
    ReadProgress* progress = nullptr; // reported here while reading (may be null)
};

// 60,000 training rows then 10,000 test rows (numTest), 784 pixels each scaled to [0, 1], labels
// 0..9, imageRows = imageCols = 28, name "fashion_mnist". Image/label counts must match and labels must
// be < 10. A missing directory or file is an IoError that says: install it with: apt-get install dataset-fashion-mnist
// (or pass --data-dir). Takes ~0.6 s on this 2-core machine (train and test files are decompressed on two threads).
Dataset loadFashionMnist(const FashionMnistOptions& options = {});

} // namespace dh
