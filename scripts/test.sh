#!/bin/sh
# Fresh machine → every test: installs packages, builds, runs CTest (render tests start their own Xvfb).
set -eu
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh -DDOWNHILL_BUILD_TESTS=ON
cd build
ctest --output-on-failure -j"$(nproc)"
