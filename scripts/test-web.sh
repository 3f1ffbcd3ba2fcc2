#!/bin/sh
# Builds the page (scripts/web.sh --build-only) and the desktop program (its `render` draws the reference
# pictures), then runs the page's tests in Debian's headless Chromium (tests/web/test_page.mjs). Installs
# what it needs on a fresh Debian 12: chromium, nodejs and npm from Debian, playwright-core from npm
# (pinned in tests/web/package-lock.json). Pictures and diffs of the run go to build-web/test-web/.
set -eu
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/web.sh --build-only

missing=""
dpkg-query -W -f='${Status}' chromium 2>/dev/null | grep -q "install ok installed" || missing="$missing chromium"
command -v node >/dev/null 2>&1 || missing="$missing nodejs"
command -v npm >/dev/null 2>&1 || missing="$missing npm"
if [ -n "$missing" ]; then
    echo "test-web: installing$missing"
    SUDO=""
    if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
fi
if [ ! -d tests/web/node_modules/playwright-core ]; then
    (cd tests/web && npm ci --no-audit --no-fund --loglevel=error)
fi

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" --target downhill
node tests/web/test_page.mjs --page build-web/page --downhill build/downhill --scenes assets/scenes \
    --out build-web/test-web
