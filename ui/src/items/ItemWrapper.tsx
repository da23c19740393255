//! The element every thread item is drawn in, with the hooks tests and styles use
//! (`thread-item`, `item-<type>`, `data-item-id`, `data-item-type`).
//! Why: one shape for every item kind, so a test can find any item the same way.

import type { ReactNode } from "react";
import type { ThreadItem } from "../protocol/types";

export function ItemWrapper({ item, children, className }: { item: ThreadItem; children: ReactNode; className?: string }) {
  return (
    <div className={`thread-item item-${item.type}${className ? ` ${className}` : ""}`} data-item-id={item.id} data-item-type={item.type}>
      {children}
    </div>
  );
}
