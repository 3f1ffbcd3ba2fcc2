#include "core/common/file_io.h"

#include "core/common/error.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <unistd.h>

namespace dh {

std::vector<unsigned char> readFileBytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path + ": cannot open (" + std::strerror(errno) + ")");
    std::vector<unsigned char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) throw InputError(path + ": read error");
    return bytes;
}

void writeFileAtomic(const std::string& path, const void* data, size_t size) {
    std::string tmp = path + ".tmp" + std::to_string(::getpid());
    FILE* f = std::fopen(tmp.c_str(), "wb");
    if (!f) throw InputError(path + ": cannot write (" + std::strerror(errno) + ")");
    bool ok = std::fwrite(data, 1, size, f) == size;
    ok = (std::fflush(f) == 0) && ok;
    ok = (::fsync(::fileno(f)) == 0) && ok;
    int closeResult = std::fclose(f);
    int err = errno;
    if (!ok || closeResult != 0) {
        std::remove(tmp.c_str());
        throw InputError(path + ": write failed (" + std::strerror(err) + ")");
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
        err = errno;
        std::remove(tmp.c_str());
        throw InputError(path + ": cannot replace (" + std::strerror(err) + ")");
    }
}

std::string readFileText(const std::string& path) {
    std::vector<unsigned char> bytes = readFileBytes(path);
    return std::string(bytes.begin(), bytes.end());
}

} // namespace dh
