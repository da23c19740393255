#!/usr/bin/env bash
# Runs every benchmark of Shopdesk and prints one summary table: name, figure, unit, target and
# the figure measured before the performance work (scripts/bench-baseline.tsv).
#
# Figures are printed, never asserted: nothing here fails because a number is slow. It is not
# part of scripts/test.sh (CI compiles the benches through `cargo clippy --all-targets`).
#
# The contract for a bench (how to add a row): print lines of the form
#     BENCH <name>\t<value>\t<unit>\t<target>
# on stdout (tab-separated; <target> may be empty), and run it below with `collect`. Every other
# line of its output goes to the log only. A row of scripts/bench-baseline.tsv
#     <name>\t<value>\t<unit>
# with the same name fills the "before" column.
#
# Usage: scripts/bench.sh [name-filter]   only the benches whose label contains name-filter
# Environment: CARGO_TARGET_DIR is honoured; BENCH_LOG=<file> keeps the full output (default:
# a temporary file, named at the end). Takes a few minutes on a 2-core machine after the build.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

filter="${1:-}"
log="${BENCH_LOG:-$(mktemp -t shopdesk-bench-XXXXXX.log)}"
rows="$(mktemp -t shopdesk-bench-rows-XXXXXX)"
trap 'rm -f "$rows"' EXIT
: >"$log"

# collect <label> <command…>: runs the command and appends its output to the log (whose BENCH
# lines make the table). A bench that fails gets a FAILED row and the others still run.
collect() {
  local label=$1; shift
  if [ -n "$filter" ] && [[ "$label" != *"$filter"* ]]; then return 0; fi
  printf '==> %s  (%s)\n' "$label" "$*" >&2
  local t=$SECONDS
  if "$@" >>"$log" 2>&1; then
    printf '<== %s in %ss\n' "$label" $((SECONDS - t)) >&2
  else
    printf '<== %s FAILED (exit %s), see %s\n' "$label" "$?" "$log" >&2
    printf 'BENCH %s\tFAILED\t\t\n' "$label" >>"$log"
  fi
}

# --- core benches (chatkit crate) -----------------------------------------------------------
# Build once, then run each bench binary (cargo bench passes `--bench`, which selects the full
# run; under `cargo test --benches` they run a quick check instead).
collect "build" cargo bench -p chatkit --no-run
collect "widget_diff" cargo bench -p chatkit --bench widget_diff
collect "process" cargo bench -p chatkit --bench process
collect "scale" cargo bench -p chatkit --bench scale

# --- app benches (IPC latency, first row, RSS, cold start) ----------------------------------
# The real app under WebDriver (scripts/bench-app.sh; `BENCH_APP_RELEASE=1` measures a release
# build, which takes minutes to build). `BENCH_SKIP_APP=1` runs the core benches only.
if [ "${BENCH_SKIP_APP:-}" != "1" ]; then
  app_args=()
  [ "${BENCH_APP_RELEASE:-}" = "1" ] && app_args=(--release)
  collect "app" ./scripts/bench-app.sh "${app_args[@]}"
  # The hello-world Tauri app the RSS figures are compared with.
  collect "hello-tauri" ./scripts/bench-hello-tauri.sh
fi

# --- summary --------------------------------------------------------------------------------
grep -a '^BENCH ' "$log" | sed 's/^BENCH //' >"$rows" || true
baseline=scripts/bench-baseline.tsv
[ -f "$baseline" ] || baseline=/dev/null
awk -F'\t' -v OFS='\t' '
  FNR == NR { if ($0 !~ /^#/ && NF >= 2) before[$1] = $2 " " $3; next }
  { print $1, $2, $3, $4, (($1 in before) ? before[$1] : "") }
' "$baseline" "$rows" | awk -F'\t' '
  { for (i = 1; i <= 5; i++) { cell[NR, i] = $i; if (length($i) > w[i]) w[i] = length($i) } }
  END {
    split("name figure unit target before", head, " ")
    for (i = 1; i <= 5; i++) if (length(head[i]) > w[i]) w[i] = length(head[i])
    fmt = "%-" w[1] "s  %" w[2] "s  %-" w[3] "s  %-" w[4] "s  %s\n"
    printf fmt, head[1], head[2], head[3], head[4], head[5]
    for (r = 1; r <= NR; r++) printf fmt, cell[r, 1], cell[r, 2], cell[r, 3], cell[r, 4], cell[r, 5]
  }'
echo "full output: $log" >&2
