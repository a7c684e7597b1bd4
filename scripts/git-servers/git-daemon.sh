#!/usr/bin/env bash
# Usage: git-daemon.sh BASEDIR [PORT]
# Serves BASEDIR/repos over git:// (fetch and push, no authentication) and prints the URL prefix,
# e.g. git://127.0.0.1:34567/ — append NAME.git.
source "$(dirname "$0")/common.sh"
prepare_base "$1"
start() {
    spawn_server "$2" "$(git --exec-path)/git-daemon" --listen=127.0.0.1 --port="$1" --base-path="$BASE/repos" \
        --export-all --enable=receive-pack --reuseaddr --informative-errors "$BASE/repos"
}
listen_on git-daemon "${2:-}" start
echo "git://127.0.0.1:$PORT/"
