#!/usr/bin/env bash
# followup end to end: two machines (two stores) of one job seeker, an interview, the
# follow-ups logged on either machine, what is due, sync through a local bare git remote,
# and the audited timeline. Runs in a throw-away directory; pass the followup binary as $1
# (followup-sync must sit beside it).
set -euo pipefail
followup=${1:-.build/release/followup}
followup=$(cd "$(dirname "$followup")" && pwd)/$(basename "$followup")
work=$(mktemp -d "${TMPDIR:-/tmp}/followup-demo.XXXXXX")
trap 'rm -rf "$work"' EXIT
bold=$'\033[1m'; plain=$'\033[0m'
[ -t 1 ] && [ -z "${NO_COLOR:-}" ] || { bold=""; plain=""; }

# The remote: a bare repository standing in for the one the user hosts (followup itself
# talks to git only through libgit2).
git init -q --bare "$work/remote.git"

laptop()  { printf '\n%s[laptop]  $ followup %s%s\n' "$bold" "$*" "$plain"; FOLLOWUP_HOME="$work/laptop" "$followup" "$@"; }
desktop() { printf '\n%s[desktop] $ followup %s%s\n' "$bold" "$*" "$plain"; FOLLOWUP_HOME="$work/desktop" "$followup" "$@"; }

# The laptop's store seals everything it syncs; the desktop gets the key from a key file.
# (The passphrase would be typed at the terminal; the demo passes it in the environment.)
export FOLLOWUP_PASSPHRASE="demo: correct horse battery staple"
laptop init --device laptop --encrypt
laptop key export --out "$work/followup-key.json"
laptop remote add origin "$work/remote.git"
desktop init --device desktop
desktop key import "$work/followup-key.json"
desktop remote add origin "$work/remote.git"

# Right after the interview, on the laptop.
laptop interview add acme-onsite --company "Acme Robotics" --role "iOS Engineer" --at "2d ago" --duration 1h \
  --interviewer "Jane Doe <jane@acme.example>" --interviewer "Sam Park <sam@acme.example>" \
  --point "offline-first sync for the field app"
laptop interview add globex-screen --company Globex --role "Mobile Lead" --at "tomorrow 10am" --duration 30m \
  --interviewer "Ravi Shah"
laptop due
laptop sync

# That evening, on the desktop: the thank-yous, a mistake and its correction.
desktop sync
desktop log thank-you acme --to Jane --at "1d ago" --note "thanked her for the deep dive on offline sync"
mistake=$(FOLLOWUP_HOME="$work/desktop" "$followup" log check-in acme --at "1d ago")
printf '\n(a check-in logged by mistake: %s)\n' "$mistake"
desktop retract "$mistake" --reason "meant the next-steps question"
desktop log next-steps acme --at "1d ago" --decision-by "+5d" --note "asked about the timeline in the thank-you"
desktop sync

# Meanwhile, offline on the laptop: the second thank-you. Then both sync.
laptop log thank-you acme --to Sam --at "2h ago"
laptop sync
desktop sync

laptop due --all
laptop status
laptop interview show acme
laptop timeline acme
laptop replay
laptop verify
printf '\n%sBoth machines hold the same log:%s ' "$bold" "$plain"
if cmp -s <(FOLLOWUP_HOME="$work/laptop" "$followup" export) <(FOLLOWUP_HOME="$work/desktop" "$followup" export); then
  echo "the exports are byte-identical ($(FOLLOWUP_HOME="$work/laptop" "$followup" export | grep -c '^{') events)."
else
  echo "the exports differ!" >&2
  exit 1
fi
printf '%sThe remote holds nothing readable:%s ' "$bold" "$plain"
# Sealed lines are base64, which can spell "acme" by chance (about once in fifty runs): each term
# searched for holds a space or a quote, which base64 never produces.
if git -C "$work/remote.git" cat-file --batch-all-objects --batch \
    | grep -a -q -i -e "acme robotics" -e '"acme' -e "jane doe" -e "offline sync" -e '"laptop"'; then
  echo "personal data found in the remote!" >&2
  exit 1
fi
echo "no company, person, note or device name in any of its $(git -C "$work/remote.git" count-objects -v | awk '/^count|^in-pack/ {n += $2} END {print n}') objects."
