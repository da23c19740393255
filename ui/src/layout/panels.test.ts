//! The side-panel rule: the conversation always keeps its minimum width; a drawer when narrow.
import { describe, expect, it } from "vitest";
import { CART_WIDTH, CONVERSATION_MIN, HISTORY_WIDTH, afterHistoryChoice, afterResize, fits, initialPanels, setPanel, togglePanel } from "./panels";

const none = { history: false, cart: false };
const both = { history: true, cart: true };

describe("panels", () => {
  it("starts with the history open only in a wide window", () => {
    expect(initialPanels(1400)).toEqual({ history: true, cart: false });
    expect(initialPanels(1000)).toEqual({ history: true, cart: false });
    expect(initialPanels(740)).toEqual(none);
  });

  it("opens both side by side only when the conversation keeps its minimum", () => {
    const enough = HISTORY_WIDTH + CART_WIDTH + CONVERSATION_MIN;
    expect(fits(both, enough)).toBe(true);
    expect(fits(both, enough - 1)).toBe(false);
    expect(setPanel({ history: true, cart: false }, "cart", true, 1400)).toEqual(both);
    // At 740 opening one closes the other.
    expect(setPanel({ history: true, cart: false }, "cart", true, 740)).toEqual({ history: false, cart: true });
    expect(togglePanel({ history: false, cart: true }, "history", 740)).toEqual({ history: true, cart: false });
    expect(togglePanel({ history: true, cart: false }, "history", 740)).toEqual(none);
  });

  it("closes the history drawer after a choice in a narrow window only", () => {
    expect(afterHistoryChoice({ history: true, cart: false }, 740)).toEqual(none);
    expect(afterHistoryChoice({ history: true, cart: false }, 1400)).toEqual({ history: true, cart: false });
  });

  it("lets the history give way when the window shrinks under both panels", () => {
    expect(afterResize(both, 1400)).toEqual(both);
    expect(afterResize(both, 800)).toEqual({ history: false, cart: true });
    expect(afterResize({ history: true, cart: false }, 720)).toEqual({ history: true, cart: false });
  });
});
