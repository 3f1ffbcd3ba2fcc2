// The Var handle's operators and math functions: each records one instruction on the Var's tape
// (Tape::record picks the fused opcodes and folds constants). The partials are in tape.cpp's reverse
// sweep, next to each opcode, and in tape_ops.h for the one-argument functions.
#include "core/autodiff/tape.h"

namespace dh {

double Var::value() const {
    return m_tape->value(m_index);
}

Var& Var::operator+=(Var o) {
    return *this = *this + o;
}
Var& Var::operator-=(Var o) {
    return *this = *this - o;
}
Var& Var::operator*=(Var o) {
    return *this = *this * o;
}
Var& Var::operator/=(Var o) {
    return *this = *this / o;
}
Var& Var::operator+=(double c) {
    return *this = *this + c;
}
Var& Var::operator-=(double c) {
    return *this = *this - c;
}
Var& Var::operator*=(double c) {
    return *this = *this * c;
}
Var& Var::operator/=(double c) {
    return *this = *this / c;
}

Var operator+(Var a, Var b) {
    return a.tape()->record(Op::Add, a, b);
}
Var operator-(Var a, Var b) {
    return a.tape()->record(Op::Sub, a, b);
}
Var operator*(Var a, Var b) {
    return a.tape()->record(Op::Mul, a, b);
}
Var operator/(Var a, Var b) {
    return a.tape()->record(Op::Div, a, b);
}
Var operator-(Var a) {
    return a.tape()->record(Op::Neg, a);
}
Var operator+(Var a, double c) {
    return a.tape()->record(Op::AddC, a, {}, c);
}
Var operator+(double c, Var a) {
    return a.tape()->record(Op::AddC, a, {}, c);
}
Var operator-(Var a, double c) {
    return a.tape()->record(Op::AddC, a, {}, -c);
}
Var operator-(double c, Var a) {
    return a.tape()->record(Op::RSubC, a, {}, c);
}
Var operator*(Var a, double c) {
    return a.tape()->record(Op::MulC, a, {}, c);
}
Var operator*(double c, Var a) {
    return a.tape()->record(Op::MulC, a, {}, c);
}
Var operator/(Var a, double c) {
    return a.tape()->record(Op::DivC, a, {}, c);
}
Var operator/(double c, Var a) {
    return a.tape()->record(Op::RDivC, a, {}, c);
}

#define DH_DEFINE_VAR_FUNCTION(op, name)                                                                               \
    Var name(Var a) {                                                                                                  \
        return a.tape()->record(Op::op, a);                                                                            \
    }
DH_TAPE_FUNCTIONS(DH_DEFINE_VAR_FUNCTION)
#undef DH_DEFINE_VAR_FUNCTION

Var min(Var a, Var b) {
    return a.tape()->record(Op::Min, a, b);
}
Var max(Var a, Var b) {
    return a.tape()->record(Op::Max, a, b);
}
Var pow(Var a, Var b) {
    return a.tape()->record(Op::Pow, a, b);
}
Var pow(Var a, double c) {
    return a.tape()->record(Op::PowC, a, {}, c);
}
Var pow(double c, Var a) {
    return a.tape()->record(Op::CPow, a, {}, c);
}

} // namespace dh
