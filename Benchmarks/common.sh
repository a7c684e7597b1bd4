# Sourced by the benchmark scripts: builds followup (release, static stdlib) and the history
# generator, makes a throw-away work directory, and defines the helpers that print figures.
# Before sourcing: `name` (the work directory's prefix) and `results` (the report's file name);
# FOLLOWUP, to measure that followup binary instead of building the release one; without_generator=1
# for a script that makes its stores itself.
cd "$(dirname "${BASH_SOURCE[0]}")"
root=$(cd .. && pwd)
command -v hyperfine >/dev/null || { echo "hyperfine is missing: apt-get install hyperfine" >&2; exit 1; }
[ -n "${FOLLOWUP:-}" ] || make -C "$root" release >/dev/null
followup=${FOLLOWUP:-$root/.build/release/followup}
if [ -z "${without_generator:-}" ]; then
  # Without the manifest cache: it misses source files added to the product since the last build.
  swift build -c release --product followup-bench-gen --disable-build-manifest-caching >/dev/null
  gen="$(swift build -c release --show-bin-path)/followup-bench-gen"
fi
servers="$root/scripts/git-servers"

work=$(mktemp -d "${TMPDIR:-/tmp}/$name.XXXXXX")
# Whatever servers the script started under $work (git servers in server/, Radicale in radicale/).
cleanup() {
  for dir in "$work/server" "$work/radicale"; do bash "$servers/stop.sh" "$dir" >/dev/null 2>&1 || true; done
  rm -rf "$work"
}
trap cleanup EXIT
out="$root/bench-out"; mkdir -p "$out"
report="$out/$results"; : >"$report"
say() { echo "$*" | tee -a "$report"; }
mean() { python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results']; print(' '.join(f\"{x['mean']:.6f}\" for x in r))" "$1"; }
median() { python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results']; print(' '.join(f\"{x['median']:.6f}\" for x in r))" "$1"; }
middle() { python3 -c "import statistics,sys; print(statistics.median(float(l) for l in open(sys.argv[1])))" "$1"; }
ms() { python3 -c "print(f'{float(\"$1\")*1000:.1f} ms')"; }
ratio() { python3 -c "print(f'{float(\"$1\")/float(\"$2\"):.2f}x')"; }
now() { date +%s.%N; }

# As root: an own sshd and an account with its own ~/.ssh (scripts/git-servers/ssh-account.sh),
# the repositories REPOS... served there (the first one the git CLI's peer), and the account's
# clone `$home/peer` with one commit pushed. Sets ssh_base, ssh_prefix (mynas:/…/repos/, through
# ~/.ssh/config), account, home, and `as`: a command run as the account, so that its ssh reads
# its own ~/.ssh.
ssh_account() {
  ssh_base="$work/ssh"
  chmod 755 "$work"  # mktemp's 0700 would keep the account out of its home below it
  trap 'bash "$servers/stop.sh" "$ssh_base" >/dev/null 2>&1 || true; cleanup' EXIT
  ssh_prefix=$(bash "$servers/ssh-account.sh" "$ssh_base")
  account=$(cat "$ssh_base/account") home="$ssh_base/home"
  as="$work/as-account"
  printf '#!/bin/sh\nexec runuser -u %s -- env -i HOME=%s PATH=/usr/bin:/bin TZ=UTC "$@"\n' "$account" "$home" >"$as"
  chmod 755 "$as"
  for repo in "$@"; do bash "$servers/new-repo.sh" "$ssh_base" "$repo" >/dev/null; done
  "$as" git -C "$home" init -q peer
  "$as" git -C "$home/peer" -c user.name=b -c user.email=b@b commit -q --allow-empty -m start
  "$as" git -C "$home/peer" remote add origin "${ssh_prefix}$1.git"
  "$as" git -C "$home/peer" push -q origin HEAD:main 2>/dev/null
}
