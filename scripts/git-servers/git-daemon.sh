#!/usr/bin/env bash
# Usage: git-daemon.sh BASEDIR [PORT]
# Serves BASEDIR/repos over git:// (fetch and push, no authentication) and prints the URL prefix,
# e.g. git://127.0.0.1:34567/ — append NAME.git.
source "$(dirname "$0")/common.sh"
prepare_base "$1"
port=${2:-$(free_port)}
log="$BASE/git-daemon.log"
spawn_server "$log" "$(git --exec-path)/git-daemon" --listen=127.0.0.1 --port="$port" --base-path="$BASE/repos" \
    --export-all --enable=receive-pack --reuseaddr --informative-errors "$BASE/repos"
pid=$SERVER_PID
echo "$pid" >"$BASE/git-daemon.pid"
wait_for_port "$port" "$pid" "$log"
echo "git://127.0.0.1:$port/"
