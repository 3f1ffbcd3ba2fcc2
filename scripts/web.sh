#!/bin/sh
# Builds the page (Downhill as WebAssembly) into build-web/page and serves it on http://127.0.0.1:8000
# with python3's static file server. Usage: scripts/web.sh [--build-only] [extra cmake args]
#
# On a fresh Debian 12 (as root, or with sudo) it first installs what the web build needs: Debian's
# emscripten and the header-only packages, and — through a deb-src entry it adds next to the existing
# Debian entry — the source packages of Dear ImGui, zlib and giflib, unpacked into build-web/deps.
# Nothing else is downloaded (emscripten's ports, which fetch code from the internet, are not used).
# PORT=8080 scripts/web.sh serves on another port.
set -eu
cd "$(dirname "$0")/.."
BUILD_ONLY=0
if [ "${1:-}" = "--build-only" ]; then
    BUILD_ONLY=1
    shift
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
export DEBIAN_FRONTEND=noninteractive

# ---- Debian packages ----
scripts/setup.sh --web

# ---- Debian sources of imgui, zlib, giflib (apt-get source needs a deb-src entry) ----
DEPS=build-web/deps
have_sources() {
    for p in imgui zlib giflib; do
        ls -d "$DEPS/$p"-*/ >/dev/null 2>&1 || return 1
    done
}
add_deb_src() {
    list=/etc/apt/sources.list.d/downhill-deb-src.sources
    [ -e "$list" ] && return 0
    if [ -e /etc/apt/sources.list.d/debian.sources ]; then
        # deb822: copy the first stanza whose Types include deb, as Types: deb-src.
        awk 'BEGIN { RS = ""; FS = "\n" } /(^|\n)Types:[^\n]*deb/ && !done { print; done = 1 }' \
            /etc/apt/sources.list.d/debian.sources | grep -v '^#' | sed 's/^Types:.*/Types: deb-src/' >/tmp/deb-src.$$
    else
        grep -h '^deb ' /etc/apt/sources.list | head -n 1 | sed 's/^deb /deb-src /' >/tmp/deb-src.$$
        list=/etc/apt/sources.list.d/downhill-deb-src.list
    fi
    if [ ! -s /tmp/deb-src.$$ ]; then
        echo "web: no Debian apt entry found to derive a deb-src entry from" >&2
        exit 1
    fi
    echo "web: adding a deb-src entry ($list)"
    $SUDO cp /tmp/deb-src.$$ "$list"
    rm -f /tmp/deb-src.$$
    $SUDO apt-get update -qq
}
if ! have_sources; then
    add_deb_src
    mkdir -p "$DEPS"
    chmod 755 "$DEPS"
    for p in imgui zlib giflib; do
        if ! ls -d "$DEPS/$p"-*/ >/dev/null 2>&1; then
            echo "web: fetching Debian's source of $p"
            (cd "$DEPS" && apt-get source --download-only -qq "$p" 2>&1 | grep -v "unsandboxed" || true)
            dsc=$(ls "$DEPS/${p}"_*.dsc | head -n 1)
            (cd "$DEPS" && dpkg-source --no-check -x "$(basename "$dsc")" >/dev/null)
        fi
    done
    have_sources || { echo "web: could not fetch the sources of imgui, zlib and giflib" >&2; exit 1; }
fi

# ---- build (emscripten's JS optimizer needs Debian's acorn) ----
export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}
emcmake cmake -S . -B build-web -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
cmake --build build-web -j"$(nproc)" --target downhill
echo "web: the page is build-web/page/ (copy that folder to any web server)"
[ "$BUILD_ONLY" = 1 ] && exit 0

PORT=${PORT:-8000}
echo "web: serving http://127.0.0.1:$PORT/ (Ctrl-C stops)"
exec python3 -m http.server "$PORT" --bind 127.0.0.1 --directory build-web/page
