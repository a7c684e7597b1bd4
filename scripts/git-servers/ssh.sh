#!/usr/bin/env bash
# Usage: ssh.sh BASEDIR [PORT]
# Starts an own sshd on 127.0.0.1:PORT that accepts only the key BASEDIR/ssh/client_ed25519 (made here,
# no passphrase) for the current user, and writes the server's host key line to
# BASEDIR/ssh/known_hosts (append it to ~/.ssh/known_hosts of the client).
# Prints the URL prefix, e.g. ssh://root@127.0.0.1:34567/abs/BASEDIR/repos/ — append NAME.git.
# Needs root (sshd privilege separation) and /run/sshd.
source "$(dirname "$0")/common.sh"
prepare_base "$1"
dir="$BASE/ssh"
mkdir -p "$dir" /run/sshd
[ -f "$dir/host_ed25519" ] || ssh-keygen -q -t ed25519 -N "" -C "gitkit test host" -f "$dir/host_ed25519"
[ -f "$dir/client_ed25519" ] || ssh-keygen -q -t ed25519 -N "" -C "gitkit test client" -f "$dir/client_ed25519"
cp "$dir/client_ed25519.pub" "$dir/authorized_keys"
start() {
    cat >"$dir/sshd_config" <<CONF
ListenAddress 127.0.0.1
Port $1
HostKey $dir/host_ed25519
AuthorizedKeysFile $dir/authorized_keys
StrictModes no
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
UsePAM no
PidFile none
LogLevel VERBOSE
CONF
    echo "[127.0.0.1]:$1 $(cut -d' ' -f1,2 "$dir/host_ed25519.pub")" >"$dir/known_hosts"
    spawn_server "$2" /usr/sbin/sshd -D -e -f "$dir/sshd_config" -p "$1"
}
listen_on ssh "${2:-}" start
echo "ssh://$(id -un)@127.0.0.1:$PORT$BASE/repos/"
