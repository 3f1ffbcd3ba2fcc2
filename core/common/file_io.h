// Files in and out, safely. Inputs are checked before they are read: a regular file (a symbolic link
// to one is followed) no larger than its limit, read with at most limit + 1 bytes. Outputs are written
// atomically: a temporary file beside the destination, renamed over it only when complete, so nothing
// a user saves is ever left half-written. Every failure is an IoError naming the path (exit code 1,
// core/common/error.h).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace dh {

inline constexpr size_t kDefaultReadLimit = size_t(64) << 20; // 64 MiB, for reads that name no limit of their own

// "16 MiB" / "512 KiB" / "100 bytes": limits in messages.
std::string formatBytes(size_t bytes);

// An open input file that passed the checks: a regular file (not a directory, device, FIFO or socket)
// of at most maxBytes bytes. IoError names the path and, for a file over the limit, what the limit is
// for ("what": "a scene", "a CSV file") and the limit.
class InputFile {
public:
    InputFile(const std::string& path, size_t maxBytes, const char* what = "a file");
    ~InputFile();
    InputFile(const InputFile&) = delete;
    InputFile& operator=(const InputFile&) = delete;

    size_t size() const { return m_size; } // as stat reported it when opened
    // Up to n bytes; fewer only at the end of the file. IoError on a read error.
    size_t read(void* dst, size_t n);
    // Everything from the current position, at most the limit (reads limit + 1 bytes to notice a
    // file that grew past it after the check). maxBytes and what may narrow the limit and rename it.
    std::vector<unsigned char> readAll(size_t maxBytes = size_t(-1), const char* what = nullptr);
    void seek(size_t offset); // the next read starts at this byte
    // A new descriptor for the same open file (the caller owns it), e.g. for zlib's gzdopen.
    int duplicateDescriptor() const;
    const std::string& path() const { return m_path; }

private:
    [[noreturn]] void tooLarge(size_t limit) const;
    std::string m_path;
    std::string m_what;
    size_t m_limit;
    size_t m_size = 0;
    int m_fd = -1;
};

// The whole file, checked as InputFile does.
std::vector<unsigned char> readFileBytes(const std::string& path, size_t maxBytes = kDefaultReadLimit,
                                         const char* what = "a file");
std::string readFileText(const std::string& path, size_t maxBytes = kDefaultReadLimit, const char* what = "a file");

// Where writing `path` replaces a file: path itself when it is absent or a regular file; for a symbolic
// link, what it finally points to (followed link by link, so the link stays a link and its target gets
// the new contents). IoError naming path when that is a directory, a device, a FIFO or a socket.
std::string resolveOutputPath(const std::string& path);

// An output file written atomically into resolveOutputPath(path): data goes to a new temporary file
// beside it (created exclusively, never through an existing name), which replaces the destination on
// commit(). An existing destination keeps its permission bits. Without commit() (an exception, an
// abandoned export) the temporary file is removed and the destination is untouched.
class AtomicOutput {
public:
    explicit AtomicOutput(const std::string& path);
    ~AtomicOutput();
    AtomicOutput(const AtomicOutput&) = delete;
    AtomicOutput& operator=(const AtomicOutput&) = delete;

    int descriptor() const { return m_fd; } // of the temporary file (owned by this object)
    void write(const void* data, size_t size);
    void commit(); // fsync, close, rename over the destination
    const std::string& target() const { return m_target; }

private:
    [[noreturn]] void fail(const std::string& what, int error);
    std::string m_path, m_target, m_tmp;
    int m_fd = -1;
};

void writeFileAtomic(const std::string& path, const void* data, size_t size);
inline void writeFileAtomic(const std::string& path, const std::string& text) {
    writeFileAtomic(path, text.data(), text.size());
}

// Where one output makes sense, "-" means standard output: the data is written there and flushed
// (checkStandardOutput); any other path is written with writeFileAtomic.
void writeOutput(const std::string& path, const void* data, size_t size);

// Flushes std::cout and stdout; IoError "standard output: write error (...)" when any write to them
// failed (a full disk, a closed pipe). Commands call it before exiting 0.
void checkStandardOutput();

} // namespace dh
