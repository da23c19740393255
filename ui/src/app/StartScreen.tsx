//! The empty-conversation screen with prompt chips.
//! Why: a first-time user sees what the assistant can do and starts with one click.

import { ShoppingBag, Sparkles, Package, ShoppingCart } from "lucide-react";

/** The start screen's heading (the ChatKit web component's greeting too). */
export const START_GREETING = "What are you shopping for today?";

export const START_PROMPTS = [
  { label: "Show me products", icon: Sparkles, hint: "Browse a live, streaming product list" },
  { label: "show products", icon: Package, hint: "See a featured product card" },
  { label: "What's in my cart?", icon: ShoppingCart, hint: "Review what you picked" },
];

export function StartScreen({ onPrompt, disabled }: { onPrompt: (text: string) => void; disabled: boolean }) {
  return (
    <div className="start-screen">
      <div className="start-mark" aria-hidden>
        <ShoppingBag width={28} height={28} strokeWidth={2} />
      </div>
      <h1>{START_GREETING}</h1>
      <p className="muted">Your personal shopping assistant — find products, compare them and build your cart.</p>
      <div className="prompt-chips">
        {START_PROMPTS.map(({ label, icon: Icon, hint }) => (
          <button key={label} type="button" className="prompt-chip" disabled={disabled} onClick={() => onPrompt(label)} data-prompt={label}>
            <Icon width={16} height={16} />
            <span className="prompt-chip-text">
              <span className="prompt-chip-label">{label}</span>
              <span className="prompt-chip-hint">{hint}</span>
            </span>
          </button>
        ))}
      </div>
    </div>
  );
}
