// Weekly bars of attacks and strikes (plain SVG) with a brush that sets the
// date filter. The bars ignore the date filter so the whole period stays visible.
import { getJSON } from "./api.js";
import { COLORS } from "./map.js";
import * as state from "./state.js";

const NS = "http://www.w3.org/2000/svg";
const DAY = 86400000;
const HEIGHT = 130;
const PAD = { left: 34, right: 10, top: 8, bottom: 22 };

let root = null;
let data = null;
let seq = 0;

function svg(tag, attrs, parent) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, String(v));
  if (parent) parent.appendChild(el);
  return el;
}

const toTime = (iso) => Date.parse(`${iso}T00:00:00Z`);
const toIso = (t) => new Date(t).toISOString().slice(0, 10);

export async function loadTimeline(el) {
  root = el;
  const my = ++seq;
  const params = state.filters({ without: ["date_from", "date_to"] });
  params.set("interval", "week");
  params.set("split", "category");
  const res = await getJSON("/api/stats", params);
  if (my !== seq) return;
  const weeks = new Map();
  for (const b of res.buckets) {
    const w = weeks.get(b.period) || { period: b.period, attack: 0, strike: 0 };
    w[b.key] = (w[b.key] || 0) + b.count;
    weeks.set(b.period, w);
  }
  data = [...weeks.values()].sort((a, b) => (a.period < b.period ? -1 : 1));
  draw();
}

export function draw() {
  if (!root || !data) return;
  while (root.firstChild) root.removeChild(root.firstChild);
  const width = Math.max(300, root.clientWidth || 600);
  const s = svg("svg", { width, height: HEIGHT, class: "timeline-svg", role: "img" }, root);
  const title = svg("title", {}, s);
  title.textContent = "Attacks and strikes per week; drag to select a period";
  if (!data.length) {
    const t = svg("text", { x: width / 2, y: HEIGHT / 2, "text-anchor": "middle", class: "empty" }, s);
    t.textContent = "no incidents match the filters";
    return;
  }
  const t0 = toTime(data[0].period);
  const t1 = toTime(data[data.length - 1].period) + 7 * DAY;
  const innerW = width - PAD.left - PAD.right;
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  const x = (t) => PAD.left + ((t - t0) / (t1 - t0)) * innerW;
  const inv = (px) => t0 + ((px - PAD.left) / innerW) * (t1 - t0);
  const max = Math.max(1, ...data.map((d) => d.attack + d.strike));
  const y = (v) => PAD.top + innerH - (v / max) * innerH;
  const barW = Math.max(1, (7 * DAY * innerW) / (t1 - t0) - 0.5);

  // y axis: zero and max
  for (const v of [0, max]) {
    svg("line", { x1: PAD.left, x2: width - PAD.right, y1: y(v), y2: y(v), class: "grid" }, s);
    const t = svg("text", { x: PAD.left - 4, y: y(v) + 3, "text-anchor": "end", class: "tick" }, s);
    t.textContent = String(v);
  }
  // x axis: years, or months when the span is short
  const start = new Date(t0);
  const spanDays = (t1 - t0) / DAY;
  const monthly = spanDays < 500;
  let d = monthly
    ? new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1))
    : new Date(Date.UTC(start.getUTCFullYear() + 1, 0, 1));
  const step = monthly && spanDays > 200 ? 3 : 1;
  while (d.getTime() < t1) {
    const px = x(d.getTime());
    svg("line", { x1: px, x2: px, y1: PAD.top + innerH, y2: PAD.top + innerH + 4, class: "axis" }, s);
    const t = svg("text", { x: px + 2, y: HEIGHT - 6, class: "tick" }, s);
    t.textContent = monthly ? toIso(d.getTime()).slice(0, 7) : String(d.getUTCFullYear());
    d = monthly
      ? new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + step, 1))
      : new Date(Date.UTC(d.getUTCFullYear() + 1, 0, 1));
  }
  const bars = svg("g", { class: "bars" }, s);
  for (const w of data) {
    const px = x(toTime(w.period));
    let base = 0;
    for (const cat of ["attack", "strike"]) {
      const v = w[cat] || 0;
      if (!v) continue;
      const r = svg(
        "rect",
        { x: px, width: barW, y: y(base + v), height: y(base) - y(base + v), fill: COLORS[cat], class: `bar bar-${cat}` },
        bars,
      );
      const tt = svg("title", {}, r);
      tt.textContent = `week of ${w.period}: ${v} ${cat}${v === 1 ? "" : "s"}`;
      base += v;
    }
  }
  svg("line", { x1: PAD.left, x2: width - PAD.right, y1: y(0), y2: y(0), class: "axis" }, s);

  // brush
  const from = state.get("date_from");
  const to = state.get("date_to");
  const sel = svg("rect", { class: "brush-sel", y: PAD.top, height: innerH, x: 0, width: 0, visibility: "hidden" }, s);
  const showSel = (a, b) => {
    const lo = Math.max(PAD.left, Math.min(a, b));
    const hi = Math.min(width - PAD.right, Math.max(a, b));
    sel.setAttribute("x", lo);
    sel.setAttribute("width", Math.max(1, hi - lo));
    sel.setAttribute("visibility", "visible");
  };
  if (from || to) showSel(from ? x(toTime(from)) : PAD.left, to ? x(toTime(to) + DAY) : width - PAD.right);
  const overlay = svg(
    "rect",
    { class: "brush-overlay", x: PAD.left, y: PAD.top, width: innerW, height: innerH, fill: "transparent" },
    s,
  );
  let anchor = null;
  const localX = (ev) => ev.clientX - s.getBoundingClientRect().left;
  overlay.addEventListener("pointerdown", (ev) => {
    anchor = localX(ev);
    overlay.setPointerCapture(ev.pointerId);
    showSel(anchor, anchor);
  });
  overlay.addEventListener("pointermove", (ev) => {
    if (anchor !== null) showSel(anchor, localX(ev));
  });
  overlay.addEventListener("pointerup", (ev) => {
    if (anchor === null) return;
    const a = anchor;
    const b = localX(ev);
    anchor = null;
    if (Math.abs(b - a) < 3) {
      state.update({ date_from: null, date_to: null }, { reason: "brush" });
      return;
    }
    const lo = Math.max(t0, inv(Math.min(a, b)));
    const hi = Math.min(t1 - DAY, inv(Math.max(a, b)));
    state.update({ date_from: toIso(lo), date_to: toIso(hi) }, { reason: "brush" });
  });
}
