//! Vite and Vitest configuration for the Shopdesk webview.
//! Why: one file decides where the page is served from during `tauri dev` (127.0.0.1:1420,
//! strict), where the production bundle goes (ui/dist, embedded by Tauri), and how unit tests run
//! (jsdom, files next to the code they test).
import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL(".", import.meta.url));

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
