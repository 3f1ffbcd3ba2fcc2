// The expression parser: values and precedence, 1D detection, folding, error messages with their
// columns, limits, and hostile input (deep nesting, huge, binary, random) failing cleanly.
#include "core/autodiff/expr_parser.h"
#include "core/common/error.h"

#include <array>
#include <cmath>
#include <gtest/gtest.h>
#include <random>
#include <string>

namespace dh {
namespace {

double eval(const std::string& text, double x = 0, double y = 0) {
    ParsedExpr p = parseExpr(text);
    const double in[2] = {x, y};
    return p.tape.forward(in);
}

// The InputError message for text (fails the test when it parses).
std::string errorOf(const std::string& text, const ParseOptions& options = {}) {
    try {
        parseExpr(text, options);
    } catch (const InputError& e) {
        return e.what();
    }
    ADD_FAILURE() << "parsed without error: " << text;
    return "";
}

TEST(ExprParser, NumbersConstantsAndVariables) {
    EXPECT_EQ(eval("42"), 42.0);
    EXPECT_EQ(eval("1.5e-3"), 1.5e-3);
    EXPECT_EQ(eval("2E+2"), 200.0);
    EXPECT_EQ(eval(".5"), 0.5);
    EXPECT_EQ(eval("2."), 2.0);
    EXPECT_EQ(eval("pi"), M_PI);
    EXPECT_EQ(eval("e"), M_E);
    EXPECT_EQ(eval("x", 3, 4), 3.0);
    EXPECT_EQ(eval("y", 3, 4), 4.0);
    EXPECT_EQ(eval(" \t x  *\n y \r", 3, 4), 12.0);
}

TEST(ExprParser, Precedence) {
    EXPECT_EQ(eval("-x^2", 3), -9.0); // -(x^2)
    EXPECT_EQ(eval("-2^2"), -4.0);
    EXPECT_EQ(eval("2^3^2"), 512.0); // right-associative
    EXPECT_EQ(eval("(2^3)^2"), 64.0);
    EXPECT_EQ(eval("1-2-3"), -4.0); // left-associative
    EXPECT_EQ(eval("8/4/2"), 1.0);
    EXPECT_EQ(eval("2+3*4"), 14.0);
    EXPECT_EQ(eval("(2+3)*4"), 20.0);
    EXPECT_EQ(eval("2^-1"), 0.5);
    EXPECT_EQ(eval("2*-x", 3), -6.0);
    EXPECT_EQ(eval("--x", 3), 3.0);
    EXPECT_EQ(eval("+x", 3), 3.0);
    EXPECT_EQ(eval("x-y*2^2", 1, 2), -7.0);
    EXPECT_EQ(eval("2^x^2", 2), 16.0);
    EXPECT_EQ(eval("2**3**2"), 512.0); // Python's ** as a synonym of ^
    EXPECT_EQ(eval("-x**2*3", 2), -12.0);
}

TEST(ExprParser, Functions) {
    const double x = 0.7, y = -0.4;
    EXPECT_DOUBLE_EQ(eval("sin(x)+cos(y)", x, y), std::sin(x) + std::cos(y));
    EXPECT_DOUBLE_EQ(eval("tan(x)*exp(y)", x, y), std::tan(x) * std::exp(y));
    EXPECT_DOUBLE_EQ(eval("log(x)-sqrt(x)", x, y), std::log(x) - std::sqrt(x));
    EXPECT_DOUBLE_EQ(eval("abs(y)+tanh(y)", x, y), std::fabs(y) + std::tanh(y));
    EXPECT_DOUBLE_EQ(eval("sigmoid(y)", x, y), 1 / (1 + std::exp(-y)));
    EXPECT_EQ(eval("relu(x) + 10*relu(y)", x, y), x);
    EXPECT_EQ(eval("sign(x) + 10*sign(y) + 100*sign(x - x)", x, y), 1.0 - 10.0);
    EXPECT_EQ(eval("step(x) + 10*step(y) + 100*step(x - x)", x, y), 1.0); // step(0) = 0
    EXPECT_EQ(eval("min(x, y)", x, y), y);
    EXPECT_EQ(eval("max(x, y)", x, y), x);
    EXPECT_DOUBLE_EQ(eval("pow(x, y)", x, y), std::pow(x, y));
    EXPECT_DOUBLE_EQ(eval("x^y", x, y), std::pow(x, y));
    EXPECT_EQ(eval("pow(2, 10)"), 1024.0);
    EXPECT_DOUBLE_EQ(eval("sin(pi/2)"), 1.0);
    EXPECT_DOUBLE_EQ(eval("e^x", x), std::exp(x));
}

TEST(ExprParser, GradientsThroughTheParsedTape) {
    // d/dx and d/dy of a typed expression against the hand-derived gradient.
    ParsedExpr p = parseExpr("x^2*y + sin(x*y) - 3/y");
    const double x = 1.3, y = -0.8;
    double g[2];
    p.tape.valueGrad(x, y, g);
    EXPECT_NEAR(g[0], 2 * x * y + y * std::cos(x * y), 1e-14);
    EXPECT_NEAR(g[1], x * x + x * std::cos(x * y) + 3 / (y * y), 1e-14);
}

TEST(ExprParser, OneDimensionalDetection) {
    EXPECT_FALSE(parseExpr("x^2 - 2*x").usesY);
    EXPECT_FALSE(parseExpr("sin(x) + pi").usesY);
    EXPECT_FALSE(parseExpr("3").usesY);
    EXPECT_TRUE(parseExpr("x + y").usesY);
    EXPECT_TRUE(parseExpr("x + 0*y").usesY); // y occurs in the text
    EXPECT_TRUE(parseExpr("y").usesY);
    ParsedExpr p = parseExpr("x^3");
    EXPECT_EQ(p.tape.inputCount(), 2); // inputs x and y always exist
    double g[2];
    p.tape.valueGrad(2.0, 5.0, g);
    EXPECT_EQ(g[0], 12.0);
    EXPECT_EQ(g[1], 0.0);
}

TEST(ExprParser, TrivialExpressionsHaveGradients) {
    double g[2], H[4];
    const double in[2] = {2.0, 5.0};
    ParsedExpr px = parseExpr("x");
    EXPECT_EQ(px.tape.valueGrad(in, g), 2.0);
    EXPECT_EQ(g[0], 1.0);
    EXPECT_EQ(g[1], 0.0);
    ParsedExpr py = parseExpr("y");
    EXPECT_EQ(py.tape.valueGradHessian(in, g, H), 5.0);
    EXPECT_EQ(g[0], 0.0);
    EXPECT_EQ(g[1], 1.0);
    for (double h : H) EXPECT_EQ(h, 0.0);
    ParsedExpr pc = parseExpr("pi");
    EXPECT_EQ(pc.tape.valueGrad(in, g), M_PI);
    EXPECT_EQ(g[0], 0.0);
    EXPECT_EQ(g[1], 0.0);
}

TEST(ExprParser, ConstantsFoldAndSubexpressionsAreShared) {
    EXPECT_EQ(parseExpr("2*3+4^2-sin(0)").tape.size(), 3); // x, y, 22
    EXPECT_EQ(parseExpr("x^2 + x^2").tape.size(), 4);      // x, y, x², x²+x²
    ParsedExpr p = parseExpr("x*y");
    double g[2];
    EXPECT_EQ(p.tape.valueGrad(3.0, 4.0, g), 12.0);
    EXPECT_EQ(g[0], 4.0);
    EXPECT_EQ(g[1], 3.0);
}

TEST(ExprParser, ErrorsNameTheColumnAndWhatWasExpected) {
    struct Case {
        const char* text;
        const char* message;
    };
    const Case cases[] = {
        {"", "empty expression"},
        {"   ", "empty expression"},
        {"sin(x + y * 2", "expected ')' at column 14"},
        {"(x + y", "expected ')' at column 7"},
        {"(x y)", "expected ')' at column 4, got 'y'"},
        {"sinn(x)", "unknown function 'sinn' at column 1 (known: sin, cos, tan, exp, log, sqrt, abs, tanh, "
                    "sigmoid, relu, sign, step, min, max, pow)"},
        {"x + #", "unexpected character '#' at column 5"},
        {"x = 1", "unexpected character '=' at column 3"},
        {"sin(x, y)", "sin takes 1 argument, got 2 at column 1"},
        {"pow(x)", "pow takes 2 arguments, got 1 at column 1"},
        {"2 * cos()", "cos takes 1 argument, got 0 at column 5"},
        {"max(x y)", "expected ',' or ')' at column 7, got 'y'"},
        {"x +", "expected a number, x, y, a function or '(' at column 4"},
        {"x * * y", "expected a number, x, y, a function or '(' at column 5, got '*'"},
        {"x * / y", "expected a number, x, y, a function or '(' at column 5, got '/'"},
        {"2x", "expected an operator (+ - * / ^) at column 2, got 'x'"},
        {"x)", "unmatched ')' at column 2"},
        {"z + 1", "unknown name 'z' at column 1 (known: x, y, pi, e)"},
        {"sin x", "expected '(' after 'sin' at column 5, got 'x'"},
        {"1e999", "number out of range at column 1: 1e999"},
        {"x..5", "expected an operator (+ - * / ^) at column 2, got '.'"},
        {"1.2.3", "expected an operator (+ - * / ^) at column 4, got '.'"},
        {"()", "expected a number, x, y, a function or '(' at column 2, got ')'"},
        {"max(x,)", "expected a number, x, y, a function or '(' at column 7, got ')'"},
    };
    for (const Case& c : cases) EXPECT_EQ(errorOf(c.text), c.message) << "input: " << c.text;
}

TEST(ExprParser, LengthLimit) {
    std::string ok = "x";
    while (ok.size() + 2 <= 1000) ok += "+x";
    ASSERT_LE(ok.size(), 1000u);
    EXPECT_NO_THROW(parseExpr(ok));
    const std::string tooLong = ok + "+x+x";
    EXPECT_EQ(errorOf(tooLong), "expression too long: " + std::to_string(tooLong.size()) + " characters (limit 1000)");
    EXPECT_NO_THROW(parseExpr(tooLong, ParseOptions{5000, 64}));
    const std::string huge(1 << 20, 'x');
    EXPECT_NE(errorOf(huge).find("too long"), std::string::npos);
}

TEST(ExprParser, NestingLimit) {
    auto nested = [](int n) { return std::string(n, '(') + "x" + std::string(n, ')'); };
    EXPECT_EQ(eval(nested(64), 2), 2.0);
    EXPECT_EQ(errorOf(nested(65)), "expression nested too deeply at column 65 (limit 64)");
    EXPECT_NE(errorOf(std::string(500, '-') + "x").find("nested too deeply"), std::string::npos);
    std::string tower = "2";
    for (int i = 0; i < 200; ++i) tower += "^2";
    EXPECT_NE(errorOf(tower).find("nested too deeply"), std::string::npos);
    std::string calls;
    for (int i = 0; i < 100; ++i) calls += "sin(";
    calls += "x" + std::string(100, ')');
    EXPECT_NE(errorOf(calls).find("nested too deeply at column 260"), std::string::npos);
    // Deep nesting allowed by the options still parses (recursion is bounded by maxDepth).
    EXPECT_EQ(parseExpr(nested(300), ParseOptions{1000, 400}).tape.forward(std::array<double, 2>{5, 0}.data()), 5.0);
}

TEST(ExprParser, BinaryInputFailsWithTheColumn) {
    EXPECT_EQ(errorOf(std::string("x\0y", 3)), "unexpected byte 0x00 at column 2 (a control character)");
    EXPECT_EQ(errorOf(std::string("\0", 1)), "unexpected byte 0x00 at column 1 (a control character)");
    EXPECT_EQ(errorOf("x + \xC3\xA9"), "unexpected byte 0xC3 at column 5 (only ASCII characters are allowed)");
    EXPECT_EQ(errorOf("\x01x"), "unexpected byte 0x01 at column 1 (a control character)");
    EXPECT_EQ(errorOf("x\x7F"), "unexpected byte 0x7F at column 2 (a control character)");
    EXPECT_EQ(errorOf("\xFF\xFE"), "unexpected byte 0xFF at column 1 (only ASCII characters are allowed)");
}

// Random bytes and random strings over the grammar's alphabet: every input either parses to a tape
// that evaluates, or throws InputError; nothing else (no crash, no other exception; run under
// ASan/UBSan with DOWNHILL_SANITIZE for the strong form).
TEST(ExprParser, RandomInputParsesOrFailsCleanly) {
    std::mt19937 rng(12345);
    const std::string alphabet = "xy0123456789.eE+-*/^(),  sincoxptaqrlgbmhdw";
    const std::string tokens[] = {"x", "y", "2", "0.5", "1e-3", "pi",   "e",    "+",     "-",    "*", "/",
                                  "^", "(", ")", ",",   "sin(", "pow(", "max(", "sqrt(", "log(", " ", "sigmoid("};
    int parsed = 0, failed = 0;
    for (int trial = 0; trial < 20000; ++trial) {
        std::string s;
        const int kind = trial % 3;
        const int len = static_cast<int>(rng() % 40);
        for (int i = 0; i < len; ++i) {
            if (kind == 0)
                s += static_cast<char>(rng() % 256);
            else if (kind == 1)
                s += alphabet[rng() % alphabet.size()];
            else
                s += tokens[rng() % (sizeof tokens / sizeof tokens[0])];
        }
        try {
            ParsedExpr p = parseExpr(s);
            double g[2];
            p.tape.valueGrad(0.3, -0.7, g);
            ++parsed;
        } catch (const InputError& e) {
            EXPECT_NE(std::string(e.what()), "");
            ++failed;
        }
    }
    EXPECT_GT(parsed, 100); // the token generator does produce valid expressions
    EXPECT_GT(failed, 100);
}

TEST(ExprParser, FunctionNames) {
    const std::vector<std::string> expected = {"sin",     "cos",  "tan",  "exp",  "log", "sqrt", "abs", "tanh",
                                               "sigmoid", "relu", "sign", "step", "min", "max",  "pow"};
    EXPECT_EQ(exprFunctionNames(), expected);
}

} // namespace
} // namespace dh
