#!/bin/sh
# Fresh machine → the Downhill window: installs packages, builds, runs the app. The app is built for
# this CPU (-march=native: the network lab trains 2-3x faster) into ./build-native; the tests build
# portably into ./build (scripts/test.sh).
set -eu
cd "$(dirname "$0")/.."
scripts/setup.sh
BUILD_DIR=build-native scripts/build.sh -DDOWNHILL_NATIVE=ON -DDOWNHILL_BUILD_TESTS=OFF
exec ./build-native/downhill "$@"
