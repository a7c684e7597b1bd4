#!/usr/bin/env bash
# This build against another one (say, a release build of an earlier commit), on the same
# generated stores: first that the read commands print the same bytes, then the timings side by
# side in one interleaved hyperfine run each.
#   Benchmarks/compare.sh OTHER_BIN_DIR [SIZES...]    sizes in events, default: 100000 1000000
# OTHER_BIN_DIR holds that build's `followup` and `followup-sync`, e.g. a clone checked out at
# the earlier commit after `make release`: CLONE/.build/release.
# Exits non-zero when any output differs.
set -euo pipefail
other_dir=$(cd "${1:?usage: Benchmarks/compare.sh OTHER_BIN_DIR [SIZES...]}" && pwd); shift
read -r -a sizes <<<"${*:-100000 1000000}"
name=followup-compare results=compare-results.txt
source "$(dirname "$0")/common.sh"
other="$other_dir/followup"
[ -x "$other" ] || { echo "no followup in $other_dir" >&2; exit 1; }
export TZ=UTC
median() { python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results']; print(' '.join(f\"{x['median']:.6f}\" for x in r))" "$1"; }
moment="2026-11-29 09:00"

# The same bytes on stdout and stderr and the same exit status, for every read command. The
# calendar's DTSTAMP is the moment of the export, so it is the one line that may differ.
same_output() {
  local store=$1 differ=0
  local commands=(
    "status" "status --now '$moment'" "status --json --now '$moment'" "status interview-1 --now '$moment'"
    "due --now '$moment'" "due --all --now '$moment'" "due --json --now '$moment'" "due --ics --now '$moment'"
    "timeline" "timeline interview-2" "timeline --json interview-3" "timeline --as-of tomorrow" "timeline --as-of '$moment'"
    "export --format json" "export --format csv" "export --format ics"
    "interview list" "interview show interview-4" "stats" "verify" "config get"
    "log frobnicate interview-1" "status nope" "timeline --as-of never" "export --format pdf")
  for command in "${commands[@]}"; do
    for build in other this; do
      binary=$other; [ "$build" = this ] && binary=$followup
      set +e
      eval "\"$binary\" $command --store \"$store\"" >"$work/$build.out" 2>"$work/$build.err"
      echo "exit $?" >>"$work/$build.err"
      set -e
      sed -i '/^DTSTAMP:/d' "$work/$build.out"
    done
    if cmp -s "$work/other.out" "$work/this.out" && cmp -s "$work/other.err" "$work/this.err"; then
      say "  same: followup $command ($(wc -c <"$work/this.out") bytes)"
    else
      say "  DIFFERENT: followup $command"; differ=1
      diff <(cat "$work/other.out" "$work/other.err") <(cat "$work/this.out" "$work/this.err") | head -5 | tee -a "$report"
    fi
  done
  return $differ
}

say "this build ($(git -C "$root" rev-parse --short HEAD)) against $other_dir, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores"
status=0
for size in "${sizes[@]}"; do
  interviews=$((size / 100)); ((interviews > 0)) || interviews=1
  store="$work/store-$size"
  "$gen" "$store" "$interviews" 100 >/dev/null
  say ""
  say "== $size events, $interviews interviews"
  same_output "$store" || status=1

  hyperfine -N --warmup 3 --runs 30 --export-json "$work/log.json" \
    "$other log note interview-1 --note x --store $store" "$followup log note interview-1 --note x --store $store" >/dev/null
  hyperfine -N --warmup 2 --runs 20 --export-json "$work/read.json" \
    "$other status --store $store" "$followup status --store $store" \
    "$other due --store $store" "$followup due --store $store" >/dev/null
  hyperfine -N --runs 3 --export-json "$work/replay.json" \
    "$other replay --store $store" "$followup replay --store $store" >/dev/null
  read -r log_other log_this < <(median "$work/log.json")
  read -r status_other status_this due_other due_this < <(median "$work/read.json")
  read -r replay_other replay_this < <(median "$work/replay.json")
  say "medians, other | this | this/other:"
  say "  log    $(ms "$log_other") | $(ms "$log_this") | $(ratio "$log_this" "$log_other")"
  say "  status $(ms "$status_other") | $(ms "$status_this") | $(ratio "$status_this" "$status_other")"
  say "  due    $(ms "$due_other") | $(ms "$due_this") | $(ratio "$due_this" "$due_other")"
  say "  replay $(ms "$replay_other") | $(ms "$replay_this") | $(ratio "$replay_this" "$replay_other")"
done

# One new event synced over git:// on top of the last history, each build with its own copy of
# the store and its own remote, both primed by a first sync.
prefix=$(bash "$servers/git-daemon.sh" "$work/server")
for build in other this; do
  binary=$other; [ "$build" = this ] && binary=$followup
  cp -a "$store" "$work/sync-$build"
  bash "$servers/new-repo.sh" "$work/server" "$build" >/dev/null
  "$binary" remote add origin "${prefix}$build.git" --store "$work/sync-$build" >/dev/null
  "$binary" sync --store "$work/sync-$build" >/dev/null
done
hyperfine -N --warmup 1 --runs 10 --export-json "$work/sync.json" \
  --prepare "$other log note interview-1 --note x --store $work/sync-other" "$other sync --store $work/sync-other" \
  --prepare "$followup log note interview-1 --note x --store $work/sync-this" "$followup sync --store $work/sync-this" >/dev/null
read -r sync_other sync_this < <(median "$work/sync.json")
say ""
say "one new event synced over git:// (${sizes[-1]} events): $(ms "$sync_other") | $(ms "$sync_this") | $(ratio "$sync_this" "$sync_other")"
say ""
((status == 0)) && say "every output identical" || say "SOME OUTPUT DIFFERS"
say "results written to $report"
exit $status
