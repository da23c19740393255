#!/usr/bin/env bash
# Runs every check and test of Shopdesk, the way CI does (.ci/run calls this), in this order:
#   1. scripts/setup.sh            system packages, npm packages, tauri-driver, cargo-deny
#   2. cargo fmt --all --check     Rust formatting (rustfmt.toml)
#   3. cargo deny check bans licenses sources
#                                  the dependency policy of deny.toml (offline; the advisory
#                                  audit is scripts/audit.sh, which needs the RustSec database)
#   4. npm run typecheck:ui        tsc --noEmit over ui/ (app code and its *.test.ts(x) files)
#   5. npm run test:ui             the webview's unit tests (Vitest)
#   6. npm run build:ui            ui/dist, embedded into the app by the next step
#   7. scripts/check-dist.sh       ui/dist holds no dev fake, test code or fixtures
#   8. cargo build -p shopdesk -p shopdesk-server --features shopdesk/custom-protocol
#                                  the debug app binary the WebDriver tests drive, and the server
#                                  the browser test (headless Chromium) talks to
#   9. cargo clippy --workspace --all-targets --features shopdesk/custom-protocol -- -D warnings
#                                  after 8, so it reuses that build's dependencies
#  10. cargo test --workspace      Rust unit/integration tests of every crate but the e2e one,
#                                  with a throwaway PostgreSQL (scripts/pg-test.sh) for the
#                                  PostgreSQL store's tests and the scale-out test
#  11. cargo test -p shopdesk-e2e  the WebDriver tests of the debug binary (they start their own
#                                  Xvfb when DISPLAY is unset; output shown, with timings)
#  12. npx tauri build --bundles deb,rpm
#                                  the release build and the packages users install, then
#                                  scripts/check-dist.sh again on the ui/dist it embedded
#  13. scripts/check-package.sh    the .deb's and .rpm's metadata, binary, .desktop entry and
#                                  icons; the .deb is unpacked into a temporary directory
#  14. cargo test -p shopdesk-e2e -- smoke::window_opens… shopping::b_add_to_cart…
#                                  WebDriver smoke test of the unpacked package's binary
#                                  (SHOPDESK_APP_BIN): window, product card with its image
#                                  loaded, Add to Cart, badge; reuses the test binary of 11
# Steps 10, 11 and 14 run under `tini -s` to reap WebKit's orphans. Stops at the first failure
# with a non-zero exit status. Extra arguments go to the `cargo test` of step 10 (e.g.
# `./scripts/test.sh -- --nocapture`).
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
unpacked="" # the temporary directory the .deb is unpacked into, removed on exit
pg_dir=""   # the throwaway PostgreSQL cluster of step 10, stopped and removed on exit
trap 'rc=$?; [ -z "$unpacked" ] || rm -rf "$unpacked"; [ -z "$pg_dir" ] || ./scripts/pg-test.sh stop "$pg_dir"; [ $rc -eq 0 ] || printf "\n\033[1;31mFAILED\033[0m (exit %s) after %ss\n" "$rc" $((SECONDS - started)); exit $rc' EXIT

step "setup" ./scripts/setup.sh
step "Rust format" cargo fmt --all --check
step "dependency policy" cargo deny --log-level error check bans licenses sources
step "UI type check" npm run --silent typecheck:ui
step "UI unit tests" npm run --silent test:ui
step "UI build" npm run --silent build:ui
step "UI bundle has no dev/test code" ./scripts/check-dist.sh
# The e2e tests drive this binary: custom-protocol embeds ui/dist (a plain build loads the dev
# server instead). clippy and cargo test below use the same feature, so they never rebuild it
# without.
step "app build" cargo build -p shopdesk -p shopdesk-server --features shopdesk/custom-protocol
step "clippy" cargo clippy --workspace --all-targets --features shopdesk/custom-protocol -- -D warnings
reaper=()
if command -v tini >/dev/null 2>&1; then reaper=(tini -s --); fi
# The PostgreSQL tests read SHOPDESK_TEST_DATABASE_URL; under CI=true they fail without it.
pg_dir=$(mktemp -d -t shopdesk-pg-XXXXXX)
step "throwaway PostgreSQL" ./scripts/pg-test.sh start "$pg_dir"
SHOPDESK_TEST_DATABASE_URL=$(cat "$pg_dir/url")
export SHOPDESK_TEST_DATABASE_URL
# --no-fail-fast: report every failing test target, not only the first (still exits non-zero).
step "cargo test" "${reaper[@]}" cargo test --workspace --exclude shopdesk-e2e --no-fail-fast --features shopdesk/custom-protocol "$@"
./scripts/pg-test.sh stop "$pg_dir"; pg_dir=""
# The WebDriver tests of the built app, with their output shown: they print the measured
# timings (Enter → card, click → badge, the list building) and never assert on them.
step "WebDriver tests" "${reaper[@]}" cargo test -p shopdesk-e2e --no-fail-fast -- --nocapture

# What users install: the release packages, checked, and their binary driven once more.
bundle_dir="${CARGO_TARGET_DIR:-target}/release/bundle"
rm -rf "$bundle_dir" # so the globs below can only find this build's packages
step "release bundle" npx tauri build --bundles deb,rpm
step "UI bundle of the release has no dev/test code" ./scripts/check-dist.sh
debs=("$bundle_dir"/deb/*.deb) rpms=("$bundle_dir"/rpm/*.rpm)
[ ${#debs[@]} -eq 1 ] && [ -f "${debs[0]}" ] || { echo "expected one .deb in $bundle_dir/deb" >&2; exit 1; }
[ ${#rpms[@]} -eq 1 ] && [ -f "${rpms[0]}" ] || { echo "expected one .rpm in $bundle_dir/rpm" >&2; exit 1; }
unpacked=$(mktemp -d -t shopdesk-deb-XXXXXX)
step "package check" ./scripts/check-package.sh "${debs[0]}" "$unpacked/root" "${rpms[0]}"
step "WebDriver smoke test of the package" env SHOPDESK_APP_BIN="$unpacked/root/usr/bin/shopdesk" \
  "${reaper[@]}" cargo test -p shopdesk-e2e -- --nocapture \
  smoke::window_opens_with_the_embedded_ui shopping::b_add_to_cart_twice_updates_badge_panel_and_total_without_requests

printf '\n\033[1;32mALL TESTS PASSED\033[0m in %ss\n' $((SECONDS - started))
