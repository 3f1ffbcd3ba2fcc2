// Sections: messages · InputFile and whole-file reads · output paths · AtomicOutput · standard output.
#include "core/common/file_io.h"

#include "core/common/error.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <iostream>
#include <sys/stat.h>
#include <unistd.h>

namespace dh {
namespace {

std::string reason(int error) {
    return std::strerror(error);
}

// "a directory", "a FIFO", ...: what a non-regular file is, for messages.
const char* kindOf(mode_t mode) {
    if (S_ISDIR(mode)) return "a directory";
    if (S_ISCHR(mode)) return "a character device";
    if (S_ISBLK(mode)) return "a block device";
    if (S_ISFIFO(mode)) return "a FIFO";
    if (S_ISSOCK(mode)) return "a socket";
    return "not a regular file";
}

std::string directoryOf(const std::string& path) {
    const size_t slash = path.find_last_of('/');
    if (slash == std::string::npos) return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
}

} // namespace

// ---- messages ----

std::string formatBytes(size_t bytes) {
    if (bytes >= (size_t(1) << 20) && bytes % (size_t(1) << 20) == 0) return std::to_string(bytes >> 20) + " MiB";
    if (bytes >= 1024 && bytes % 1024 == 0) return std::to_string(bytes >> 10) + " KiB";
    return std::to_string(bytes) + " bytes";
}

// ---- InputFile and whole-file reads ----

InputFile::InputFile(const std::string& path, size_t maxBytes, const char* what)
    : m_path(path), m_what(what), m_limit(maxBytes) {
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) throw IoError(path + ": cannot open (" + reason(errno) + ")");
    if (!S_ISREG(st.st_mode)) throw IoError(path + ": is " + kindOf(st.st_mode) + ", not a file");
    if (uint64_t(st.st_size) > m_limit) tooLarge(m_limit);
    // O_NONBLOCK: should the name have become a FIFO since the stat, opening it must not wait for a writer.
    m_fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (m_fd < 0) throw IoError(path + ": cannot open (" + reason(errno) + ")");
    if (::fstat(m_fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(m_fd);
        throw IoError(path + ": is " + kindOf(st.st_mode) + ", not a file");
    }
    m_size = size_t(st.st_size);
    if (m_size > m_limit) {
        ::close(m_fd);
        tooLarge(m_limit);
    }
}

InputFile::~InputFile() {
    if (m_fd >= 0) ::close(m_fd);
}

void InputFile::tooLarge(size_t limit) const {
    throw IoError(m_path + ": larger than " + formatBytes(limit) + ", the limit for " + m_what);
}

size_t InputFile::read(void* dst, size_t n) {
    size_t got = 0;
    while (got < n) {
        const ssize_t r = ::read(m_fd, static_cast<char*>(dst) + got, n - got);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) throw IoError(m_path + ": read error (" + reason(errno) + ")");
        if (r == 0) break;
        got += size_t(r);
    }
    return got;
}

std::vector<unsigned char> InputFile::readAll(size_t maxBytes, const char* what) {
    const size_t limit = std::min(maxBytes, m_limit);
    if (what) m_what = what;
    if (m_size > limit) tooLarge(limit);
    std::vector<unsigned char> bytes(m_size + 1);
    size_t got = read(bytes.data(), bytes.size());
    while (got == bytes.size() && bytes.size() <= limit) { // the file grew since the stat
        bytes.resize(std::min(bytes.size() * 2, limit + 1));
        got += read(bytes.data() + got, bytes.size() - got);
    }
    if (got > limit) tooLarge(limit);
    bytes.resize(got);
    return bytes;
}

void InputFile::seek(size_t offset) {
    if (::lseek(m_fd, off_t(offset), SEEK_SET) < 0) throw IoError(m_path + ": seek error (" + reason(errno) + ")");
}

int InputFile::duplicateDescriptor() const {
    const int fd = ::fcntl(m_fd, F_DUPFD_CLOEXEC, 0);
    if (fd < 0) throw IoError(m_path + ": cannot open (" + reason(errno) + ")");
    return fd;
}

std::vector<unsigned char> readFileBytes(const std::string& path, size_t maxBytes, const char* what) {
    InputFile in(path, maxBytes, what);
    return in.readAll();
}

