// Errors by layer, and the exit-code contract of every command (README, "Command line"):
//
//   0  success; a run that diverges is a result, not an error
//   1  a file, device, display or other resource could not be used (IoError): missing or unreadable
//      files, directories or devices where a file was expected, files over a size limit, write
//      errors (a full disk, a closed standard output), no display or OpenGL; also running out of
//      memory and any unexpected internal failure
//   2  the content was invalid (InputError): a scene, spec, expression, CSV, IDX file or flag; a
//      request over a cap on work
//
// Both messages name what was wrong and where (a file, a JSON path, a flag, a column). A broken
// invariant is an assert, not an exception; divergence (NaN, Inf) is a state shown to the user.
#pragma once

#include <exception>
#include <ostream>
#include <stdexcept>
#include <string>

namespace dh {

inline constexpr int kExitOk = 0;
inline constexpr int kExitIo = 1;
inline constexpr int kExitInput = 2;

// Bad content from the user: exit code 2.
struct InputError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// A file, device or display that could not be used, including write errors: exit code 1.
struct IoError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// The exit code for an exception caught at the top of a command (InputError 2, everything else 1).
int exitCodeFor(const std::exception& e);
// Its message for the user: what() for our errors and other std::runtime_errors (no display, a shader
// that does not compile), "out of memory" for std::bad_alloc, "internal error: ..." for anything else.
std::string messageFor(const std::exception& e);

// The top of a command: returns body()'s exit code, or, when it throws, writes prefix + the message
// (and a newline) to err and returns the exception's exit code (an unknown exception: exit 1).
template <class Body>
int runReportingErrors(std::ostream& err, const std::string& prefix, Body&& body) {
    try {
        return body();
    } catch (const std::exception& e) {
        err << prefix << messageFor(e) << '\n';
        return exitCodeFor(e);
    } catch (...) {
        err << prefix << "internal error: an unknown exception\n";
        return kExitIo;
    }
}

} // namespace dh
