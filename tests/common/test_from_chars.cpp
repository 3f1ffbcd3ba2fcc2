// fromChars' fallback (strtod with from_chars' rules, for standard libraries without floating-point
// from_chars, like the page's) against std::from_chars itself.
#include "core/common/from_chars.h"

#include <cmath>
#include <gtest/gtest.h>
#include <string>

using namespace dh;

#if defined(__cpp_lib_to_chars)
TEST(FromChars, TheStrtodFallbackAgreesWithStdFromChars) {
    for (std::string text : {"1.5",
                             "-0.25",
                             "1e-3",
                             "2E+5",
                             ".5",
                             "5.",
                             "0",
                             "-0",
                             "123456789012345678901234567890",
                             "0.1000000000000000055511151231257827",
                             "1e",
                             "1e+",
                             "1.5x",
                             "0x10",
                             "inf",
                             "-infinity",
                             "nan",
                             "1e400",
                             "-1e400",
                             "",
                             "-",
                             "+1",
                             " 1",
                             "abc",
                             "e5",
                             ".",
                             "--1"}) {
        double expected = -7, actual = -7;
        const char* first = text.data();
        const char* last = first + text.size();
        const std::from_chars_result a = std::from_chars(first, last, expected);
        const std::from_chars_result b = fromCharsViaStrtod(first, last, actual);
        EXPECT_EQ(int(b.ec), int(a.ec)) << '"' << text << '"';
        EXPECT_EQ(b.ptr - first, a.ptr - first) << '"' << text << '"';
        if (a.ec != std::errc()) {
            EXPECT_EQ(actual, -7) << '"' << text << '"'; // untouched on failure
        } else if (std::isnan(expected)) {
            EXPECT_TRUE(std::isnan(actual)) << '"' << text << '"';
        } else {
            EXPECT_EQ(actual, expected) << '"' << text << '"';
        }
    }
}
#endif
