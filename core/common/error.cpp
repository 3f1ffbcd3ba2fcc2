#include "core/common/error.h"

#include <new>

namespace dh {

int exitCodeFor(const std::exception& e) {
    return dynamic_cast<const InputError*>(&e) ? kExitInput : kExitIo;
}

std::string messageFor(const std::exception& e) {
    if (dynamic_cast<const std::runtime_error*>(&e)) return e.what(); // ours, and "no display", "shader ..."
    if (dynamic_cast<const std::bad_alloc*>(&e)) return "out of memory";
    return std::string("internal error: ") + e.what();
}

} // namespace dh
