// libFuzzer target: the CSV reader, with the options picked by the first byte (label column by name,
// given classes, regression, delimiter). Any text is a Dataset or an InputError.
#include "core/common/error.h"
#include "core/data/dataset.h"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    dh::CsvOptions options;
    const uint8_t mode = data[0];
    if (mode & 1) options.labelColumn = "label";
    if (mode & 2) options.classes = {"a", "b", "0"};
    options.regression = (mode & 4) != 0;
    options.delimiter = (mode & 8) ? ';' : ',';
    const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
    try {
        dh::Dataset ds = dh::parseCsv(text, "fuzz.csv", options);
        if (ds.X.rows() != ds.size()) __builtin_trap();
    } catch (const dh::InputError&) {
    }
    return 0;
}
