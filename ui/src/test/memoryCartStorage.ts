//! A cart storage in memory for unit tests: what was saved last, and how many saves there were.
//! Why: the cart controller, the page and the client cart tools are tested over the real
//! `CartController`; only where the lines are kept is replaced.

import type { CartStorage } from "../cart/cartStorage";

export class MemoryCartStorage implements CartStorage {
  saves = 0;
  constructor(public value: unknown = undefined) {}
  async load() {
    return this.value;
  }
  async save(lines: unknown) {
    this.value = lines;
    this.saves++;
  }
  async subscribe() {
    return () => {};
  }
}
