#!/bin/sh
# Builds the libFuzzer targets of tests/fuzz with clang, AddressSanitizer and UBSan (in build-fuzz/),
# then runs each for SECONDS (default 60) on a working copy of its seed corpus (tests/fuzz/corpus/NAME;
# new inputs go to build-fuzz/corpus/NAME). Stops at the first crash, leak, sanitizer report or
# failed check, leaving the input as build-fuzz/crash-* (or leak-*, timeout-*): turn it into a
# regression test. Prints runs and executions per target.
#   scripts/fuzz.sh [--with-tests] [SECONDS] [TARGET...]      TARGET: expr scene png_text csv idx train_spec
# --with-tests first builds the core's tests in the same build and runs them under ASan + UBSan (what
# .ci/run does: one sanitizer build of the core serves both).
set -eu
cd "$(dirname "$0")/.."
WITH_TESTS=OFF
if [ "${1:-}" = "--with-tests" ]; then
    WITH_TESTS=ON
    shift
fi
SECONDS_EACH=${1:-60}
[ $# -gt 0 ] && shift
TARGETS=${*:-"expr scene png_text csv idx train_spec"}

scripts/setup.sh --ci # clang and its runtime (libFuzzer is in libclang-rt)
# -O1: compiles faster than -O2 and is what libFuzzer's documentation builds with.
CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDOWNHILL_BUILD_APP=OFF \
    -DDOWNHILL_BUILD_TESTS=$WITH_TESTS -DDOWNHILL_BUILD_BENCH=OFF -DDOWNHILL_NATIVE=OFF -DDOWNHILL_BUILD_FUZZ=ON \
    -DDOWNHILL_SANITIZE=address,undefined -DCMAKE_CXX_FLAGS="-fno-sanitize-recover=undefined" \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" >/dev/null
export ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=0
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
if [ "$WITH_TESTS" = ON ]; then
    cmake --build build-fuzz -j"$(nproc)"
    (cd build-fuzz && ctest --output-on-failure -j"$(nproc)" -L core)
fi
BUILD_TARGETS=""
for t in $TARGETS; do BUILD_TARGETS="$BUILD_TARGETS fuzz_$t"; done
# shellcheck disable=SC2086
cmake --build build-fuzz -j"$(nproc)" --target $BUILD_TARGETS

for t in $TARGETS; do
    work=build-fuzz/corpus/$t
    mkdir -p "$work"
    [ -d "tests/fuzz/corpus/$t" ] && cp -n tests/fuzz/corpus/"$t"/* "$work"/ 2>/dev/null || true
    dict=""
    [ -f "tests/fuzz/$t.dict" ] && dict="-dict=tests/fuzz/$t.dict"
    echo "fuzz: $t for ${SECONDS_EACH}s"
    # -rss_limit_mb: the caps keep every input well below this; -timeout: a hang is a failure too.
    (cd build-fuzz && ./tests/fuzz/fuzz_"$t" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 \
        -max_len=65536 -print_final_stats=1 $dict "corpus/$t" 2>"fuzz-$t.log") || {
        tail -n 60 "build-fuzz/fuzz-$t.log"
        echo "fuzz: $t FAILED (log: build-fuzz/fuzz-$t.log)"
        exit 1
    }
    grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "build-fuzz/fuzz-$t.log" | tr '\n' ' '
    echo
done
echo "fuzz: all targets passed"
