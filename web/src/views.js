// Analyst views on the analysis endpoints, each at /views/<name> with the
// dashboard's filters kept in its URL: tallies, our count against the
// published ones, attack–response cycles, claims, and what changed.
import { getJSON } from "./api.js";
import { appliedFilters } from "./applied.js";
import { clear, fmt, h } from "./dom.js";
import { label } from "./filters.js";
import { COLORS } from "./map.js";
import { emptyNote, withStates } from "./panel.js";
import * as state from "./state.js";

export const VIEWS = {
  tallies: "Tallies",
  reconcile: "Official counts",
  cycles: "Attack–response",
  claims: "Claims",
  changes: "What changed",
};

const incLink = (id, text) => h("a", { href: `/incidents/${encodeURIComponent(id)}`, dataset: { nav: "" } }, text || id);
// The dashboard's list behind a count: the view's filters narrowed by `changes`
// (a value, a list of values for any-of, or "" to drop the key).
const listLink = (changes, text) => {
  const p = state.filters();
  for (const [k, v] of Object.entries(changes)) {
    p.delete(k);
    for (const x of [].concat(v)) if (x !== "" && x !== null && x !== undefined) p.append(k, x);
  }
  const qs = p.toString();
  return h("a", { href: `/${qs ? `?${qs}` : ""}`, dataset: { nav: "" }, class: "count-link" }, text);
};

// How each view reads the filters, said beside the filters applied.
const NOTES = {
  reconcile: "Salvo's counts and the possible ones are of the incidents these filters select, inside each tally's scope.",
  cycles: "The filters choose the strikes; the attacks they answered are counted wherever they happened (a strike in Syria may answer an attack in Jordan).",
  claims: "Claims are counted over the attacks these filters select (the category is always attacks).",
  changes: "Only the changes to the incidents these filters select are listed, rejected ones included.",
};

