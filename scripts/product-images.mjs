#!/usr/bin/env node
// Writes the illustrations of the catalog's newer products to ui/public/products/<id>.svg.
//
// Why a script: the catalog grew from fourteen hand-drawn pictures to over forty, and the new
// ones share one frame (400×300 viewBox, a <title>, a two-tone background, a floor line, a soft
// shadow). Keeping that frame in one place keeps every file consistent with what
// src-tauri/shop/tests/shop/catalog_images.rs demands of a product image: self-contained, no
// script, no event handler, no external reference, only local url(#…) paint, small.
// The fourteen original pictures are hand-drawn files and are not touched by this script.
//
// Usage: node scripts/product-images.mjs   (then commit the SVGs it wrote)

import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const OUT = join(dirname(fileURLToPath(import.meta.url)), "..", "ui", "public", "products");

/** A linear gradient: dir "h" (left→right), "v" (top→bottom) or "d" (diagonal). */
function lin(id, stops, dir = "h") {
  const [x2, y2] = dir === "h" ? [1, 0] : dir === "v" ? [0, 1] : [1, 1];
  const s = stops.map(([o, c, a]) => `<stop offset="${o}" stop-color="${c}"${a === undefined ? "" : ` stop-opacity="${a}"`}/>`);
  return `<linearGradient id="${id}" x1="0" y1="0" x2="${x2}" y2="${y2}">${s.join("")}</linearGradient>`;
}

/** A radial gradient centred at (cx, cy) in bounding-box units. */
function rad(id, stops, cx = 0.5, cy = 0.5, r = 0.5) {
  const s = stops.map(([o, c, a]) => `<stop offset="${o}" stop-color="${c}"${a === undefined ? "" : ` stop-opacity="${a}"`}/>`);
  return `<radialGradient id="${id}" cx="${cx}" cy="${cy}" r="${r}">${s.join("")}</radialGradient>`;
}

/** A blurred contact shadow on the floor. */
const shadow = (cx, rx, cy = 250, ry = 11) =>
  `<ellipse cx="${cx}" cy="${cy}" rx="${rx}" ry="${ry}" fill="#3a2a1c" opacity="0.28" filter="url(#soft)"/>`;

const escape = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function frame({ title, bg, floor, defs = "", body }) {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 300" width="400" height="300">`,
    `  <title>${escape(title)}</title>`,
    `  <defs>`,
    `    ${lin("bg", [[0, bg[0]], [1, bg[1]]], "v")}`,
    `    <filter id="soft" x="-50%" y="-50%" width="200%" height="200%"><feGaussianBlur stdDeviation="7"/></filter>`,
    ...(defs ? [`    ${defs.trim().split("\n").map((l) => l.trim()).join("\n    ")}`] : []),
    `  </defs>`,
    `  <rect width="400" height="300" fill="url(#bg)"/>`,
    `  <rect y="236" width="400" height="64" fill="${floor}"/>`,
    ...body.trim().split("\n").map((l) => `  ${l.trim()}`),
    `</svg>`,
    ``,
  ].join("\n");
}

