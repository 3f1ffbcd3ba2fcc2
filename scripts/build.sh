#!/bin/sh
# Configures and builds Downhill (Release). Usage: scripts/build.sh [extra cmake args]
# The build folder is $BUILD_DIR (default ./build).
set -eu
cd "$(dirname "$0")/.."
dir=${BUILD_DIR:-build}
cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
cmake --build "$dir" -j"$(nproc)"
