#!/usr/bin/env bash
# One machine's day with followup: an interview, the follow-ups logged, what is due, the
# audited timeline. Runs in a throw-away store; pass the followup binary as $1.
set -euo pipefail
followup=${1:-.build/release/followup}
followup=$(cd "$(dirname "$followup")" && pwd)/$(basename "$followup")
store=$(mktemp -d "${TMPDIR:-/tmp}/followup-demo.XXXXXX")
trap 'rm -rf "$store"' EXIT
export FOLLOWUP_HOME="$store/laptop"

step() { printf '\n\033[1m$ followup %s\033[0m\n' "$*"; "$followup" "$@"; }

step init --device laptop
step interview add acme-onsite --company "Acme Robotics" --role "iOS Engineer" --at "2d ago" --duration 1h \
  --interviewer "Jane Doe <jane@acme.example>" --interviewer "Sam Park <sam@acme.example>" \
  --point "offline-first sync for the field app"
step interview add globex-screen --company Globex --role "Mobile Lead" --at "tomorrow 10am" --duration 30m \
  --interviewer "Ravi Shah"
step due
step log thank-you acme --to Jane --at "1d ago" --note "thanked her for the deep dive on offline sync"
mistake=$("$followup" log check-in acme --at "1d ago")
echo "(logged a check-in by mistake: $mistake)"
step retract "$mistake" --reason "meant the next-steps question"
step log next-steps acme --at "1d ago" --decision-by "+5d" --note "asked about the timeline in the thank-you"
step log thank-you acme --to Sam --at "2h ago"
step due --all
step status
step interview show acme
step timeline acme
step replay
step verify
step export --format json
