//! Item kinds through the whole page with a fake core: a structured input answered with its form
//! (`threads.add_structured_input`), a pending client tool call found on reopening (interrupted,
//! not "Running"), workflows with every task kind, and the client tool registry.
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderApp } from "../test/renderApp";
import { TestBackend, playEvents } from "../test/fakeBackend";
import type { ChannelLike } from "../platform/backend";
import type { Frame } from "../transport/ipcFetch";
import { ClientToolRegistry } from "./clientToolRegistry";
import { questionsOf, submissionOf } from "./structuredInput";
import type { StructuredInputItem } from "../protocol/types";

/** These render the whole page; on a loaded two-core machine one can take several seconds. */
const PAGE_TEST_TIMEOUT_MS = 20_000;

const thread = { id: "thr_1", created_at: "x", status: { type: "active" }, metadata: {}, title: "Old", items: { data: [], has_more: false } };
const base = { thread_id: "thr_1", created_at: "x" };
const question: StructuredInputItem = {
  id: "si_1",
  ...base,
  type: "structured_input",
  status: "pending",
  inputs: [
    { id: "room", type: "multiple_choice", question: "Which room?", options: [{ value: "Office" }, { value: "Kitchen" }], multiple: false },
    { id: "budget", type: "freeform", question: "Your budget?", description: "In dollars" },
  ],
};

type Req = { type: string; params: Record<string, unknown> };

function openWith(items: unknown[], more: (req: Req, ch: ChannelLike<Frame>) => unknown = () => undefined) {
  const requests: Req[] = [];
  const backend = new TestBackend((req, ch) => {
    requests.push(req);
    if (req.type === "threads.list") return { kind: "json", body: JSON.stringify({ data: [thread], has_more: false }) };
    if (req.type === "threads.get_by_id") return { kind: "json", body: JSON.stringify({ ...thread, items: { data: items, has_more: false } }) };
    const answer = more(req, ch);
    if (answer) return answer as { kind: "stream" };
    return { kind: "json", body: "{}" };
  });
  renderApp(backend);
  return { requests };
}

async function open() {
  fireEvent.click(await screen.findByText("Old"));
}

describe("structured input", () => {
  it("is answered with a real form, sent as threads.add_structured_input, and then shows the answers", async () => {
    const { requests } = openWith([question], (req, ch) => {
      if (req.type !== "threads.add_structured_input") return undefined;
      const answered = { ...question, status: "answered", inputs: [{ ...question.inputs[0], answer: { values: ["Office"], skipped: false } }, { ...question.inputs[1], answer: { values: ["150"], skipped: false } }] };
      playEvents(ch, [{ type: "thread.item.replaced", item: answered }, { type: "thread.item.done", item: { id: "m1", ...base, type: "assistant_message", content: [{ type: "output_text", text: "Office lamps under $150 it is.", annotations: [] }] } }]);
      return { kind: "stream" };
    });
    await open();
    const form = (await screen.findByText("Which room?")).closest("form")!;
    fireEvent.click(within(form).getByLabelText("Office"));
    fireEvent.change(within(form).getByLabelText("Your budget?"), { target: { value: " 150 " } });
    fireEvent.click(within(form).getByRole("button", { name: "Submit" }));
    await screen.findByText("Office lamps under $150 it is.");
    const sent = requests.find((r) => r.type === "threads.add_structured_input")!;
    expect(sent.params).toEqual({ thread_id: "thr_1", item_id: "si_1", input: { status: "answered", answers: { room: { values: ["Office"], skipped: false }, budget: { values: ["150"], skipped: false } } } });
    const item = document.querySelector('.thread-item[data-item-id="si_1"]')!;
    expect(item.querySelector("form")).toBeNull();
    expect(item.textContent).toContain("Office");
    expect(item.textContent).toContain("150");
  }, PAGE_TEST_TIMEOUT_MS);

  it("builds submissions: one value for single choice, blanks skipped, unknown input types left out", () => {
    const qs = questionsOf({ ...question, inputs: [...question.inputs, { id: "x", type: "slider", question: "?" }] });
    expect(qs.map((q) => q.id)).toEqual(["room", "budget"]);
    expect(submissionOf(qs, { room: ["Office", "Kitchen"], budget: ["  "] })).toEqual({
      status: "answered",
      answers: { room: { values: ["Office"], skipped: false }, budget: { values: [], skipped: true } },
    });
  }, PAGE_TEST_TIMEOUT_MS);
});

