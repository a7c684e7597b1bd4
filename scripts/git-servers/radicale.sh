#!/usr/bin/env bash
# Usage: radicale.sh BASEDIR USER PASSWORD [PORT]
# Serves a CalDAV server (Debian's radicale) on 127.0.0.1 with htpasswd authentication (one user,
# an apr1-md5 hash written by htpasswd) and its own storage in BASEDIR/collections; prints the
# base URL, e.g. http://127.0.0.1:34567/ — the user's calendars go under USER/. stop.sh stops it.
# Started again with the same BASEDIR and PORT, it serves the same collections.
source "$(dirname "$0")/common.sh"
[ $# -ge 3 ] || die "usage: $0 BASEDIR USER PASSWORD [PORT]"
prepare_base "$1"
htpasswd -bcm "$BASE/users" "$2" "$3" 2>/dev/null
start() {
    cat >"$BASE/radicale.conf" <<CONF
[server]
hosts = 127.0.0.1:$1
[auth]
type = htpasswd
htpasswd_filename = $BASE/users
htpasswd_encryption = md5
delay = 0
[storage]
filesystem_folder = $BASE/collections
[logging]
level = warning
CONF
    spawn_server "$2" radicale --config "$BASE/radicale.conf"
}
listen_on radicale "${4:-}" start
echo "http://127.0.0.1:$PORT/"
