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

# Whether process PID holds the socket listening on 127.0.0.1:PORT (from /proc: a connection
# test could reach another process that took the port).
holds_listener() {
    local port=$1 pid=$2 inode
    for inode in $(awk -v address="$(printf '0100007F:%04X' "$port")" '$2 == address && $4 == "0A" {print $10}' /proc/net/tcp); do
        if ls -l "/proc/$pid/fd" 2>/dev/null | grep -q "socket:\[$inode\]"; then return 0; fi
    done
    return 1
}

# Polls until PID listens on 127.0.0.1:PORT; returns 1 if PID exits first, fails if 10 s pass.
wait_for_port() {
    local port=$1 pid=$2 log=$3
    for _ in $(seq 1 1000); do
        if holds_listener "$port" "$pid"; then return 0; fi
        kill -0 "$pid" 2>/dev/null || return 1
        sleep 0.01
    done
    cat "$log" >&2
    die "nothing listens on 127.0.0.1:$port after 10 s"
}

# listen_on NAME REQUESTED_PORT START: runs START PORT, which starts the server with spawn_server,
# then waits until it listens and writes its pid to BASEDIR/NAME.pid; sets PORT. Without a
# requested port it picks a free one, and tries another when the server exits at once: tests
# start servers in parallel, so a port free when picked may be taken before the server binds it.
listen_on() {
    local name=$1 requested=$2 start=$3 log="$BASE/$1.log"
    for _ in 1 2 3 4 5; do
        PORT=${requested:-$(free_port)}
        "$start" "$PORT" "$log"
        echo "$SERVER_PID" >"$BASE/$name.pid"
        if wait_for_port "$PORT" "$SERVER_PID" "$log"; then return 0; fi
        [ -z "$requested" ] || break
    done
    cat "$log" >&2
    die "server exited before listening on $PORT"
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
