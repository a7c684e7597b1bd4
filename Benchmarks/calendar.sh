#!/usr/bin/env bash
# Calendar benchmarks against Radicale on loopback.
#   Benchmarks/calendar.sh [ITEMS]          pending items to push, default 1000
# `calendar push` of ITEMS pending items to an empty calendar, then a second push with nothing
# new (it must send no PUT or DELETE), each timed with the HTTP requests it made (followup-cal's
# --json report); then `followup --version` and `log` side by side with BASELINE (a followup
# binary from before the calendar existed, default: none, skipped) with hyperfine -N.
# FOLLOWUP names the followup binary to measure (default: the release build, made first).
set -euo pipefail
items=${1:-1000}
name=followup-calbench results=calendar-results.txt without_generator=1
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
command -v radicale >/dev/null || { echo "radicale is missing: apt-get install radicale apache2-utils" >&2; exit 1; }
field() { python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))" "$@"; }

# A store with ITEMS pending items: each interview with one interviewer, two days ago, has four
# (thank-you, handwritten note, next steps, check-in).
store="$work/store"
"$followup" init --device bench --store "$store" >/dev/null
for i in $(seq 1 $(( (items + 3) / 4 ))); do
  "$followup" interview add "i$i" --company "Company $i" --role Engineer --at "2d ago" \
    --interviewer "Person $i" --point "point $i" --store "$store" >/dev/null
done
pending=$("$followup" due --all --json --store "$store" | python3 -c "import json,sys; print(len(json.load(sys.stdin)))")

url=$(bash "$servers/radicale.sh" "$work/radicale" bench "bench password")
echo "bench password" >"$work/password"
"$followup" calendar add "${url}bench/followup/" --user bench --password-command "cat '$work/password'" --store "$store" >/dev/null

say "calendar push benchmarks against Radicale $(radicale --version 2>/dev/null) on loopback, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores"
start=$(now); "$followup" calendar push --json --store "$store" >"$work/first.json"; end=$(now)
say "first push, $pending pending items to an empty calendar: $(python3 -c "print(f'{$end-$start:.2f} s')"), \
$(field "$work/first.json" "r['requestCount']") HTTP requests $(field "$work/first.json" "r['requests']"), created $(field "$work/first.json" "r['created']")"
start=$(now); "$followup" calendar push --json --store "$store" >"$work/second.json"; end=$(now)
writes=$(field "$work/second.json" "r['requests'].get('PUT', 0) + r['requests'].get('DELETE', 0)")
say "second push, nothing new: $(python3 -c "print(f'{($end-$start)*1000:.0f} ms')"), \
$(field "$work/second.json" "r['requestCount']") HTTP requests $(field "$work/second.json" "r['requests']"), PUT+DELETE: $writes"
[ "$writes" = 0 ] || { say "FAIL: the second push wrote"; exit 1; }
hyperfine -N --warmup 2 --runs 10 --export-json "$work/again.json" "$followup calendar push --store $store" >/dev/null
say "push with nothing new, hyperfine mean of 10: $(field "$work/again.json" "f\"{r['results'][0]['mean']*1000:.1f} ms\"")"

if [ -n "${BASELINE:-}" ]; then
  # The same one-interview store made by each build (this one's schema is newer).
  for build in "$BASELINE" "$followup"; do
    dir="$work/startup-$([ "$build" = "$BASELINE" ] && echo base || echo this)"
    "$build" init --device startup --store "$dir" >/dev/null
    "$build" interview add acme --company Acme --role Engineer --at "2d ago" --interviewer Jane --point x --store "$dir" >/dev/null
  done
  say ""
  say "start-up, this build ($followup) next to $BASELINE (hyperfine -N):"
  hyperfine -N --warmup 5 --runs 200 --export-json "$work/version.json" "$BASELINE --version" "$followup --version" >/dev/null
  say "--version: baseline $(field "$work/version.json" "f\"{r['results'][0]['mean']*1000:.2f} ms\"") | this build $(field "$work/version.json" "f\"{r['results'][1]['mean']*1000:.2f} ms\"")"
  hyperfine -N --warmup 5 --runs 100 --export-json "$work/log.json" \
    "$BASELINE log note acme --note x --store $work/startup-base" "$followup log note acme --note x --store $work/startup-this" >/dev/null
  say "log note: baseline $(field "$work/log.json" "f\"{r['results'][0]['mean']*1000:.2f} ms\"") | this build $(field "$work/log.json" "f\"{r['results'][1]['mean']*1000:.2f} ms\"")"
fi
