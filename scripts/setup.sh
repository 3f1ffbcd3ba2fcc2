#!/bin/sh
# Installs exactly the Debian 12 packages Downhill needs. Idempotent: when every package is
# already installed it only runs dpkg-query (well under a second) and touches nothing.
# Usage: scripts/setup.sh [--ci | --web]
#   --ci   adds what .ci/run needs beyond the tests: clang, clang-format, clang's sanitizer runtimes;
#   --web  installs instead what the page's build needs (scripts/web.sh): emscripten, the header-only
#          packages, and dpkg-dev for unpacking Debian's sources of imgui, zlib and giflib.
set -eu
PACKAGES="build-essential cmake pkgconf python3 python3-glad libimgui-dev libstb-dev libglfw3-dev
libeigen3-dev fonts-dejavu-core libcli11-dev nlohmann-json3-dev libgtest-dev libbenchmark-dev zlib1g-dev
libgif-dev glslang-tools xvfb xauth xdotool libgl1-mesa-dri libglx-mesa0 dataset-fashion-mnist"
case "${1:-}" in
--ci) PACKAGES="$PACKAGES clang clang-format libclang-rt-14-dev" ;;
--web)
    PACKAGES="emscripten cmake make python3 dpkg-dev xz-utils libeigen3-dev nlohmann-json3-dev libstb-dev
fonts-dejavu-core dataset-fashion-mnist"
    ;;
esac

missing=""
for p in $PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
if [ -n "$missing" ]; then
    echo "setup: installing$missing"
    SUDO=""
    if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    # shellcheck disable=SC2086
    $SUDO apt-get install -y -qq --no-install-recommends $missing
fi
