// MatTape: every operator against central differences (double), the lecture's worked results, and
// replay without reallocation.
#include "core/autodiff/mat_tape.h"

#include <gtest/gtest.h>
#include <random>

namespace {

using Tape = dh::MatTape<double>;
using Var = Tape::Var;
using Matrix = Tape::Matrix;

// A parameter owned by the test: values and the gradient the tape writes.
struct Param {
    Matrix value, grad;
    Var var;
};

Matrix randomMatrix(Eigen::Index rows, Eigen::Index cols, std::mt19937& rng, double lo = -1, double hi = 1) {
    std::uniform_real_distribution<double> u(lo, hi);
    Matrix m(rows, cols);
    for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = u(rng);
    return m;
}

Param& addParam(Tape& tape, std::vector<std::unique_ptr<Param>>& params, Matrix value) {
    params.push_back(std::make_unique<Param>());
    Param& p = *params.back();
    p.value = std::move(value);
    p.grad = Matrix::Constant(p.value.rows(), p.value.cols(), 12345.0); // must be overwritten
    p.var = tape.param(p.value.data(), p.grad.data(), p.value.rows(), p.value.cols());
    return p;
}

// Compares backward() with central differences of forward() for every parameter entry.
void expectGradientsMatch(Tape& tape, Var root, std::vector<std::unique_ptr<Param>>& params, double tol = 1e-7) {
    tape.forward();
    tape.backward(root);
    const double h = 1e-6;
    for (size_t k = 0; k < params.size(); ++k) {
        Param& p = *params[k];
        for (Eigen::Index i = 0; i < p.value.size(); ++i) {
            double x0 = p.value.data()[i];
            p.value.data()[i] = x0 + h;
            tape.forward();
            double fp = tape.scalar(root);
            p.value.data()[i] = x0 - h;
            tape.forward();
            double fm = tape.scalar(root);
            p.value.data()[i] = x0;
            double numeric = (fp - fm) / (2 * h);
            EXPECT_NEAR(p.grad.data()[i], numeric, tol * std::max(1.0, std::abs(numeric)))
                << "param " << k << " entry " << i;
        }
    }
    tape.forward();
}

// Reduces a matrix node to a scalar that depends on every entry differently: mse against a fixed target.
Var reduce(Tape& tape, Var y, std::mt19937& rng) {
    Var target = tape.input(tape.rows(y), tape.cols(y));
    tape.value(target) = randomMatrix(tape.rows(y), tape.cols(y), rng);
    return tape.mse(y, target);
}

TEST(MatTape, MatmulGradient) {
    std::mt19937 rng(1);
    Tape tape;
    std::vector<std::unique_ptr<Param>> ps;
    Var a = addParam(tape, ps, randomMatrix(4, 3, rng)).var;
    Var b = addParam(tape, ps, randomMatrix(3, 5, rng)).var;
    expectGradientsMatch(tape, reduce(tape, tape.matmul(a, b), rng), ps);
}

TEST(MatTape, AddBiasGradientRowAndColumnVector) {
    std::mt19937 rng(2);
    Tape tape;
    std::vector<std::unique_ptr<Param>> ps;
    Var z = addParam(tape, ps, randomMatrix(5, 3, rng)).var;
    Var bCol = addParam(tape, ps, randomMatrix(3, 1, rng)).var;
    Var bRow = addParam(tape, ps, randomMatrix(1, 3, rng)).var;
    expectGradientsMatch(tape, reduce(tape, tape.addBias(tape.addBias(z, bCol), bRow), rng), ps);
}

TEST(MatTape, AffineGradientAndValue) {
    std::mt19937 rng(3);
    Tape tape;
    std::vector<std::unique_ptr<Param>> ps;
    Param& x = addParam(tape, ps, randomMatrix(6, 4, rng));
    Param& w = addParam(tape, ps, randomMatrix(3, 4, rng));
    Param& b = addParam(tape, ps, randomMatrix(3, 1, rng));
    Var z = tape.affine(x.var, w.var, b.var);
    tape.forward();
    Matrix expected = x.value * w.value.transpose();
    for (int r = 0; r < 6; ++r) expected.row(r) += b.value.transpose();
    EXPECT_LT((tape.value(z) - expected).norm(), 1e-14);
    expectGradientsMatch(tape, reduce(tape, z, rng), ps);
}

TEST(MatTape, ActivationGradients) {
    std::mt19937 rng(4);
    for (int kind = 0; kind < 3; ++kind) {
        Tape tape;
        std::vector<std::unique_ptr<Param>> ps;
        Matrix x = randomMatrix(4, 3, rng, -2, 2);
        // keep relu away from its kink at 0, where central differences are meaningless
        for (Eigen::Index i = 0; i < x.size(); ++i)
            if (std::abs(x.data()[i]) < 0.05) x.data()[i] = 0.3;
        Var v = addParam(tape, ps, x).var;
        Var y = kind == 0 ? tape.tanh(v) : kind == 1 ? tape.sigmoid(v) : tape.relu(v);
        EXPECT_EQ(tape.linear(y).id, y.id);
        expectGradientsMatch(tape, reduce(tape, y, rng), ps);
    }
}

TEST(MatTape, SigmoidDerivativeIsSigmaTimesOneMinusSigma) {
    Tape tape;
    Matrix x(1, 5), g(1, 5);
    x << -3, -0.5, 0, 0.7, 4;
    Var v = tape.param(x.data(), g.data(), 1, 5);
    Var s = tape.sigmoid(v);
    Var root = tape.sum(s);
    tape.forward();
    tape.backward(root);
    for (int j = 0; j < 5; ++j) {
        double sigma = 1 / (1 + std::exp(-x(0, j)));
        EXPECT_NEAR(tape.value(s)(0, j), sigma, 1e-15);
        EXPECT_NEAR(g(0, j), sigma * (1 - sigma), 1e-15);
    }
}

TEST(MatTape, SoftmaxOfLectureScoresAndCrossEntropyGradientIsPMinusT) {
    Tape tape;
    Matrix z(1, 3), g(1, 3);
    z << 3.2, 5.1, -1.7;
    Var logits = tape.param(z.data(), g.data(), 1, 3);
    Var label = tape.input(1, 1);
    tape.value(label)(0, 0) = 0; // the true class: cat
    Var loss = tape.softmaxCrossEntropy(logits, label);
    tape.forward();
    tape.backward(loss);
    Eigen::RowVector3d t(1, 0, 0);
    Eigen::RowVector3d p = g + t; // ∂CE/∂z = p − t
    EXPECT_NEAR(p(0), 0.13, 0.005);
    EXPECT_NEAR(p(1), 0.87, 0.005);
    EXPECT_NEAR(p(2), 0.00, 0.005);
    Eigen::RowVector3d e = z.array().exp();
    EXPECT_LT((p - e / e.sum()).norm(), 1e-15);
    EXPECT_NEAR(tape.scalar(loss), -std::log(e(0) / e.sum()), 1e-14);
}

TEST(MatTape, CrossEntropyGradientBatch) {
    std::mt19937 rng(5);
    Tape tape;
    std::vector<std::unique_ptr<Param>> ps;
    Var z = addParam(tape, ps, randomMatrix(5, 4, rng, -3, 3)).var;
    Var y = tape.input(5, 1);
    tape.value(y) << 0, 3, 1, 1, 2;
    expectGradientsMatch(tape, tape.softmaxCrossEntropy(z, y), ps);
}

TEST(MatTape, CrossEntropyIsStableForHugeLogits) {
    Tape tape;
    Matrix z(1, 2), g(1, 2);
    z << 1000, -1000;
    Var v = tape.param(z.data(), g.data(), 1, 2);
    Var y = tape.input(1, 1);
    tape.value(y)(0, 0) = 1;
    Var loss = tape.softmaxCrossEntropy(v, y);
    tape.forward();
    tape.backward(loss);
    EXPECT_DOUBLE_EQ(tape.scalar(loss), 2000);
    EXPECT_DOUBLE_EQ(g(0, 0), 1);
    EXPECT_DOUBLE_EQ(g(0, 1), -1);
}

TEST(MatTape, MseIsMeanOfSquaresWithoutHalf) {
    Tape tape;
    Matrix p(2, 2), g(2, 2);
    p << 1, 2, 3, 4;
    Var pv = tape.param(p.data(), g.data(), 2, 2);
    Var t = tape.input(2, 2);
    tape.value(t) << 0, 0, 0, 6;
    Var loss = tape.mse(pv, t);
    tape.forward();
    EXPECT_DOUBLE_EQ(tape.scalar(loss), (1 + 4 + 9 + 4) / 4.0);
    std::mt19937 rng(6);
    std::vector<std::unique_ptr<Param>> ps;
    Tape tape2;
    Var a = addParam(tape2, ps, randomMatrix(3, 2, rng)).var;
    Var b = addParam(tape2, ps, randomMatrix(3, 2, rng)).var; // the target gets −dP
    expectGradientsMatch(tape2, tape2.mse(a, b), ps);
}

// CS231n's score table: columns are the cat, car and frog images; rows the cat, car, frog scores.
TEST(MatTape, HingeLossesOfTheLectureTable) {
    Matrix scores(3, 3);      // one image per row here (batch-major)
    scores << 3.2, 5.1, -1.7, //
        1.3, 4.9, 2.0,        //
        2.2, 2.5, -3.1;
    const double expected[3] = {2.9, 0.0, 12.9};
    for (int i = 0; i < 3; ++i) {
        Tape tape;
        Matrix row = scores.row(i), g(1, 3);
        Var s = tape.param(row.data(), g.data(), 1, 3);
        Var y = tape.input(1, 1);
        tape.value(y)(0, 0) = i; // cat image is a cat, car a car, frog a frog
        Var loss = tape.hinge(s, y);
        tape.forward();
        EXPECT_NEAR(tape.scalar(loss), expected[i], 1e-12) << "image " << i;
    }
    Tape tape;
    Matrix g(3, 3);
    Var s = tape.param(scores.data(), g.data(), 3, 3);
    Var y = tape.input(3, 1);
    tape.value(y) << 0, 1, 2;
    Var loss = tape.hinge(s, y);
    tape.forward();
    EXPECT_NEAR(tape.scalar(loss), 15.8 / 3, 1e-12);
    EXPECT_NEAR(tape.scalar(loss), 5.27, 0.005);
}

TEST(MatTape, HingeGradient) {
    std::mt19937 rng(7);
    Tape tape;
    std::vector<std::unique_ptr<Param>> ps;
    Matrix s = randomMatrix(6, 4, rng, -2, 2);
    Var sv = addParam(tape, ps, s).var;
    Var y = tape.input(6, 1);
    tape.value(y) << 0, 1, 2, 3, 1, 0;
    Var loss = tape.hinge(sv, y);
    tape.forward();
    // central differences need every margin away from 0
    for (int r = 0; r < 6; ++r)
        for (int j = 0; j < 4; ++j) {
            int yr = static_cast<int>(tape.value(y)(r, 0));
            if (j != yr) {
                ASSERT_GT(std::abs(s(r, j) - s(r, yr) + 1), 1e-3);
            }
        }
    expectGradientsMatch(tape, loss, ps);
}

TEST(MatTape, BceWithLogitsValueAndGradient) {
    Tape tape;
    Matrix z(1, 3), g(1, 3);
    z << -800, 0.5, 800; // extreme logits must stay finite
    Var zv = tape.param(z.data(), g.data(), 1, 3);
    Var t = tape.input(1, 3);
    tape.value(t) << 0, 1, 1;
    Var loss = tape.bceWithLogits(zv, t);
    tape.forward();
    double expected = (0 + std::log1p(std::exp(-0.5)) + 0) / 3;
    EXPECT_NEAR(tape.scalar(loss), expected, 1e-15);

    std::mt19937 rng(8);
    Tape tape2;
    std::vector<std::unique_ptr<Param>> ps;
    Var a = addParam(tape2, ps, randomMatrix(4, 2, rng, -3, 3)).var;
    Var b = addParam(tape2, ps, randomMatrix(4, 2, rng, 0, 1)).var;
    expectGradientsMatch(tape2, tape2.bceWithLogits(a, b), ps);
}

TEST(MatTape, ReductionsAndRegularizers) {
    std::mt19937 rng(9);
    for (int kind = 0; kind < 4; ++kind) {
        Tape tape;
        std::vector<std::unique_ptr<Param>> ps;
        Matrix x = randomMatrix(3, 4, rng);
        for (Eigen::Index i = 0; i < x.size(); ++i)
            if (std::abs(x.data()[i]) < 0.05) x.data()[i] = -0.4; // away from |x|'s kink
        Var v = addParam(tape, ps, x).var;
        // square the reduction so the gradient is not constant
        Var s = kind == 0 ? tape.sum(v) : kind == 1 ? tape.mean(v) : kind == 2 ? tape.l1(v) : tape.l2(v);
        Var root = tape.l2(tape.add(s, tape.scale(s, 0.5)));
        tape.forward();
        double expected = kind == 0 ? x.sum() : kind == 1 ? x.mean() : kind == 2 ? x.cwiseAbs().sum() : x.squaredNorm();
        EXPECT_NEAR(tape.scalar(s), expected, 1e-14);
        expectGradientsMatch(tape, root, ps);
    }
}

TEST(MatTape, NodeUsedTwiceAccumulatesInBothOrders) {
    std::mt19937 rng(10);
    Tape tape;
    std::vector<std::unique_ptr<Param>> ps;
    Var x = addParam(tape, ps, randomMatrix(4, 3, rng)).var;
    Var w = addParam(tape, ps, randomMatrix(3, 3, rng)).var;
    Var b = addParam(tape, ps, randomMatrix(3, 1, rng)).var;
    Var z = tape.affine(x, w, b);
    Var y = tape.input(4, 1);
    tape.value(y) << 2, 0, 1, 1;
    Var ce = tape.softmaxCrossEntropy(z, y); // writes dZ through the scratch buffer (l2 goes first)
    Var hinge = tape.hinge(z, y);
    Var reg = tape.l2(z);
    Var root = tape.add(tape.add(ce, reg), tape.scale(hinge, 0.3));
    expectGradientsMatch(tape, root, ps, 1e-6);
}

TEST(MatTape, MlpGradientThroughLayers) {
    std::mt19937 rng(11);
    Tape tape;
    std::vector<std::unique_ptr<Param>> ps;
    Var x = tape.input(7, 2);
    tape.value(x) = randomMatrix(7, 2, rng);
    Var w1 = addParam(tape, ps, randomMatrix(5, 2, rng)).var;
    Var b1 = addParam(tape, ps, randomMatrix(5, 1, rng)).var;
    Var w2 = addParam(tape, ps, randomMatrix(3, 5, rng)).var;
    Var b2 = addParam(tape, ps, randomMatrix(3, 1, rng)).var;
    Var h = tape.tanh(tape.affine(x, w1, b1));
    Var z = tape.affine(h, w2, b2);
    Var y = tape.input(7, 1);
    tape.value(y) << 0, 1, 2, 2, 1, 0, 1;
    Var loss = tape.add(tape.softmaxCrossEntropy(z, y), tape.scale(tape.l1(w1), 0.01));
    expectGradientsMatch(tape, loss, ps);
}

TEST(MatTape, UnreachedParameterGetsZeroGradient) {
    Tape tape;
    Matrix a = Matrix::Ones(2, 2), ga(2, 2), b = Matrix::Ones(2, 2), gb = Matrix::Constant(2, 2, 7);
    Var av = tape.param(a.data(), ga.data(), 2, 2);
    tape.param(b.data(), gb.data(), 2, 2);
    Var root = tape.sum(av);
    tape.forward();
    tape.backward(root);
    EXPECT_EQ(ga, Matrix::Ones(2, 2));
    EXPECT_EQ(gb, Matrix::Zero(2, 2));
}

TEST(MatTape, ReplayWithRepeatedSizesDoesNotGrowTheArenas) {
    std::mt19937 rng(12);
    Tape tape;
    Matrix w = randomMatrix(4, 3, rng), gw(4, 3), b = randomMatrix(4, 1, rng), gb(4, 1);
    Var x = tape.input(16, 3);
    Var y = tape.input(16, 1);
    Var z = tape.affine(x, tape.param(w.data(), gw.data(), 4, 3), tape.param(b.data(), gb.data(), 4, 1));
    Var loss = tape.softmaxCrossEntropy(tape.relu(z), y);
    size_t capacity = 0;
    for (int round = 0; round < 6; ++round) {
        Eigen::Index rows = round % 2 ? 16 : 5; // a full batch, then a shorter last batch
        tape.resizeInput(x, rows);
        tape.resizeInput(y, rows);
        tape.value(x) = randomMatrix(rows, 3, rng);
        tape.value(y).setZero();
        tape.forward();
        tape.backward(loss);
        EXPECT_TRUE(std::isfinite(tape.scalar(loss)));
        if (round == 1) capacity = tape.arenaCapacity();
        if (round > 1) {
            EXPECT_EQ(tape.arenaCapacity(), capacity);
        }
    }
}

// Shapes that do not fit are a broken invariant of the caller: a failed assert naming the shapes (debug
// builds; release builds compile asserts out, and the CI's sanitizer build is a debug build).
TEST(MatTapeDeathTest, ShapeMismatchIsAFailedAssert) {
#ifdef NDEBUG
    GTEST_SKIP() << "asserts are compiled out (NDEBUG)";
#else
    auto mismatch = [] {
        Tape tape;
        Var a = tape.input(2, 3);
        Var b = tape.input(2, 3);
        tape.matmul(a, b);
        tape.forward();
    };
    EXPECT_DEATH(mismatch(), "MatTape::matmul: shapes 2x3 and 2x3 do not fit");
#endif
}

TEST(MatTape, FloatTapeAgreesWithDouble) {
    std::mt19937 rng(13);
    Matrix xd = randomMatrix(8, 3, rng), wd = randomMatrix(2, 3, rng), bd = randomMatrix(2, 1, rng);
    dh::MatTape<float> tf;
    using MatF = dh::MatTape<float>::Matrix;
    MatF wf = wd.cast<float>(), bf = bd.cast<float>(), gwf(2, 3), gbf(2, 1);
    auto xf = tf.input(8, 3);
    tf.value(xf) = xd.cast<float>();
    auto yf = tf.input(8, 1);
    tf.value(yf).setOnes();
    auto lossf = tf.softmaxCrossEntropy(
        tf.sigmoid(tf.affine(xf, tf.param(wf.data(), gwf.data(), 2, 3), tf.param(bf.data(), gbf.data(), 2, 1))), yf);
    tf.forward();
    tf.backward(lossf);

    Tape td;
    Matrix gwd(2, 3), gbd(2, 1);
    Var xv = td.input(8, 3);
    td.value(xv) = xd;
    Var yv = td.input(8, 1);
    td.value(yv).setOnes();
    Var lossd = td.softmaxCrossEntropy(
        td.sigmoid(td.affine(xv, td.param(wd.data(), gwd.data(), 2, 3), td.param(bd.data(), gbd.data(), 2, 1))), yv);
    td.forward();
    td.backward(lossd);
    EXPECT_NEAR(tf.scalar(lossf), td.scalar(lossd), 1e-6);
    EXPECT_LT((gwf.cast<double>() - gwd).norm(), 1e-6);
}

} // namespace
