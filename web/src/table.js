// The sortable, paginated table of incidents.
import { getJSON } from "./api.js";
import { clear, fmt, h } from "./dom.js";
import { label } from "./filters.js";
import * as state from "./state.js";

const PAGE = 50;
const COLUMNS = [
  ["date", "Date"],
  ["category", "Category"],
  ["weapons", "Weapons", false],
  ["place", "Place"],
  ["admin1", "Province"],
  ["country", "Country"],
  ["perpetrator", "Perpetrator"],
  ["attribution", "Attribution"],
  ["killed", "Killed"],
  ["injured", "Injured"],
  ["reports", "Reports"],
];

let seq = 0;

// The filtered view as files: the API answers the same filter in each format.
function downloads() {
  const link = (fmt, text, extra = {}) => {
    const p = state.filters();
    p.set("format", fmt);
    for (const [k, v] of Object.entries(extra)) p.set(k, v);
    return h("a", { href: `/api/incidents?${p.toString()}`, download: "", class: `dl dl-${fmt}`, dataset: { format: fmt } }, text);
  };
  return h(
    "p",
    { class: "downloads" },
    "Download this view: ",
    link("csv", "CSV"),
    " · ",
    link("geojson", "GeoJSON", { limit: "10000" }),
    " · ",
    link("acled", "ACLED-style CSV"),
  );
}

export async function loadTable(root) {
  const my = ++seq;
  const params = state.filters();
  const sort = state.get("sort") || "-date";
  const offset = Math.max(0, parseInt(state.get("offset") || "0", 10) || 0);
  params.set("sort", sort);
  params.set("limit", String(PAGE));
  params.set("offset", String(offset));
  const res = await getJSON("/api/incidents", params);
  if (my !== seq) return null;
  clear(root);
  const sortKey = sort.replace(/^-/, "");
  const desc = sort.startsWith("-");
  const head = h(
    "tr",
    null,
    COLUMNS.map(([key, title, sortable]) => {
      if (sortable === false) return h("th", { scope: "col" }, title);
      const active = key === sortKey;
      const next = active && !desc ? `-${key}` : key;
      return h(
        "th",
        { scope: "col", "aria-sort": active ? (desc ? "descending" : "ascending") : null, class: "sortable" },
        h(
          "button",
          { type: "button", class: "sort", dataset: { sort: key }, onclick: () => state.update({ sort: next }, { reason: "table" }) },
          title,
          active ? (desc ? " ▼" : " ▲") : "",
        ),
      );
    }),
  );
  const rows = res.items.map((it) =>
    h(
      "tr",
      {
        class: `row cat-${it.category}`,
        tabindex: "0",
        "aria-label": `${it.date || "undated"} ${it.category} at ${it.place || it.admin1 || it.country || "unknown place"}: open the incident`,
        dataset: { id: it.id },
        onclick: () => state.navigate(`/incidents/${encodeURIComponent(it.id)}`),
        onkeydown: (ev) => {
          if (ev.key === "Enter") state.navigate(`/incidents/${encodeURIComponent(it.id)}`);
        },
      },
      h("td", { class: "nowrap" }, fmt(it.date), it.date_precision && it.date_precision !== "day" ? h("small", null, ` (${it.date_precision})`) : null),
      h("td", null, h("span", { class: `pill ${it.category}` }, label(it.category))),
      h("td", null, fmt((it.weapons || []).map(label))),
      h("td", null, fmt(it.place)),
      h("td", null, fmt(it.admin1)),
      h("td", null, fmt(it.country)),
      h("td", null, fmt(it.perpetrator)),
      h("td", null, fmt(it.attribution)),
      h("td", { class: "num" }, fmt(it.killed)),
      h("td", { class: "num" }, fmt(it.injured)),
      h("td", { class: "num" }, fmt(it.reports)),
    ),
  );
  const first = res.total ? offset + 1 : 0;
  const last = offset + res.items.length;
  const pager = h(
    "div",
    { class: "pager" },
    h("span", { id: "table-count" }, `${first.toLocaleString("en-US")}–${last.toLocaleString("en-US")} of ${res.total.toLocaleString("en-US")} incidents`),
    h("button", { type: "button", disabled: offset === 0, onclick: () => state.update({ offset: String(Math.max(0, offset - PAGE)) }, { resetPage: false, reason: "table" }) }, "‹ previous"),
    h("button", { type: "button", disabled: last >= res.total, onclick: () => state.update({ offset: String(offset + PAGE) }, { resetPage: false, reason: "table" }) }, "next ›"),
  );
  root.appendChild(pager);
  root.appendChild(downloads());
  if (!res.total) {
    root.appendChild(
      h("p", { class: "empty-note", role: "status" }, "No incident matches these filters. ",
        h("button", { type: "button", onclick: () => state.clearAll() }, "Clear filters")),
    );
    return res;
  }
  root.appendChild(h("table", { class: "incidents" }, h("caption", { class: "sr-only" }, "Incidents matching the filters"), h("thead", null, head), h("tbody", null, rows)));
  return res;
}
