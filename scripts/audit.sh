#!/usr/bin/env bash
# The dependency advisory audit: known vulnerabilities, unsound and unmaintained crates, yanked
# versions (Rust, with cargo-deny against the RustSec database and the policy in deny.toml), and
# known vulnerabilities of the npm packages (npm audit).
#
#   ./scripts/audit.sh                       fetch the RustSec database, audit Rust and npm
#   ./scripts/audit.sh --db-snapshot DIR     audit Rust against a local RustSec snapshot (a git
#                                            clone or bare repository of rustsec/advisory-db),
#                                            no network; npm is reported as not checked
#
# Exit status: 0 all checked and clean, 1 an advisory not accepted in deny.toml (or a database
# that could not be fetched or read), 3 Rust clean but npm not checked (--db-snapshot).
#
# Why a separate script: both databases live on the network, and CI machines here reach only the
# package registries, so `./scripts/test.sh` runs the offline checks (bans, licences, sources) and
# this one is run where the databases can be reached (a developer machine, a release checklist).
# It never passes silently: an unreachable database is a failure that says what was not checked.
# Every advisory we accept is listed, with its reason, in deny.toml's [advisories] ignore list.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

log() { printf '\033[1m[audit]\033[0m %s\n' "$*"; }
die() { printf '\033[1;31m[audit] %s\033[0m\n' "$*" >&2; exit 1; }

snapshot=""
while [ $# -gt 0 ]; do
  case "$1" in
    --db-snapshot) snapshot=${2:?--db-snapshot needs a directory}; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 0 ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
done

command -v cargo-deny >/dev/null 2>&1 || die "cargo-deny not found: run ./scripts/setup.sh"

failed=0 incomplete=0
if [ -n "$snapshot" ]; then
  [ -d "$snapshot" ] || die "no such directory: $snapshot"
  # cargo-deny 0.20 (the version setup.sh installs) looks for the database of a URL in
  # <db-path>/<repository>-<hash of the URL>; this is the
  # directory of https://github.com/rustsec/advisory-db (the db-urls entry of deny.toml).
  dbs=$(mktemp -d -t shopdesk-advisory-dbs-XXXXXX)
  trap 'rm -rf "$dbs"' EXIT
  git clone --quiet "$snapshot" "$dbs/advisory-db-3157b0e258782691"
  commit=$(git -C "$dbs/advisory-db-3157b0e258782691" log -1 --format='%h, %cs')
  log "Rust: cargo deny check advisories against the snapshot ($commit)"
  # The snapshot's date is the audit's date: say so rather than let its age pass unnoticed.
  config=$(mktemp -t shopdesk-deny-XXXXXX.toml)
  sed "s|^\[advisories\]$|[advisories]\ndb-path = \"$dbs\"|" deny.toml >"$config"
  cargo deny --log-level warn --config "$config" --offline check advisories || failed=1
  rm -f "$config"
  log "npm: NOT CHECKED (npm audit has no offline database; run without --db-snapshot where the
  registry's advisory service is reachable)"
  incomplete=1
else
  log "Rust: cargo deny check advisories (fetching the RustSec database)"
  cargo deny --log-level warn check advisories || failed=1
  log "npm: npm audit (the registry's advisory service)"
  npm audit --audit-level=low || failed=1
fi

[ $failed -eq 0 ] || die "advisories found, or a database could not be read (see above)"
if [ $incomplete -ne 0 ]; then
  printf '\033[1;33m[audit] Rust: no unaccepted advisories; npm: not checked\033[0m\n' >&2
  exit 3
fi
log "no unaccepted advisories"
