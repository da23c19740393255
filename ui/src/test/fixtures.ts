//! Loads the golden conformance fixtures the Rust side replays too (vendored in the chatkit crate).
//! Why: the reducer and renderer are tested on the exact event streams and widget trees the
//! reference SDK produced, not on hand-written approximations.

import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * The recorded scenarios (`<name>.json`): `$CHATKIT_CONFORMANCE_DIR` when set, the same variable
 * and meaning as on the Rust side (the scenario folder, e.g. `…/fixtures/v1.6.5`), else the copy
 * vendored in the chatkit crate (ui/src/test ⇒ src-tauri/chatkit/tests/fixtures/v1.6.5).
 */
export const SCENARIO_DIR = process.env.CHATKIT_CONFORMANCE_DIR
  ? path.resolve(process.env.CHATKIT_CONFORMANCE_DIR)
  : path.resolve(here, "../../../src-tauri/chatkit/tests/fixtures/v1.6.5");
/** The scenario folder's parent: it holds `widgets/` (and `vocabulary.json`). */
export const CONFORMANCE_DIR = path.dirname(SCENARIO_DIR);

export interface FixtureStep {
  request?: unknown;
  response: { kind: "stream"; events: Array<{ type: string; [k: string]: unknown }>; aborted?: string } | { kind: "json"; body: unknown } | { kind: "error"; exception: string };
}

export interface Fixture {
  name: string;
  steps: FixtureStep[];
}

export function scenarioNames(): string[] {
  return readdirSync(SCENARIO_DIR)
    .filter((f) => f.endsWith(".json") && f !== "index.json")
    .map((f) => f.replace(/\.json$/, ""))
    .sort();
}

export function loadScenario(name: string): Fixture {
  return JSON.parse(readFileSync(path.join(SCENARIO_DIR, `${name}.json`), "utf8")) as Fixture;
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
