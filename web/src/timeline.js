// Bars of attacks and strikes (plain SVG) with a brush that sets the date
// filter. The timeline shows the filtered period (zoomed to the brush) or the
// whole record; bins are days, weeks or months, chosen by the span shown, so
// bars stay legible. Keyboard: focus the chart, arrows move the start, shift
// and arrows move the end, Enter applies, Escape clears the dates.
import { getJSON } from "./api.js";
import { COLORS } from "./map.js";
import * as state from "./state.js";

const NS = "http://www.w3.org/2000/svg";
const DAY = 86400000;
const HEIGHT = 150;
const PAD = { left: 38, right: 12, top: 16, bottom: 24 };
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

let root = null;
let data = null;
let view = null; // {t0, t1 (exclusive), interval}
let bounds = null; // the record's first and last day
let seq = 0;

function svg(tag, attrs, parent) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) if (v !== null && v !== undefined) el.setAttribute(k, String(v));
  if (parent) parent.appendChild(el);
  return el;
}

const toTime = (iso) => Date.parse(`${iso.length === 7 ? `${iso}-01` : iso}T00:00:00Z`);
export const toIso = (t) => new Date(t).toISOString().slice(0, 10);
const monthStart = (t) => { const d = new Date(t); return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1); };
const nextMonth = (t) => { const d = new Date(t); return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1); };

// Days for spans up to four months, weeks up to three years, months beyond.
export function intervalFor(days) {
  return days <= 124 ? "day" : days <= 3 * 366 ? "week" : "month";
}

function binEnd(t, interval) {
  return interval === "day" ? t + DAY : interval === "week" ? t + 7 * DAY : nextMonth(t);
}

// The period shown: the brushed dates (zoom), else the whole record.
function viewRange(meta) {
  const from = state.get("date_from");
  const to = state.get("date_to");
  const lo = meta && meta.date_min ? toTime(meta.date_min) : Date.UTC(2019, 0, 1);
  const hi = meta && meta.date_max ? toTime(meta.date_max) : Date.now();
  bounds = { lo, hi: hi + DAY };
  const t0 = from ? toTime(from) : bounds.lo;
  const t1 = to ? toTime(to) + DAY : bounds.hi;
  return { t0, t1: Math.max(t1, t0 + DAY), zoomed: Boolean(from || to) };
}

export async function loadTimeline(el, meta) {
  root = el;
  const my = ++seq;
  const v = viewRange(meta);
  const interval = intervalFor((v.t1 - v.t0) / DAY);
  const params = state.filters({ without: ["date_from", "date_to"] });
  params.set("date_from", toIso(v.t0));
  params.set("date_to", toIso(v.t1 - DAY));
  params.set("interval", interval);
  params.set("split", "category");
  const res = await getJSON("/api/stats", params);
  if (my !== seq) return null;
  const bins = new Map();
  for (const b of res.buckets) {
    const w = bins.get(b.period) || { period: b.period, attack: 0, strike: 0 };
    w[b.key] = (w[b.key] || 0) + b.count;
    bins.set(b.period, w);
  }
  data = [...bins.values()].sort((a, b) => (a.period < b.period ? -1 : 1));
  view = { ...v, interval };
  draw();
  return data;
}

function niceStep(max) {
  const raw = max / 4;
  const p = 10 ** Math.floor(Math.log10(Math.max(1, raw)));
  for (const m of [1, 2, 5, 10]) if (m * p >= raw) return Math.max(1, m * p);
  return p * 10;
}

