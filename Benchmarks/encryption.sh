#!/usr/bin/env bash
# The cost of encrypted sync, each figure next to the plain store's from the same run.
#   Benchmarks/encryption.sh [EVENTS]     history size in events, default: 100000
# One history, copied into a plain and a sealed store (`followup encrypt enable`), each synced
# over git:// on loopback: the first sync of the whole history, one new event synced on top,
# a new machine receiving the whole history (the replay of the remote log into a new store),
# the local `followup replay`, and the remote's size after `git gc`.
set -euo pipefail
events=${1:-100000}
name=followup-encbench results=encryption-results.txt
source "$(dirname "$0")/common.sh"
prefix=$(bash "$servers/git-daemon.sh" "$work/server")
elapsed() { python3 -c "print(f'{$(now)-$1:.3f}')"; }
export FOLLOWUP_PASSPHRASE="benchmark passphrase"

interviews=$((events / 100)); ((interviews > 0)) || interviews=1
"$gen" "$work/plain" "$interviews" 100 >/dev/null
cp -a "$work/plain" "$work/sealed"
"$followup" encrypt enable --store "$work/sealed" >/dev/null
"$followup" key export --store "$work/sealed" --out "$work/key.json" >/dev/null
count=$(sqlite3 "$work/plain/followup.sqlite" "SELECT count(*) FROM event")

declare -A first one receive replay bytes
for kind in plain sealed; do
  bash "$servers/new-repo.sh" "$work/server" "$kind" >/dev/null
  "$followup" remote add origin "${prefix}$kind.git" --store "$work/$kind" >/dev/null
  start=$(now); "$followup" sync --store "$work/$kind" >/dev/null; first[$kind]=$(elapsed "$start")
  hyperfine --warmup 1 --runs 10 --export-json "$work/one-$kind.json" \
    --prepare "$followup log note interview-1 --note x --store $work/$kind" \
    "$followup sync --store $work/$kind" >/dev/null
  read -r one[$kind] < <(mean "$work/one-$kind.json")
  # A new machine: an empty store (with the key, for the sealed log) receiving everything.
  "$followup" init --store "$work/new-$kind" --device new >/dev/null
  [ "$kind" = sealed ] && "$followup" key import "$work/key.json" --store "$work/new-$kind" >/dev/null
  "$followup" remote add origin "${prefix}$kind.git" --store "$work/new-$kind" >/dev/null
  start=$(now); "$followup" sync --store "$work/new-$kind" >/dev/null; receive[$kind]=$(elapsed "$start")
  hyperfine --warmup 1 --runs 5 --export-json "$work/replay-$kind.json" "$followup replay --store $work/$kind" >/dev/null
  read -r replay[$kind] < <(mean "$work/replay-$kind.json")
  git -C "$work/server/repos/$kind.git" gc -q 2>/dev/null
  bytes[$kind]=$(du -sb "$work/server/repos/$kind.git/objects" | cut -f1)
done
# Each new machine must hold every event of the history it received.
lines() { "$followup" export --store "$1" | grep '^{' | sed 's/,$//' | sort; }  # one event per line
missing() { comm -23 <(lines "$work/$1") <(lines "$work/new-$1") | wc -l; }
lost="plain $(missing plain), sealed $(missing sealed)"

say "followup encrypted vs plain sync over git:// on loopback, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $count events"
say "                                        plain        sealed       ratio"
row() { printf '%-38s %10s   %10s   %s\n' "$1" "$2" "$3" "$4" | tee -a "$report"; }
row "first sync of the whole history" "${first[plain]} s" "${first[sealed]} s" "$(ratio "${first[sealed]}" "${first[plain]}")"
row "one new event synced" "$(ms "${one[plain]}")" "$(ms "${one[sealed]}")" "$(ratio "${one[sealed]}" "${one[plain]}")"
row "new machine receives the history" "${receive[plain]} s" "${receive[sealed]} s" "$(ratio "${receive[sealed]}" "${receive[plain]}")"
row "local replay" "$(ms "${replay[plain]}")" "$(ms "${replay[sealed]}")" "$(ratio "${replay[sealed]}" "${replay[plain]}")"
row "remote after git gc, bytes/event" "$((bytes[plain] / count))" "$((bytes[sealed] / count))" "$(ratio "${bytes[sealed]}" "${bytes[plain]}")"
say "events of the history missing on the new machines: $lost"
say "results written to $report"
