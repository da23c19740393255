//! Which server a page outside Tauri posts to: `?server=` over `VITE_CHATKIT_URL` over the
//! default, and a refusal (never a silent fallback) for an address that is not plain http(s).
// @vitest-environment node
import { describe, expect, it } from "vitest";
import { DEFAULT_CHATKIT_URL, resolveServerUrl } from "./serverUrl";

describe("resolveServerUrl", () => {
  it("defaults to shopdesk-server's own address", () => {
    expect(resolveServerUrl("", undefined)).toEqual({ ok: true, url: DEFAULT_CHATKIT_URL, source: "default" });
    expect(resolveServerUrl("?other=1", "  ")).toEqual({ ok: true, url: DEFAULT_CHATKIT_URL, source: "default" });
  });

  it("takes VITE_CHATKIT_URL, and the query parameter over it", () => {
    expect(resolveServerUrl("", "http://localhost:9000/chatkit")).toEqual({ ok: true, url: "http://localhost:9000/chatkit", source: "env" });
    const q = `?server=${encodeURIComponent("http://127.0.0.1:41234/chatkit")}`;
    expect(resolveServerUrl(q, "http://localhost:9000/chatkit")).toEqual({ ok: true, url: "http://127.0.0.1:41234/chatkit", source: "query" });
  });

  it("adds /chatkit to a bare origin and drops a fragment", () => {
    expect(resolveServerUrl("?server=http://127.0.0.1:8001", undefined)).toMatchObject({ ok: true, url: "http://127.0.0.1:8001/chatkit" });
    expect(resolveServerUrl("", "https://shop.example/api/chatkit#x")).toMatchObject({ ok: true, url: "https://shop.example/api/chatkit" });
  });

  it.each([
    ["?server=javascript:alert(1)", "must be http: or https:"],
    ["?server=file:///etc/passwd", "must be http: or https:"],
    ["?server=not a url", "is not a URL"],
    ["?server=http://user:pw@127.0.0.1:8000/chatkit", "user name or password"],
  ])("refuses %s", (search, why) => {
    const r = resolveServerUrl(search, "http://127.0.0.1:8000/chatkit");
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toContain(why);
      expect(r.error).toContain("?server=");
    }
  });

  it("refuses a bad VITE_CHATKIT_URL instead of falling back to the default", () => {
    const r = resolveServerUrl("", "ftp://127.0.0.1/chatkit");
    expect(r).toEqual({ ok: false, error: expect.stringContaining("VITE_CHATKIT_URL") });
  });
});
