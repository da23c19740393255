//! Proof that untrusted widget and model content never becomes executable markup.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { render } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import type { ThreadItem, WidgetItem } from "../protocol/types";
import { ItemView } from "../app/ItemViews";
import { WidgetView } from "./WidgetView";

declare global {
  interface Window {
    __pwned?: number;
  }
}

const PAYLOADS = [
  "<script>window.__pwned = 1</script>",
  '<img src="x" onerror="window.__pwned = 2">',
  "[click me](javascript:window.__pwned=3)",
  "![pic](javascript:window.__pwned=4)",
  '<a href="javascript:window.__pwned=5">a</a>',
  "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
  '<iframe src="javascript:window.__pwned=6"></iframe>',
  "<svg><script>window.__pwned=7</script></svg>",
].join("\n\n");

function widgetItem(widget: unknown): WidgetItem {
  return { id: "w1", thread_id: "t", created_at: "x", type: "widget", widget: widget as WidgetItem["widget"] };
}

/** Every way markup could execute: script/iframe elements, on* attributes, dangerous URLs. */
function assertInert(root: HTMLElement) {
  expect(root.querySelectorAll("script, iframe, object, embed").length).toBe(0);
  for (const el of Array.from(root.querySelectorAll("*"))) {
    for (const attr of Array.from(el.attributes)) {
      expect(attr.name.toLowerCase().startsWith("on"), `${el.tagName} has ${attr.name}`).toBe(false);
      if (["href", "src", "action", "formaction", "xlink:href"].includes(attr.name.toLowerCase())) {
        const v = attr.value.replace(/[\u0000-\u0020]/g, "").toLowerCase();
        expect(v.startsWith("javascript:") || v.startsWith("vbscript:") || v.startsWith("data:text"), `${el.tagName} ${attr.name}=${attr.value}`).toBe(false);
      }
    }
  }
  expect(window.__pwned).toBeUndefined();
}

afterEach(() => {
  delete window.__pwned;
});

describe("untrusted content", () => {
  it("Markdown widget renders payloads as inert text", () => {
    const { container } = render(<WidgetView item={widgetItem({ type: "Card", children: [{ type: "Markdown", value: PAYLOADS }] })} onAction={() => {}} />);
    assertInert(container);
    expect(container.querySelector(".markdown")).not.toBeNull();
    expect(container.textContent).toContain("click me");
  });

  it("assistant message markdown renders payloads as inert text", () => {
    const item = { id: "m", thread_id: "t", created_at: "x", type: "assistant_message", content: [{ type: "output_text", text: PAYLOADS, annotations: [{ type: "annotation", source: { type: "url", title: "src", url: "javascript:window.__pwned=9" } }] }] } as ThreadItem;
    const { container } = render(<ItemView item={item} streaming={false} onWidgetAction={() => {}} onFeedback={() => {}} />);
    assertInert(container);
  });

  it("Text, Title, Badge and Button values are shown literally", () => {
    const evil = '<img src=x onerror="window.__pwned=10">';
    const { container } = render(
      <WidgetView
        item={widgetItem({
          type: "Card",
          children: [
            { type: "Text", value: evil },
            { type: "Title", value: evil },
            { type: "Badge", label: evil },
            { type: "Button", label: evil },
            { type: "Caption", value: evil },
          ],
        })}
        onAction={() => {}}
      />,
    );
    assertInert(container);
    expect(container.querySelector(".w-text")?.textContent).toBe(evil);
    expect(container.querySelectorAll("img").length).toBe(0);
  });

  it("Image src, favicon and colours from the tree cannot inject", () => {
    const { container } = render(
      <WidgetView
        item={widgetItem({
          type: "Card",
          status: { text: "s", favicon: "javascript:window.__pwned=11" },
          background: "url(javascript:alert(1))",
          children: [
            { type: "Image", src: "javascript:window.__pwned=12", alt: "a" },
            { type: "Image", src: 'x" onerror="window.__pwned=13', alt: "b" },
            { type: "Image", src: "data:text/html,<script>alert(1)</script>", alt: "c" },
            { type: "Box", background: "red; background-image: url(https://evil.example/x)", children: [] },
            { type: "Image", src: "https://cdn.example.com/ok.png", alt: "ok" },
          ],
        })}
        onAction={() => {}}
      />,
    );
    assertInert(container);
    const imgs = Array.from(container.querySelectorAll("img"));
    // Only the https image and the harmless relative path (as a literal attribute value) remain.
    expect(imgs.map((i) => i.getAttribute("src"))).toEqual(['x" onerror="window.__pwned=13', "https://cdn.example.com/ok.png"]);
    expect(container.innerHTML).not.toContain("url(");
  });

  it("no source file uses dangerouslySetInnerHTML or assigns innerHTML", () => {
    const srcDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const p = path.join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (/\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name)) {
          const text = readFileSync(p, "utf8");
          if (/dangerouslySetInnerHTML|\.innerHTML\s*=|outerHTML\s*=|insertAdjacentHTML|document\.write/.test(text)) offenders.push(p);
        }
      }
    };
    walk(srcDir);
    expect(offenders).toEqual([]);
  });
});
