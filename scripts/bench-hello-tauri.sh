#!/usr/bin/env bash
# The baseline for Shopdesk's main-process RSS (issue 14 item 6): a hello-world Tauri 2 app
# (benches/hello-tauri: same tauri version, one window, a static page, release build with the
# embedded page as Shopdesk's package has), started under Xvfb; its RSS is read 5 s after the
# spawn, about when tests/e2e/performance.rs reads Shopdesk's "idle" figure (cold start + 2 s).
# Prints `BENCH hello.rss_idle\t<MiB>\tMiB\t-` for scripts/bench.sh. The first run builds it
# (minutes: Tauri in release, in its own target directory).
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-$PWD/target}/hello-tauri"
(cd benches/hello-tauri && CARGO_TARGET_DIR="$target" cargo build --release --quiet --features custom-protocol)
bin="$target/release/hello-tauri"
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
# Its own data and config directories, so nothing of the user's is read or written.
XDG_DATA_HOME="$data" XDG_CONFIG_HOME="$data" HOME="$data" xvfb-run -a sh -c '
  "$0" & pid=$!
  sleep 5
  rss=$(awk "/^VmRSS/ { print \$2 }" /proc/$pid/status)
  kill $pid
  wait $pid 2>/dev/null || true
  awk -v kb="$rss" "BEGIN { printf \"BENCH hello.rss_idle\t%.1f\tMiB\t-\n\", kb / 1024 }"
' "$bin"
