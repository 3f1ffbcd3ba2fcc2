#!/bin/sh
# Fresh machine → the Downhill window: installs packages, builds, runs the app.
set -eu
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
exec ./build/downhill "$@"
