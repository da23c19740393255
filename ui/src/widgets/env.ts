//! What every widget component can reach while rendering one widget item.
//! Why: components deep in a tree need the item's id (for form field ids) and a way to fire
//! actions; a context avoids threading them through every node.

import { createContext, useContext } from "react";
import type { ActionConfig } from "../protocol/widgets";
import type { ActionSource } from "./loading";

export interface WidgetEnv {
  /** Id of the widget item being rendered (prefix for DOM ids). */
  itemId: string;
  /**
   * Fires an action. `form` is the form element the control belongs to (its values are merged
   * into the payload); `fieldValue` is merged for a control outside any form (`onChangeAction`).
   * `source` says what fired it, for `loadingBehavior` (loading.ts): the widget item shows a
   * `container` loading state itself; `self` is the caller's to show until the promise settles.
   */
  dispatch: (
    action: ActionConfig,
    form?: HTMLFormElement | null,
    fieldValue?: { name: string; value: unknown },
    source?: ActionSource,
  ) => Promise<void>;
}

export const WidgetEnvContext = createContext<WidgetEnv>({
  itemId: "preview",
  dispatch: async () => {},
});

export function useWidgetEnv(): WidgetEnv {
  return useContext(WidgetEnvContext);
}

/** A DOM id for a named field, unique per widget item. */
export function fieldId(env: WidgetEnv, name: string): string {
  return `w-${env.itemId}-${name}`.replace(/[^A-Za-z0-9_.:-]/g, "_");
}
