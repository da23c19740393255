//! A widget item: the widget tree, or — for Shopdesk's failure markers — the failure notice with
//! its one Retry (docs/ARCHITECTURE.md, "Failed turns").

import type { WidgetItem } from "../protocol/types";
import { WidgetView, type WidgetActionHandler } from "../widgets/WidgetView";
import { failureMarkerOf } from "../app/failureMarker";
import { FailureMarkerView } from "../app/FailureMarkerView";
import { ItemWrapper } from "./ItemWrapper";

export function WidgetItemView({ item, onWidgetAction, latest, busy }: { item: WidgetItem; onWidgetAction: WidgetActionHandler; latest: boolean; busy: boolean }) {
  const marker = failureMarkerOf(item);
  if (marker) {
    return (
      <ItemWrapper item={item} className="is-failure-marker">
        <FailureMarkerView item={item} marker={marker} latest={latest} busy={busy} onWidgetAction={onWidgetAction} />
      </ItemWrapper>
    );
  }
  return (
    <ItemWrapper item={item}>
      <WidgetView item={item} onAction={onWidgetAction} />
    </ItemWrapper>
  );
}
