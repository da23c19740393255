//! lazyModule: one fetch, a retry after a failure, and a component drawn again on arrival.
import { describe, expect, it, vi } from "vitest";
import { act, render, screen } from "@testing-library/react";
import { lazyModule, useLazyModule } from "./lazyModule";

describe("lazyModule", () => {
  it("fetches once and answers synchronously afterwards", async () => {
    const loader = vi.fn(async () => ({ answer: 42 }));
    const mod = lazyModule(loader);
    expect(mod.get()).toBeNull();
    const [a, b] = await Promise.all([mod.load(), mod.load()]);
    expect(a).toBe(b);
    expect(mod.get()).toEqual({ answer: 42 });
    await mod.load();
    expect(loader).toHaveBeenCalledTimes(1);
  });

  it("tries again after a failed fetch", async () => {
    const loader = vi.fn().mockRejectedValueOnce(new Error("offline")).mockResolvedValueOnce({ ok: true });
    const mod = lazyModule(loader as () => Promise<{ ok: boolean }>);
    await expect(mod.load()).rejects.toThrow("offline");
    expect(mod.get()).toBeNull();
    await expect(mod.load()).resolves.toEqual({ ok: true });
    expect(loader).toHaveBeenCalledTimes(2);
  });

  it("draws the fallback first and the module once it has arrived", async () => {
    let arrive!: (m: { label: string }) => void;
    const mod = lazyModule(() => new Promise<{ label: string }>((resolve) => (arrive = resolve)));
    function Part() {
      const loaded = useLazyModule(mod);
      return <p>{loaded ? loaded.label : "plain"}</p>;
    }
    render(<Part />);
    expect(screen.getByText("plain")).toBeTruthy();
    await act(async () => arrive({ label: "rich" }));
    expect(screen.getByText("rich")).toBeTruthy();
  });
});
