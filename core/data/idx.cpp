// IDX reader (the MNIST file format: a big-endian header, then unsigned bytes) through zlib, which
// reads gzipped and plain files alike. Data is read in large chunks into a buffer that grows as data
// arrives, so a corrupt header announcing terabytes fails as "truncated" instead of allocating them.
#include "core/common/error.h"
#include "core/common/file_io.h"
#include "core/data/dataset.h"

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <future>
#include <unistd.h>

namespace dh {

namespace {

constexpr std::uint32_t kImageMagic = 0x00000803;
constexpr std::uint32_t kLabelMagic = 0x00000801;
constexpr const char* kInstallHint = "install it with: apt-get install dataset-fashion-mnist (or pass --data-dir)";

std::string hex(std::uint32_t v) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "0x%08X", v);
    return buf;
}

class GzReader {
public:
    explicit GzReader(const std::string& path) : m_path(path) {
        InputFile file(path, kMaxIdxFileBytes, "an IDX file"); // a regular file, not a directory or a FIFO
        const int fd = file.duplicateDescriptor();
        m_file = gzdopen(fd, "rb");
        if (!m_file) {
            ::close(fd);
            throw IoError(path + ": cannot open (out of memory)");
        }
        gzbuffer(m_file, 1 << 18); // before the first read: fewer, larger reads of the compressed file
    }
    ~GzReader() { gzclose(m_file); }
    GzReader(const GzReader&) = delete;
    GzReader& operator=(const GzReader&) = delete;

    // Reads up to n bytes; fewer only at the end of the data. Corrupt gzip data is an InputError.
    size_t read(std::uint8_t* dst, size_t n, const std::string& what) {
        size_t got = 0;
        while (got < n) {
            const auto chunk = static_cast<unsigned>(std::min<size_t>(n - got, size_t(1) << 24));
            const int r = gzread(m_file, dst + got, chunk);
            if (r < 0) {
                int code = 0;
                const char* msg = gzerror(m_file, &code);
                throw InputError(m_path + ": corrupt gzip data while reading " + what + " (" + msg + ")");
            }
            got += static_cast<size_t>(r);
            if (static_cast<unsigned>(r) < chunk) break;
        }
        return got;
    }

    // The header: magic number, then `dims` big-endian 32-bit sizes.
    std::vector<std::uint32_t> header(std::uint32_t magic, int dims, const char* kind) {
        std::uint8_t buf[4 * 4];
        const size_t got = read(buf, 4, "the magic number");
        if (got == 0) throw InputError(m_path + ": the file is empty (expected an IDX " + kind + " file)");
        if (got < 4)
            throw InputError(m_path + ": truncated header: " + std::to_string(got) +
                             " of the 4 bytes of the magic number");
        const std::uint32_t found = be32(buf);
        if (found != magic) {
            std::string msg =
                m_path + ": bad magic number " + hex(found) + " (expected " + hex(magic) + " for IDX " + kind + ")";
            if (found == kImageMagic || found == kLabelMagic)
                msg += "; this is an IDX " + std::string(found == kImageMagic ? "image" : "label") + " file";
            else if (buf[0] == 0x1f && buf[1] == 0x8b)
                msg += "; it looks like gzip data inside gzip data";
            throw InputError(msg);
        }
        const size_t want = 4 * static_cast<size_t>(dims);
        const size_t dimGot = read(buf, want, "the header");
        if (dimGot < want)
            throw InputError(m_path + ": truncated header: " + std::to_string(dimGot) + " of the " +
                             std::to_string(want) + " bytes of dimensions");
        std::vector<std::uint32_t> sizes;
        for (int d = 0; d < dims; ++d) sizes.push_back(be32(buf + 4 * d));
        return sizes;
    }

