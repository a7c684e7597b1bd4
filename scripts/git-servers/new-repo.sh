#!/usr/bin/env bash
# Usage: new-repo.sh BASEDIR NAME
# Creates the served bare repository BASEDIR/repos/NAME.git (pushable over http too) and prints its path.
source "$(dirname "$0")/common.sh"
[ $# -eq 2 ] || die "usage: $0 BASEDIR NAME"
prepare_base "$1"
repo="$BASE/repos/$2.git"
git init --quiet --bare "$repo"
git -C "$repo" config http.receivepack true
# Served by ssh-account.sh: the account pushes into it.
if [ -f "$BASE/account" ]; then chown -R "$(cat "$BASE/account"):" "$repo"; fi
echo "$repo"