function table(caption, head, rows, attrs = {}) {
  return h(
    "table",
    { class: "view-table", ...attrs },
    caption ? h("caption", null, caption) : null,
    h("thead", null, h("tr", null, head.map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", null, rows),
  );
}

function barCell(n, max, color) {
  const w = max ? Math.max(2, Math.round((100 * n) / max)) : 0;
  return h("td", { class: "bar-cell", "aria-hidden": "true" }, h("span", { class: "hbar", style: `width:${w}%;background:${color || "#8a8172"}` }));
}

function lastDay(month) {
  const [y, m] = month.split("-").map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

// A filter's year or month as its first (or last) day, so bounds compare as days.
function dayOf(value, end) {
  if (/^\d{4}$/.test(value)) return end ? `${value}-12-31` : `${value}-01-01`;
  if (/^\d{4}-\d{2}$/.test(value)) return end ? lastDay(value) : `${value}-01`;
  return value;
}

async function tallies(root) {
  const splits = [
    ["weapon", "By weapon", "weapon"],
    ["perpetrator", "By group (perpetrator)", "perpetrator"],
    ["country", "By country", "country"],
  ];
  const listed = state.filters();
  listed.set("limit", "1");
  const [all, ...answers] = await Promise.all([
    getJSON("/api/incidents", listed),
    ...[...splits.map(([s]) => s), "category"].map((split) => {
      const p = state.filters();
      p.set("interval", "month");
      p.set("split", split);
      return getJSON("/api/stats", p);
    }),
  ]);
  const dated = answers[3].buckets.reduce((n, b) => n + b.count, 0);
  const grid = h("div", { class: "view-grid" });
  splits.forEach(([, title, key], i) => {
    const totals = new Map();
    for (const b of answers[i].buckets) totals.set(b.key, (totals.get(b.key) || 0) + b.count);
    const rows = [...totals.entries()].filter(([k]) => k).sort((a, b) => b[1] - a[1]);
    const max = rows.length ? rows[0][1] : 0;
    grid.appendChild(
      h("section", { class: "view-card" }, h("h2", null, title),
        rows.length
          ? table(null, ["Value", "Incidents", ""], rows.map(([k, n]) => h("tr", null, h("td", null, label(k)), h("td", { class: "num" }, listLink({ [key]: k }, String(n))), barCell(n, max))))
          : emptyNote("No dated incidents match the filters.")),
    );
  });
  const months = new Map();
  for (const b of answers[3].buckets) {
    // the month's days within the filter's dates: those its counts cover
    const m = months.get(b.period) || { attack: 0, strike: 0, from: b.date_from, to: b.date_to };
    m[b.key] = (m[b.key] || 0) + b.count;
    months.set(b.period, m);
  }
  const mrows = [...months.entries()].sort((a, b) => (a[0] < b[0] ? 1 : -1));
  const mmax = Math.max(0, ...mrows.map(([, m]) => m.attack + m.strike));
  grid.appendChild(
    h("section", { class: "view-card wide" }, h("h2", null, "By month"),
      mrows.length
        ? table(null, ["Month", "Attacks", "Strikes", ""], mrows.map(([period, m]) =>
          h("tr", null, h("th", { scope: "row" }, period),
            h("td", { class: "num" }, listLink({ date_from: m.from, date_to: m.to, category: "attack" }, String(m.attack))),
            h("td", { class: "num" }, listLink({ date_from: m.from, date_to: m.to, category: "strike" }, String(m.strike))),
            barCell(m.attack + m.strike, mmax, COLORS.attack))))
        : emptyNote("No dated incidents match the filters.")),
  );
  root.appendChild(
    h("p", { class: "view-lead", id: "tallies-lead" },
      `${all.total} incidents match the filters: ${dated} dated, counted below, and ${all.total - dated} undated, counted apart. Each count opens its list.`),
  );
  root.appendChild(grid);
}

// The list behind "ours": the days, countries and category both the filters and
// the tally's scope cover (no link when they share none).
function oursLink(t, text) {
  const p = state.filters();
  const from = [dayOf(p.get("date_from") || "", false), t.since || ""].sort().pop();
  const to = [dayOf(p.get("date_to") || "", true) || t.as_of, t.as_of].sort()[0];
  const asked = p.getAll("country");
  const scoped = t.countries || [];
  const countries = !scoped.length ? asked : asked.length ? asked.filter((c) => scoped.includes(c)) : scoped;
  const category = p.get("category");
  if ((category && category !== t.category) || (asked.length && !countries.length) || (from && from > to)) return text;
  return listLink({ category: t.category || "", date_from: from, date_to: to, country: countries }, text);
}

function scope(t) {
  return [label(t.category || "any"), (t.countries || []).join("+") || "all countries", t.since ? `since ${t.since}` : null].filter(Boolean).join(", ");
}

// Our cumulative count of attacks against each published tally (dots at their as-of dates).
function cumulativeChart(rows, days) {
  const NS = "http://www.w3.org/2000/svg";
  const el = (tag, attrs, parent) => {
    const e = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
    if (parent) parent.appendChild(e);
    return e;
  };
  const W = 900, H = 240, P = { l: 48, r: 12, t: 10, b: 24 };
  const s = el("svg", { viewBox: `0 0 ${W} ${H}`, class: "cum-chart", role: "img", "aria-label": "Cumulative attacks counted by Salvo (line) and the published tallies (dots)" });
  const pts = [];
  let n = 0;
  for (const b of days) { n += b.count; pts.push([Date.parse(`${b.period}-01T00:00:00Z`), n]); }
  const tallies = rows.map((r) => [Date.parse(`${r.tally.as_of}T00:00:00Z`), r.tally.count, r.ours]);
  const ts = [...pts.map((p) => p[0]), ...tallies.map((t) => t[0])];
  if (!ts.length) return s;
  const t0 = Math.min(...ts), t1 = Math.max(...ts) + 1;
  const vmax = Math.max(1, ...pts.map((p) => p[1]), ...tallies.map((t) => t[1]));
  const x = (t) => P.l + ((t - t0) / (t1 - t0)) * (W - P.l - P.r);
  const y = (v) => P.t + (1 - v / vmax) * (H - P.t - P.b);
  for (const v of [0, Math.round(vmax / 2), vmax]) {
    el("line", { x1: P.l, x2: W - P.r, y1: y(v), y2: y(v), class: "grid" }, s);
    el("text", { x: P.l - 4, y: y(v) + 3, "text-anchor": "end", class: "tick" }, s).textContent = String(v);
  }
  for (let yr = new Date(t0).getUTCFullYear() + 1; Date.UTC(yr, 0, 1) < t1; yr++) {
    el("text", { x: x(Date.UTC(yr, 0, 1)), y: H - 6, class: "tick" }, s).textContent = String(yr);
  }
  if (pts.length) el("polyline", { points: pts.map(([t, v]) => `${x(t)},${y(v)}`).join(" "), fill: "none", stroke: COLORS.attack, "stroke-width": 2 }, s);
  for (const [t, v] of tallies) el("circle", { cx: x(t), cy: y(v), r: 4, fill: "none", stroke: "currentColor", "stroke-width": 1.5, class: "tally-dot" }, s);
  return s;
}

async function reconcile(root) {
  const p = state.filters({ without: ["category"] });
  p.set("interval", "month");
  p.set("category", "attack");
  const [rows, stats] = await Promise.all([getJSON("/api/reconcile", state.filters()), getJSON("/api/stats", p)]);
  root.appendChild(h("p", { class: "muted" }, "Each published count (Pentagon, Washington Institute, Syrian Observatory and others, shipped with Salvo) against Salvo's count for the same scope. 'Possible' are our incidents that are undated or known only to the country and might belong; the explanation says what the difference is made of."));
  root.appendChild(h("section", { class: "view-card wide" }, h("h2", null, "Cumulative attacks: Salvo (line) and published tallies (circles)"), cumulativeChart(rows, stats.buckets)));
  if (!rows.length) return root.appendChild(emptyNote("No published tallies ship with this installation."));
  root.appendChild(
    table("Published tallies and Salvo's count", ["As of", "Counter", "Scope", "Published", "Salvo", "Possible", "Difference", "Explanation"],
      rows.map((r) => h("tr", { class: "tally-row" },
        h("td", { class: "nowrap" }, r.tally.as_of),
        h("td", null, r.tally.source_url ? h("a", { href: r.tally.source_url, rel: "noopener noreferrer", target: "_blank" }, r.tally.counter) : r.tally.counter),
        h("td", null, scope(r.tally)),
        h("td", { class: "num" }, `${r.tally.qualifier && r.tally.qualifier !== "exact" ? `${label(r.tally.qualifier)} ` : ""}${r.tally.count}`),
        h("td", { class: "num ours" }, oursLink(r.tally, String(r.ours))),
        h("td", { class: "num possible" }, String(r.possible)),
        h("td", { class: "num" }, r.difference > 0 ? `+${r.difference}` : String(r.difference)),
        h("td", null, r.explanation)))),
  );
}

function rate(r) {
  if (!r) return "—";
  const [lo, hi] = r.per_day_95 || [];
  return `${r.attacks} in ${r.days} d (${r.per_day}/day, 95% ${lo}–${hi})`;
}

async function cycles(root) {
  const rows = await getJSON("/api/cycles", state.filters());
  root.appendChild(h("p", { class: "muted" }, "Each US or coalition strike with the attacks it answered: 'reporting' when a report says so, 'window' when only the time fits. The attack rate before and after is a simple rate comparison, not a causal estimate."));
  if (!rows.length) return root.appendChild(emptyNote("No dated strike matches the filters."));
  root.appendChild(
    table("Strikes and the attacks linked to them", ["Strike", "Place", "Answered attacks (lag, basis)", "Attacks before", "Attacks after"],
      rows.map((c) => h("tr", { class: "cycle-row" },
        h("td", { class: "nowrap" }, incLink(c.strike_id, c.date || "undated")),
        h("td", null, fmt([c.place, c.country].filter(Boolean).join(", "))),
        h("td", null, c.links.length
          ? h("ul", { class: "plain" }, c.links.map((l) => h("li", null, incLink(l.attack_id, `${l.attack_date} ${l.place || ""}`), ` — ${l.lag_days} d, ${l.basis}`, l.evidence ? h("q", { class: "source", dir: "auto" }, l.evidence) : null)))
          : "none linked"),
        h("td", null, rate(c.before)),
        h("td", null, rate(c.after))))),
  );
}

async function claims(root) {
  const data = await getJSON("/api/claims", state.filters());
  const sh = data.shares;
  root.appendChild(h("p", { class: "view-lead", id: "claims-lead" }, `${sh.claimed} of ${sh.incidents} attacks claimed (${Math.round(100 * (sh.share || 0))}%).`));
  const grid = h("div", { class: "view-grid" });
  grid.appendChild(h("section", { class: "view-card" }, h("h2", null, "Claims by group"),
    sh.by_group.length ? table(null, ["Group", "Claimed", "Share of claims"], sh.by_group.map((g) => h("tr", null, h("td", null, g.group), h("td", { class: "num" }, listLink({ perpetrator: g.group, attribution: "claimed", category: "attack" }, String(g.claimed))), h("td", { class: "num" }, `${Math.round(100 * g.share_of_claimed)}%`)))) : emptyNote("No claimed attacks.")));
  grid.appendChild(h("section", { class: "view-card" }, h("h2", null, "Share claimed by month"),
    table(null, ["Month", "Claimed", "Attacks", "Share"], sh.by_month.map((m) => h("tr", null, h("th", { scope: "row" }, m.month), h("td", { class: "num" }, String(m.claimed)), h("td", { class: "num" }, String(m.incidents)), h("td", { class: "num" }, `${Math.round(100 * m.share)}%`))))));
  root.appendChild(grid);
  root.appendChild(
    table("First report, claim and accusation per attack", ["Attack", "First report", "Claim (days)", "By", "Accusation (days)", "Accused"],
      data.timelines.map((t) => h("tr", null,
        h("td", null, incLink(t.incident_id)), h("td", { class: "nowrap" }, fmt(t.first_report)),
        h("td", null, t.claim ? `${t.claim} (${t.days_to_claim})` : "—"), h("td", null, fmt(t.claimant)),
        h("td", null, t.accusation ? `${t.accusation} (${t.days_to_accusation})` : "—"), h("td", null, fmt(t.accused))))),
  );
}

function genericRows(items) {
  const cols = [...new Set(items.flatMap((it) => Object.keys(it)))];
  const cell = (k, v) => {
    if ((k === "id" || k === "incident_id") && v) return incLink(v);
    if (v && typeof v === "object") return Object.values(v).filter((x) => x !== null).join(" · ");
    return fmt(v);
  };
  return table(null, cols.map((c) => c.replace(/_/g, " ")), items.map((it) => h("tr", null, cols.map((c) => h("td", null, cell(c, it[c]))))));
}

async function changes(root) {
  const week = new Date(Date.now() - 7 * 86400000).toISOString().slice(0, 10);
  const since = state.get("since") || week;
  const input = h("input", { id: "since", name: "since", value: since, "aria-describedby": "since-help" });
  const form = h("form", { class: "since-form", onsubmit: (ev) => { ev.preventDefault(); state.update({ since: input.value.trim() }, { reason: "view" }); } },
    h("label", { for: "since" }, "Changed since "), input, " ", h("button", { type: "submit" }, "Show"),
    h("small", { id: "since-help", class: "muted" }, " a day (YYYY-MM-DD), a date-time, or run:N"));
  root.appendChild(form);
  const asked = state.filters();
  asked.set("since", since);
  const data = await getJSON("/api/changes", asked);
  let any = false;
  for (const [key, items] of Object.entries(data)) {
    if (!Array.isArray(items)) continue;
    const total = data.totals && data.totals[key] !== undefined ? data.totals[key] : items.length;
    root.appendChild(h("h2", { dataset: { section: key } }, `${key.replace(/_/g, " ")} (${total})`));
    if (items.length) { any = true; root.appendChild(genericRows(items)); }
  }
  if (!any) root.appendChild(emptyNote(`Nothing changed since ${since}.`));
}

const RENDER = { tallies, reconcile, cycles, claims, changes };

// Draws a view under its filters; answers the error that kept it from loading
// (a bad filter value is the page's notice to show), or null.
export async function renderView(root, name) {
  clear(root);
  root.appendChild(h("h1", null, VIEWS[name] || "Unknown view"));
  if (RENDER[name]) root.appendChild(appliedFilters(NOTES[name]));
  const body = h("div", { class: "view-body", id: `view-${name}` });
  root.appendChild(body);
  if (!RENDER[name]) {
    body.appendChild(h("p", { class: "error" }, `There is no view "${name}"; the views are: ${Object.keys(VIEWS).join(", ")}.`));
    return null;
  }
  const run = () => {
    clear(body);
    body.appendChild(h("p", { class: "loading-note" }, "loading…"));
    return withStates(body, async () => {
      const frag = h("div", null);
      await RENDER[name](frag);
      clear(body);
      body.appendChild(frag);
      return null;
    }, { retry: run }).catch((err) => {
      const note = body.querySelector(".loading-note");
      if (note) note.remove();
      return err;
    });
  };
  return run();
}
