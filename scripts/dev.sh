#!/usr/bin/env bash
# Runs Shopdesk in development mode: prepares the machine (scripts/setup.sh), then
# `npx tauri dev`, which starts Vite on 127.0.0.1:1420 and the app with live reload.
#
#   ./scripts/dev.sh                      # needs a display (DISPLAY or WAYLAND_DISPLAY)
#   SHOPDESK_PROVIDER=openai ./scripts/dev.sh
#
# Extra arguments go to `tauri dev` (e.g. `./scripts/dev.sh --release`).
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/setup.sh
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "[dev] no DISPLAY: the window needs a desktop session (or run under: xvfb-run -a ./scripts/dev.sh)" >&2
  exit 1
fi
exec npx tauri dev "$@"
