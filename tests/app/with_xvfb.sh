#!/bin/sh
# Runs a command under an X server of its own: Xvfb picks a free display and reports it (-displayfd),
# so any number of tests can start one at the same time without racing for a display number (which
# `xvfb-run -a` does). The server stops when the command ends. Usage: with_xvfb.sh COMMAND [ARGS...]
set -u
dir=$(mktemp -d "${TMPDIR:-/tmp}/downhill-xvfb.XXXXXX")
Xvfb -displayfd 3 -screen 0 1920x1080x24 -nolisten tcp 3>"$dir/display" 2>"$dir/log" &
server=$!
i=0
while [ ! -s "$dir/display" ]; do
    if ! kill -0 "$server" 2>/dev/null || [ "$i" -ge 200 ]; then
        echo "with_xvfb.sh: Xvfb did not start:" >&2
        cat "$dir/log" >&2
        kill "$server" 2>/dev/null
        rm -rf "$dir"
        exit 1
    fi
    sleep 0.05
    i=$((i + 1))
done
DISPLAY=":$(head -n 1 "$dir/display")" "$@"
code=$?
kill "$server" 2>/dev/null
wait "$server" 2>/dev/null
rm -rf "$dir"
exit "$code"
