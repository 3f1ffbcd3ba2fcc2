#!/bin/sh
# Configures and builds Downhill (Release) into ./build. Usage: scripts/build.sh [extra cmake args]
set -eu
cd "$(dirname "$0")/.."
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
cmake --build build -j"$(nproc)"
