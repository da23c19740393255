#!/usr/bin/env bash
# The app's performance figures (issue 14 items 2, 4, 5, 6), one `BENCH <name>\t<value>\t<unit>\t<target>`
# line each, the format scripts/bench.sh collects:
#
#   ./scripts/bench-app.sh             the debug build the WebDriver tests use
#   ./scripts/bench-app.sh --release   a release build of the app (cold start, RSS as shipped);
#                                      builds it first — slow, not for a shared CI machine
#
#   app.initial_js_kb                  the JS the main page loads before it runs (entry + preloads)
#   app.first_row_ms, app.list_states  "Show me products": Enter → first product row, at the
#                                      default pacing (tests/e2e/streaming.rs), and its events'
#   app.event_latency_p99_default_pacing, app.event_latency_p99_after_first_commit
#                                      core → applied latency (the browser test prints the same
#                                      as browser.*, headless Chromium over HTTP)
#   app.cold_start_<profile>[_native/_page]   (tests/e2e/cold_start.rs)
#   app.rss_idle, app.rss_after_20_lists, app.event_latency_p50/p99,
#   app.long_thread_last_page, app.long_thread_scroll_back_2000, app.long_thread_ms_per_page   (tests/e2e/performance.rs)
#
# Figures are printed, never compared: this script fails only when a measurement cannot be taken.
set -euo pipefail
cd "$(dirname "$0")/.."

profile=debug
cargo_profile=()
if [ "${1:-}" = "--release" ]; then
  profile=release
  cargo_profile=(--release)
fi

npm run --silent build:ui >/dev/null
# The main page's initial JS: its module script and the chunks it preloads (not the lazy ones).
initial=0
for js in $(grep -oE '(src|href)="/assets/[^"]+\.js"' ui/dist/index.html | sed -E 's/.*"\/(assets\/[^"]+)"/\1/'); do
  initial=$((initial + $(stat -c %s "ui/dist/$js")))
done
awk -v b="$initial" 'BEGIN { printf "BENCH app.initial_js_kb\t%.1f\tKB\t<= 400\n", b / 1000 }'

cargo build "${cargo_profile[@]}" -p shopdesk --features shopdesk/custom-protocol
target=${CARGO_TARGET_DIR:-target}
export SHOPDESK_APP_BIN="$target/$profile/shopdesk"

log=$(mktemp)
trap 'rm -f "$log"' EXIT
cargo test -p shopdesk-e2e --test e2e -- --nocapture --test-threads 1 \
  performance:: cold_start::the_apps_cold_start streaming::show_me_products_builds_the_list_visibly >"$log" 2>&1 || {
  cat "$log" >&2
  echo "bench-app: the WebDriver measurements failed" >&2
  exit 1
}
grep '^\[timing\]\|^\[perf\]' "$log" >&2 || true
grep '^BENCH ' "$log"
