//! Icons on demand: ChatKit's names at once, Lucide's full set only once a `lucide:` name needs it.
import { describe, expect, it } from "vitest";
import { loadLucide, lucideFor, lucideKey } from "./iconMap";

describe("iconMap", () => {
  it("draws ChatKit's names at once and fetches lucide: names on demand", async () => {
    expect(lucideFor("sparkle")).toBeDefined();
    expect(lucideKey("lucide:shopping-cart")).toBe("ShoppingCart");
    expect(lucideKey("sparkle")).toBeUndefined();
    expect(lucideKey("lucide:")).toBeUndefined();
    // Not in the initial bundle: unknown until Lucide's set has been fetched.
    expect(lucideFor("lucide:shopping-cart")).toBeUndefined();
    expect(await loadLucide("ShoppingCart")).toBeDefined();
    expect(lucideFor("lucide:shopping-cart")).toBeDefined();
    // Only the set's own names: no prototype keys, no unknown icons.
    expect(await loadLucide("NoSuchIcon")).toBeUndefined();
    expect(await loadLucide("constructor")).toBeUndefined();
    expect(lucideFor("lucide:__proto__")).toBeUndefined();
  });
});
