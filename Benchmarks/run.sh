#!/usr/bin/env bash
# Whole-process benchmarks of followup, each printed next to its peer from the same run.
#   Benchmarks/run.sh [SIZES...]     sizes in events, default: 10000 100000 1000000
# Needs: hyperfine, taskwarrior, sqlite3, GNU time, chromium (installed through apt when missing).
set -euo pipefail
cd "$(dirname "$0")"
root=$(cd .. && pwd)
sizes=("${@:-10000 100000 1000000}")
read -r -a sizes <<<"${sizes[*]}"

need=(); for p in hyperfine taskwarrior sqlite3 time chromium; do dpkg -s "$p" >/dev/null 2>&1 || need+=("$p"); done
if ((${#need[@]})); then
  sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi

make -C "$root" release >/dev/null
# Without the manifest cache: it misses source files added to the product since the last build.
swift build -c release --product followup-bench-gen --disable-build-manifest-caching >/dev/null
followup="$root/.build/release/followup"
gen="$(swift build -c release --show-bin-path)/followup-bench-gen"

work=$(mktemp -d "${TMPDIR:-/tmp}/followup-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
out="$root/bench-out"; mkdir -p "$out"
export TZ=UTC

# Peers: Taskwarrior adding a task, and the sqlite3 CLI doing one durable (WAL, FULL) insert.
mkdir -p "$work/task"
printf 'data.location=%s\nconfirmation=off\nverbose=nothing\n' "$work/task" >"$work/taskrc"
sqlite3 "$work/peer.sqlite" "PRAGMA journal_mode=WAL; CREATE TABLE t (id INTEGER PRIMARY KEY, note TEXT);" >/dev/null

report="$out/results.txt"; : >"$report"
say() { echo "$*" | tee -a "$report"; }
mean() { python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results']; print(' '.join(f\"{x['mean']:.6f}\" for x in r))" "$1"; }
median() { python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results']; print(' '.join(f\"{x['median']:.6f}\" for x in r))" "$1"; }
ms() { python3 -c "print(f'{float(\"$1\")*1000:.1f} ms')"; }
ratio() { python3 -c "print(f'{float(\"$1\")/float(\"$2\"):.2f}x')"; }
mb() { python3 -c "print(f'{$(stat -c %s "$1")/1e6:.1f} MB')"; }
chromium=(chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking
  --disable-component-update --disable-sync --disable-extensions "--host-resolver-rules=MAP * ~NOTFOUND")
peak() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }

say "followup benchmarks, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores"
for size in "${sizes[@]}"; do
  interviews=$((size / 100)); ((interviews > 0)) || interviews=1
  store="$work/store-$size"
  start=$(date +%s.%N)
  "$gen" "$store" "$interviews" 100 >/dev/null
  say ""
  say "== $size events, $interviews interviews (generated in $(python3 -c "print(f'{$(date +%s.%N)-$start:.1f}')") s)"

  hyperfine -N --warmup 3 --runs 40 --export-json "$work/log.json" \
    "$followup log note interview-1 --note x --store $store" \
    "task rc:$work/taskrc add follow up with Jane" \
    "sqlite3 $work/peer.sqlite \"PRAGMA synchronous=FULL; INSERT INTO t (note) VALUES ('follow up with Jane');\"" >/dev/null
  read -r log task sql < <(mean "$work/log.json")
  say "log (whole process, durable): followup $(ms "$log") | task add $(ms "$task") ($(ratio "$log" "$task") of it) | sqlite3 insert $(ms "$sql") ($(ratio "$log" "$sql") of it)"

  hyperfine -N --warmup 2 --runs 30 --export-json "$work/read.json" \
    "$followup status --store $store" "$followup due --store $store" >/dev/null
  read -r status due < <(mean "$work/read.json"); read -r status_median due_median < <(median "$work/read.json")
  say "status $(ms "$status") (median $(ms "$status_median")) | due $(ms "$due") (median $(ms "$due_median"))   (peak RSS: status $(peak "$followup" status --store "$store") KB, due $(peak "$followup" due --store "$store") KB)"

  hyperfine -N --runs 3 --export-json "$work/replay.json" "$followup replay --store $store" >/dev/null
  hyperfine --runs 3 --prepare "rm -f $work/plain.sqlite*" --export-json "$work/plain.json" \
    "sqlite3 $work/plain.sqlite \"PRAGMA journal_mode=WAL; ATTACH '$store/followup.sqlite' AS s; CREATE TABLE e AS SELECT * FROM s.event;\"" >/dev/null
  read -r replay < <(mean "$work/replay.json"); read -r plain < <(mean "$work/plain.json")
  events=$(sqlite3 "$store/followup.sqlite" "SELECT count(*) FROM event")
  say "replay: $(python3 -c "print(f'{$events/$replay:,.0f}')") events/s ($(ms "$replay")) | plain SQLite insert of the same rows: $(python3 -c "print(f'{$events/$plain:,.0f}')") rows/s ($(ms "$plain")) | replay/insert rate $(ratio "$plain" "$replay")   (replay peak RSS $(peak "$followup" replay --store "$store") KB)"

  # The HTML report beside its peer, export --format json of the same store (both read the whole
  # log and write one file), then Chromium loading the report: parsing it and building the DOM.
  hyperfine --warmup 1 --runs 5 --export-json "$work/report.json" \
    "$followup report --store $store --out $work/report.html" \
    "$followup export --format json --store $store > $work/export.json" >/dev/null
  read -r html export < <(mean "$work/report.json")
  say "report $(ms "$html") ($(mb "$work/report.html")) | export --format json $(ms "$export") ($(mb "$work/export.json")) | report/export time $(ratio "$html" "$export"), size $(ratio "$(stat -c %s "$work/report.html")" "$(stat -c %s "$work/export.json")")   (report peak RSS $(peak "$followup" report --store "$store") KB)"
  hyperfine --warmup 1 --runs 3 --export-json "$work/load.json" \
    "${chromium[*]@Q} --user-data-dir=$work/chromium --dump-dom file://$work/report.html >/dev/null" \
    "${chromium[*]@Q} --user-data-dir=$work/chromium --dump-dom about:blank >/dev/null" >/dev/null
  read -r load blank < <(mean "$work/load.json")
  say "chromium --headless --dump-dom of the report: $(ms "$load") | of a blank page: $(ms "$blank") | the report's own share $(ms "$(python3 -c "print($load-$blank)")")"
done

# The same size of history in the shape of a long job search: every interview but the 100 most
# recent has ended with an outcome. `status` still lists every interview; `due` weighs the open ones.
size=${sizes[-1]}; interviews=$((size / 100)); ((interviews > 0)) || interviews=1; open=$((interviews < 100 ? interviews : 100))
store="$work/shaped-$size"
"$gen" "$store" "$interviews" 100 "$open" >/dev/null
hyperfine -N --warmup 2 --runs 30 --export-json "$work/shaped.json" \
  "$followup status --store $store" "$followup due --store $store" >/dev/null
read -r status due < <(mean "$work/shaped.json"); read -r status_median due_median < <(median "$work/shaped.json")
say ""
say "== $size events, $interviews interviews of which $open open: status $(ms "$status") (median $(ms "$status_median")) | due $(ms "$due") (median $(ms "$due_median"))"
say ""
say "results written to $report"
