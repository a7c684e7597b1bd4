#!/usr/bin/env bash
# Usage: stop.sh BASEDIR
# Stops the servers the scripts above started under BASEDIR (only the process ids in BASEDIR/*.pid)
# and deletes the accounts ssh-account.sh and ssh-hosting.sh made for BASEDIR, if any.
source "$(dirname "$0")/common.sh"
[ $# -eq 1 ] || die "usage: $0 BASEDIR"
# Alive and not a zombie: an orphaned server is reaped by init, which may take a second here.
running() { local state; state=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1) && [ "$state" != Z ]; }

for pidfile in "$1"/*.pid; do
    [ -f "$pidfile" ] || continue
    pid=$(cat "$pidfile")
    # The scripts start each server with setsid: its process group holds it and its children.
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 200); do running "$pid" || break; sleep 0.01; done
    kill -KILL -- "-$pid" 2>/dev/null || true
    rm -f "$pidfile"
done
# The accounts ssh-account.sh (account) and ssh-hosting.sh (account-*) made: their processes
# (an agent, a stuck ssh) end with them.
for file in "$1"/account "$1"/account-*; do
    [ -f "$file" ] || continue
    account=$(cat "$file")
    if id -u "$account" >/dev/null 2>&1; then
        for pid in $(ps -o pid= -u "$account" 2>/dev/null); do kill -TERM "$pid" 2>/dev/null || true; done
        # userdel refuses while a process of the account lives: 2 s to end, then killed.
        for _ in $(seq 1 200); do userdel "$account" 2>/dev/null && break; sleep 0.01; done
        if id -u "$account" >/dev/null 2>&1; then
            for pid in $(ps -o pid= -u "$account" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null || true; done
            for _ in $(seq 1 200); do userdel "$account" 2>/dev/null && break; sleep 0.01; done
        fi
    fi
    rm -f "$file"
done