    // Reads exactly n bytes of payload, or throws naming how much is missing. With progress: reported
    // in 1 MB chunks, `itemBytes` bytes to an item (0: not counted as items).
    std::vector<std::uint8_t> payload(size_t n, const std::string& what, ReadProgress* progress = nullptr,
                                      size_t itemBytes = 0) {
        std::vector<std::uint8_t> data;
        if (progress) {
            progress->bytesTotal += std::int64_t(n);
            if (itemBytes) progress->itemsTotal += std::int64_t(n / itemBytes);
        }
        while (data.size() < n) {
            if (progress && progress->cancel && *progress->cancel) throw InputError(m_path + ": cancelled");
            // Grows with what arrives (1 MiB, then doubling up to 16 MiB a read, 1 MiB with progress): a
            // short file that announces 256 MiB costs 1 MiB, not 256.
            const size_t have = data.size();
            const size_t chunk = progress ? std::min(n - have, size_t(1) << 20)
                                          : std::min({n - have, std::max(have, size_t(1) << 20), size_t(1) << 24});
            data.resize(have + chunk);
            const size_t got = read(data.data() + have, chunk, what);
            if (got < chunk) {
                int code = 0;
                gzerror(m_file, &code);
                throw InputError(m_path + ": truncated " + what + ": expected " + std::to_string(n) + " bytes, got " +
                                 std::to_string(have + got) +
                                 (code == Z_BUF_ERROR ? " (the gzip stream ends early)" : ""));
            }
            if (progress) {
                progress->bytesRead += std::int64_t(got);
                if (itemBytes) progress->itemsRead += std::int64_t((have + got) / itemBytes - have / itemBytes);
            }
        }
        return data;
    }

    // After the announced data: anything more means the header undercounts.
    void expectEnd(const std::string& announced) {
        std::uint8_t extra;
        if (read(&extra, 1, "the end of the file") != 0)
            throw InputError(m_path + ": the file holds more data than its header announces (" + announced + ")");
        int code = 0;
        gzerror(m_file, &code);
        if (code == Z_BUF_ERROR) // all data arrived but the gzip trailer (CRC, length) is cut off
            throw InputError(m_path + ": truncated gzip stream: the file ends before the gzip trailer");
    }

private:
    static std::uint32_t be32(const std::uint8_t* p) {
        return std::uint32_t(p[0]) << 24 | std::uint32_t(p[1]) << 16 | std::uint32_t(p[2]) << 8 | std::uint32_t(p[3]);
    }

    std::string m_path;
    gzFile m_file = nullptr;
};

// The data a header announces is read only up to kMaxIdxDataBytes (a gzip bomb stops there).
void checkPayload(const std::string& path, double bytes) {
    if (bytes > double(kMaxIdxDataBytes))
        throw InputError(path + ": the header announces " + std::to_string((long long)bytes) +
                         " bytes of data; the limit is " + formatBytes(kMaxIdxDataBytes));
}

Eigen::Index take(std::uint32_t inFile, Eigen::Index limit) {
    return limit > 0 ? std::min<Eigen::Index>(limit, inFile) : static_cast<Eigen::Index>(inFile);
}

} // namespace

IdxImages readIdxImages(const std::string& path, Eigen::Index limit, ReadProgress* progress) {
    GzReader in(path);
    const std::vector<std::uint32_t> dims = in.header(kImageMagic, 3, "images");
    IdxImages img;
    img.countInFile = dims[0];
    if (dims[1] < 1 || dims[1] > 4096 || dims[2] < 1 || dims[2] > 4096)
        throw InputError(path + ": implausible image size " + std::to_string(dims[1]) + "x" + std::to_string(dims[2]) +
                         " in the header");
    img.rows = static_cast<int>(dims[1]);
    img.cols = static_cast<int>(dims[2]);
    img.count = take(dims[0], limit);
    checkPayload(path, double(img.count) * dims[1] * dims[2]);
    const std::string announced =
        std::to_string(dims[0]) + " images of " + std::to_string(img.rows) + "x" + std::to_string(img.cols);
    img.pixels = in.payload(static_cast<size_t>(img.count) * dims[1] * dims[2], "pixel data (" + announced + ")",
                            progress, size_t(dims[1]) * dims[2]);
    if (img.count == img.countInFile) in.expectEnd(announced);
    return img;
}

IdxLabels readIdxLabels(const std::string& path, Eigen::Index limit, ReadProgress* progress) {
    GzReader in(path);
    const std::vector<std::uint32_t> dims = in.header(kLabelMagic, 1, "labels");
    IdxLabels out;
    out.countInFile = dims[0];
    const Eigen::Index count = take(dims[0], limit);
    checkPayload(path, double(count));
    const std::string announced = std::to_string(dims[0]) + " labels";
    out.labels = in.payload(static_cast<size_t>(count), "label data (" + announced + ")", progress);
    if (count == out.countInFile) in.expectEnd(announced);
    return out;
}

const std::vector<std::string>& fashionMnistClassNames() {
    static const std::vector<std::string> names = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                                   "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};
    return names;
}

