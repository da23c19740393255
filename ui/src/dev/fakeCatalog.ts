//! Products and widget trees for the browser-only development backend.
//! Why: outside Tauri there is no Rust core; to look at the UI (and screenshot it) the dev
//! backend needs believable products. Images are generated SVG data URIs (no network).

import type { WidgetNode } from "../protocol/widgets";

export interface DevProduct {
  id: string;
  name: string;
  price: number;
  blurb: string;
  hue: number;
  stock: "In stock" | "Low stock";
  shape: "lamp" | "headphones" | "mug" | "chair" | "plant";
}

export const DEV_PRODUCTS: DevProduct[] = [
  { id: "lamp-001", name: "Aurora Desk Lamp", price: 49.99, blurb: "Warm dimmable LED with a brushed brass arm.", hue: 38, stock: "In stock", shape: "lamp" },
  { id: "audio-002", name: "Nimbus Wireless Headphones", price: 129.0, blurb: "Noise cancelling, 40 h battery, folds flat.", hue: 222, stock: "In stock", shape: "headphones" },
  { id: "mug-003", name: "Stoneware Pour-Over Mug", price: 18.5, blurb: "Hand-glazed, 350 ml, dishwasher safe.", hue: 168, stock: "Low stock", shape: "mug" },
  { id: "chair-004", name: "Oslo Lounge Chair", price: 289.0, blurb: "Solid oak frame with a wool-blend seat.", hue: 14, stock: "In stock", shape: "chair" },
  { id: "plant-005", name: "Fiddle Leaf Fig (Medium)", price: 39.0, blurb: "Air-purifying, ships in a ceramic pot.", hue: 130, stock: "In stock", shape: "plant" },
];

const SHAPES: Record<DevProduct["shape"], string> = {
  lamp: '<path d="M150 190h100v12H150z" fill="#1f2937" opacity=".75"/><path d="M196 190l8-70-40-30" stroke="#1f2937" stroke-width="8" fill="none" stroke-linecap="round" opacity=".75"/><path d="M130 70l60-30 24 40-70 22z" fill="#fff" opacity=".9"/><circle cx="165" cy="100" r="26" fill="#fff7cc" opacity=".55"/>',
  headphones: '<path d="M140 150v-30a60 60 0 01120 0v30" stroke="#fff" stroke-width="12" fill="none" opacity=".9"/><rect x="126" y="140" width="30" height="50" rx="12" fill="#fff" opacity=".95"/><rect x="244" y="140" width="30" height="50" rx="12" fill="#fff" opacity=".95"/>',
  mug: '<rect x="150" y="90" width="90" height="100" rx="14" fill="#fff" opacity=".95"/><path d="M240 115h14a20 20 0 010 40h-14" stroke="#fff" stroke-width="10" fill="none" opacity=".95"/><path d="M180 60c-8 10 8 16 0 26M205 60c-8 10 8 16 0 26" stroke="#fff" stroke-width="5" fill="none" opacity=".6" stroke-linecap="round"/>',
  chair: '<rect x="140" y="60" width="120" height="80" rx="22" fill="#fff" opacity=".95"/><rect x="128" y="128" width="144" height="34" rx="14" fill="#fff"/><path d="M146 160l-10 40M254 160l10 40" stroke="#1f2937" stroke-width="8" stroke-linecap="round" opacity=".6"/>',
  plant: '<path d="M170 150h60l-8 50h-44z" fill="#fff" opacity=".95"/><path d="M200 150c0-40-30-50-40-90 30 10 40 40 40 90zM200 150c0-50 30-60 44-96-34 14-44 50-44 96z" fill="#fff" opacity=".85"/>',
};

/** A product picture as a data: URI (SVG), so the dev page works offline. */
export function productImage(p: DevProduct): string {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="240" viewBox="0 0 400 240"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="hsl(${p.hue} 70% 72%)"/><stop offset="1" stop-color="hsl(${p.hue + 25} 60% 52%)"/></linearGradient></defs><rect width="400" height="240" fill="url(#g)"/><ellipse cx="200" cy="206" rx="110" ry="10" fill="#000" opacity=".08"/>${SHAPES[p.shape]}</svg>`;
  return `data:image/svg+xml;base64,${btoa(svg)}`;
}

function priceText(p: DevProduct): string {
  return `$${p.price.toFixed(2)}`;
}

function addAction(p: DevProduct) {
  return {
    type: "cart.add",
    payload: { product_id: p.id, name: p.name, price: p.price, image: productImage(p) },
    handler: "client",
    loadingBehavior: "auto",
    streaming: true,
  };
}

/** The static product card ("show products"). */
export function productCard(p: DevProduct): WidgetNode {
  return {
    type: "Card",
    size: "sm",
    children: [
      { type: "Image", src: productImage(p), alt: p.name, fit: "cover", height: 170 },
      {
        type: "Row",
        align: "start",
        children: [
          { type: "Col", gap: 1, flex: 1, children: [{ type: "Title", value: p.name, size: "md" }, { type: "Caption", value: p.blurb }] },
          { type: "Text", value: priceText(p), weight: "semibold", size: "lg", textAlign: "end" },
        ],
      },
      { type: "Badge", label: p.stock, color: p.stock === "In stock" ? "success" : "warning", variant: "soft", pill: true },
      {
        type: "Row",
        gap: 2,
        children: [
          { type: "Button", label: "Add to Cart", iconStart: "lucide:shopping-cart", onClickAction: addAction(p), style: "primary", flex: 1 },
          { type: "Button", label: "Details", variant: "outline", onClickAction: { type: "product.details", payload: { product_id: p.id, name: p.name }, handler: "server", loadingBehavior: "auto", streaming: true } },
        ],
      },
    ],
  };
}

function listRow(p: DevProduct): WidgetNode {
  return {
    key: p.id,
    type: "ListViewItem",
    gap: 3,
    onClickAction: { type: "product.details", payload: { product_id: p.id, name: p.name }, handler: "server", loadingBehavior: "auto", streaming: true },
    children: [
      { type: "Image", src: productImage(p), alt: p.name, size: 52, radius: "md", fit: "cover" },
      {
        type: "Col",
        flex: 1,
        gap: 0,
        children: [
          { type: "Text", value: p.name, weight: "semibold", size: "sm", truncate: true },
          { type: "Caption", value: p.blurb, truncate: true },
        ],
      },
      { type: "Col", align: "end", gap: 1, children: [
        { type: "Text", value: priceText(p), weight: "semibold", size: "sm", textAlign: "end" },
        { type: "Button", label: "Add", size: "sm", variant: "soft", iconStart: "plus", onClickAction: addAction(p) },
      ] },
    ],
  };
}

/** Successive states of the streamed product list ("Show me products"). */
export function productListStates(products: DevProduct[]): WidgetNode[] {
  const summary = (value: string, streaming: boolean): WidgetNode => ({ type: "ListViewItem", children: [{ id: "summary", type: "Text", value, streaming, color: "secondary", size: "sm" }] });
  const root = (children: WidgetNode[]): WidgetNode => ({ type: "ListView", status: { text: "Top picks for you", icon: "sparkle" }, children });
  const text = `Found ${products.length} products you might like`;
  const states: WidgetNode[] = [root([summary("", true)])];
  const words = text.split(" ");
  for (let i = 1; i <= words.length; i++) states.push(root([summary(words.slice(0, i).join(" "), true)]));
  for (let i = 1; i <= products.length; i++) states.push(root([summary(text, true), ...products.slice(0, i).map(listRow)]));
  states.push(root([summary(text, false), ...products.map(listRow)]));
  return states;
}
