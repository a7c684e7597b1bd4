#!/usr/bin/env bash
# Usage: [GIT_SERVER_AUTH=user:password] http.sh BASEDIR [PORT]
# Serves BASEDIR/repos through lighttpd + git http-backend and prints the URL prefix,
# e.g. http://127.0.0.1:34567/git/ — append NAME.git. Repositories need http.receivepack=true
# (new-repo.sh sets it) unless GIT_SERVER_AUTH is given. The same repositories are served at
# /read-only/ (pushes refused with 403) and /failing/ answers 500: see lighttpd-common.sh.
source "$(dirname "$0")/common.sh"
source "$(dirname "$0")/lighttpd-common.sh"
prepare_base "$1"
start_lighttpd http "${2:-}"
echo "http://127.0.0.1:$PORT/git/"
