//! Loads the golden conformance fixtures shared with the Rust side.
//! Why: the reducer and renderer are tested on the exact event streams and widget trees the
//! reference SDK produced, not on hand-written approximations.

import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
/** `shared/` sits beside the repository (…/main/ui/src/test ⇒ …/shared). */
export const CONFORMANCE_DIR = path.resolve(here, "../../../../shared/conformance");

export interface FixtureStep {
  request?: unknown;
  response: { kind: "stream"; events: Array<{ type: string; [k: string]: unknown }>; aborted?: string } | { kind: "json"; body: unknown } | { kind: "error"; exception: string };
}

export interface Fixture {
  name: string;
  steps: FixtureStep[];
}

export function scenarioNames(): string[] {
  return readdirSync(path.join(CONFORMANCE_DIR, "v1.6.5"))
    .filter((f) => f.endsWith(".json") && f !== "index.json")
    .map((f) => f.replace(/\.json$/, ""))
    .sort();
}

export function loadScenario(name: string): Fixture {
  return JSON.parse(readFileSync(path.join(CONFORMANCE_DIR, "v1.6.5", `${name}.json`), "utf8")) as Fixture;
}

export function widgetFixtureNames(): string[] {
  return readdirSync(path.join(CONFORMANCE_DIR, "widgets"))
    .filter((f) => f.endsWith(".json") && !f.endsWith(".data.json"))
    .map((f) => f.replace(/\.json$/, ""))
    .sort();
}

export function loadWidgetFixture(name: string): unknown {
  return JSON.parse(readFileSync(path.join(CONFORMANCE_DIR, "widgets", `${name}.json`), "utf8"));
}