namespace {

struct Split {
    IdxImages images;
    IdxLabels labels;
};

std::string findFile(const std::filesystem::path& dir, const std::string& stem) {
    for (const char* ext : {".gz", ""}) {
        const std::filesystem::path p = dir / (stem + ext);
        std::error_code ec;
        if (std::filesystem::is_regular_file(p, ec)) return p.string();
    }
    throw IoError("Fashion-MNIST: " + dir.string() + " has no " + stem + ".gz (nor " + stem + "); " + kInstallHint);
}

Split readSplit(const std::filesystem::path& dir, const std::string& prefix, Eigen::Index limit,
                ReadProgress* progress) {
    const std::string imagesPath = findFile(dir, prefix + "-images-idx3-ubyte");
    const std::string labelsPath = findFile(dir, prefix + "-labels-idx1-ubyte");
    Split s{readIdxImages(imagesPath, limit, progress), readIdxLabels(labelsPath, limit, progress)};
    if (s.images.rows != 28 || s.images.cols != 28)
        throw InputError(imagesPath + ": expected 28x28 images, got " + std::to_string(s.images.rows) + "x" +
                         std::to_string(s.images.cols));
    if (s.images.countInFile != s.labels.countInFile)
        throw InputError("Fashion-MNIST: " + imagesPath + " holds " + std::to_string(s.images.countInFile) +
                         " images but " + labelsPath + " holds " + std::to_string(s.labels.countInFile) + " labels");
    for (size_t i = 0; i < s.labels.labels.size(); ++i)
        if (s.labels.labels[i] >= 10)
            throw InputError(labelsPath + ": label " + std::to_string(s.labels.labels[i]) + " of item " +
                             std::to_string(i) + " is not a class 0..9");
    return s;
}

// A build without threads (the page) runs the "second thread"'s work on get(): std::launch::async
// would wait there forever for a thread that cannot start.
#ifdef DOWNHILL_NO_THREADS
constexpr std::launch kSecondThread = std::launch::deferred;
#else
constexpr std::launch kSecondThread = std::launch::async;
#endif

void toUnitRange(const std::uint8_t* src, double* dst, size_t count) {
    constexpr double scale = 1.0 / 255.0;
    for (size_t i = 0; i < count; ++i) dst[i] = src[i] * scale;
}

} // namespace

Dataset loadFashionMnist(const FashionMnistOptions& options) {
    const std::filesystem::path dir = options.dir.empty() ? std::string(kFashionMnistDir) : options.dir;
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec))
        throw IoError("Fashion-MNIST: no directory " + dir.string() + "; " + kInstallHint);
    if (options.maxTrain < 0 || options.maxTest < 0)
        throw InputError("Fashion-MNIST: maxTrain and maxTest must be >= 0 (0 = all)");

    // The training images are 85% of the work: decompress them on a second thread.
    std::future<Split> trainFuture =
        std::async(kSecondThread, [&] { return readSplit(dir, "train", options.maxTrain, options.progress); });
    const Split test = readSplit(dir, "t10k", options.maxTest, options.progress);
    const Split train = trainFuture.get();

    Dataset ds;
    ds.name = "fashion_mnist";
    ds.numClasses = 10;
    ds.classNames = fashionMnistClassNames();
    ds.imageRows = ds.imageCols = 28;
    for (int r = 0; r < 28; ++r)
        for (int c = 0; c < 28; ++c) ds.featureNames.push_back("px_" + std::to_string(r) + "_" + std::to_string(c));
    const Eigen::Index nTrain = train.images.count, nTest = test.images.count;
    ds.numTest = nTest;
    ds.X.resize(nTrain + nTest, 28 * 28);
    ds.labels.resize(nTrain + nTest);
    for (Eigen::Index i = 0; i < nTrain; ++i) ds.labels[i] = train.labels.labels[static_cast<size_t>(i)];
    for (Eigen::Index i = 0; i < nTest; ++i) ds.labels[nTrain + i] = test.labels.labels[static_cast<size_t>(i)];
    // Scaling writes ~440 MB of doubles: half of the training rows on another thread.
    const size_t half = static_cast<size_t>(nTrain / 2) * 784;
    std::future<void> firstHalf =
        std::async(kSecondThread, [&] { toUnitRange(train.images.pixels.data(), ds.X.data(), half); });
    toUnitRange(train.images.pixels.data() + half, ds.X.data() + half, train.images.pixels.size() - half);
    toUnitRange(test.images.pixels.data(), ds.X.data() + train.images.pixels.size(), test.images.pixels.size());
    firstHalf.get();
    return ds;
}

} // namespace dh