std::string readFileText(const std::string& path, size_t maxBytes, const char* what) {
    std::vector<unsigned char> bytes = readFileBytes(path, maxBytes, what);
    return std::string(bytes.begin(), bytes.end());
}

// ---- output paths ----

std::string resolveOutputPath(const std::string& path) {
    if (path.empty()) throw IoError("an empty output path");
    std::string p = path;
    for (int hops = 0; hops < 40; ++hops) {
        struct stat st;
        if (::lstat(p.c_str(), &st) != 0) {
            if (errno == ENOENT) return p; // created by the rename (a missing directory fails there)
            throw IoError(path + ": cannot write (" + reason(errno) + ")");
        }
        if (S_ISREG(st.st_mode)) return p;
        if (!S_ISLNK(st.st_mode)) {
            std::string where = p == path ? "" : " (the link points to " + p + ")";
            throw IoError(path + ": is " + kindOf(st.st_mode) + where + "; only a regular file is replaced");
        }
        std::string target(size_t(st.st_size > 0 ? st.st_size : 4096) + 1, '\0');
        const ssize_t n = ::readlink(p.c_str(), &target[0], target.size());
        if (n < 0) throw IoError(path + ": cannot read the link (" + reason(errno) + ")");
        target.resize(size_t(n));
        p = target.empty() || target[0] == '/' ? target : directoryOf(p) + "/" + target;
    }
    throw IoError(path + ": too many levels of symbolic links");
}

// ---- AtomicOutput ----

AtomicOutput::AtomicOutput(const std::string& path) : m_path(path), m_target(resolveOutputPath(path)) {
    static std::atomic<unsigned> counter{0};
    struct stat st;
    const bool replacing = ::stat(m_target.c_str(), &st) == 0;
    for (int attempt = 0; m_fd < 0; ++attempt) {
        m_tmp = m_target + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
        // O_EXCL: a new file, never an existing name (nor a link someone placed there).
        m_fd = ::open(m_tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (m_fd < 0 && (errno != EEXIST || attempt > 100))
            throw IoError(path + ": cannot write (" + reason(errno) + ")");
    }
    if (replacing) (void)::fchmod(m_fd, st.st_mode & 07777);
}

AtomicOutput::~AtomicOutput() {
    if (m_fd >= 0) ::close(m_fd);
    if (!m_tmp.empty()) ::unlink(m_tmp.c_str());
}

void AtomicOutput::fail(const std::string& what, int error) {
    if (m_fd >= 0) ::close(m_fd);
    m_fd = -1;
    ::unlink(m_tmp.c_str());
    m_tmp.clear();
    throw IoError(m_path + ": " + what + " (" + reason(error) + ")");
}

void AtomicOutput::write(const void* data, size_t size) {
    if (m_fd < 0) throw IoError(m_path + ": already closed");
    const char* p = static_cast<const char*>(data);
    while (size > 0) {
        const ssize_t w = ::write(m_fd, p, size);
        if (w < 0 && errno == EINTR) continue;
        if (w < 0) fail("write failed", errno);
        p += w;
        size -= size_t(w);
    }
}

void AtomicOutput::commit() {
    if (m_fd < 0) throw IoError(m_path + ": already closed");
    if (::fsync(m_fd) != 0) fail("write failed", errno);
    const int fd = m_fd;
    m_fd = -1;
    if (::close(fd) != 0) fail("write failed", errno);
    if (std::rename(m_tmp.c_str(), m_target.c_str()) != 0) fail("cannot replace it", errno);
    m_tmp.clear();
}

void writeFileAtomic(const std::string& path, const void* data, size_t size) {
    AtomicOutput out(path);
    out.write(data, size);
    out.commit();
}

// ---- standard output ----

void writeOutput(const std::string& path, const void* data, size_t size) {
    if (path != "-") {
        writeFileAtomic(path, data, size);
        return;
    }
    std::cout.flush();
    if (std::fwrite(data, 1, size, stdout) != size)
        throw IoError(std::string("standard output: write error (") + reason(errno) + ")");
    checkStandardOutput();
}

void checkStandardOutput() {
    errno = 0;
    std::cout.flush();
    bool failed = !std::cout;
    failed = std::fflush(stdout) != 0 || failed;
    failed = std::ferror(stdout) != 0 || failed;
    if (failed) throw IoError(std::string("standard output: write error") + (errno ? " (" + reason(errno) + ")" : ""));
}

} // namespace dh
