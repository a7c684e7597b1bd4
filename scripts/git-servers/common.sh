# Shared helpers for the loopback git server scripts; source it, do not run it.
# Every server keeps its files under BASEDIR, serves the bare repositories in BASEDIR/repos,
# writes its process id to BASEDIR/<name>.pid (stop.sh kills exactly those) and logs to BASEDIR/<name>.log.

set -euo pipefail

die() { echo "$(basename "$0"): $*" >&2; exit 1; }

# A port on 127.0.0.1 that nothing listens on right now.
free_port() {
    local port
    for _ in $(seq 1 200); do
        port=$(( 20000 + RANDOM % 40000 ))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return 0
        fi
    done
    die "no free port found"
}

# Polls until 127.0.0.1:PORT accepts a connection; fails if PID dies or 10 s pass.
wait_for_port() {
    local port=$1 pid=$2 log=$3
    for _ in $(seq 1 1000); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
        kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; die "server exited before listening on $port"; }
        sleep 0.01
    done
    cat "$log" >&2
    die "nothing listens on 127.0.0.1:$port after 10 s"
}

# spawn_server LOG COMMAND...: starts COMMAND in the background in its own session (so stop.sh can
# signal its whole process group) with no stdin, output to LOG, no other inherited descriptors
# (a caller's pipe held open by a server would never reach end-of-file); sets SERVER_PID.
spawn_server() {
    local log=$1
    shift
    (
        for fd in /proc/$BASHPID/fd/*; do
            fd=${fd##*/}
            if [ "$fd" -gt 2 ]; then eval "exec $fd>&-" 2>/dev/null || true; fi
        done
        exec setsid "$@" </dev/null >"$log" 2>&1
    ) &
    SERVER_PID=$!
}

# Makes BASEDIR absolute and creates BASEDIR/repos.
prepare_base() {
    [ $# -ge 1 ] || die "usage: $0 BASEDIR [PORT]"
    mkdir -p "$1/repos"
    BASE=$(cd "$1" && pwd)
}
