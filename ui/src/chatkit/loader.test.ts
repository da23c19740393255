//! Tests of the loader script's failure causes and of the ready watch.
import { describe, expect, it, vi } from "vitest";
import { describeChatKitError, loadLoaderScript, ReadyWatch } from "./loader";

const URL_ = "https://cdn.platform.openai.com/deployments/chatkit/chatkit.js";

function freshDocument(): Document {
  return document.implementation.createHTMLDocument("t");
}

describe("loadLoaderScript", () => {
  it("adds the script once and names a network failure", async () => {
    const doc = freshDocument();
    const url = `${URL_}?a`;
    const load = loadLoaderScript(url, doc);
    expect(loadLoaderScript(url, doc)).toBe(load);
    const scripts = doc.head.querySelectorAll("script");
    expect([...scripts].map((s) => s.src)).toEqual([url]);
    scripts[0].dispatchEvent(new Event("error"));
    await expect(load).rejects.toMatchObject({ cause: "its loader script could not be fetched from cdn.platform.openai.com (no network, or the host is blocked)" });
  });

  it("names a Content-Security-Policy refusal apart", async () => {
    const doc = freshDocument();
    const url = `${URL_}?b`;
    const load = loadLoaderScript(url, doc);
    const violation = Object.assign(new Event("securitypolicyviolation"), { blockedURI: url });
    doc.dispatchEvent(violation);
    doc.head.querySelector("script")!.dispatchEvent(new Event("error"));
    await expect(load).rejects.toMatchObject({ cause: expect.stringContaining("blocked by the window's Content-Security-Policy") });
  });

  it("resolves when the script ran", async () => {
    const doc = freshDocument();
    const load = loadLoaderScript(`${URL_}?c`, doc);
    doc.head.querySelector("script")!.dispatchEvent(new Event("load"));
    await expect(load).resolves.toBeUndefined();
  });
});

describe("ReadyWatch", () => {
  it("fails once after the timeout, and not after ready", () => {
    vi.useFakeTimers();
    try {
      const failed: string[] = [];
      let readies = 0;
      new ReadyWatch(8000, (c) => failed.push(c), () => readies++);
      vi.advanceTimersByTime(7999);
      expect(failed).toEqual([]);
      vi.advanceTimersByTime(1);
      expect(failed).toEqual([expect.stringContaining("no answer from ChatKit within 8 s")]);
      const ok = new ReadyWatch(8000, (c) => failed.push(c), () => readies++);
      ok.ready();
      ok.fail("late");
      vi.advanceTimersByTime(10_000);
      expect(readies).toBe(1);
      expect(failed).toHaveLength(1);
      new ReadyWatch(8000, (c) => failed.push(c), () => readies++).cancel();
      vi.advanceTimersByTime(10_000);
      expect(failed).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it("says when the domain key was refused", () => {
    expect(describeChatKitError(new Error("InvalidFrameParamsError: at api"))).toContain("the domain key was refused");
    expect(describeChatKitError(new Error("boom"))).toBe("the ChatKit component reported an error (boom)");
  });
});
