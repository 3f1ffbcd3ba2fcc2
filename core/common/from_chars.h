// std::from_chars for double, also where the standard library lacks it: emscripten 3.1.6's libc++ 14
// parses only integers. There it falls back to strtod (the page's C library has only the "C" locale, so
// the decimal point is always '.'), with from_chars' rules: no leading whitespace, '+' or hex prefix.
#pragma once

#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <string>
#include <system_error>

namespace dh {

// strtod with std::from_chars' rules (the fallback; on its own so that tests can compare the two).
inline std::from_chars_result fromCharsViaStrtod(const char* first, const char* last, double& value) {
    const std::string text(first, last);
    if (text.empty() || !(text[0] == '-' || text[0] == '.' || (text[0] >= '0' && text[0] <= '9') || text[0] == 'i' ||
                          text[0] == 'I' || text[0] == 'n' || text[0] == 'N'))
        return {first, std::errc::invalid_argument};
    const size_t hex = text.find_first_of("xX");
    const std::string parsed = hex == std::string::npos ? text : text.substr(0, hex);
    char* end = nullptr;
    errno = 0;
    const double v = std::strtod(parsed.c_str(), &end);
    if (end == parsed.c_str()) return {first, std::errc::invalid_argument};
    const char* ptr = first + (end - parsed.c_str());
    if (errno == ERANGE) return {ptr, std::errc::result_out_of_range};
    value = v;
    return {ptr, std::errc()};
}

inline std::from_chars_result fromChars(const char* first, const char* last, double& value) {
#if defined(__cpp_lib_to_chars)
    return std::from_chars(first, last, value);
#else
    return fromCharsViaStrtod(first, last, value);
#endif
}

} // namespace dh
