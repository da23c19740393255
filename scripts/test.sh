#!/usr/bin/env bash
# Runs every test of Shopdesk, the way CI does (.ci/run calls this):
#   1. scripts/setup.sh            system packages, npm packages, tauri-driver
#   2. npm run test:ui             the webview's unit tests (Vitest)
#   3. npm run build:ui            ui/dist, embedded into the app by the next step
#   4. cargo build -p shopdesk --features custom-protocol
#                                  the standalone app binary the WebDriver tests drive
#   5. cargo test --workspace      Rust unit/integration tests of every crate but the e2e one
#   6. cargo test -p shopdesk-e2e  the WebDriver tests of the built app (they start their own
#                                  Xvfb when DISPLAY is unset; output shown, with timings);
#                                  both under `tini -s` to reap WebKit's orphans
# Stops at the first failure with a non-zero exit status. Extra arguments go to the first
# `cargo test` (e.g. `./scripts/test.sh -- --nocapture`).
#
# Environment: CARGO_TARGET_DIR is honoured; SHOPDESK_SCREENSHOT_DIR=<dir> keeps WebDriver
# screenshots; SHOPDESK_E2E_XVFB=1 uses a private Xvfb even when DISPLAY is set.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
# Offline by default: the tests never need a model server or an API key.
export SHOPDESK_PROVIDER="${SHOPDESK_PROVIDER:-offline}"

started=$SECONDS
step() {
  local name=$1; shift
  printf '\n\033[1;34m==> %s\033[0m  (%s)\n' "$name" "$*"
  local t=$SECONDS
  "$@"
  printf '\033[1;32m<== %s ok\033[0m in %ss\n' "$name" $((SECONDS - t))
}
trap 'rc=$?; [ $rc -eq 0 ] || printf "\n\033[1;31mFAILED\033[0m (exit %s) after %ss\n" "$rc" $((SECONDS - started)); exit $rc' EXIT

step "setup" ./scripts/setup.sh
step "UI unit tests" npm run --silent test:ui
step "UI build" npm run --silent build:ui
step "UI bundle has no dev/test code" ./scripts/check-dist.sh
# The e2e tests drive this binary: custom-protocol embeds ui/dist (a plain build loads the dev
# server instead). cargo test below uses the same feature, so it never rebuilds it without.
step "app build" cargo build -p shopdesk --features custom-protocol
reaper=()
if command -v tini >/dev/null 2>&1; then reaper=(tini -s --); fi
# --no-fail-fast: report every failing test target, not only the first (still exits non-zero).
step "cargo test" "${reaper[@]}" cargo test --workspace --exclude shopdesk-e2e --no-fail-fast --features shopdesk/custom-protocol "$@"
# The WebDriver tests of the built app, with their output shown: they print the measured
# timings (Enter → card, click → badge, the list building) and never assert on them.
step "WebDriver tests" "${reaper[@]}" cargo test -p shopdesk-e2e --no-fail-fast -- --nocapture

printf '\n\033[1;32mALL TESTS PASSED\033[0m in %ss\n' $((SECONDS - started))
