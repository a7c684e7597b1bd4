#!/usr/bin/env bash
# Usage: ssh-hosting.sh BASEDIR [PORT]
# Git hosting as servers really run it, on the own sshd of ssh-account.sh (ed25519, ecdsa and rsa
# host keys), for that script's user account to reach through its ~/.ssh/config:
# - a git-shell account (login shell /usr/bin/git-shell; name in BASEDIR/account-git-shell) that
#   accepts the user's RSA key and serves the bare repositories in its ~/repos
#   (BASEDIR/git-shell/repos); the user reaches it as `gitshell:repos/NAME.git`;
# - a gitolite3 account (name in BASEDIR/account-gitolite, home BASEDIR/gitolite) set up with
#   `gitolite setup -pk`, then configured the way its admin does it, by pushing the
#   gitolite-admin repository: repositories `followup` and `readonly`, RW+ for the user's RSA key
#   (gitolite user `alice`, alias `gitolite`), and R only on `readonly` for a second key of the
#   user, ~/.ssh/reader_ed25519 (gitolite user `reader`, alias `gitolite-reader`).
# stop.sh stops the sshd and deletes all three accounts. Prints what ssh-account.sh prints.
# Needs root (useradd, sshd privilege separation) and gitolite3 (apt-get install gitolite3).
source "$(dirname "$0")/common.sh"
prepare_base "$1"
command -v gitolite >/dev/null || die "gitolite is missing: apt-get install gitolite3"
scripts=$(cd "$(dirname "$0")" && pwd)

# new_account KIND SHELL HOME: an unlocked account without a password, recorded for stop.sh.
new_account() {
    local file="$BASE/account-$1" name
    if [ ! -f "$file" ]; then
        name="fu$(printf '%04x%04x' $RANDOM $RANDOM)"
        useradd --no-create-home --home-dir "$3" --shell "$2" "$name"
        echo "$name" >"$file"
        # sshd without PAM refuses a locked account; '*' unlocks it and still allows no password.
        usermod -p '*' "$name"
    fi
    mkdir -p "$3/.ssh"
    cat "$file"
}
shell_home="$BASE/git-shell" gitolite_home="$BASE/gitolite"
shell_account=$(new_account git-shell /usr/bin/git-shell "$shell_home")
gitolite_account=$(new_account gitolite /bin/sh "$gitolite_home")

prefix=$(SSH_EXTRA_USERS="$shell_account $gitolite_account" bash "$scripts/ssh-account.sh" "$BASE" "${2:-}")
user=$(cat "$BASE/account") home="$BASE/home" dir="$BASE/ssh"
port=$(awk '$1 == "Port" {print $2}' "$dir/sshd_config")

mkdir -p "$shell_home/repos"
cp "$home/.ssh/id_rsa.pub" "$shell_home/.ssh/authorized_keys"
chown -R "$shell_account:" "$shell_home"

# gitolite: set up with an admin key, as its documentation says, then configured through gitolite-admin.
[ -f "$dir/gitolite_admin" ] || ssh-keygen -q -t ed25519 -N "" -C "gitolite admin" -f "$dir/gitolite_admin"
[ -f "$home/.ssh/reader_ed25519" ] || ssh-keygen -q -t ed25519 -N "" -C "$user reader" -f "$home/.ssh/reader_ed25519"
cp "$dir/gitolite_admin.pub" "$gitolite_home/admin.pub"
chown -R "$gitolite_account:" "$gitolite_home"
runuser -u "$gitolite_account" -- env -i HOME="$gitolite_home" USER="$gitolite_account" PATH=/usr/bin:/bin \
    gitolite setup -pk "$gitolite_home/admin.pub" >"$BASE/gitolite-setup.log" 2>&1 \
    || { cat "$BASE/gitolite-setup.log" >&2; die "gitolite setup failed"; }
admin="$BASE/gitolite-admin"
rm -rf "$admin"
export GIT_SSH_COMMAND="ssh -F /dev/null -i $dir/gitolite_admin -o IdentitiesOnly=yes -o BatchMode=yes -o UserKnownHostsFile=$home/.ssh/known_hosts -p $port"
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
git clone -q "$gitolite_account@127.0.0.1:gitolite-admin" "$admin"
cp "$home/.ssh/id_rsa.pub" "$admin/keydir/alice.pub"
cp "$home/.ssh/reader_ed25519.pub" "$admin/keydir/reader.pub"
cat >>"$admin/conf/gitolite.conf" <<CONF

repo followup
    RW+     =   alice

repo readonly
    RW+     =   alice
    R       =   reader
CONF
git -C "$admin" add -A
git -C "$admin" -c user.name=admin -c user.email=admin@example.com commit -q -m "followup and readonly"
git -C "$admin" push -q origin HEAD 2>"$BASE/gitolite-admin.log" || { cat "$BASE/gitolite-admin.log" >&2; die "push to gitolite-admin failed"; }
[ -d "$gitolite_home/repositories/readonly.git" ] || die "gitolite did not create the repositories of its configuration"

cat >>"$home/.ssh/config" <<CONF
Host gitshell
    HostName 127.0.0.1
    Port $port
    User $shell_account
    IdentityFile ~/.ssh/id_rsa
Host gitolite
    HostName 127.0.0.1
    Port $port
    User $gitolite_account
    IdentityFile ~/.ssh/id_rsa
    IdentitiesOnly yes
Host gitolite-reader
    HostName 127.0.0.1
    Port $port
    User $gitolite_account
    IdentityFile ~/.ssh/reader_ed25519
    IdentitiesOnly yes
CONF
chown -R "$user:" "$home"
echo "$prefix"