function xTicks(s, x, t0, t1, baseY) {
  const days = (t1 - t0) / DAY;
  const every = days > 6 * 366 ? 12 : days > 3 * 366 ? 6 : days > 500 ? 3 : 1;
  let d = monthStart(t0) < t0 ? nextMonth(t0) : t0;
  if (new Date(d).getUTCDate() !== 1) d = nextMonth(d);
  let lastPx = -100;
  while (d < t1) {
    const dt = new Date(d);
    const m = dt.getUTCMonth();
    if (m % every === 0) {
      const px = x(d);
      const year = m === 0;
      svg("line", { x1: px, x2: px, y1: baseY, y2: baseY + (year ? 7 : 4), class: year ? "axis year" : "axis" }, s);
      if (px - lastPx > 44) {
        const t = svg("text", { x: px + 2, y: HEIGHT - 6, class: year ? "tick year" : "tick" }, s);
        t.textContent = every >= 12 || (year && every > 1) ? String(dt.getUTCFullYear()) : `${MONTHS[m]}${year || lastPx < 0 ? ` ${dt.getUTCFullYear()}` : ""}`;
        lastPx = px;
      }
    }
    d = nextMonth(d);
  }
}

function toolbar(total) {
  const bar = document.createElement("div");
  bar.className = "timeline-bar";
  const label = document.createElement("span");
  label.id = "timeline-summary";
  const per = { day: "day", week: "week", month: "month" }[view.interval];
  label.textContent = `${total.toLocaleString("en-US")} dated incidents, ${toIso(view.t0)} – ${toIso(view.t1 - DAY)}, per ${per}`;
  bar.appendChild(label);
  if (view.zoomed) {
    const out = document.createElement("button");
    out.type = "button";
    out.id = "timeline-all";
    out.textContent = "Whole period";
    out.addEventListener("click", () => state.update({ date_from: null, date_to: null }, { reason: "brush" }));
    bar.appendChild(out);
  }
  return bar;
}

export function draw() {
  if (!root || !data || !view) return;
  while (root.firstChild) root.removeChild(root.firstChild);
  const total = data.reduce((n, d) => n + d.attack + d.strike, 0);
  root.appendChild(toolbar(total));
  const width = Math.max(300, root.clientWidth || 600);
  const { t0, t1, interval } = view;
  const s = svg("svg", {
    width, height: HEIGHT, class: "timeline-svg", role: "group", tabindex: 0,
    "aria-label": "Timeline of attacks and strikes. Drag to select a period, or use the arrow keys: arrows move the start, shift and arrows the end, Enter applies, Escape clears.",
    "data-t0": toIso(t0), "data-t1": toIso(t1), "data-interval": interval,
  }, root);
  const innerW = width - PAD.left - PAD.right;
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  const x = (t) => PAD.left + ((t - t0) / (t1 - t0)) * innerW;
  const dayAt = (px) => t0 + Math.round(((Math.min(Math.max(px, PAD.left), PAD.left + innerW) - PAD.left) / innerW) * ((t1 - t0) / DAY)) * DAY;
  const max = Math.max(1, ...data.map((d) => d.attack + d.strike));
  const step = niceStep(max);
  const top = Math.ceil(max / step) * step;
  const y = (v) => PAD.top + innerH - (v / top) * innerH;
  for (let v = 0; v <= top; v += step) {
    svg("line", { x1: PAD.left, x2: width - PAD.right, y1: y(v), y2: y(v), class: "grid" }, s);
    const t = svg("text", { x: PAD.left - 4, y: y(v) + 3, "text-anchor": "end", class: "tick" }, s);
    t.textContent = String(v);
  }
  xTicks(s, x, t0, t1, PAD.top + innerH);
  // the selection sits beneath the bars: the bars keep their colours under the brush
  const sel = svg("rect", { class: "brush-sel", y: PAD.top, height: innerH, x: 0, width: 0, visibility: "hidden" }, s);
  const bars = svg("g", { class: "bars" }, s);
  if (!data.length) {
    const t = svg("text", { x: width / 2, y: HEIGHT / 2, "text-anchor": "middle", class: "empty" }, s);
    t.textContent = "no dated incidents match the filters";
  }
  for (const w of data) {
    const a = Math.max(t0, toTime(w.period));
    const b = Math.min(t1, binEnd(toTime(w.period), interval));
    const px = x(a);
    const bw = Math.max(1.5, x(b) - px - (x(b) - px > 4 ? 1 : 0));
    let base = 0;
    for (const cat of ["attack", "strike"]) {
      const v = w[cat] || 0;
      if (!v) continue;
      const r = svg("rect", { x: px, width: bw, y: y(base + v), height: y(base) - y(base + v), fill: COLORS[cat], class: `bar bar-${cat}` }, bars);
      svg("title", {}, r).textContent = `${interval} of ${w.period}: ${v} ${cat}${v === 1 ? "" : "s"}`;
      base += v;
    }
    if (bw >= 14 && base) {
      const t = svg("text", { x: px + bw / 2, y: y(base) - 2, "text-anchor": "middle", class: "count" }, s);
      t.textContent = String(base);
    }
  }
  svg("line", { x1: PAD.left, x2: width - PAD.right, y1: y(0), y2: y(0), class: "axis" }, s);
  brush(s, sel, x, dayAt, innerW, innerH);
}

