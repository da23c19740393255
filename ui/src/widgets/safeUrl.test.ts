//! Tests of the URL policy for untrusted widget and markdown URLs.
// @vitest-environment node
import { describe, expect, it } from "vitest";
import { safeUrl } from "./safeUrl";

describe("safeUrl", () => {
  it.each([
    ["https://example.com/a.png", "image"],
    ["http://127.0.0.1:8080/x.jpg", "image"],
    ["data:image/png;base64,iVBORw0KGgo=", "image"],
    ["data:image/svg+xml;base64,PHN2Zz4=", "image"],
    ["blob:tauri://localhost/1234", "image"],
    ["/assets/lamp.png", "image"],
    ["images/lamp.png", "image"],
    ["./lamp.png?x=1:2", "image"],
    ["https://example.com/page", "link"],
    ["mailto:help@example.com", "link"],
  ] as const)("allows %s for %s", (url, use) => {
    expect(safeUrl(url, use)).not.toBeNull();
  });

  it.each([
    ["javascript:alert(1)", "link"],
    ["JavaScript:alert(1)", "image"],
    [" java\tscript:alert(1)", "link"],
    ["\u0000javascript:alert(1)", "link"],
    ["java\nscript:alert(1)", "image"],
    ["vbscript:msgbox(1)", "link"],
    ["data:text/html;base64,PHNjcmlwdD4=", "image"],
    ["data:text/html,<script>alert(1)</script>", "link"],
    ["data:image/png;base64,AAAA", "link"],
    ["blob:https://x/1", "link"],
    ["//evil.example/x.png", "image"],
    ["\\\\evil.example\\x.png", "image"],
    ["file:///etc/passwd", "image"],
    ["tauri://localhost/secret", "image"],
    ["ftp://x/y", "link"],
    ["", "image"],
  ] as const)("refuses %j for %s", (url, use) => {
    expect(safeUrl(url, use)).toBeNull();
  });

  it("refuses non-strings", () => {
    expect(safeUrl(42, "image")).toBeNull();
    expect(safeUrl({ toString: () => "https://x" }, "image")).toBeNull();
  });
});
