// Sections: fields and numbers · the steps of parseCsv (lines, header, features, labels) · files.
#include "core/common/error.h"
#include "core/common/file_io.h"
#include "core/common/from_chars.h"
#include "core/data/dataset.h"
#include "core/nn/limits.h"

#include <charconv>
#include <cmath>
#include <map>
#include <string_view>

namespace dh {

namespace {

struct Row {
    int line = 0; // 1-based line number in the file
    std::vector<std::string> fields;
};

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

std::string at(const std::string& source, int line) {
    return source + ":" + std::to_string(line);
}

// Splits one line into fields. A field may be "quoted" (with "" for a quote inside); quotes cannot
// span lines. Unquoted fields are trimmed of spaces and tabs.
std::vector<std::string> splitFields(std::string_view line, char delim, const std::string& source, int lineNo) {
    std::vector<std::string> fields;
    size_t i = 0;
    for (;;) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t') && line[i] != delim) ++i;
        std::string field;
        if (i < line.size() && line[i] == '"') {
            ++i;
            for (;;) {
                if (i >= line.size())
                    throw InputError(at(source, lineNo) + ": a quoted field is not closed (quotes cannot span lines)");
                if (line[i] == '"') {
                    if (i + 1 < line.size() && line[i + 1] == '"') {
                        field += '"';
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                field += line[i++];
            }
            while (i < line.size() && (line[i] == ' ' || line[i] == '\t') && line[i] != delim) ++i;
            if (i < line.size() && line[i] != delim)
                throw InputError(at(source, lineNo) + ", column " + std::to_string(fields.size() + 1) +
                                 ": unexpected text after a closing quote");
        } else {
            const size_t end = std::min(line.find(delim, i), line.size());
            field = std::string(trim(line.substr(i, end - i)));
            i = end;
        }
        fields.push_back(std::move(field));
        if (i >= line.size()) break;
        ++i; // the delimiter
    }
    return fields;
}

bool parseNumber(const std::string& text, double& value) {
    const char* first = text.data();
    const char* last = text.data() + text.size();
    if (first != last && *first == '+') ++first;
    if (first == last) return false;
    const auto result = fromChars(first, last, value);
    return result.ec == std::errc() && result.ptr == last;
}

bool isIndex(const std::string& text, int& value) {
    if (text.empty() || text.size() > 6) return false;
    value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return false;
        value = value * 10 + (c - '0');
    }
    return true;
}

std::string join(const std::vector<std::string>& names) {
    std::string s;
    for (const std::string& n : names) s += (s.empty() ? "" : ", ") + n;
    return s;
}

std::string baseName(const std::string& path) {
    const size_t slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

// ---- the steps of parseCsv ----

// Lines, without CR and without blank lines; a UTF-8 byte order mark is dropped.
std::vector<Row> splitRows(const std::string& text, const std::string& source, char delimiter) {
    std::vector<Row> rows;
    std::string_view rest(text);
    if (rest.substr(0, 3) == "\xEF\xBB\xBF") rest.remove_prefix(3);
    int lineNo = 0;
    while (!rest.empty()) {
        const size_t nl = rest.find('\n');
        std::string_view line = rest.substr(0, nl);
        rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
        ++lineNo;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (trim(line).empty()) continue;
        rows.push_back({lineNo, splitFields(line, delimiter, source, lineNo)});
    }
    if (rows.empty()) throw InputError(source + ": the file is empty (expected a header line and data rows)");
    return rows;
}

// The column names (unnamed ones become "column N") and which one holds the labels.
struct Header {
    std::vector<std::string> names;
    size_t labelCol = 0;
};

Header readHeader(const std::vector<Row>& rows, const std::string& source, const CsvOptions& options) {
    const Row& header = rows.front();
    const size_t columns = header.fields.size();
    bool allNumbers = true;
    double v;
    for (const std::string& f : header.fields) allNumbers = allNumbers && parseNumber(f, v);
    if (allNumbers)
        throw InputError(at(source, header.line) +
                         ": missing header: the first line must name the columns, but it holds only numbers");
    Header h;
    h.names = header.fields;
    for (size_t c = 0; c < columns; ++c)
        if (h.names[c].empty()) h.names[c] = "column " + std::to_string(c + 1);
    h.labelCol = columns - 1;
    if (!options.labelColumn.empty()) {
        h.labelCol = columns;
        for (size_t c = 0; c < columns && h.labelCol == columns; ++c)
            if (h.names[c] == options.labelColumn) h.labelCol = c;
        if (h.labelCol == columns)
            throw InputError(at(source, header.line) + ": no column named '" + options.labelColumn +
                             "' for the labels (columns: " + join(h.names) + ")");
    }
    if (columns < 2)
        throw InputError(at(source, header.line) + ": expected feature columns and a label column, got only '" +
                         h.names[0] + "'");
    if (rows.size() < 2) throw InputError(source + ": no data rows after the header");
    nn::checkDataValues(double(rows.size() - 1), double(columns - 1), source);
    return h;
}

// The feature columns into ds.X (and their names); returns each row's label text.
std::vector<const std::string*> readFeatures(const std::vector<Row>& rows, const Header& h, const std::string& source,
                                             Dataset& ds) {
    const size_t columns = h.names.size();
    const auto n = static_cast<Eigen::Index>(rows.size() - 1);
    for (size_t c = 0; c < columns; ++c)
        if (c != h.labelCol) ds.featureNames.push_back(h.names[c]);
    ds.X.resize(n, static_cast<Eigen::Index>(columns - 1));
    std::vector<const std::string*> labelText(static_cast<size_t>(n));
    for (Eigen::Index i = 0; i < n; ++i) {
        const Row& row = rows[static_cast<size_t>(i) + 1];
        if (row.fields.size() != columns)
            throw InputError(at(source, row.line) + ": expected " + std::to_string(columns) + " columns, got " +
                             std::to_string(row.fields.size()));
        Eigen::Index j = 0;
        for (size_t c = 0; c < columns; ++c) {
            const std::string& f = row.fields[c];
            if (c == h.labelCol) {
                labelText[static_cast<size_t>(i)] = &f;
                continue;
            }
            double v = 0;
            const std::string where = at(source, row.line) + ", column '" + h.names[c] + "': ";
            if (f.empty()) throw InputError(where + "empty value (expected a number)");
            if (!parseNumber(f, v)) throw InputError(where + "'" + f + "' is not a number");
            if (!std::isfinite(v)) throw InputError(where + "'" + f + "' is not a finite number");
            ds.X(i, j++) = v;
        }
    }
    return labelText;
}

// Where row i's label sits, for messages: "data.csv:7, column 'label': ".
struct LabelColumn {
    const std::vector<Row>& rows;
    const std::vector<const std::string*>& text;
    std::string source, name;
    std::string where(size_t i) const { return at(source, rows[i + 1].line) + ", column '" + name + "': "; }
};

void readRegressionTargets(const LabelColumn& col, Dataset& ds) {
    ds.values.resize(static_cast<Eigen::Index>(col.text.size()), 1);
    for (size_t i = 0; i < col.text.size(); ++i) {
        const std::string& f = *col.text[i];
        double v = 0;
        if (!parseNumber(f, v)) throw InputError(col.where(i) + "'" + f + "' is not a number");
        if (!std::isfinite(v)) throw InputError(col.where(i) + "'" + f + "' is not a finite number");
        ds.values(static_cast<Eigen::Index>(i), 0) = v;
    }
}

void checkClassCount(const LabelColumn& col, size_t i, size_t classes) {
    if (classes > size_t(kMaxCsvClasses))
        throw InputError(col.where(i) + "more than " + std::to_string(kMaxCsvClasses) + " classes (the limit)");
}

// Labels as class indices: given classes, else non-negative integers, else names by first appearance.
void readClassLabels(const LabelColumn& col, const CsvOptions& options, Dataset& ds) {
    const size_t n = col.text.size();
    ds.labels.resize(static_cast<Eigen::Index>(n));
    if (!options.classes.empty()) {
        std::map<std::string, int> index;
        for (size_t k = 0; k < options.classes.size(); ++k) index.emplace(options.classes[k], static_cast<int>(k));
        for (size_t i = 0; i < n; ++i) {
            const auto it = index.find(*col.text[i]);
            if (it == index.end())
                throw InputError(col.where(i) + "'" + *col.text[i] + "' is not one of the classes (" +
                                 join(options.classes) + ")");
            ds.labels[static_cast<Eigen::Index>(i)] = it->second;
        }
        ds.classNames = options.classes;
        return;
    }
    bool indices = true;
    int maxIndex = 0;
    for (size_t i = 0; i < n && indices; ++i) {
        int v = 0;
        indices = isIndex(*col.text[i], v);
        if (indices) ds.labels[static_cast<Eigen::Index>(i)] = v, maxIndex = std::max(maxIndex, v);
        if (indices) checkClassCount(col, i, size_t(v) + 1);
    }
    if (indices) {
        for (int k = 0; k <= maxIndex; ++k) ds.classNames.push_back(std::to_string(k));
        return;
    }
    std::map<std::string, int> index;
    for (size_t i = 0; i < n; ++i) {
        const std::string& f = *col.text[i];
        if (f.empty()) throw InputError(col.where(i) + "empty label");
        const auto [it, added] = index.emplace(f, static_cast<int>(ds.classNames.size()));
        if (added) ds.classNames.push_back(f), checkClassCount(col, i, ds.classNames.size());
        ds.labels[static_cast<Eigen::Index>(i)] = it->second;
    }
}

} // namespace

Dataset parseCsv(const std::string& text, const std::string& source, const CsvOptions& options) {
    const std::vector<Row> rows = splitRows(text, source, options.delimiter);
    const Header header = readHeader(rows, source, options);
    Dataset ds;
    ds.name = baseName(source);
    const std::vector<const std::string*> labelText = readFeatures(rows, header, source, ds);
    const LabelColumn labels{rows, labelText, source, header.names[header.labelCol]};
    if (options.regression) {
        readRegressionTargets(labels, ds);
        return ds;
    }
    readClassLabels(labels, options, ds);
    ds.numClasses = static_cast<int>(ds.classNames.size());
    if (ds.numClasses < 2)
        throw InputError(source + ", column '" + labels.name + "': only one class ('" + ds.classNames[0] +
                         "'); a classifier needs at least two");
    return ds;
}

// ---- files ----

Dataset loadCsv(const std::string& path, const CsvOptions& options) {
    return parseCsv(readFileText(path, kMaxCsvFileBytes, "a CSV file"), path, options);
}

} // namespace dh
