#!/usr/bin/env bash
# Sync benchmarks over git:// and ssh on loopback, each next to its peer from the same run.
#   Benchmarks/sync.sh [SIZES...]     history sizes in events, default: 10000 100000 1000000
#   Benchmarks/sync.sh ssh            only the ssh cases
# One new event synced on top of each history, next to the git CLI committing and pushing a
# one-line change to the same kind of remote; two replicas with 10k new events each
# converging; bytes per event on the remote after `git gc`. As root, also over ssh through the
# system's ssh client (an own sshd and an account with its own ~/.ssh, see
# scripts/git-servers/ssh-account.sh): one new event next to git commit + push over the same
# ssh remote, and 20 alternating syncs of two stores.
set -euo pipefail
read -r -a sizes <<<"${*:-10000 100000 1000000}"
name=followup-syncbench results=sync-results.txt
source "$(dirname "$0")/common.sh"
if [ "${sizes[*]}" != ssh ]; then
prefix=$(bash "$servers/git-daemon.sh" "$work/server")
since() { python3 -c "print(f'{$(now)-$1:.2f} s')"; }

# The peer: the git CLI committing and pushing a one-line change to a served repository.
bash "$servers/new-repo.sh" "$work/server" peer >/dev/null
git clone -q "${prefix}peer.git" "$work/peer" 2>/dev/null
git -C "$work/peer" -c user.name=b -c user.email=b@b commit -q --allow-empty -m start
git -C "$work/peer" push -q origin HEAD:main 2>/dev/null
hyperfine --warmup 2 --runs 20 --export-json "$work/git.json" \
  "cd $work/peer && echo line >> notes.txt && git add notes.txt && git -c user.name=b -c user.email=b@b commit -qm note && git push -q origin HEAD:main" >/dev/null 2>&1
read -r gitcli < <(mean "$work/git.json")

say "followup sync benchmarks over git:// on loopback, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores"
say "peer: git CLI commit + push of a one-line change: $(ms "$gitcli")"
for size in "${sizes[@]}"; do
  interviews=$((size / 100)); ((interviews > 0)) || interviews=1
  store="$work/store-$size"
  "$gen" "$store" "$interviews" 100 >/dev/null
  bash "$servers/new-repo.sh" "$work/server" "h$size" >/dev/null
  "$followup" remote add origin "${prefix}h$size.git" --store "$store" >/dev/null
  start=$(now); "$followup" sync --store "$store" >/dev/null
  first=$(since "$start")
  hyperfine --warmup 1 --runs 10 --export-json "$work/one.json" \
    --prepare "$followup log note interview-1 --note x --store $store" \
    "$followup sync --store $store" >/dev/null
  read -r one < <(mean "$work/one.json")
  git -C "$work/server/repos/h$size.git" gc -q 2>/dev/null
  bytes=$(du -sb "$work/server/repos/h$size.git/objects" | cut -f1)
  events=$(sqlite3 "$store/followup.sqlite" "SELECT count(*) FROM event")
  say ""
  say "== history of $size events (first sync of the whole history: $first)"
  say "one new event synced: $(ms "$one") | git CLI commit+push: $(ms "$gitcli") | ratio $(ratio "$one" "$gitcli")"
  say "remote after git gc: $bytes bytes for $events events = $(python3 -c "print(f'{$bytes/$events:.1f}')") bytes/event"
done

# Two replicas with 10k new events each, converging through an empty remote.
bash "$servers/new-repo.sh" "$work/server" converge >/dev/null
for name in a b; do
  "$gen" "$work/conv-$name" 100 100 >/dev/null
  "$followup" remote add origin "${prefix}converge.git" --store "$work/conv-$name" >/dev/null
done
start=$(now)
"$followup" sync --store "$work/conv-a" >/dev/null
"$followup" sync --store "$work/conv-b" >/dev/null
"$followup" sync --store "$work/conv-a" >/dev/null
total=$(since "$start")
same=$(cmp -s <("$followup" export --store "$work/conv-a") <("$followup" export --store "$work/conv-b") && echo identical || echo DIFFERENT)
say ""
say "10k + 10k new events converging (sync a, sync b, sync a): $total, exports $same"
fi

if [ "$(id -u)" = 0 ]; then
  ssh_account sshpeer sshsync sshpair

  for store in one a b; do
    "$gen" "$home/store-$store" 10 10 >/dev/null
  done
  chown -R "$account:" "$home"
  "$as" "$followup" remote add origin "${ssh_prefix}sshsync.git" --store "$home/store-one" >/dev/null
  "$as" "$followup" sync --store "$home/store-one" >/dev/null
  transport=$("$as" "$followup" sync --verbose --store "$home/store-one" 2>&1 >/dev/null | head -1)
  # Taking turns, so that both see the same load on the shared machine: git commit + push of a
  # line, then one new event logged (not timed) and synced. Two rounds of warm-up, 40 measured
  # (with 20, the run-to-run spread, ±3 %, was as large as the difference measured).
  : >"$work/git-ssh.txt"; : >"$work/one-ssh.txt"
  for run in $(seq 1 42); do
    start=$(now)
    "$as" sh -c "cd $home/peer && echo line >> notes.txt && git add notes.txt && git -c user.name=b -c user.email=b@b commit -qm note && git push -q origin HEAD:main" 2>/dev/null
    taken=$(python3 -c "print($(now)-$start)")
    ((run > 2)) && echo "$taken" >>"$work/git-ssh.txt"
    "$as" "$followup" log note interview-1 --note x --store "$home/store-one" >/dev/null
    start=$(now)
    "$as" "$followup" sync --store "$home/store-one" >/dev/null
    taken=$(python3 -c "print($(now)-$start)")
    ((run > 2)) && echo "$taken" >>"$work/one-ssh.txt"
  done
  read -r gitssh < <(middle "$work/git-ssh.txt")
  read -r onessh < <(middle "$work/one-ssh.txt")

  # Two stores taking turns: each sync sends one new event and receives the other's last one.
  for store in a b; do
    "$as" "$followup" remote add origin "${ssh_prefix}sshpair.git" --store "$home/store-$store" >/dev/null
    "$as" "$followup" sync --store "$home/store-$store" >/dev/null
  done
  : >"$work/turns.txt"
  for turn in $(seq 1 20); do
    store=$([ $((turn % 2)) = 1 ] && echo a || echo b)
    # A new interview each turn: both stores hold an interview-1 after the first exchange.
    "$as" "$followup" interview add "turn-$turn" --company Turn --role Eng --at "1h ago" --store "$home/store-$store" >/dev/null
    start=$(now); "$as" "$followup" sync --store "$home/store-$store" >/dev/null
    python3 -c "print($(now)-$start)" >>"$work/turns.txt"
  done
  "$as" "$followup" sync --store "$home/store-a" >/dev/null  # a receives b's last turn
  read -r median worst < <(python3 -c "import statistics,sys; t=[float(l) for l in open(sys.argv[1])]; print(f'{statistics.median(t)*1000:.1f} {max(t)*1000:.1f}')" "$work/turns.txt")
  same=$(cmp -s <("$as" "$followup" export --store "$home/store-a") <("$as" "$followup" export --store "$home/store-b") && echo identical || echo DIFFERENT)
  say ""
  say "== over ssh through the system's ssh client (${transport#sync: })"
  say "one new event synced: $(ms "$onessh") | git CLI commit+push over the same ssh remote: $(ms "$gitssh") | ratio $(ratio "$onessh" "$gitssh")   (medians of 40, taking turns)"
  say "20 alternating syncs of two stores: median $median ms, max $worst ms, exports $same"
fi

say ""
say "results written to $report"
