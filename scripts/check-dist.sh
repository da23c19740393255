#!/usr/bin/env bash
# Fails when the production UI bundle (ui/dist, which the app embeds and a browser loads against
# shopdesk-server) contains test or development code: the unit tests' fake backend, test files or
# fixtures, or the old browser-only fake core (deleted; the check keeps it from coming back).
#
#   ./scripts/check-dist.sh [dist dir, default ui/dist]
#
# Why: nothing the app ships may pull test code in (main.tsx picks between the real IPC and HTTP
# transports only); a refactor that breaks that still builds and runs, so only a check of the
# output notices. Two independent signs are checked: file names, and marker strings that only
# the fakes contain (they survive minification because the code uses them at run time).
set -euo pipefail
cd "$(dirname "$0")/.."
dist=${1:-ui/dist}
[ -f "$dist/index.html" ] || { echo "check-dist: $dist/index.html missing (run npm run build:ui)" >&2; exit 1; }

fail=0
files=$(find "$dist" -type f | wc -l)
# Module files named like dev/test code (Rollup names a chunk after its module).
bad_names=$(find "$dist" -type f \( -name '*.js' -o -name '*.mjs' -o -name '*.css' -o -name '*.map' -o -name '*.json' \) \
  | grep -Ei '(fake|mock|test|spec|fixture|dev)[^/]*$' || true)
if [ -n "$bad_names" ]; then
  echo "check-dist: dev/test modules in $dist:" >&2
  echo "$bad_names" | sed 's/^/  /' >&2
  fail=1
fi
# Marker strings of ui/src/test/fakeBackend.ts and of the deleted ui/src/dev/fakeBackend.ts, the
# fakes' module paths (a dynamic import leaves its path in the importing chunk), and the variable
# the test fixture loader (ui/src/test/fixtures.ts) reads.
markers=("shopdesk:dev-fake-backend" "shopdesk:test-fake-backend" "fakeBackend" "fakeCatalog" "CHATKIT_CONFORMANCE_DIR")
for marker in "${markers[@]}"; do
  hits=$(grep -rlF -- "$marker" "$dist" || true)
  if [ -n "$hits" ]; then
    echo "check-dist: \"$marker\" found in:" >&2
    echo "$hits" | sed 's/^/  /' >&2
    fail=1
  fi
done
[ "$fail" -eq 0 ] || exit 1
echo "check-dist: $dist ($files files) has no dev/test module names and none of: ${markers[*]}"
