# Sourced by the benchmark scripts: builds followup (release, static stdlib) and the history
# generator, makes a throw-away work directory, and defines the helpers that print figures.
# Before sourcing: `name` (the work directory's prefix) and `results` (the report's file name).
cd "$(dirname "${BASH_SOURCE[0]}")"
root=$(cd .. && pwd)
command -v hyperfine >/dev/null || { echo "hyperfine is missing: apt-get install hyperfine" >&2; exit 1; }
make -C "$root" release >/dev/null
# Without the manifest cache: it misses source files added to the product since the last build.
swift build -c release --product followup-bench-gen --disable-build-manifest-caching >/dev/null
followup="$root/.build/release/followup"
gen="$(swift build -c release --show-bin-path)/followup-bench-gen"
servers="$root/scripts/git-servers"

work=$(mktemp -d "${TMPDIR:-/tmp}/$name.XXXXXX")
cleanup() { bash "$servers/stop.sh" "$work/server" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
out="$root/bench-out"; mkdir -p "$out"
report="$out/$results"; : >"$report"
say() { echo "$*" | tee -a "$report"; }
mean() { python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results']; print(' '.join(f\"{x['mean']:.6f}\" for x in r))" "$1"; }
ms() { python3 -c "print(f'{float(\"$1\")*1000:.1f} ms')"; }
ratio() { python3 -c "print(f'{float(\"$1\")/float(\"$2\"):.2f}x')"; }
now() { date +%s.%N; }
