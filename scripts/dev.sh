#!/usr/bin/env bash
# Runs Shopdesk in development mode: prepares the machine (scripts/setup.sh), then either the app
# (`npx tauri dev`: Vite on 127.0.0.1:1420 and the app with live reload; needs a display) or, with
# --browser, the UI in your own browser: it builds and starts shopdesk-server on 127.0.0.1:8000
# and the Vite dev server on http://127.0.0.1:5173 (an origin the server allows by default), and
# Ctrl-C stops both (no display needed).
#
#   ./scripts/dev.sh                      # needs a display (DISPLAY or WAYLAND_DISPLAY)
#   SHOPDESK_PROVIDER=openai ./scripts/dev.sh
#   ./scripts/dev.sh --browser            # then open http://127.0.0.1:5173/
#
# Extra arguments go to `tauri dev` (e.g. `./scripts/dev.sh --release`), or, after --browser, to
# shopdesk-server (e.g. `./scripts/dev.sh --browser --stream-delay-ms 40`; `shopdesk-server --help`).
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/setup.sh
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

if [ "${1:-}" = "--browser" ]; then
  shift
  cargo build -p shopdesk-server
  server_bin="${CARGO_TARGET_DIR:-target}/debug/shopdesk-server"
  pids=()
  stop() {
    trap - INT TERM EXIT
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  }
  trap 'stop; exit 130' INT TERM
  trap stop EXIT
  "$server_bin" --host 127.0.0.1 --port 8000 "$@" &
  pids+=($!)
  node_modules/.bin/vite --config ui/vite.config.ts --host 127.0.0.1 --port 5173 --strictPort &
  pids+=($!)
  echo "[dev] open http://127.0.0.1:5173/ (ChatKit server: http://127.0.0.1:8000/chatkit); Ctrl-C stops both" >&2
  # Either one ending (a port in use, a crash) ends the session and stops the other.
  wait -n "${pids[@]}"
  exit $?
fi

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "[dev] no DISPLAY: the window needs a desktop session (or run under: xvfb-run -a ./scripts/dev.sh)" >&2
  exit 1
fi
exec npx tauri dev "$@"
