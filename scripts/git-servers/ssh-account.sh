#!/usr/bin/env bash
# Usage: ssh-account.sh BASEDIR [PORT]
# A user's own ssh set-up, as people have it, for the OpenSSH transport tests:
# - an own sshd on 127.0.0.1:PORT with ed25519, ecdsa and rsa host keys;
# - a new account (name in BASEDIR/account; stop.sh deletes it) whose passwd home is
#   BASEDIR/home (OpenSSH reads ~/.ssh from there, not from $HOME), unlocked without a password;
# - in that home: an RSA key ~/.ssh/id_rsa accepted by the server, ~/.ssh/config with
#   `Host mynas` (HostName, Port, User, IdentityFile), known_hosts from `ssh-keyscan -H` (all types);
# - the served repositories BASEDIR/repos owned by the account.
# Prints the scp-like URL prefix, e.g. mynas:/abs/BASEDIR/repos/ — append NAME.git.
# SSH_EXTRA_USERS (space-separated account names) may log in to the sshd too (ssh-hosting.sh's).
# Needs root (useradd, sshd privilege separation).
source "$(dirname "$0")/common.sh"
prepare_base "$1"
dir="$BASE/ssh"
home="$BASE/home"
mkdir -p "$dir" "$home/.ssh" /run/sshd
for type in ed25519 ecdsa rsa; do
    [ -f "$dir/host_$type" ] || ssh-keygen -q -t "$type" -N "" -C "followup test host" -f "$dir/host_$type"
done
if [ ! -f "$BASE/account" ]; then
    account="fu$(printf '%04x%04x' $RANDOM $RANDOM)"
    useradd --no-create-home --home-dir "$home" --shell /bin/sh "$account"
    echo "$account" >"$BASE/account"
    # sshd without PAM refuses a locked account; '*' unlocks it and still allows no password.
    usermod -p '*' "$account"
fi
account=$(cat "$BASE/account")
[ -f "$home/.ssh/id_rsa" ] || ssh-keygen -q -t rsa -b 3072 -N "" -C "$account@followup-test" -f "$home/.ssh/id_rsa"
cp "$home/.ssh/id_rsa.pub" "$home/.ssh/authorized_keys"
start() {
    cat >"$dir/sshd_config" <<CONF
ListenAddress 127.0.0.1
Port $1
HostKey $dir/host_ed25519
HostKey $dir/host_ecdsa
HostKey $dir/host_rsa
AuthorizedKeysFile .ssh/authorized_keys
StrictModes no
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin no
AllowUsers $account ${SSH_EXTRA_USERS:-}
UsePAM no
PidFile none
LogLevel VERBOSE
CONF
    spawn_server "$2" /usr/sbin/sshd -D -e -f "$dir/sshd_config" -p "$1"
}
listen_on sshd "${2:-}" start
cat >"$home/.ssh/config" <<CONF
Host mynas
    HostName 127.0.0.1
    Port $PORT
    User $account
    IdentityFile ~/.ssh/id_rsa
CONF
ssh-keyscan -H -p "$PORT" -t rsa,ecdsa,ed25519 127.0.0.1 2>/dev/null >"$home/.ssh/known_hosts"
[ "$(wc -l <"$home/.ssh/known_hosts")" -ge 3 ] || die "ssh-keyscan found fewer than 3 host keys"
chown -R "$account:" "$home" "$BASE/repos"
chmod 700 "$home" "$home/.ssh"
echo "mynas:$BASE/repos/"
