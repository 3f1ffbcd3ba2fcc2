// libFuzzer target: the IDX reader (plain or gzipped, as zlib reads both) through a real file
// descriptor (a memfd: the reader opens files by path). The first byte picks images or labels and a
// read limit. Any bytes are data or an InputError, never a crash or an allocation of what a corrupt
// header announces.
#include "core/common/error.h"
#include "core/data/dataset.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <sys/mman.h>
#include <unistd.h>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    static const int fd = memfd_create("fuzz-idx", 0);
    if (fd < 0) return 0;
    if (ftruncate(fd, 0) != 0 || pwrite(fd, data + 1, size - 1, 0) != ssize_t(size - 1)) return 0;
    const std::string path = "/proc/self/fd/" + std::to_string(fd);
    const Eigen::Index limit = data[0] & 0x7f;
    try {
        if (data[0] & 0x80)
            dh::readIdxLabels(path, limit);
        else
            dh::readIdxImages(path, limit);
    } catch (const dh::InputError&) {
    }
    return 0;
}