describe("client tool calls", () => {
  it("a pending call found when a conversation is reopened shows it was interrupted, not running", async () => {
    const call = { id: "tc_1", ...base, type: "client_tool_call", status: "pending", call_id: "call_1", name: "cart_add", arguments: { product_id: "lamp-aurora" } };
    openWith([{ id: "u1", ...base, type: "user_message", content: [{ type: "input_text", text: "add the lamp" }], attachments: [], inference_options: {} }, call]);
    await open();
    const view = await waitFor(() => {
      const el = document.querySelector('.thread-item[data-item-id="tc_1"] .tool-call');
      expect(el).not.toBeNull();
      return el!;
    });
    expect(view.getAttribute("data-tool-state")).toBe("interrupted");
    expect(view.textContent).toContain("Not run: cart_add was interrupted");
    expect(view.textContent).not.toContain("Running");
  }, PAGE_TEST_TIMEOUT_MS);

  it("the registry runs registered tools and turns every problem into an {error} result", async () => {
    const registry = new ClientToolRegistry();
    const off = registry.register("echo", (p) => ({ echoed: p.text }));
    registry.register("boom", () => {
      throw new Error("no");
    });
    expect(await registry.run("echo", { text: "hi" })).toEqual({ echoed: "hi" });
    expect(await registry.run("echo", [1])).toEqual({ error: "the arguments of echo must be an object" });
    expect(await registry.run("boom", {})).toEqual({ error: "boom failed: no" });
    off();
    expect(await registry.run("echo", {})).toEqual({ error: 'unknown client tool "echo"' });
    expect(registry.names()).toEqual(["boom"]);
  }, PAGE_TEST_TIMEOUT_MS);
});

describe("workflows and tasks", () => {
  it("draws each task kind with its content and sources, collapsed until opened unless expanded", async () => {
    const workflow = {
      id: "wf_1",
      ...base,
      type: "workflow",
      workflow: {
        type: "custom",
        expanded: false,
        summary: { title: "Looked around" },
        tasks: [
          { type: "custom", title: "Checked stock", content: "3 left", status_indicator: "complete" },
          { type: "web_search", title_query: "desk lamps", queries: ["desk lamp lumens"], sources: [{ type: "url", url: "https://example.com/lamps", title: "Lamp guide" }] },
          { type: "thought", content: "The Aurora is brightest." },
          { type: "file", sources: [{ type: "file", filename: "specs.pdf", title: "Specs" }] },
          { type: "image", title: "Drew a sketch" },
        ],
      },
    };
    openWith([workflow]);
    await open();
    const summary = await screen.findByRole("button", { name: /Looked around/ });
    expect(summary.getAttribute("aria-expanded")).toBe("false");
    expect(document.querySelector(".task-line")).toBeNull();
    fireEvent.click(summary);
    const kinds = [...document.querySelectorAll(".task-line")].map((t) => t.getAttribute("data-task-type"));
    expect(kinds).toEqual(["custom", "web_search", "thought", "file", "image"]);
    const text = document.querySelector(".workflow-tasks")!.textContent!;
    for (const part of ["Checked stock", "3 left", 'Searched for "desk lamps"', "desk lamp lumens", "Lamp guide", "The Aurora is brightest.", "Specs", "Drew a sketch"]) expect(text).toContain(part);
  }, PAGE_TEST_TIMEOUT_MS);
});