function brush(s, sel, x, dayAt, innerW, innerH) {
  const { t0, t1 } = view;
  const showSel = (lo, hi) => {
    const a = x(Math.max(t0, Math.min(lo, hi)));
    const b = x(Math.min(t1, Math.max(lo, hi)));
    sel.setAttribute("x", a);
    sel.setAttribute("width", Math.max(1, b - a));
    sel.setAttribute("visibility", "visible");
    s.setAttribute("aria-valuetext", `${toIso(Math.min(lo, hi))} to ${toIso(Math.max(lo, hi) - DAY)}`);
  };
  const apply = (lo, hi) => {
    const a = Math.max(bounds.lo, Math.min(lo, hi));
    const b = Math.max(lo, hi);
    if (b - a < DAY) return state.update({ date_from: null, date_to: null }, { reason: "brush" });
    // [a, b) in whole days: the last day shown is the day before b
    state.update({ date_from: toIso(a), date_to: toIso(b - DAY) }, { reason: "brush" });
  };
  const overlay = svg("rect", { class: "brush-overlay", x: PAD.left, y: PAD.top, width: innerW, height: innerH, fill: "transparent" }, s);
  let anchor = null;
  const localX = (ev) => ev.clientX - s.getBoundingClientRect().left;
  overlay.addEventListener("pointerdown", (ev) => {
    anchor = localX(ev);
    overlay.setPointerCapture(ev.pointerId);
    showSel(dayAt(anchor), dayAt(anchor));
  });
  overlay.addEventListener("pointermove", (ev) => {
    if (anchor !== null) showSel(dayAt(anchor), dayAt(localX(ev)));
  });
  overlay.addEventListener("pointerup", (ev) => {
    if (anchor === null) return;
    const a = anchor;
    const b = localX(ev);
    anchor = null;
    if (Math.abs(b - a) < 3) return state.update({ date_from: null, date_to: null }, { reason: "brush" });
    apply(dayAt(Math.min(a, b)), dayAt(Math.max(a, b)));
  });
  // keyboard: a pending selection [lo, hi) moved one bin (or one day with alt) per key
  let lo = t0;
  let hi = t1;
  const stepOf = (ev) => (ev.altKey || view.interval === "day" ? DAY : view.interval === "week" ? 7 * DAY : 30 * DAY);
  s.addEventListener("keydown", (ev) => {
    const k = ev.key;
    if (k === "ArrowLeft" || k === "ArrowRight") {
      const d = (k === "ArrowLeft" ? -1 : 1) * stepOf(ev);
      if (ev.shiftKey) hi = Math.min(t1, Math.max(lo + DAY, hi + d));
      else lo = Math.max(t0, Math.min(hi - DAY, lo + d));
      showSel(lo, hi);
      ev.preventDefault();
    } else if (k === "Enter") {
      apply(lo, hi);
      ev.preventDefault();
    } else if (k === "Escape") {
      state.update({ date_from: null, date_to: null }, { reason: "brush" });
      ev.preventDefault();
    }
  });
}
