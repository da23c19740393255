//! Short-lived confirmations ("Added Aurora Desk Lamp to your cart").
//! Why: a client action has no reply in the thread; a toast tells the user it worked.

import { memo, useCallback, useRef, useState } from "react";
import { CircleCheck, Info } from "lucide-react";

export interface Toast {
  id: number;
  text: string;
  kind: "success" | "info";
}

export function useToasts() {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const next = useRef(1);
  const push = useCallback((text: string, kind: Toast["kind"] = "success") => {
    const id = next.current++;
    setToasts((t) => [...t.filter((x) => x.text !== text).slice(-2), { id, text, kind }]);
    window.setTimeout(() => setToasts((t) => t.filter((x) => x.id !== id)), 2600);
  }, []);
  return { toasts, push };
}

export const ToastStack = memo(function ToastStack({ toasts }: { toasts: Toast[] }) {
  return (
    <div className="toasts" aria-live="polite">
      {toasts.map((t) => (
        <div key={t.id} className={`toast toast-${t.kind}`}>
          {t.kind === "success" ? <CircleCheck width={16} height={16} /> : <Info width={16} height={16} />}
          <span>{t.text}</span>
        </div>
      ))}
    </div>
  );
});
