// Typed expressions f(x, y) → a recorded, optimized Tape (`--expr`: README.md, "Command line").
//
// Grammar (whitespace allowed between tokens; names are case-sensitive):
//   expr    := term (('+' | '-') term)*
//   term    := unary (('*' | '/') unary)*
//   unary   := ('-' | '+') unary | power
//   power   := primary ('^' unary)?            right-associative, binds tighter than unary minus:
//                                              -x^2 = -(x^2), 2^3^2 = 2^9, 2^-1 = 0.5
//   primary := number | x | y | pi | e | name '(' expr (',' expr)* ')' | '(' expr ')'
//   number  := digits ['.' digits] [('e'|'E') ['+'|'-'] digits]   or '.' digits ...   (1.5e-3, .5, 2.)
//   one-argument functions: sin cos tan exp log sqrt abs tanh sigmoid relu sign step
//   (core/autodiff/tape_ops.h: DH_TAPE_FUNCTIONS); two: min max pow
// a^b and pow(a, b) are the same operation; a constant exponent or base records the fused opcode.
// Python's a**b is accepted as a synonym of a^b.
//
// The tape has inputs x (input 0) and y (input 1) even when y is unused; usesY tells whether y
// occurs in the text (an expression in x alone is a 1D function). Constant subexpressions are
// folded and repeated subexpressions shared (Tape::optimize).
//
// Errors throw dh::InputError naming a 1-based column (a byte offset) and what was expected:
//   "empty expression", "expected ')' at column 14", "unexpected character '#' at column 5",
//   "unknown function 'sinn' at column 1 (known: sin, cos, ...)", "sin takes 1 argument, got 2 at
//   column 1", "expression too long: 1200 characters (limit 1000)", "expression nested too deeply
//   at column 65 (limit 64)". Bytes outside printable ASCII (NUL, control characters other than
//   tab/CR/LF, bytes ≥ 0x80) are rejected with their column before parsing.
#pragma once

#include "core/autodiff/tape.h"

#include <string>
#include <vector>

namespace dh {

struct ParseOptions {
    int maxLength = 1000; // characters (bytes) of input
    int maxDepth = 64;    // nesting of parentheses, function calls, unary signs and exponents
};

struct ParsedExpr {
    Tape tape;          // inputs: x (0), y (1); output: the expression
    bool usesY = false; // false: a function of x alone (1D)
};

ParsedExpr parseExpr(const std::string& text, const ParseOptions& options = {});

// The function names the grammar knows: the one-argument functions in tape_ops.h order, then min,
// max, pow (for error messages and the UI).
const std::vector<std::string>& exprFunctionNames();

} // namespace dh
