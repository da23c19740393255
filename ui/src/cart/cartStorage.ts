//! Where the cart controller keeps the cart: the `CartStorage` interface.
//! Why: the cart belongs to the page in every mode, but where it is kept differs — in the app
//! core behind `cart_load` / `cart_save` (cartStorageCore.ts, Contract 2), in `localStorage` in a
//! browser talking to `shopdesk-server` (cartStorageLocal.ts), in memory in unit tests. The
//! controller sees only this interface and reads every loaded value by the cart-line rule itself.

export interface CartStorage {
  /** The raw stored lines (normalized by the caller). */
  load(): Promise<unknown>;
  /** Writes the lines durably (the core's `cart.json`, or `localStorage`). */
  save(lines: unknown): Promise<void>;
  /** Calls `cb` with the new raw value whenever the stored lines change elsewhere (Rust, another tab). */
  subscribe(cb: (raw: unknown) => void): Promise<() => void>;
}
