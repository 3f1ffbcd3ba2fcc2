// Recursive-descent parser for typed expressions, recording straight onto a Tape.
#include "core/autodiff/expr_parser.h"

#include "core/common/error.h"
#include "core/common/from_chars.h"

#include <charconv>
#include <cstdio>

namespace dh {

namespace {

struct FunctionInfo {
    const char* name;
    Op op;
    int arity;
};

// The one-argument functions, then pow, min and max (the order of exprFunctionNames()).
// clang-format off
const FunctionInfo kFunctions[] = {
#define DH_FUNCTION_INFO(op, name) {#name, Op::op, 1},
    DH_TAPE_FUNCTIONS(DH_FUNCTION_INFO)
#undef DH_FUNCTION_INFO
    {"min", Op::Min, 2}, {"max", Op::Max, 2}, {"pow", Op::Pow, 2},
};
// clang-format on

constexpr double kPi = 3.141592653589793238462643383279502884;
constexpr double kE = 2.718281828459045235360287471352662498;

bool isDigit(char c) {
    return c >= '0' && c <= '9';
}
bool isAlpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

std::string column(size_t pos) {
    return "column " + std::to_string(pos + 1);
}

std::string knownFunctionList() {
    std::string s;
    for (const FunctionInfo& f : kFunctions) s += (s.empty() ? "" : ", ") + std::string(f.name);
    return s;
}

[[noreturn]] void fail(const std::string& message) {
    throw InputError(message);
}

// Rejects what cannot be part of any expression before parsing, so binary input fails with the
// column of its first bad byte.
void checkBytes(const std::string& s) {
    for (size_t i = 0; i < s.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (c >= 0x80 || (c < 0x20 && !isSpace(static_cast<char>(c))) || c == 0x7F) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned>(c));
            fail(std::string("unexpected byte ") + hex + " at " + column(i) +
                 (c >= 0x80 ? " (only ASCII characters are allowed)" : " (a control character)"));
        }
        const char ch = static_cast<char>(c);
        const bool allowed = isDigit(ch) || isAlpha(ch) || isSpace(ch) || ch == '.' || ch == '+' || ch == '-' ||
                             ch == '*' || ch == '/' || ch == '^' || ch == '(' || ch == ')' || ch == ',';
        if (!allowed) fail(std::string("unexpected character '") + ch + "' at " + column(i));
    }
}

class Parser {
public:
    Parser(const std::string& text, const ParseOptions& options, ParsedExpr& out)
        : m_s(text), m_opt(options), m_out(out), m_tape(out.tape) {}

    void run() {
        if (static_cast<long>(m_s.size()) > m_opt.maxLength)
            fail("expression too long: " + std::to_string(m_s.size()) + " characters (limit " +
                 std::to_string(m_opt.maxLength) + ")");
        checkBytes(m_s);
        if (atEnd()) fail("empty expression");

        m_tape.clear();
        m_tape.reserve(static_cast<int>(m_s.size()) + 2);
        m_x = m_tape.input(0);
        m_y = m_tape.input(0);
        Var f = parseSum();
        if (!atEnd()) {
            if (m_s[m_pos] == ')') fail("unmatched ')' at " + column(m_pos));
            fail("expected an operator (+ - * / ^) at " + column(m_pos) + got());
        }
        m_tape.setOutput(f);
        m_tape.optimize();
        m_out.usesY = m_usesY;
    }

private:
    // Counts one level of nesting for as long as it lives.
    class Nest {
    public:
        Nest(Parser& p, size_t at) : m_p(p) {
            if (++m_p.m_depth > m_p.m_opt.maxDepth)
                fail("expression nested too deeply at " + column(at) + " (limit " + std::to_string(m_p.m_opt.maxDepth) +
                     ")");
        }
        ~Nest() { --m_p.m_depth; }
        Nest(const Nest&) = delete;
        Nest& operator=(const Nest&) = delete;

    private:
        Parser& m_p;
    };

    void skipSpace() {
        while (m_pos < m_s.size() && isSpace(m_s[m_pos])) ++m_pos;
    }
    bool atEnd() {
        skipSpace();
        return m_pos >= m_s.size();
    }
    // The next significant character, or '\0' at the end (NUL bytes were rejected up front).
    char peek() { return atEnd() ? '\0' : m_s[m_pos]; }
    // ", got 'c'" for the character at the cursor, nothing at the end.
    std::string got() { return atEnd() ? std::string() : std::string(", got '") + m_s[m_pos] + "'"; }

    Var parseSum() {
        Var lhs = parseProduct();
        for (char c = peek(); c == '+' || c == '-'; c = peek()) {
            ++m_pos;
            Var rhs = parseProduct();
            lhs = m_tape.record(c == '+' ? Op::Add : Op::Sub, lhs, rhs);
        }
        return lhs;
    }

    Var parseProduct() {
        Var lhs = parseUnary();
        for (char c = peek(); c == '*' || c == '/'; c = peek()) {
            ++m_pos;
            Var rhs = parseUnary();
            lhs = m_tape.record(c == '*' ? Op::Mul : Op::Div, lhs, rhs);
        }
        return lhs;
    }

