// The Var handle's operators and math functions: each records one instruction on the Var's tape
// (Tape::record picks the fused opcodes and folds constants). The partials are in tape.cpp's reverse
// sweep, next to each opcode.
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

Var sin(Var a) {
    return a.tape()->record(Op::Sin, a);
}
Var cos(Var a) {
    return a.tape()->record(Op::Cos, a);
}
Var tan(Var a) {
    return a.tape()->record(Op::Tan, a);
}
Var exp(Var a) {
    return a.tape()->record(Op::Exp, a);
}
Var log(Var a) {
    return a.tape()->record(Op::Log, a);
}
Var sqrt(Var a) {
    return a.tape()->record(Op::Sqrt, a);
}
Var abs(Var a) {
    return a.tape()->record(Op::Abs, a);
}
Var tanh(Var a) {
    return a.tape()->record(Op::Tanh, a);
}
Var sigmoid(Var a) {
    return a.tape()->record(Op::Sigmoid, a);
}
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
