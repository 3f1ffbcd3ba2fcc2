#include "core/common/error.h"
#include "core/data/dataset.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace dh {
namespace {

// The message of the InputError that parsing `text` throws ("" when it does not throw).
std::string errorOf(const std::string& text, const CsvOptions& options = {}) {
    try {
        parseCsv(text, "data.csv", options);
    } catch (const InputError& e) {
        return e.what();
    }
    return "";
}

TEST(Csv, ReadsFeaturesAndStringLabelsInOrderOfFirstAppearance) {
    const Dataset d = parseCsv("x1,x2,species\n1,2,setosa\n3.5, -4e-1 ,virginica\n5,6,setosa\n", "iris.csv");
    EXPECT_EQ(d.name, "iris.csv");
    EXPECT_EQ(d.size(), 3);
    EXPECT_EQ(d.featureNames, (std::vector<std::string>{"x1", "x2"}));
    EXPECT_EQ(d.classNames, (std::vector<std::string>{"setosa", "virginica"}));
    EXPECT_EQ(d.numClasses, 2);
    EXPECT_EQ(d.labels, Eigen::Vector3i(0, 1, 0));
    EXPECT_DOUBLE_EQ(d.X(1, 0), 3.5);
    EXPECT_DOUBLE_EQ(d.X(1, 1), -0.4);
    EXPECT_DOUBLE_EQ(d.X(2, 1), 6);
    EXPECT_FALSE(d.hasTest());
}

TEST(Csv, IntegerLabelsAreClassIndices) {
    const Dataset d = parseCsv("a,b,y\n0,0,2\n1,0,0\n0,1,1\n", "d.csv");
    EXPECT_EQ(d.labels, Eigen::Vector3i(2, 0, 1));
    EXPECT_EQ(d.numClasses, 3);
    EXPECT_EQ(d.classNames, (std::vector<std::string>{"0", "1", "2"}));
}

TEST(Csv, NegativeIntegerLabelsAreNames) {
    const Dataset d = parseCsv("a,y\n0,1\n1,-1\n2,1\n", "d.csv");
    EXPECT_EQ(d.classNames, (std::vector<std::string>{"1", "-1"}));
    EXPECT_EQ(d.labels, Eigen::Vector3i(0, 1, 0));
}

TEST(Csv, LabelColumnByNameAnywhere) {
    const Dataset d = parseCsv("y,x1,x2\nb,1,2\na,3,4\n", "d.csv", CsvOptions{"y", {}, false, ','});
    EXPECT_EQ(d.featureNames, (std::vector<std::string>{"x1", "x2"}));
    EXPECT_EQ(d.X(1, 1), 4);
    EXPECT_EQ(d.classNames, (std::vector<std::string>{"b", "a"}));
}

TEST(Csv, GivenClassesFixTheOrder) {
    CsvOptions o;
    o.classes = {"cat", "dog", "frog"};
    const Dataset d = parseCsv("x,label\n1,dog\n2,frog\n", "d.csv", o);
    EXPECT_EQ(d.labels, Eigen::Vector2i(1, 2));
    EXPECT_EQ(d.numClasses, 3);
    EXPECT_EQ(d.classNames, o.classes);
}

TEST(Csv, Regression) {
    CsvOptions o;
    o.regression = true;
    const Dataset d = parseCsv("x,y\n1,2.5\n2,-1e3\n", "d.csv", o);
    EXPECT_EQ(d.numClasses, 0);
    EXPECT_EQ(d.labels.size(), 0);
    EXPECT_EQ(d.values.rows(), 2);
    EXPECT_DOUBLE_EQ(d.values(1, 0), -1000);
    EXPECT_EQ(errorOf("x,y\n1,2\n2,big\n", o), "data.csv:3, column 'y': 'big' is not a number");
}

TEST(Csv, QuotesCrlfBomAndBlankLines) {
    const std::string text = "\xEF\xBB\xBF\"x 1\",x2,\"kind\"\r\n"
                             "1,\"2\",\"big, \"\"red\"\"\"\r\n"
                             "\r\n"
                             "3,4,small\r\n"
                             "\r\n\r\n  \n";
    const Dataset d = parseCsv(text, "d.csv");
    EXPECT_EQ(d.featureNames, (std::vector<std::string>{"x 1", "x2"}));
    EXPECT_EQ(d.size(), 2);
    EXPECT_EQ(d.classNames, (std::vector<std::string>{"big, \"red\"", "small"}));
    EXPECT_EQ(d.X(0, 1), 2);
    EXPECT_EQ(d.X(1, 0), 3);
}

TEST(Csv, RaggedRowNamesTheLine) {
    EXPECT_EQ(errorOf("x1,x2,y\n1,2,a\n3,4,b\n5,6,a\n7,8,b\n9,1,a\n2,a\n"), "data.csv:7: expected 3 columns, got 2");
    EXPECT_EQ(errorOf("x1,x2,y\n1,2,a,4\n"), "data.csv:2: expected 3 columns, got 4");
    // Blank lines and CRLF do not shift the line numbers.
    EXPECT_EQ(errorOf("x1,x2,y\r\n\r\n1,2,a\r\n\r\n1\r\n"), "data.csv:5: expected 3 columns, got 1");
}

TEST(Csv, TextInANumberColumnNamesLineAndColumn) {
    std::string text = "x1,x2,y\n";
    for (int i = 2; i < 12; ++i) text += "1,2,a\n";
    text += "1,abc,b\n";
    EXPECT_EQ(errorOf(text), "data.csv:12, column 'x2': 'abc' is not a number");
    EXPECT_EQ(errorOf("x1,x2,y\n1,,a\n"), "data.csv:2, column 'x2': empty value (expected a number)");
    EXPECT_EQ(errorOf("x1,x2,y\n1,2x,a\n"), "data.csv:2, column 'x2': '2x' is not a number");
    EXPECT_EQ(errorOf("x1,x2,y\nnan,2,a\n"), "data.csv:2, column 'x1': 'nan' is not a finite number");
    EXPECT_EQ(errorOf("x1,x2,y\n1,inf,a\n"), "data.csv:2, column 'x2': 'inf' is not a finite number");
}

TEST(Csv, EmptyFileAndMissingHeader) {
    EXPECT_EQ(errorOf(""), "data.csv: the file is empty (expected a header line and data rows)");
    EXPECT_EQ(errorOf("\n \r\n\n"), "data.csv: the file is empty (expected a header line and data rows)");
    EXPECT_EQ(errorOf("1,2,0\n3,4,1\n"),
              "data.csv:1: missing header: the first line must name the columns, but it holds only numbers");
    EXPECT_EQ(errorOf("x1,x2,y\n"), "data.csv: no data rows after the header");
    EXPECT_EQ(errorOf("y\na\nb\n"), "data.csv:1: expected feature columns and a label column, got only 'y'");
}

TEST(Csv, LabelsOutsideTheClassesAndOtherLabelErrors) {
    CsvOptions o;
    o.classes = {"a", "b"};
    EXPECT_EQ(errorOf("x,label\n1,a\n2,b\n3,cat\n", o),
              "data.csv:4, column 'label': 'cat' is not one of the classes (a, b)");
    o = {};
    o.labelColumn = "class";
    EXPECT_EQ(errorOf("x,label\n1,a\n", o), "data.csv:1: no column named 'class' for the labels (columns: x, label)");
    EXPECT_EQ(errorOf("x,y\n1,a\n2,\n"), "data.csv:3, column 'y': empty label");
    EXPECT_EQ(errorOf("x,y\n1,a\n2,a\n"),
              "data.csv, column 'y': only one class ('a'); a classifier needs at least two");
}

TEST(Csv, QuoteErrors) {
    EXPECT_EQ(errorOf("x,y\n\"1,a\n"), "data.csv:2: a quoted field is not closed (quotes cannot span lines)");
    EXPECT_EQ(errorOf("x,y\n\"1\"2,a\n"), "data.csv:2, column 1: unexpected text after a closing quote");
}

TEST(Csv, LoadsFilesAndNamesMissingOnes) {
    const std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) / "dh_csv_test";
    std::filesystem::create_directories(dir);
    const std::string path = (dir / "points.csv").string();
    std::ofstream(path) << "x1,x2,label\n0.5,1,1\n-0.5,2,0\n";
    const Dataset d = loadCsv(path);
    EXPECT_EQ(d.name, "points.csv");
    EXPECT_EQ(d.size(), 2);
    EXPECT_EQ(d.labels, Eigen::Vector2i(1, 0));

    std::ofstream(path) << "x1,x2,label\n0.5,1,1\n-0.5,two,0\n";
    try {
        loadCsv(path);
        FAIL();
    } catch (const InputError& e) {
        EXPECT_EQ(std::string(e.what()), path + ":3, column 'x2': 'two' is not a number");
    }
    const std::string missing = (dir / "nope.csv").string();
    try {
        loadCsv(missing);
        FAIL();
    } catch (const IoError& e) { // a file that cannot be used, not bad content
        EXPECT_EQ(std::string(e.what()), missing + ": cannot open (No such file or directory)");
    }
    std::filesystem::remove_all(dir);
}

} // namespace
} // namespace dh

namespace dh {

// Issue 10, item 3: a label column of class indices cannot ask for a million classes.
TEST(Csv, ClassCountIsCapped) {
    try {
        parseCsv("x,label\n1,0\n2,999999\n", "data.csv");
        FAIL() << "no error";
    } catch (const InputError& e) {
        EXPECT_EQ(std::string(e.what()), "data.csv:3, column 'label': more than 1000 classes (the limit)");
    }
    EXPECT_EQ(parseCsv("x,label\n1,0\n2,999\n", "data.csv").numClasses, 1000);
}

} // namespace dh
