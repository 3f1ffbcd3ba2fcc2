#!/bin/sh
# Fresh machine → every test: installs packages, builds (portable, warnings are errors, into ./build),
# runs CTest. The render tests start an X server each (tests/app/with_xvfb.sh) and run in parallel.
set -eu
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh -DDOWNHILL_BUILD_TESTS=ON -DDOWNHILL_NATIVE=OFF -DDOWNHILL_WERROR=ON
cd build
ctest --output-on-failure -j"$(nproc)"
