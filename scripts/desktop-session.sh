#!/usr/bin/env bash
# Usage: dbus-run-session -- scripts/desktop-session.sh OUTDIR COMMAND [ARGS...]
# A real desktop notification setup for the tests: an X server (Xvfb, on a display it picks
# itself), the dunst notification daemon on this session bus; then runs COMMAND twice, writing
# OUTDIR/run1.{out,err,status} and run2.*, and finally `dunstctl history` (after closing the
# shown notifications, which is what moves them into the history) to OUTDIR/history.json.
set -euo pipefail
out=$1
shift
mkdir -p "$out"
Xvfb -displayfd 3 -nolisten tcp 3>"$out/display" >"$out/xvfb.log" 2>&1 &
xvfb=$!
dunst_pid=""
cleanup() { [ -z "$dunst_pid" ] || kill "$dunst_pid" 2>/dev/null; kill "$xvfb" 2>/dev/null || true; }
trap cleanup EXIT
# Xvfb writes the display number once it accepts connections.
for _ in $(seq 1 1000); do [ -s "$out/display" ] && break; kill -0 "$xvfb" 2>/dev/null || break; sleep 0.01; done
[ -s "$out/display" ] || { cat "$out/xvfb.log" >&2; echo "Xvfb did not start" >&2; exit 1; }
export DISPLAY=":$(head -n1 "$out/display")"
dunst >"$out/dunst.log" 2>&1 &
dunst_pid=$!
# Ready when dunst owns the Notifications name on the bus.
for _ in $(seq 1 1000); do
    if dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
        org.freedesktop.DBus.NameHasOwner string:org.freedesktop.Notifications 2>/dev/null | grep -q "boolean true"; then
        break
    fi
    kill -0 "$dunst_pid" 2>/dev/null || { cat "$out/dunst.log" >&2; echo "dunst exited" >&2; exit 1; }
    sleep 0.01
done
for run in 1 2; do
    status=0
    "$@" >"$out/run$run.out" 2>"$out/run$run.err" || status=$?
    echo "$status" >"$out/run$run.status"
done
dunstctl close-all
dunstctl history >"$out/history.json"
