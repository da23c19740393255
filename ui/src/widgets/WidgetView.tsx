//! Renders one widget item: registers every widget family, provides the action environment, and
//! contains failures.
//! Why: this is the single entry the thread view uses. Actions fired anywhere in the tree get the
//! form values merged here and are handed, with the widget item, to the app's router; a broken
//! tree shows a placeholder instead of taking the page down.

import { Component, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from "react";
import type { WidgetItem } from "../protocol/types";
import type { ActionConfig } from "../protocol/widgets";
import { WidgetEnvContext, type WidgetEnv } from "./env";
import { mergeFormIntoPayload, nestFormValues, readFormEntries } from "./forms";
import { NodeView, registerWidgets } from "./registry";
import { CardWidget } from "./CardWidget";
import { ListViewItemWidget, ListViewWidget } from "./ListViewWidget";
import { BasicWidget, BoxWidget, ColWidget, FormWidget, RowWidget } from "./LayoutWidgets";
import { CaptionWidget, LabelWidget, MarkdownWidget, TextWidget, TitleWidget } from "./TextWidgets";
import { BadgeWidget } from "./Badge";
import { ImageWidget } from "./ImageWidget";
import { IconWidget } from "./Icon";
import { ButtonWidget } from "./ButtonWidget";
import { DividerWidget, SpacerWidget, TransitionWidget } from "./MiscWidgets";
import { ChartWidget } from "./ChartWidget";
import { TableCellWidget, TableRowWidget, TableWidget } from "./TableWidgets";
import { loadingTarget } from "./loading";
import {
  CheckboxWidget, DatePickerWidget, InputWidget, RadioGroupWidget, SelectWidget, TextareaWidget,
} from "./ControlWidgets";

registerWidgets({
  Card: CardWidget,
  ListView: ListViewWidget,
  ListViewItem: ListViewItemWidget,
  Basic: BasicWidget,
  Box: BoxWidget,
  Row: RowWidget,
  Col: ColWidget,
  Form: FormWidget,
  Text: TextWidget,
  Title: TitleWidget,
  Caption: CaptionWidget,
  Markdown: MarkdownWidget,
  Label: LabelWidget,
  Badge: BadgeWidget,
  Image: ImageWidget,
  Icon: IconWidget,
  Button: ButtonWidget,
  Divider: DividerWidget,
  Spacer: SpacerWidget,
  Transition: TransitionWidget,
  Input: InputWidget,
  Textarea: TextareaWidget,
  Select: SelectWidget,
  Checkbox: CheckboxWidget,
  RadioGroup: RadioGroupWidget,
  DatePicker: DatePickerWidget,
  Chart: ChartWidget,
  Table: TableWidget,
  "Table.Row": TableRowWidget,
  "Table.Cell": TableCellWidget,
});

/** Receives every action with form values already merged into the payload. */
export type WidgetActionHandler = (action: ActionConfig, item: WidgetItem) => Promise<void> | void;

class WidgetErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  render() {
    if (this.state.failed) return <div className="w-failed">This widget could not be displayed.</div>;
    return this.props.children;
  }
}

export function WidgetView({ item, onAction }: { item: WidgetItem; onAction: WidgetActionHandler }) {
  // Actions running with a `container` loading state: the whole widget fades and is inert.
  const [containerBusy, setContainerBusy] = useState(0);
  // The env is one object per item id and handler, not per state of the item: every component
  // that fires actions reads it, and a new env on each streamed update of a 200-row list made
  // all rows draw again (each update draws only the nodes that changed: registry.tsx). An action
  // is sent with the item as it is when the action fires.
  const itemRef = useRef(item);
  useLayoutEffect(() => {
    itemRef.current = item;
  }, [item]);
  const itemId = item.id;
  const env = useMemo<WidgetEnv>(
    () => ({
      itemId,
      async dispatch(action, form, fieldValue, source = "control") {
        let payload = action.payload;
        if (form) {
          if (typeof form.reportValidity === "function" && !form.reportValidity()) return;
          payload = mergeFormIntoPayload(payload, nestFormValues(readFormEntries(form)));
        } else if (fieldValue && fieldValue.name) {
          payload = mergeFormIntoPayload(payload, nestFormValues([[fieldValue.name, fieldValue.value]]));
        }
        const container = loadingTarget(action, source) === "container";
        if (container) setContainerBusy((n) => n + 1);
        try {
          await onAction({ ...action, payload }, itemRef.current);
        } finally {
          if (container) setContainerBusy((n) => n - 1);
        }
      },
    }),
    [itemId, onAction],
  );
  const busy = containerBusy > 0;
  return (
    <WidgetErrorBoundary>
      <WidgetEnvContext.Provider value={env}>
        <div
          className={`widget${busy ? " is-loading" : ""}`}
          data-widget-root={item.widget?.type}
          aria-busy={busy || undefined}
          inert={busy || undefined}
        >
          {item.widget ? <NodeView node={item.widget} /> : null}
        </div>
      </WidgetEnvContext.Provider>
    </WidgetErrorBoundary>
  );
}