const IMAGES = {
  "lamp-halo": {
    title: "Halo Arc Floor Lamp",
    bg: ["#f4ede4", "#e4d6c6"],
    floor: "#d9c7b2",
    defs: `${lin("brass", [[0, "#8a6426"], [0.5, "#e9c77a"], [1, "#8a6426"]])}
      ${lin("linen", [[0, "#efe6d6"], [0.5, "#fbf6ec"], [1, "#d9ccb6"]])}
      ${rad("pool", [[0, "#fff1c2", 0.9], [1, "#fff1c2", 0]])}
      ${lin("marble", [[0, "#f7f5f2"], [1, "#bdb6ad"]], "v")}`,
    body: `<rect x="236" y="176" width="140" height="54" rx="16" fill="#7d95a3"/>
      <rect x="226" y="150" width="160" height="40" rx="18" fill="#8ea7b4"/>
      <rect x="236" y="226" width="10" height="14" fill="#4e5d66"/><rect x="366" y="226" width="10" height="14" fill="#4e5d66"/>
      ${shadow(110, 60)}
      <ellipse cx="290" cy="242" rx="80" ry="10" fill="url(#pool)"/>
      <path d="M110 236 C104 90 200 30 290 104" fill="none" stroke="url(#brass)" stroke-width="7" stroke-linecap="round"/>
      <path d="M262 108 L318 108 L326 146 L254 146 Z" fill="url(#linen)"/>
      <ellipse cx="290" cy="146" rx="36" ry="6" fill="#fff4cf"/>
      <polygon points="258,148 322,148 360,236 220,236" fill="#fff3c4" opacity="0.35"/>
      <ellipse cx="110" cy="238" rx="42" ry="10" fill="url(#marble)"/>
      <rect x="68" y="226" width="84" height="12" rx="5" fill="url(#marble)"/>`,
  },
  "bulb-spark": {
    title: "Spark Smart Bulbs (2-pack)",
    bg: ["#eef0fb", "#d9ddf2"],
    floor: "#c9cde6",
    defs: `${rad("glassA", [[0, "#ffd6f2"], [0.6, "#e066b8"], [1, "#a03583"]], 0.4, 0.35, 0.6)}
      ${rad("glassB", [[0, "#d5fbff"], [0.6, "#3fc2d9"], [1, "#1e7f99"]], 0.4, 0.35, 0.6)}
      ${rad("haloA", [[0, "#ff8fd6", 0.55], [1, "#ff8fd6", 0]])}
      ${rad("haloB", [[0, "#7fe8ff", 0.55], [1, "#7fe8ff", 0]])}
      ${lin("screw", [[0, "#7a7f87"], [0.45, "#eef0f2"], [1, "#6b7078"]])}`,
    body: `<circle cx="140" cy="112" r="84" fill="url(#haloA)"/><circle cx="262" cy="112" r="84" fill="url(#haloB)"/>
      ${shadow(140, 40)}${shadow(262, 40)}
      <path d="M100 118 A46 46 0 1 1 180 118 C172 140 164 150 162 176 L118 176 C116 150 108 140 100 118 Z" fill="url(#glassA)"/>
      <path d="M222 118 A46 46 0 1 1 302 118 C294 140 286 150 284 176 L240 176 C238 150 230 140 222 118 Z" fill="url(#glassB)"/>
      <rect x="116" y="176" width="48" height="40" rx="4" fill="url(#screw)"/><rect x="238" y="176" width="48" height="40" rx="4" fill="url(#screw)"/>
      <path d="M116 186 h48 M116 196 h48 M116 206 h48 M238 186 h48 M238 196 h48 M238 206 h48" stroke="#5b6068" stroke-width="2"/>
      <path d="M126 216 h28 l-6 18 h-16 Z M248 216 h28 l-6 18 h-16 Z" fill="#3f434a"/>
      <path d="M116 96 C118 80 128 72 140 70" fill="none" stroke="#fff" stroke-width="6" stroke-linecap="round" opacity="0.6"/>
      <path d="M238 96 C240 80 250 72 262 70" fill="none" stroke="#fff" stroke-width="6" stroke-linecap="round" opacity="0.6"/>`,
  },
  "strip-glow": {
    title: "Glow LED Light Strip",
    bg: ["#1d1b33", "#2c2848"],
    floor: "#24213b",
    defs: `${lin("rainbow", [[0, "#ff4f8b"], [0.25, "#ffb347"], [0.5, "#7cf29c"], [0.75, "#4fc3ff"], [1, "#b06bff"]])}
      <filter id="bloom" x="-20%" y="-50%" width="140%" height="200%"><feGaussianBlur stdDeviation="9"/></filter>`,
    body: `<path d="M30 190 C90 110 150 110 200 160 S310 220 370 120" fill="none" stroke="url(#rainbow)" stroke-width="26" stroke-linecap="round" opacity="0.7" filter="url(#bloom)"/>
      <path d="M30 190 C90 110 150 110 200 160 S310 220 370 120" fill="none" stroke="#f3f1ff" stroke-width="12" stroke-linecap="round"/>
      <path d="M30 190 C90 110 150 110 200 160 S310 220 370 120" fill="none" stroke="url(#rainbow)" stroke-width="6" stroke-linecap="round" stroke-dasharray="2 12"/>
      <rect x="290" y="236" width="44" height="22" rx="6" fill="#3a3658"/>
      <circle cx="304" cy="247" r="4" fill="#ff4f8b"/><circle cx="318" cy="247" r="4" fill="#4fc3ff"/>`,
  },
  "nightlight-luna": {
    title: "Luna Moon Night Light",
    bg: ["#1b2547", "#2e3b6b"],
    floor: "#27325a",
    defs: `${rad("moon", [[0, "#fffbe6"], [0.7, "#f3dfa2"], [1, "#cfae62"]], 0.4, 0.38, 0.65)}
      ${rad("moonglow", [[0, "#ffe9a8", 0.5], [1, "#ffe9a8", 0]])}
      ${lin("wood", [[0, "#8a5a34"], [0.5, "#b98050"], [1, "#7a4c2a"]])}`,
    body: `<circle cx="200" cy="140" r="120" fill="url(#moonglow)"/>
      <g fill="#fff6d0"><circle cx="60" cy="50" r="2"/><circle cx="330" cy="40" r="2.5"/><circle cx="350" cy="120" r="1.6"/><circle cx="48" cy="140" r="1.8"/><circle cx="110" cy="30" r="1.4"/></g>
      ${shadow(200, 60)}
      <circle cx="200" cy="140" r="76" fill="url(#moon)"/>
      <g fill="#c9a659" opacity="0.45"><circle cx="176" cy="112" r="14"/><circle cx="228" cy="160" r="18"/><circle cx="214" cy="102" r="7"/><circle cx="168" cy="170" r="9"/></g>
      <path d="M146 226 h108 l-10 18 h-88 Z" fill="url(#wood)"/>
      <path d="M186 214 h28 v12 h-28 Z" fill="#6b4325"/>`,
  },
  "light-pico": {
    title: "Pico Clip Reading Light",
    bg: ["#f6efe3", "#eadcc7"],
    floor: "#dcc8ad",
    defs: `${lin("page", [[0, "#fffdf7"], [1, "#efe6d4"]], "v")}
      ${lin("cone", [[0, "#ffd27a", 0.8], [1, "#ffd27a", 0]], "v")}`,
    body: `${shadow(200, 130, 250, 10)}
      <path d="M70 236 L200 214 L330 236 L330 244 L200 224 L70 244 Z" fill="#8c4a3a"/>
      <path d="M74 232 C120 206 170 206 200 216 L200 222 C170 214 120 216 74 238 Z" fill="url(#page)"/>
      <path d="M326 232 C280 206 230 206 200 216 L200 222 C230 214 280 216 326 238 Z" fill="url(#page)"/>
      <path d="M100 226 C130 214 160 212 186 216 M104 232 C134 220 162 218 186 222 M214 216 C240 212 270 214 300 226 M214 222 C240 218 268 220 298 232" stroke="#c9bca5" stroke-width="2" fill="none"/>
      <polygon points="226,98 250,92 300,226 200,226" fill="url(#cone)"/>
      <rect x="92" y="196" width="30" height="26" rx="5" fill="#2f6f6a"/>
      <path d="M107 196 C104 120 160 70 226 84" fill="none" stroke="#2f6f6a" stroke-width="8" stroke-linecap="round"/>
      <path d="M214 72 L258 80 L252 104 L214 96 Z" fill="#2f6f6a"/>
      <path d="M222 96 L250 102" stroke="#ffe2a0" stroke-width="5" stroke-linecap="round"/>`,
  },
  "turntable-groove": {
    title: "Groove Belt-Drive Turntable",
    bg: ["#efe9e1", "#ddd2c4"],
    floor: "#cdbfad",
    defs: `${lin("walnut", [[0, "#5b3720"], [0.5, "#8b5a35"], [1, "#4e2f1b"]])}
      ${rad("vinyl", [[0, "#3a3a3a"], [0.5, "#161616"], [1, "#0a0a0a"]], 0.45, 0.4, 0.6)}`,
    body: `${shadow(200, 150)}
      <rect x="48" y="112" width="304" height="118" rx="10" fill="url(#walnut)"/>
      <rect x="48" y="212" width="304" height="20" rx="6" fill="#3b2312"/>
      <circle cx="70" cy="222" r="4" fill="#d8c08a"/>
      <ellipse cx="170" cy="166" rx="96" ry="46" fill="#c8ccd0"/>
      <ellipse cx="170" cy="162" rx="90" ry="42" fill="url(#vinyl)"/>
      <g fill="none" stroke="#2e2e2e" stroke-width="1.5"><ellipse cx="170" cy="162" rx="76" ry="35"/><ellipse cx="170" cy="162" rx="62" ry="28"/><ellipse cx="170" cy="162" rx="48" ry="22"/></g>
      <ellipse cx="170" cy="162" rx="22" ry="10" fill="#d9534f"/><ellipse cx="170" cy="162" rx="3" ry="1.6" fill="#eee"/>
      <circle cx="312" cy="132" r="12" fill="#b8bec4"/><circle cx="312" cy="132" r="5" fill="#6f767c"/>
      <path d="M312 132 L300 196 L250 202" fill="none" stroke="#dfe3e6" stroke-width="5" stroke-linecap="round"/>
      <rect x="236" y="196" width="18" height="10" rx="2" fill="#33383c" transform="rotate(-8 245 201)"/>`,
  },
  "soundbar-stage": {
    title: "Stage Compact Soundbar",
    bg: ["#e9edf1", "#d3dbe2"],
    floor: "#c3ccd4",
    defs: `${lin("screen", [[0, "#2a3b55"], [0.6, "#3f6a8f"], [1, "#1d2a3d"]], "d")}
      ${lin("bar", [[0, "#3a3d42"], [0.5, "#5a5e65"], [1, "#25272b"]], "v")}
      <pattern id="mesh" width="6" height="6" patternUnits="userSpaceOnUse"><circle cx="3" cy="3" r="1.2" fill="#1a1c1f"/></pattern>`,
    body: `<rect x="70" y="30" width="260" height="150" rx="6" fill="#15181c"/>
      <rect x="78" y="38" width="244" height="134" rx="3" fill="url(#screen)"/>
      <path d="M78 150 L150 96 L200 132 L262 80 L322 126 L322 172 L78 172 Z" fill="#5f8fb5" opacity="0.45"/>
      <rect x="186" y="180" width="28" height="20" fill="#2b2f34"/>
      ${shadow(200, 140, 244, 8)}
      <rect x="60" y="204" width="280" height="36" rx="18" fill="url(#bar)"/>
      <rect x="76" y="210" width="248" height="24" rx="12" fill="url(#mesh)"/>
      <circle cx="200" cy="222" r="3" fill="#5fd17f"/>`,
  },
  "radio-tempo": {
    title: "Tempo Retro Radio",
    bg: ["#fbf1e2", "#f0dcc0"],
    floor: "#e2c9a6",
    defs: `${lin("mint", [[0, "#6fb9a4"], [0.4, "#9fdcc8"], [1, "#4f9985"]])}
      <pattern id="grille" width="8" height="8" patternUnits="userSpaceOnUse"><circle cx="4" cy="4" r="1.8" fill="#33574d"/></pattern>
      ${lin("chrome", [[0, "#8d9399"], [0.5, "#f4f6f7"], [1, "#7c8288"]])}`,
    body: `${shadow(200, 130)}
      <path d="M120 92 C120 48 280 48 280 92" fill="none" stroke="#7a4c2a" stroke-width="10" stroke-linecap="round"/>
      <rect x="70" y="90" width="260" height="150" rx="26" fill="url(#mint)"/>
      <rect x="70" y="226" width="260" height="14" rx="7" fill="#3f7c6b"/>
      <circle cx="140" cy="164" r="48" fill="#f6efe0"/><circle cx="140" cy="164" r="42" fill="url(#grille)"/>
      <rect x="206" y="118" width="104" height="40" rx="6" fill="#fff7e2"/>
      <path d="M214 150 v-8 M224 150 v-14 M234 150 v-8 M244 150 v-14 M254 150 v-8 M264 150 v-14 M274 150 v-8 M284 150 v-14 M294 150 v-8" stroke="#7a6a50" stroke-width="2"/>
      <path d="M252 124 v30" stroke="#d9534f" stroke-width="3"/>
      <circle cx="228" cy="196" r="16" fill="url(#chrome)"/><circle cx="288" cy="196" r="16" fill="url(#chrome)"/>`,
  },
  "headphones-sprout": {
    title: "Sprout Kids Headphones",
    bg: ["#f2f8e6", "#dcefc4"],
    floor: "#cbe3ab",
    defs: `${lin("band", [[0, "#7cc242"], [0.5, "#a8e06a"], [1, "#5e9f2c"]])}
      ${rad("cup", [[0, "#ffe27a"], [0.7, "#f6c431"], [1, "#d39a12"]], 0.4, 0.35, 0.65)}`,
    body: `${shadow(200, 110)}
      <path d="M112 176 C100 60 300 60 288 176" fill="none" stroke="url(#band)" stroke-width="24" stroke-linecap="round"/>
      <path d="M122 150 C118 84 282 84 278 150" fill="none" stroke="#e9f7d6" stroke-width="6" stroke-linecap="round" opacity="0.7"/>
      <ellipse cx="112" cy="184" rx="40" ry="48" fill="url(#cup)"/><ellipse cx="288" cy="184" rx="40" ry="48" fill="url(#cup)"/>
      <path d="M100 186 C100 166 120 160 126 172 C130 184 112 196 100 186 Z" fill="#5e9f2c"/>
      <path d="M300 186 C300 166 280 160 274 172 C270 184 288 196 300 186 Z" fill="#5e9f2c"/>
      <path d="M112 232 C130 250 150 236 170 250 S210 240 230 252" fill="none" stroke="#4a4a4a" stroke-width="4" stroke-linecap="round"/>`,
  },
  "chair-balance": {
    title: "Balance Ergonomic Chair",
    bg: ["#eef1f4", "#d9dfe5"],
    floor: "#c9d0d8",
    defs: `<pattern id="weave" width="10" height="10" patternUnits="userSpaceOnUse"><path d="M0 0 L10 10 M10 0 L0 10" stroke="#4b5560" stroke-width="1.2"/></pattern>
      ${lin("frame", [[0, "#2b3036"], [0.5, "#4d555e"], [1, "#22262b"]])}`,
    body: `${shadow(200, 110)}
      <path d="M150 40 C150 26 250 26 250 40 L258 140 C258 150 142 150 142 140 Z" fill="#5e6b78"/>
      <path d="M154 46 C154 34 246 34 246 46 L252 136 C252 144 148 144 148 136 Z" fill="url(#weave)"/>
      <path d="M152 104 C180 96 220 96 248 104" stroke="#2b3036" stroke-width="6" fill="none"/>
      <rect x="140" y="150" width="120" height="26" rx="12" fill="url(#frame)"/>
      <path d="M128 128 h28 v30 M272 128 h-28 v30" fill="none" stroke="#2b3036" stroke-width="8" stroke-linecap="round"/>
      <rect x="193" y="176" width="14" height="40" fill="#8a949e"/>
      <path d="M200 216 L130 234 M200 216 L168 242 M200 216 L232 242 M200 216 L270 234" stroke="#2b3036" stroke-width="8" stroke-linecap="round"/>
      <g fill="#1b1e22"><circle cx="128" cy="238" r="8"/><circle cx="166" cy="246" r="8"/><circle cx="234" cy="246" r="8"/><circle cx="272" cy="238" r="8"/></g>`,
  },
  "deskmat-felt": {
    title: "Felt Desk Mat",
    bg: ["#f3ede6", "#e3d7ca"],
    floor: "#b98f62",
    defs: `${lin("felt", [[0, "#6d737a"], [0.5, "#8a9097"], [1, "#5e646b"]], "d")}
      <pattern id="keys" width="14" height="12" patternUnits="userSpaceOnUse"><rect x="1" y="1" width="11" height="9" rx="2" fill="#f2efe9"/></pattern>`,
    body: `<rect y="150" width="400" height="150" fill="#c49a6c"/>
      <polygon points="60,170 340,170 380,262 20,262" fill="url(#felt)"/>
      <polygon points="66,175 334,175 372,257 28,257" fill="none" stroke="#c9cdd2" stroke-width="2" stroke-dasharray="6 5"/>
      <polygon points="100,190 250,190 262,236 84,236" fill="#3a3f45"/>
      <polygon points="106,195 246,195 256,231 92,231" fill="url(#keys)"/>
      <ellipse cx="306" cy="214" rx="20" ry="26" fill="#e9e5de"/>
      <path d="M306 190 v14" stroke="#b9b3aa" stroke-width="2"/>`,
  },
  "webcam-clarity": {
    title: "Clarity 1080p Webcam",
    bg: ["#eaf0f6", "#d4dde8"],
    floor: "#c3ceda",
    defs: `${rad("lens", [[0, "#5a8fd8"], [0.45, "#1b2f57"], [1, "#05070d"]], 0.4, 0.38, 0.6)}
      ${lin("shell", [[0, "#2a2d33"], [0.5, "#43474f"], [1, "#1d1f23"]], "v")}`,
    body: `<rect x="60" y="150" width="280" height="100" rx="4" fill="#1f2328"/>
      <rect x="66" y="150" width="268" height="94" fill="#2f4a66"/>
      <path d="M156 150 L170 132 L230 132 L244 150 Z" fill="#30343a"/>
      ${shadow(200, 110, 150, 6)}
      <rect x="100" y="76" width="200" height="62" rx="31" fill="url(#shell)"/>
      <circle cx="200" cy="107" r="26" fill="#101216"/><circle cx="200" cy="107" r="20" fill="url(#lens)"/>
      <circle cx="193" cy="100" r="5" fill="#cfe3ff" opacity="0.8"/>
      <rect x="120" y="100" width="26" height="14" rx="7" fill="#6e747c"/>
      <g fill="#0e1013"><circle cx="262" cy="101" r="2.2"/><circle cx="270" cy="101" r="2.2"/><circle cx="262" cy="113" r="2.2"/><circle cx="270" cy="113" r="2.2"/></g>`,
  },
  "hub-dock": {
    title: "Dock 7-in-1 USB-C Hub",
    bg: ["#eef0f2", "#d8dde2"],
    floor: "#c7cdd3",
    defs: `${lin("alu", [[0, "#9aa1a8"], [0.45, "#e7eaed"], [1, "#8a9198"]], "v")}`,
    body: `${shadow(220, 120)}
      <path d="M40 200 C70 200 80 226 110 222" fill="none" stroke="#2e3237" stroke-width="9" stroke-linecap="round"/>
      <rect x="22" y="192" width="26" height="16" rx="5" fill="#b8bec4"/>
      <rect x="110" y="190" width="230" height="50" rx="14" fill="url(#alu)"/>
      <rect x="110" y="232" width="230" height="8" rx="4" fill="#7b8289"/>
      <g fill="#23272b"><rect x="132" y="206" width="26" height="12" rx="2"/><rect x="168" y="206" width="26" height="12" rx="2"/><rect x="204" y="206" width="26" height="12" rx="2"/><rect x="240" y="205" width="30" height="14" rx="3"/><rect x="280" y="207" width="22" height="8" rx="2"/><rect x="310" y="208" width="18" height="6" rx="3"/></g>`,
  },
  "grinder-mill": {
    title: "Mill Burr Coffee Grinder",
    bg: ["#f6ece2", "#e8d5c3"],
    floor: "#d6bea6",
    defs: `${lin("body", [[0, "#1f1f22"], [0.5, "#4a4a50"], [1, "#18181b"]])}
      ${lin("hopper", [[0, "#e9f2f5", 0.55], [0.5, "#ffffff", 0.8], [1, "#d5e2e7", 0.55]])}
      ${lin("steel", [[0, "#8d9399"], [0.5, "#f1f3f4"], [1, "#7c8288"]])}`,
    body: `${shadow(200, 80)}
      <path d="M150 40 L250 40 L236 110 L164 110 Z" fill="url(#hopper)" stroke="#b8c6cc" stroke-width="2"/>
      <g fill="#5a3520"><ellipse cx="180" cy="96" rx="7" ry="5"/><ellipse cx="196" cy="100" rx="7" ry="5"/><ellipse cx="212" cy="95" rx="7" ry="5"/><ellipse cx="226" cy="100" rx="6" ry="4.5"/><ellipse cx="188" cy="86" rx="6.5" ry="4.5"/><ellipse cx="206" cy="84" rx="6.5" ry="4.5"/></g>
      <rect x="156" y="108" width="88" height="14" rx="4" fill="url(#steel)"/>
      <rect x="150" y="120" width="100" height="120" rx="12" fill="url(#body)"/>
      <circle cx="200" cy="150" r="14" fill="url(#steel)"/><path d="M200 138 v10" stroke="#333" stroke-width="3"/>
      <rect x="168" y="182" width="64" height="50" rx="6" fill="url(#steel)"/>
      <rect x="176" y="190" width="48" height="20" rx="3" fill="#5a3520"/>`,
  },
  "espresso-barista": {
    title: "Barista Espresso Machine",
    bg: ["#f3ebe3", "#e2d3c5"],
    floor: "#cfbba7",
    defs: `${lin("steel", [[0, "#80878e"], [0.4, "#eef0f2"], [1, "#6f767d"]])}
      ${rad("gauge", [[0, "#ffffff"], [1, "#d8d8d8"]])}`,
    body: `${shadow(200, 120)}
      <rect x="96" y="50" width="208" height="190" rx="14" fill="url(#steel)"/>
      <rect x="96" y="50" width="208" height="18" rx="9" fill="#5b6168"/>
      <circle cx="150" cy="100" r="17" fill="#33383d"/><circle cx="150" cy="100" r="13" fill="url(#gauge)"/><path d="M150 100 l7 -6" stroke="#c0392b" stroke-width="2.5"/>
      <circle cx="250" cy="100" r="17" fill="#33383d"/><circle cx="250" cy="100" r="13" fill="url(#gauge)"/><path d="M250 100 l-5 -7" stroke="#c0392b" stroke-width="2.5"/>
      <rect x="170" y="130" width="60" height="16" rx="4" fill="#4a5056"/>
      <path d="M178 146 h44 v8 h-44 Z" fill="#2b2f33"/>
      <path d="M222 148 L296 142" stroke="#1c1c1c" stroke-width="11" stroke-linecap="round"/>
      <path d="M118 120 C112 160 120 190 128 200" fill="none" stroke="#4a5056" stroke-width="5" stroke-linecap="round"/>
      <rect x="110" y="222" width="180" height="12" rx="3" fill="#3d4247"/>
      <path d="M180 186 h40 l-4 34 h-32 Z" fill="#fbf7f0"/><path d="M220 194 c10 0 10 16 0 16" fill="none" stroke="#fbf7f0" stroke-width="4"/>
      <ellipse cx="200" cy="188" rx="20" ry="4" fill="#7a4a2c"/>
      <path d="M196 154 v28 M204 154 v28" stroke="#6b3f24" stroke-width="2.5" opacity="0.7"/>`,
  },
  "scale-drip": {
    title: "Drip Coffee Scale",
    bg: ["#f4efe8", "#e4dacd"],
    floor: "#d3c5b3",
    defs: `${lin("top", [[0, "#2a2a2d"], [1, "#141416"]], "v")}
      ${lin("glass", [[0, "#f1f6f7", 0.6], [0.5, "#ffffff", 0.85], [1, "#d8e4e8", 0.6]])}`,
    body: `${shadow(200, 140, 252, 8)}
      <polygon points="80,210 320,210 350,244 50,244" fill="url(#top)"/>
      <rect x="50" y="244" width="300" height="10" rx="3" fill="#0c0c0d"/>
      <rect x="164" y="226" width="72" height="14" rx="3" fill="#0b2a22"/>
      <path d="M172 233 h12 M190 233 h12 M212 233 h4 M222 233 h8" stroke="#5cf0b4" stroke-width="3"/>
      <path d="M150 110 L250 110 L240 206 L160 206 Z" fill="url(#glass)" stroke="#b8c8cd" stroke-width="2"/>
      <path d="M158 160 L242 160 L240 206 L160 206 Z" fill="#6b3b1f" opacity="0.85"/>
      <path d="M250 124 c18 0 18 40 0 40" fill="none" stroke="#b8c8cd" stroke-width="5"/>
      <path d="M200 60 c-10 16 -10 24 0 28 c10 -4 10 -12 0 -28 Z" fill="#6b3b1f"/>`,
  },
  "teapot-kyoto": {
    title: "Kyoto Cast Iron Teapot",
    bg: ["#eef1ea", "#d8dfd0"],
    floor: "#c4cdb9",
    defs: `${rad("iron", [[0, "#5b6663"], [0.7, "#2a302f"], [1, "#161a19"]], 0.4, 0.35, 0.7)}
      <pattern id="hob" width="14" height="14" patternUnits="userSpaceOnUse"><circle cx="7" cy="7" r="2.6" fill="#4c5654"/></pattern>`,
    body: `${shadow(200, 110)}
      <path d="M140 110 C130 40 270 40 260 110" fill="none" stroke="#2a302f" stroke-width="8"/>
      <path d="M112 146 L70 110 L62 114 L96 170 Z" fill="url(#iron)"/>
      <ellipse cx="200" cy="170" rx="96" ry="74" fill="url(#iron)"/>
      <ellipse cx="200" cy="170" rx="90" ry="68" fill="url(#hob)" opacity="0.9"/>
      <ellipse cx="200" cy="104" rx="52" ry="12" fill="#222827"/>
      <ellipse cx="200" cy="98" rx="40" ry="9" fill="#3a4341"/>
      <circle cx="200" cy="88" r="8" fill="#3a4341"/>
      <path d="M148 132 C160 124 176 120 190 120" fill="none" stroke="#9aa6a3" stroke-width="4" stroke-linecap="round" opacity="0.5"/>`,
  },
  "knife-kaze": {
    title: "Kaze Santoku Knife",
    bg: ["#f1efea", "#dedad2"],
    floor: "#cbc4b8",
    defs: `${lin("blade", [[0, "#c9ced3"], [0.5, "#f4f6f8"], [1, "#9aa1a8"]], "v")}
      ${lin("olive", [[0, "#7a5a32"], [0.5, "#b08a55"], [1, "#6a4c28"]], "v")}`,
    body: `<polygon points="30,250 370,200 384,232 50,290" fill="#d9b98d"/>
      ${shadow(200, 150, 238, 8)}
      <path d="M70 186 L250 150 L258 196 L96 214 C78 214 66 204 70 186 Z" fill="url(#blade)"/>
      <path d="M92 196 C130 180 160 192 196 176 S240 170 254 166 M86 206 C124 194 162 204 200 190 S242 184 256 182" fill="none" stroke="#8c949c" stroke-width="1.5" opacity="0.6"/>
      <path d="M70 186 L250 150" stroke="#ffffff" stroke-width="2" opacity="0.8"/>
      <rect x="250" y="156" width="14" height="40" rx="3" fill="#3b3f44" transform="rotate(-9 257 176)"/>
      <path d="M262 158 L350 142 C362 140 368 150 366 160 L356 174 L266 192 Z" fill="url(#olive)"/>
      <circle cx="292" cy="166" r="3.5" fill="#d8dcdf"/><circle cx="326" cy="159" r="3.5" fill="#d8dcdf"/>`,
  },
  "board-olive": {
    title: "Olive Wood Cutting Board",
    bg: ["#f4efe4", "#e4d9c4"],
    floor: "#d2c4aa",
    defs: `${lin("wood", [[0, "#c9a26b"], [0.5, "#e2c08d"], [1, "#b38a52"]], "d")}`,
    body: `${shadow(190, 150)}
      <path d="M50 150 C50 120 70 110 110 110 L300 110 C330 110 340 124 340 150 L340 200 C340 226 320 236 290 236 L110 236 C70 236 50 226 50 200 Z" fill="url(#wood)"/>
      <path d="M340 160 L372 160 C384 160 384 186 372 186 L340 186 Z" fill="url(#wood)"/>
      <circle cx="362" cy="173" r="5" fill="#8a6238"/>
      <path d="M70 140 C120 128 160 150 210 136 S300 126 324 140 M66 170 C110 160 170 182 220 166 S300 160 326 172 M70 204 C120 190 170 214 230 198 S300 196 322 206" fill="none" stroke="#9a7440" stroke-width="2" opacity="0.55"/>
      <path d="M64 124 C60 130 60 216 64 222" fill="none" stroke="#8a6238" stroke-width="2" opacity="0.5"/>
      <g fill="#556b2f"><ellipse cx="150" cy="170" rx="12" ry="9"/><ellipse cx="174" cy="182" rx="12" ry="9"/><ellipse cx="162" cy="156" rx="11" ry="8"/></g>
      <g fill="#2f3a1c"><ellipse cx="240" cy="166" rx="12" ry="9"/><ellipse cx="262" cy="178" rx="12" ry="9"/></g>
      <path d="M112 196 C124 176 136 170 150 168" fill="none" stroke="#6f8f3a" stroke-width="3"/>`,
  },
  "tent-ridge": {
    title: "Ridge 2-Person Tent",
    bg: ["#dfeef5", "#f3efe0"],
    floor: "#9fbf7a",
    defs: `${lin("fly", [[0, "#d9622b"], [0.5, "#f28a4a"], [1, "#b54a1c"]])}`,
    body: `<path d="M0 236 L80 150 L140 200 L220 120 L320 210 L360 180 L400 216 L400 236 Z" fill="#8fa6b8" opacity="0.6"/>
      <path d="M220 120 L244 142 L230 138 L220 150 L208 136 L198 140 Z" fill="#ffffff" opacity="0.8"/>
      ${shadow(200, 150)}
      <path d="M60 240 C90 150 150 100 200 98 C250 100 310 150 340 240 Z" fill="url(#fly)"/>
      <path d="M200 98 L200 240" stroke="#8a3412" stroke-width="3"/>
      <path d="M164 240 C170 188 186 160 200 150 C214 160 230 188 236 240 Z" fill="#5a2610"/>
      <path d="M200 150 C196 180 196 210 200 240" stroke="#f2c19e" stroke-width="2" stroke-dasharray="4 3" fill="none"/>
      <path d="M60 240 L30 250 M340 240 L372 250 M120 150 L70 244 M280 150 L330 244" stroke="#e8e2d0" stroke-width="1.5"/>`,
  },
  "sleepingbag-nova": {
    title: "Nova Down Sleeping Bag",
    bg: ["#e9ecf7", "#d2d7ee"],
    floor: "#b9c0df",
    defs: `${lin("shell", [[0, "#3d3f9e"], [0.5, "#6a6fd6"], [1, "#2c2d78"]], "v")}
      ${lin("sack", [[0, "#e0612b"], [0.5, "#f39a5c"], [1, "#c44d1c"]])}`,
    body: `${shadow(190, 160)}
      <path d="M40 200 C40 160 80 150 120 152 L300 166 C330 168 340 180 338 200 C336 222 320 232 300 232 L110 240 C70 242 40 232 40 200 Z" fill="url(#shell)"/>
      <path d="M94 152 C100 176 100 216 96 240 M150 155 C156 180 156 214 150 238 M206 159 C212 182 212 212 206 236 M262 163 C268 184 268 210 262 234" fill="none" stroke="#26276a" stroke-width="3" opacity="0.7"/>
      <ellipse cx="66" cy="196" rx="18" ry="24" fill="#1e1f55"/>
      <path d="M56 186 C62 180 72 180 78 186" stroke="#9aa0ff" stroke-width="2" fill="none"/>
      <rect x="310" y="178" width="60" height="58" rx="18" fill="url(#sack)"/>
      <path d="M316 186 C334 178 346 178 364 186" stroke="#8a300e" stroke-width="3" fill="none"/>`,
  },
  "headlamp-beam": {
    title: "Beam Trail Headlamp",
    bg: ["#1e2a33", "#31434f"],
    floor: "#2a3842",
    defs: `${lin("beam", [[0, "#fff6cf", 0.85], [1, "#fff6cf", 0]])}
      ${rad("lens", [[0, "#ffffff"], [0.5, "#fff3b0"], [1, "#e0b84a"]])}`,
    body: `<polygon points="236,118 236,166 400,230 400,40" fill="url(#beam)"/>
      ${shadow(170, 110, 248, 9)}
      <ellipse cx="160" cy="150" rx="110" ry="70" fill="none" stroke="#e0612b" stroke-width="16"/>
      <ellipse cx="160" cy="150" rx="110" ry="70" fill="none" stroke="#3b2a22" stroke-width="3" stroke-dasharray="6 8"/>
      <rect x="196" y="112" width="50" height="62" rx="12" fill="#3a3f45"/>
      <circle cx="228" cy="142" r="20" fill="url(#lens)"/>
      <circle cx="206" cy="168" r="4" fill="#ff4d4d"/>`,
  },
  "hammock-drift": {
    title: "Drift Travel Hammock",
    bg: ["#e6f3e4", "#cfe5cc"],
    floor: "#9cc28e",
    defs: `${lin("bark", [[0, "#5a3e26"], [0.5, "#86613d"], [1, "#4a321e"]])}
      ${lin("cloth", [[0, "#2c8c99"], [0.5, "#4fc0c9"], [1, "#1f6f7a"]], "v")}`,
    body: `<circle cx="60" cy="60" r="56" fill="#6fa864"/><circle cx="340" cy="54" r="60" fill="#6fa864"/>
      <rect x="46" y="60" width="26" height="180" fill="url(#bark)"/>
      <rect x="328" y="60" width="26" height="180" fill="url(#bark)"/>
      ${shadow(200, 120, 246, 8)}
      <path d="M72 110 L110 150 M328 110 L290 150" stroke="#d9c9a8" stroke-width="4"/>
      <rect x="64" y="104" width="14" height="12" fill="#d9c9a8"/><rect x="322" y="104" width="14" height="12" fill="#d9c9a8"/>
      <path d="M110 150 C150 214 250 214 290 150 C250 182 150 182 110 150 Z" fill="url(#cloth)"/>
      <path d="M110 150 C150 182 250 182 290 150" fill="none" stroke="#9fe1e6" stroke-width="3"/>`,
  },
  "mat-flow": {
    title: "Flow Yoga Mat",
    bg: ["#f3edf6", "#e2d6ea"],
    floor: "#d3c3dd",
    defs: `${lin("mat", [[0, "#7a4fa3"], [1, "#9d73c6"]], "v")}
      ${rad("roll", [[0, "#5b3680"], [0.8, "#8c62b8"], [1, "#6d459a"]])}`,
    body: `${shadow(200, 160, 246, 8)}
      <polygon points="110,200 370,200 340,246 60,246" fill="url(#mat)"/>
      <path d="M200 204 L188 242 M290 204 L270 242" stroke="#d9c2ee" stroke-width="2" opacity="0.8"/>
      <circle cx="86" cy="196" r="46" fill="url(#roll)"/>
      <path d="M86 196 m-8 0 a8 8 0 1 1 16 0 a16 16 0 1 1 -32 0 a24 24 0 1 1 48 0 a32 32 0 1 1 -64 0" fill="none" stroke="#4a2a6b" stroke-width="3"/>
      <path d="M86 150 L130 150 L132 200 L110 200" fill="#8c62b8"/>
      <path d="M66 176 C100 150 140 160 160 150" stroke="#3b3b3b" stroke-width="4" fill="none" opacity="0.6"/>`,
  },
  "dumbbells-core": {
    title: "Core Adjustable Dumbbells",
    bg: ["#eceef0", "#d5d9dd"],
    floor: "#c2c7cc",
    defs: `${lin("plate", [[0, "#2c2f33"], [0.5, "#50555b"], [1, "#1f2124"]], "v")}
      ${lin("grip", [[0, "#9aa1a8"], [0.5, "#e3e6e9"], [1, "#8a9198"]], "v")}`,
    body: `${shadow(200, 160)}
      <g>
        <rect x="40" y="120" width="20" height="80" rx="5" fill="url(#plate)"/><rect x="62" y="112" width="20" height="96" rx="5" fill="url(#plate)"/>
        <rect x="84" y="150" width="60" height="20" rx="6" fill="url(#grip)"/>
        <rect x="146" y="112" width="20" height="96" rx="5" fill="url(#plate)"/><rect x="168" y="120" width="20" height="80" rx="5" fill="url(#plate)"/>
        <rect x="40" y="206" width="148" height="30" rx="6" fill="#d94b3d"/>
      </g>
      <g>
        <rect x="212" y="120" width="20" height="80" rx="5" fill="url(#plate)"/><rect x="234" y="112" width="20" height="96" rx="5" fill="url(#plate)"/>
        <rect x="256" y="150" width="60" height="20" rx="6" fill="url(#grip)"/>
        <rect x="318" y="112" width="20" height="96" rx="5" fill="url(#plate)"/><rect x="340" y="120" width="20" height="80" rx="5" fill="url(#plate)"/>
        <rect x="212" y="206" width="148" height="30" rx="6" fill="#d94b3d"/>
      </g>
      <circle cx="114" cy="221" r="9" fill="#f5f5f5"/><circle cx="286" cy="221" r="9" fill="#f5f5f5"/>`,
  },
  "rope-swift": {
    title: "Swift Speed Jump Rope",
    bg: ["#fff1e8", "#f6d8c6"],
    floor: "#ebc2aa",
    defs: `${lin("handle", [[0, "#c0392b"], [0.5, "#ef6b5b"], [1, "#962d22"]])}`,
    body: `${shadow(200, 150)}
      <path d="M120 200 C60 40 340 40 280 200 C250 260 150 250 120 200" fill="none" stroke="#2f3337" stroke-width="4"/>
      <rect x="104" y="180" width="26" height="66" rx="12" fill="url(#handle)" transform="rotate(-20 117 213)"/>
      <rect x="270" y="180" width="26" height="66" rx="12" fill="url(#handle)" transform="rotate(20 283 213)"/>
      <path d="M110 196 l12 -4 M282 192 l12 4" stroke="#cfd3d6" stroke-width="6" stroke-linecap="round"/>`,
  },
  "roller-ease": {
    title: "Ease Foam Roller",
    bg: ["#e8f1f8", "#d0e1ee"],
    floor: "#bcd2e3",
    defs: `${lin("foam", [[0, "#1f6fb2"], [0.45, "#5fa8e0"], [1, "#16538a"]], "v")}
      <pattern id="knobs" width="18" height="16" patternUnits="userSpaceOnUse"><rect x="3" y="3" width="10" height="8" rx="3" fill="#0f4a7d" opacity="0.55"/></pattern>`,
    body: `${shadow(200, 150)}
      <rect x="70" y="150" width="250" height="90" rx="12" fill="url(#foam)"/>
      <rect x="70" y="150" width="250" height="90" rx="12" fill="url(#knobs)"/>
      <ellipse cx="320" cy="195" rx="22" ry="45" fill="#3d8cd0"/>
      <ellipse cx="320" cy="195" rx="10" ry="22" fill="#d0e1ee"/>`,
  },
  "bands-loop": {
    title: "Loop Resistance Bands (set of 5)",
    bg: ["#f7f3e9", "#ebe1cc"],
    floor: "#dccfb3",
    defs: "",
    body: `${shadow(200, 160)}
      <g fill="none" stroke-width="16">
        <ellipse cx="110" cy="200" rx="70" ry="30" stroke="#f2c94c"/>
        <ellipse cx="170" cy="190" rx="70" ry="30" stroke="#f2994a"/>
        <ellipse cx="230" cy="200" rx="70" ry="30" stroke="#eb5757"/>
        <ellipse cx="290" cy="190" rx="70" ry="30" stroke="#9b51e0"/>
        <ellipse cx="200" cy="150" rx="70" ry="30" stroke="#2d9cdb"/>
      </g>`,
  },
  "kettlebell-iron": {
    title: "Iron Kettlebell 12 kg",
    bg: ["#eeeeec", "#d8d8d4"],
    floor: "#c4c4be",
    defs: `${rad("iron", [[0, "#62666b"], [0.7, "#26282b"], [1, "#141516"]], 0.38, 0.35, 0.7)}`,
    body: `${shadow(200, 90)}
      <path d="M150 150 C140 60 260 60 250 150" fill="none" stroke="#26282b" stroke-width="26"/>
      <path d="M156 140 C150 80 250 80 244 140" fill="none" stroke="#54585d" stroke-width="5" opacity="0.6"/>
      <circle cx="200" cy="176" r="68" fill="url(#iron)"/>
      <rect x="150" y="232" width="100" height="12" rx="4" fill="#141516"/>
      <rect x="180" y="160" width="40" height="32" rx="6" fill="#e0a526"/>
      <path d="M190 166 v20 M198 166 h10 v10 h-10 v10 h10" fill="none" stroke="#141516" stroke-width="2.5"/>`,
  },
};

for (const [id, image] of Object.entries(IMAGES)) {
  writeFileSync(join(OUT, `${id}.svg`), frame(image));
}
console.log(`wrote ${Object.keys(IMAGES).length} product images to ${OUT}`);
