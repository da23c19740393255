//! Tests of action routing by handler / streaming.
// @vitest-environment node
import { describe, expect, it } from "vitest";
import { actionConfigOf } from "../protocol/widgets";
import { RETRY_FAILED_REPLY, retryTarget, routeOf } from "./actions";

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

  it("routes a failure marker's Retry to threads.retry_after_item for the message it names", () => {
    const retry = actionConfigOf({ type: RETRY_FAILED_REPLY, handler: "server", payload: { item_id: "msg_q", retry_after_ms: 3000 } })!;
    expect(routeOf(retry)).toBe("retry_after_item");
    expect(retryTarget(retry)).toBe("msg_q");
    // Without a message to answer it is an ordinary server action (the server explains the error).
    for (const payload of [undefined, {}, { item_id: 7 }, { item_id: "" }]) {
      const bad = actionConfigOf({ type: RETRY_FAILED_REPLY, payload })!;
      expect(retryTarget(bad)).toBeNull();
      expect(routeOf(bad)).toBe("server_stream");
    }
    expect(retryTarget(actionConfigOf({ type: "cart.add", payload: { item_id: "msg_q" } })!)).toBeNull();
  });
});
