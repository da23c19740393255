#!/usr/bin/env bash
# The baseline for Shopdesk's cold start and main-process RSS (issue 14 item 6): a hello-world
# Tauri 2 app (benches/hello-tauri: same tauri version, one window, a static page that records the
# same first-paint stamp as Shopdesk's, release build with the page embedded as Shopdesk's package
# has), launched by the same WebDriver harness as the app (tests/e2e/cold_start.rs): three cold
# starts split at the page's navigation start, and the RSS 2 s after the last one's paint.
# Prints `BENCH hello.cold_start…` and `BENCH hello.rss_idle` lines for scripts/bench.sh. The first
# run builds it (minutes: Tauri in release, in its own target directory); the harness also wants
# the app's debug build (`cargo build -p shopdesk --features shopdesk/custom-protocol`).
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-$PWD/target}/hello-tauri"
(cd benches/hello-tauri && CARGO_TARGET_DIR="$target" cargo build --release --quiet --features custom-protocol)
export SHOPDESK_HELLO_BIN="$target/release/hello-tauri"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# The harness also wants an app binary to exist before it is pointed at the hello-world one: the
# same one, so that this runs where no debug build of Shopdesk is (BENCH_APP_RELEASE=1).
SHOPDESK_APP_BIN="$SHOPDESK_HELLO_BIN" cargo test -p shopdesk-e2e --test e2e -- --ignored --nocapture --test-threads 1 \
  cold_start::the_hello_world_apps_cold_start_and_rss >"$log" 2>&1 || {
  cat "$log" >&2
  echo "bench-hello-tauri: the measurement failed" >&2
  exit 1
}
grep '^\[perf\]' "$log" >&2 || true
grep '^BENCH ' "$log"
