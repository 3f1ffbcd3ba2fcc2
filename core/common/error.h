// Errors by layer (STYLE.md §11): bad user input throws InputError with a message that names the
// input and what is wrong; broken invariants are asserts; divergence is a state, never an error.
#pragma once

#include <stdexcept>
#include <string>

namespace dh {

struct InputError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

} // namespace dh
