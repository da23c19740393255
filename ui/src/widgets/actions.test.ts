//! Tests of action routing by handler / streaming.
// @vitest-environment node
import { describe, expect, it } from "vitest";
import { actionConfigOf } from "../protocol/widgets";
import { routeOf } from "./actions";

describe("routeOf", () => {
  it("routes by handler, then by streaming", () => {
    expect(routeOf(actionConfigOf({ type: "cart.add", handler: "client" })!)).toBe("client");
    expect(routeOf(actionConfigOf({ type: "cart.add", handler: "client", streaming: false })!)).toBe("client");
    expect(routeOf(actionConfigOf({ type: "x" })!)).toBe("server_stream");
    expect(routeOf(actionConfigOf({ type: "x", handler: "server", streaming: true })!)).toBe("server_stream");
    expect(routeOf(actionConfigOf({ type: "x", handler: "server", streaming: false })!)).toBe("server_sync");
  });

  it("rejects malformed action configs", () => {
    expect(actionConfigOf(null)).toBeUndefined();
    expect(actionConfigOf({ payload: 1 })).toBeUndefined();
    expect(actionConfigOf({ type: "" })).toBeUndefined();
    expect(actionConfigOf({ type: "x", handler: "weird" })?.handler).toBe("server");
  });
});