    Var parseUnary() {
        const char c = peek();
        if (c != '-' && c != '+') return parsePower();
        Nest nest(*this, m_pos);
        ++m_pos;
        Var v = parseUnary();
        return c == '-' ? m_tape.record(Op::Neg, v) : v;
    }

    // The exponent is a unary, so ^ is right-associative and takes a sign: 2^3^2 = 2^9, 2^-1.
    Var parsePower() {
        Var base = parsePrimary();
        const bool caret = peek() == '^';
        const bool starStar = !caret && peek() == '*' && m_pos + 1 < m_s.size() && m_s[m_pos + 1] == '*';
        if (!caret && !starStar) return base;
        Nest nest(*this, m_pos);
        m_pos += caret ? 1 : 2;
        Var exponent = parseUnary();
        return m_tape.record(Op::Pow, base, exponent);
    }

    Var parsePrimary() {
        if (atEnd()) fail("expected a number, x, y, a function or '(' at " + column(m_pos));
        const char c = m_s[m_pos];
        if (isDigit(c) || (c == '.' && m_pos + 1 < m_s.size() && isDigit(m_s[m_pos + 1]))) return parseNumber();
        if (isAlpha(c)) return parseName();
        if (c == '(') {
            Nest nest(*this, m_pos);
            ++m_pos;
            Var v = parseSum();
            if (peek() != ')') fail("expected ')' at " + column(m_pos) + got());
            ++m_pos;
            return v;
        }
        fail("expected a number, x, y, a function or '(' at " + column(m_pos) + got());
    }

    Var parseNumber() {
        const size_t start = m_pos;
        size_t i = m_pos;
        while (i < m_s.size() && isDigit(m_s[i])) ++i;
        if (i < m_s.size() && m_s[i] == '.') {
            ++i;
            while (i < m_s.size() && isDigit(m_s[i])) ++i;
        }
        if (i < m_s.size() && (m_s[i] == 'e' || m_s[i] == 'E')) {
            size_t j = i + 1;
            if (j < m_s.size() && (m_s[j] == '+' || m_s[j] == '-')) ++j;
            if (j < m_s.size() && isDigit(m_s[j])) { // otherwise the 'e' is not part of the number
                while (j < m_s.size() && isDigit(m_s[j])) ++j;
                i = j;
            }
        }
        double value = 0;
        const char* first = m_s.data() + start;
        const char* last = m_s.data() + i;
        const std::from_chars_result r = fromChars(first, last, value);
        if (r.ec == std::errc::result_out_of_range)
            fail("number out of range at " + column(start) + ": " + std::string(first, last));
        if (r.ec != std::errc() || r.ptr != last) fail("malformed number at " + column(start));
        m_pos = i;
        return m_tape.constant(value);
    }

    Var parseName() {
        const size_t start = m_pos;
        while (m_pos < m_s.size() && (isAlpha(m_s[m_pos]) || isDigit(m_s[m_pos]))) ++m_pos;
        const std::string name = m_s.substr(start, m_pos - start);
        if (name == "x") return m_x;
        if (name == "y") {
            m_usesY = true;
            return m_y;
        }
        if (name == "pi") return m_tape.constant(kPi);
        if (name == "e") return m_tape.constant(kE);

        const FunctionInfo* fn = nullptr;
        for (const FunctionInfo& f : kFunctions)
            if (name == f.name) fn = &f;
        if (fn == nullptr) {
            if (peek() == '(')
                fail("unknown function '" + name + "' at " + column(start) + " (known: " + knownFunctionList() + ")");
            fail("unknown name '" + name + "' at " + column(start) + " (known: x, y, pi, e)");
        }
        if (peek() != '(') fail("expected '(' after '" + name + "' at " + column(m_pos) + got());
        Nest nest(*this, m_pos);
        ++m_pos;

        Var args[2];
        int count = 0;
        if (peek() != ')') {
            for (;;) {
                Var a = parseSum();
                if (count < 2) args[count] = a;
                ++count;
                if (peek() != ',') break;
                ++m_pos;
            }
        }
        if (peek() != ')')
            fail(std::string(count < fn->arity ? "expected ',' or ')' at " : "expected ')' at ") + column(m_pos) +
                 got());
        ++m_pos;
        if (count != fn->arity)
            fail(name + " takes " + std::to_string(fn->arity) + (fn->arity == 1 ? " argument" : " arguments") +
                 ", got " + std::to_string(count) + " at " + column(start));
        return m_tape.record(fn->op, args[0], args[1]);
    }

    const std::string& m_s;
    const ParseOptions& m_opt;
    ParsedExpr& m_out;
    Tape& m_tape;
    size_t m_pos = 0;
    int m_depth = 0;
    Var m_x, m_y;
    bool m_usesY = false;
};

} // namespace

ParsedExpr parseExpr(const std::string& text, const ParseOptions& options) {
    ParsedExpr out;
    Parser(text, options, out).run();
    return out;
}

const std::vector<std::string>& exprFunctionNames() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> v;
        for (const FunctionInfo& f : kFunctions) v.emplace_back(f.name);
        return v;
    }();
    return names;
}

} // namespace dh
