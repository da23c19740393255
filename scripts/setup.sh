#!/usr/bin/env bash
# Prepares a Debian 12 machine (or an already prepared one, quickly) to build, run and test
# Shopdesk: system libraries for Tauri/WebKitGTK, Xvfb and WebKitWebDriver for the UI tests, the
# npm packages, tauri-driver, and cargo-deny. Idempotent: each step is skipped when already done.
#
#   ./scripts/setup.sh
#
# Needs: Rust (cargo) and Node.js >= 20 with npm. Runs apt-get as root, or through sudo.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
die() { printf '\033[1;31m[setup] %s\033[0m\n' "$*" >&2; exit 1; }

export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

# System packages: Tauri's Linux prerequisites, then what the UI tests need, then `rpm` (the
# package check reads the .rpm with it), then PostgreSQL (scripts/pg-test.sh runs a throwaway
# cluster of it for the PostgreSQL store's tests; the system cluster it may set up is not used).
APT_PACKAGES=(
  libwebkit2gtk-4.1-dev libgtk-3-dev libayatana-appindicator3-dev librsvg2-dev
  libsoup-3.0-dev libjavascriptcoregtk-4.1-dev libdbus-1-dev build-essential pkg-config
  libssl-dev file curl wget libxdo-dev
  xvfb xauth webkit2gtk-driver tini
  chromium chromium-driver
  rpm
  postgresql
)

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    die "need root for: $* (run as root or install sudo)"
  fi
}

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
  [ "$status" = "installed" ] || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  command -v apt-get >/dev/null 2>&1 || die "apt-get not found; install these yourself: ${missing[*]}"
  log "installing ${#missing[@]} apt packages: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
else
  log "apt packages: all ${#APT_PACKAGES[@]} present"
fi

# Toolchains.
command -v cargo >/dev/null 2>&1 \
  || die "cargo not found: install Rust >= 1.90 (https://rustup.rs) and re-run"
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 \
  || die "node/npm not found: install Node.js >= 20 (e.g. from https://nodejs.org) and re-run"
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 20 ] || die "Node.js $(node --version) is too old: Vite needs >= 20"
log "toolchains: $(cargo --version | cut -d' ' -f1-2), node $(node --version), npm $(npm --version 2>/dev/null)"

# npm packages: reinstall only when package.json or the lockfile changed since the last install.
stamp=node_modules/.package-lock.json
if [ ! -f "$stamp" ] || [ package.json -nt "$stamp" ] || { [ -f package-lock.json ] && [ package-lock.json -nt "$stamp" ]; }; then
  if [ -f package-lock.json ]; then
    log "npm ci"
    npm ci --no-audit --no-fund --loglevel=error
  else
    log "npm install"
    npm install --no-audit --no-fund --loglevel=error
  fi
else
  log "npm packages: up to date"
fi

# tauri-driver: the WebDriver proxy the end-to-end tests talk to.
if command -v tauri-driver >/dev/null 2>&1; then
  log "tauri-driver: $(command -v tauri-driver)"
else
  log "cargo install tauri-driver (about 30 s)"
  cargo install tauri-driver --locked --version '^2' --quiet
fi
command -v WebKitWebDriver >/dev/null 2>&1 || die "WebKitWebDriver missing (apt-get install webkit2gtk-driver)"

# cargo-deny: the dependency policy check (deny.toml) that ./scripts/test.sh runs offline, and the
# advisory audit of ./scripts/audit.sh. Built from crates.io (a few minutes, once).
if command -v cargo-deny >/dev/null 2>&1; then
  log "cargo-deny: $(cargo-deny --version)"
else
  log "cargo install cargo-deny (a few minutes, once)"
  cargo install cargo-deny --locked --version '^0.20' --quiet
fi
log "done"
