//! Vite and Vitest configuration for the Shopdesk webview.
//! Why: one file decides where the page is served from during `tauri dev` (127.0.0.1:1420,
//! strict), where the production bundle goes (ui/dist, embedded by Tauri), how `vite preview`
//! serves that bundle to a browser talking to shopdesk-server (the browser end-to-end test), and
//! how unit tests run (jsdom, files next to the code they test).
import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL(".", import.meta.url));

/**
 * The app's Content-Security-Policy (src-tauri/tauri.conf.json, the one source of it) for the
 * bundle served to a browser: the same rules — no inline or foreign script, no plugins, no frames
 * — except `connect-src`, which allows the HTTP(S) ChatKit server the page is pointed at instead
 * of Tauri's IPC. Only `vite preview` sends it: the dev server's hot reload needs inline script.
 */
function browserCsp(): string {
  const conf = JSON.parse(readFileSync(new URL("../src-tauri/tauri.conf.json", import.meta.url), "utf8")) as {
    app: { security: { csp: Record<string, string> } };
  };
  const csp = { ...conf.app.security.csp, "connect-src": "'self' http: https:" };
  return Object.entries(csp)
    .map(([directive, value]) => `${directive} ${value}`)
    .join("; ");
}

export default defineConfig({
  root,
  plugins: [react()],
  clearScreen: false,
  server: {
    host: "127.0.0.1",
    port: 1420,
    strictPort: true,
    watch: { ignored: ["**/src-tauri/**"] },
  },
  preview: {
    host: "127.0.0.1",
    port: 4173,
    strictPort: true,
    headers: { "Content-Security-Policy": browserCsp() },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    chunkSizeWarningLimit: 2000,
    // The ChatKit window's page (its own CSP and capability: src-tauri/src/chatkit_window.rs).
    rollupOptions: { input: { main: `${root}index.html`, chatkit: `${root}chatkit.html` } },
  },
  test: {
    root,
    environment: "jsdom",
    include: ["src/**/*.test.{ts,tsx}"],
    setupFiles: ["src/test/setup.ts"],
    reporters: ["default", "./src/test/summaryReporter.ts"],
  },
});
