#include "core/common/error.h"
#include "core/data/dataset.h"
#include "core/data/random.h"

#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>

namespace dh {
namespace {

namespace fs = std::filesystem;
using Bytes = std::vector<std::uint8_t>;

void put32(Bytes& b, std::uint32_t v) {
    for (int s = 24; s >= 0; s -= 8) b.push_back(static_cast<std::uint8_t>(v >> s));
}

// An IDX image file of `count` images; pixel k of image i is (7 i + k) mod 256.
Bytes imageFile(std::uint32_t count, std::uint32_t rows = 28, std::uint32_t cols = 28, std::uint32_t magic = 0x803) {
    Bytes b;
    put32(b, magic);
    put32(b, count);
    put32(b, rows);
    put32(b, cols);
    for (std::uint32_t i = 0; i < count; ++i)
        for (std::uint32_t k = 0; k < rows * cols; ++k) b.push_back(static_cast<std::uint8_t>((7 * i + k) % 256));
    return b;
}

// An IDX label file; label i is i mod 10.
Bytes labelFile(std::uint32_t count, std::uint32_t magic = 0x801) {
    Bytes b;
    put32(b, magic);
    put32(b, count);
    for (std::uint32_t i = 0; i < count; ++i) b.push_back(static_cast<std::uint8_t>(i % 10));
    return b;
}

Bytes gzipped(const Bytes& raw) {
    // Tests run as parallel processes (ctest -j): a name of this process only.
    const fs::path tmp = fs::path(::testing::TempDir()) / ("dh_idx_gzip." + std::to_string(::getpid()) + ".tmp");
    gzFile f = gzopen(tmp.c_str(), "wb");
    gzwrite(f, raw.data(), static_cast<unsigned>(raw.size()));
    gzclose(f);
    std::ifstream in(tmp, std::ios::binary);
    Bytes out((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    fs::remove(tmp);
    return out;
}

void writeFile(const fs::path& path, const Bytes& bytes) {
    std::ofstream(path, std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

class Idx : public ::testing::Test {
protected:
    void SetUp() override {
        m_dir = fs::path(::testing::TempDir()) /
                ("dh_idx_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
        fs::remove_all(m_dir);
        fs::create_directories(m_dir);
    }
    void TearDown() override { fs::remove_all(m_dir); }

    std::string file(const std::string& name, const Bytes& bytes) {
        writeFile(m_dir / name, bytes);
        return (m_dir / name).string();
    }
    // A Fashion-MNIST-shaped directory: `train` and `test` images with matching labels.
    void fashionDir(std::uint32_t train, std::uint32_t test, bool gz) {
        const std::string ext = gz ? ".gz" : "";
        auto maybe = [&](const Bytes& b) { return gz ? gzipped(b) : b; };
        file("train-images-idx3-ubyte" + ext, maybe(imageFile(train)));
        file("train-labels-idx1-ubyte" + ext, maybe(labelFile(train)));
        file("t10k-images-idx3-ubyte" + ext, maybe(imageFile(test)));
        file("t10k-labels-idx1-ubyte" + ext, maybe(labelFile(test)));
    }
    // The message of the InputError that f throws.
    template <typename F>
    static std::string errorOf(F&& f) {
        try {
            f();
        } catch (const InputError& e) {
            return e.what();
        }
        ADD_FAILURE() << "no InputError";
        return "";
    }

    fs::path m_dir;
};

#define EXPECT_HAS(haystack, needle) EXPECT_NE(std::string(haystack).find(needle), std::string::npos) << (haystack)

TEST_F(Idx, ReadsPlainAndGzippedImagesAndLabels) {
    for (bool gz : {false, true}) {
        const Bytes raw = imageFile(5, 3, 4);
        const IdxImages img = readIdxImages(file("img", gz ? gzipped(raw) : raw));
        EXPECT_EQ(img.count, 5);
        EXPECT_EQ(img.countInFile, 5);
        EXPECT_EQ(img.rows, 3);
        EXPECT_EQ(img.cols, 4);
        ASSERT_EQ(img.pixels.size(), 60u);
        EXPECT_EQ(img.pixels[13], (7 * 1 + 1) % 256);
        const IdxLabels lab = readIdxLabels(file("lab", gz ? gzipped(labelFile(25)) : labelFile(25)));
        ASSERT_EQ(lab.labels.size(), 25u);
        EXPECT_EQ(lab.labels[23], 3);
        // A limit reads only the first items.
        const IdxImages two = readIdxImages(file("img", gz ? gzipped(raw) : raw), 2);
        EXPECT_EQ(two.count, 2);
        EXPECT_EQ(two.countInFile, 5);
        EXPECT_EQ(two.pixels.size(), 24u);
        EXPECT_EQ(readIdxLabels(file("lab", labelFile(25)), 100).labels.size(), 25u);
    }
}

TEST_F(Idx, BadMagicNumbers) {
    const std::string wrong = file("img", imageFile(2, 28, 28, 0x804));
    EXPECT_HAS(errorOf([&] { readIdxImages(wrong); }), wrong + ": bad magic number 0x00000804 (expected 0x00000803");
    const std::string labels = file("lab", labelFile(3));
    EXPECT_HAS(errorOf([&] { readIdxImages(labels); }), "this is an IDX label file");
    const std::string images = file("img2", imageFile(1));
    EXPECT_HAS(errorOf([&] { readIdxLabels(images); }), "bad magic number 0x00000803 (expected 0x00000801");
    const std::string text = file("txt", Bytes{'h', 'e', 'l', 'l', 'o', '\n'});
    EXPECT_HAS(errorOf([&] { readIdxImages(text); }), "bad magic number 0x68656C6C");
}

TEST_F(Idx, TruncatedHeaders) {
    const Bytes full = imageFile(1);
    const std::string empty = file("empty", {});
    EXPECT_EQ(errorOf([&] { readIdxImages(empty); }), empty + ": the file is empty (expected an IDX images file)");
    const std::string magic = file("magic", Bytes(full.begin(), full.begin() + 3));
    EXPECT_EQ(errorOf([&] { readIdxImages(magic); }),
              magic + ": truncated header: 3 of the 4 bytes of the magic number");
    const std::string dims = file("dims", Bytes(full.begin(), full.begin() + 9));
    EXPECT_EQ(errorOf([&] { readIdxImages(dims); }), dims + ": truncated header: 5 of the 12 bytes of dimensions");
    const std::string gz = file("dims.gz", gzipped(Bytes(full.begin(), full.begin() + 9)));
    EXPECT_EQ(errorOf([&] { readIdxImages(gz); }), gz + ": truncated header: 5 of the 12 bytes of dimensions");
}

TEST_F(Idx, TruncatedData) {
    Bytes raw = imageFile(5);
    raw.resize(raw.size() - 392); // half an image short
    const std::string path = file("img", raw);
    EXPECT_EQ(errorOf([&] { readIdxImages(path); }),
              path + ": truncated pixel data (5 images of 28x28): expected 3920 bytes, got 3528");
    const std::string gz = file("img.gz", gzipped(raw));
    EXPECT_EQ(errorOf([&] { readIdxImages(gz); }),
              gz + ": truncated pixel data (5 images of 28x28): expected 3920 bytes, got 3528");
    Bytes labels = labelFile(10);
    labels.pop_back();
    const std::string lab = file("lab", labels);
    EXPECT_EQ(errorOf([&] { readIdxLabels(lab); }),
              lab + ": truncated label data (10 labels): expected 10 bytes, got 9");
    // A header announcing 2^32 - 1 images is refused before anything is read or allocated.
    Bytes huge = imageFile(1);
    huge[4] = huge[5] = huge[6] = huge[7] = 0xFF;
    const std::string hugePath = file("huge", huge);
    EXPECT_EQ(errorOf([&] { readIdxImages(hugePath); }),
              hugePath + ": the header announces 3367254359280 bytes of data; the limit is 256 MiB");
    // Within the limit, a header that promises more than the file holds fails as truncated.
    huge[4] = huge[5] = 0;
    huge[6] = 0x10;
    huge[7] = 0;
    const std::string shortPath = file("short", huge);
    EXPECT_HAS(errorOf([&] { readIdxImages(shortPath); }), "truncated pixel data (4096 images of 28x28)");
}

TEST_F(Idx, TruncatedGzipStream) {
    const Bytes gz = gzipped(imageFile(50));
    const std::string path = file("cut.gz", Bytes(gz.begin(), gz.begin() + static_cast<long>(gz.size() / 2)));
    const std::string msg = errorOf([&] { readIdxImages(path); });
    EXPECT_HAS(msg, path + ": truncated pixel data (50 images of 28x28)");
    EXPECT_HAS(msg, "(the gzip stream ends early)");
}

TEST_F(Idx, ImplausibleDimensionsAndExtraData) {
    const std::string zero = file("zero", imageFile(0, 0, 28));
    EXPECT_EQ(errorOf([&] { readIdxImages(zero); }), zero + ": implausible image size 0x28 in the header");
    Bytes raw = imageFile(2);
    raw.push_back(1);
    const std::string extra = file("extra", raw);
    EXPECT_EQ(errorOf([&] { readIdxImages(extra); }),
              extra + ": the file holds more data than its header announces (2 images of 28x28)");
    // With a limit the rest of the file is not read.
    EXPECT_EQ(readIdxImages(extra, 1).count, 1);
}

// Every prefix of a good file and many random corruptions of it: each one loads or is an InputError,
// never a crash (run this under ASan to see out-of-bounds reads).
TEST_F(Idx, NeverCrashesOnCorruptFiles) {
    for (bool gz : {false, true}) {
        const Bytes raw = imageFile(3, 5, 5);
        const Bytes good = gz ? gzipped(raw) : raw;
        for (size_t len = 0; len < good.size(); ++len) {
            const std::string path = file("prefix", Bytes(good.begin(), good.begin() + static_cast<long>(len)));
            EXPECT_THROW(readIdxImages(path), InputError) << "prefix of " << len << " bytes";
        }
        Rng rng(gz ? 11 : 12);
        int errors = 0;
        for (int trial = 0; trial < 300; ++trial) {
            Bytes bad = good;
            const int flips = 1 + static_cast<int>(rng.below(4));
            for (int k = 0; k < flips; ++k) bad[rng.below(bad.size())] ^= static_cast<std::uint8_t>(1 + rng.below(255));
            const std::string path = file("fuzz", bad);
            try {
                const IdxImages img = readIdxImages(path);
                EXPECT_EQ(img.pixels.size(), static_cast<size_t>(img.count) * img.rows * img.cols);
            } catch (const InputError& e) {
                ++errors;
                EXPECT_HAS(e.what(), path);
            }
        }
        EXPECT_GT(errors, gz ? 200 : 50); // plain files: only header flips are detectable
    }
}

TEST_F(Idx, FashionDirectoryGzippedAndPlain) {
    for (bool gz : {true, false}) {
        fs::remove_all(m_dir);
        fs::create_directories(m_dir);
        fashionDir(7, 3, gz);
        const Dataset d = loadFashionMnist({m_dir.string()});
        EXPECT_EQ(d.name, "fashion_mnist");
        EXPECT_EQ(d.size(), 10);
        EXPECT_EQ(d.numTrain(), 7);
        EXPECT_EQ(d.numTest, 3);
        EXPECT_EQ(d.numFeatures(), 784);
        EXPECT_EQ(d.imageRows, 28);
        EXPECT_EQ(d.imageCols, 28);
        EXPECT_TRUE(d.isImage());
        EXPECT_EQ(d.numClasses, 10);
        EXPECT_EQ(d.classNames, fashionMnistClassNames());
        EXPECT_EQ(d.classNames[9], "Ankle boot");
        EXPECT_EQ(d.featureNames.size(), 784u);
        EXPECT_EQ(d.featureNames[29], "px_1_1");
        EXPECT_EQ(d.labels[6], 6);
        EXPECT_EQ(d.testLabels()[2], 2);
        // Pixel k of training image i is (7 i + k) mod 256, scaled to [0, 1].
        EXPECT_DOUBLE_EQ(d.X(4, 100), ((7 * 4 + 100) % 256) / 255.0);
        EXPECT_DOUBLE_EQ(d.testX()(2, 300), ((7 * 2 + 300) % 256) / 255.0);
        EXPECT_DOUBLE_EQ(d.X.minCoeff(), 0.0);
        EXPECT_DOUBLE_EQ(d.X.maxCoeff(), 1.0);
    }
    const Dataset few = loadFashionMnist({m_dir.string(), 4, 1});
    EXPECT_EQ(few.numTrain(), 4);
    EXPECT_EQ(few.numTest, 1);
    EXPECT_DOUBLE_EQ(few.X(4, 5), ((0 + 5) % 256) / 255.0); // the first test image
}

TEST_F(Idx, FashionCountMismatchAndBadLabels) {
    fashionDir(7, 3, true);
    file("t10k-labels-idx1-ubyte.gz", gzipped(labelFile(4)));
    EXPECT_HAS(errorOf([&] { loadFashionMnist({m_dir.string()}); }), "t10k-images-idx3-ubyte.gz holds 3 images but ");
    EXPECT_HAS(errorOf([&] { loadFashionMnist({m_dir.string()}); }), "t10k-labels-idx1-ubyte.gz holds 4 labels");

    Bytes labels = labelFile(3);
    labels[8 + 1] = 10;
    file("t10k-labels-idx1-ubyte.gz", gzipped(labels));
    EXPECT_EQ(errorOf([&] { loadFashionMnist({m_dir.string()}); }),
              (m_dir / "t10k-labels-idx1-ubyte.gz").string() + ": label 10 of item 1 is not a class 0..9");

    file("t10k-labels-idx1-ubyte.gz", gzipped(labelFile(3)));
    file("t10k-images-idx3-ubyte.gz", gzipped(imageFile(3, 32, 32)));
    EXPECT_EQ(errorOf([&] { loadFashionMnist({m_dir.string()}); }),
              (m_dir / "t10k-images-idx3-ubyte.gz").string() + ": expected 28x28 images, got 32x32");
}

TEST_F(Idx, FashionMissingDirectoryOrFilesSaysHowToInstall) {
    // A missing dataset is a file that cannot be used: IoError (exit code 1), not bad content.
    const std::string missing = (m_dir / "nowhere").string();
    auto ioErrorOf = [](auto&& f) -> std::string {
        try {
            f();
        } catch (const IoError& e) {
            return e.what();
        }
        ADD_FAILURE() << "no IoError";
        return "";
    };
    EXPECT_EQ(ioErrorOf([&] { loadFashionMnist({missing}); }),
              "Fashion-MNIST: no directory " + missing +
                  "; install it with: apt-get install dataset-fashion-mnist (or pass --data-dir)");
    fashionDir(2, 2, true);
    fs::remove(m_dir / "train-labels-idx1-ubyte.gz");
    const std::string msg = ioErrorOf([&] { loadFashionMnist({m_dir.string()}); });
    EXPECT_HAS(msg, "has no train-labels-idx1-ubyte.gz (nor train-labels-idx1-ubyte)");
    EXPECT_HAS(msg, "install it with: apt-get install dataset-fashion-mnist");
}

TEST(FashionMnist, TheRealDatasetLoads) {
    if (!fs::exists(std::string(kFashionMnistDir) + "/train-images-idx3-ubyte.gz"))
        GTEST_SKIP() << "dataset-fashion-mnist is not installed";
    const Dataset d = loadFashionMnist();
    EXPECT_EQ(d.numTrain(), 60000);
    EXPECT_EQ(d.numTest, 10000);
    EXPECT_EQ(d.numFeatures(), 784);
    EXPECT_EQ(d.X.minCoeff(), 0.0);
    EXPECT_EQ(d.X.maxCoeff(), 1.0);
    EXPECT_GE(d.labels.minCoeff(), 0);
    EXPECT_LE(d.labels.maxCoeff(), 9);
    // Balanced: 6,000 training and 1,000 test images per class; the first of each is an ankle boot.
    for (int c = 0; c < 10; ++c) {
        EXPECT_EQ((d.trainLabels().array() == c).count(), 6000) << c;
        EXPECT_EQ((d.testLabels().array() == c).count(), 1000) << c;
    }
    EXPECT_EQ(d.labels[0], 9);
    EXPECT_EQ(d.testLabels()[0], 9);
    // Images are mostly background: the mean pixel is ~0.29.
    EXPECT_NEAR(d.trainX().mean(), 0.286, 0.01);
}

} // namespace
} // namespace dh
