// Entry point: wires the filter state (in the URL) to the map, the timeline,
// the table, the analyst views, the incident and the article pages.
import { getJSON } from "./api.js";
import { renderArticle } from "./article.js";
import { append, clear, h } from "./dom.js";
import { renderFilters, syncFilters } from "./filters.js";
import { renderIncident } from "./incident.js";
import { initMap, invalidate, loadPoints, MAP_LIMIT } from "./map.js";
import { withStates } from "./panel.js";
import * as state from "./state.js";
import { draw as drawTimeline, loadTimeline } from "./timeline.js";
import { loadTable } from "./table.js";
import { renderView, VIEWS } from "./views.js";

const $ = (id) => document.getElementById(id);
let meta = null;
let metaReady = null;
let mapReady = null;
let loadedQuery = null;

function setStatus(text) {
  $("status").textContent = text;
}

// One message for a bad URL value (it breaks every panel alike), with a way out.
function notice(err) {
  const box = $("notice");
  clear(box);
  if (!err) {
    box.hidden = true;
    return;
  }
  const fields = (err.fields || []).filter((f) => state.FILTER_KEYS.includes(f) || f === "sort" || f === "offset");
  append(box, [
    h("span", null, err.message),
    fields.length
      ? h("button", { type: "button", id: "notice-clear", onclick: () => state.update(Object.fromEntries(fields.map((f) => [f, null]))) }, `Remove ${fields.join(", ")}`)
      : null,
  ]);
  box.hidden = false;
}

function renderNav() {
  const r = state.route();
  const here = r.page === "view" ? r.view : r.page === "dashboard" ? "map" : null;
  const nav = $("nav");
  clear(nav);
  append(nav, [
    h("a", { href: state.withFilters("/"), dataset: { nav: "" }, "aria-current": here === "map" ? "page" : null }, "Map"),
    Object.entries(VIEWS).map(([k, t]) => h("a", { href: state.withFilters(`/views/${k}`), dataset: { nav: "" }, "aria-current": here === k ? "page" : null }, t)),
  ]);
}

async function refreshDashboard(reason) {
  syncFilters($("filters"));
  const retry = () => refreshDashboard(reason);
  const jobs = [withStates($("table"), () => loadTable($("table")), { retry })];
  if (reason !== "table") {
    jobs.push(withStates($("map"), () => mapReady.then(loadPoints), { retry }));
    jobs.push(withStates($("timeline"), () => metaReady.then(() => loadTimeline($("timeline"), meta)), { retry }));
  }
  const results = await Promise.allSettled(jobs);
  const failed = results.find((r) => r.status === "rejected");
  if (failed) {
    const err = failed.reason;
    notice(err.status === 422 ? err : null);
    setStatus(err.status === 422 ? "invalid filter" : "error: some panels could not load");
    return;
  }
  notice(null);
  const [table, points] = results.map((r) => r.value);
  if (table && reason !== "table") {
    const shown = points ? points.shown : 0;
    const note = points && points.total > MAP_LIMIT ? ` (map shows the latest ${shown.toLocaleString("en-US")})` : "";
    setStatus(`${table.total.toLocaleString("en-US")} incidents${note}`);
  }
}

function showOnly(id) {
  for (const s of ["dashboard", "incident", "article", "view"]) $(s).hidden = s !== id;
}

async function show(reason) {
  const r = state.route();
  renderNav();
  if (r.page === "incident" || r.page === "article" || r.page === "view") {
    showOnly(r.page);
    if (reason === "route") window.scrollTo(0, 0);
    // the count in the header is the dashboard's: stale once a view changes the filters
    if (window.location.search !== loadedQuery) setStatus("");
    if (r.page === "incident") await renderIncident($("incident"), r.id, meta);
    else if (r.page === "article") await renderArticle($("article"), r.id);
    else notice(await renderView($("view"), r.view).then((err) => (err && err.status === 422 ? err : null)));
    document.title = `Salvo — ${r.page === "view" ? VIEWS[r.view] || "view" : r.page}`;
    document.body.dataset.ready = r.page;
    return;
  }
  document.title = "Salvo — incidents";
  const wasHidden = $("dashboard").hidden;
  showOnly("dashboard");
  if (wasHidden) {
    invalidate();
    drawTimeline();
  }
  const query = window.location.search;
  if (reason === "route" && query === loadedQuery) {
    document.body.dataset.ready = "dashboard";
    return;
  }
  loadedQuery = query;
  await refreshDashboard(reason === "route" ? "filters" : reason);
  document.body.dataset.ready = "dashboard";
}

function filtersToggle() {
  const btn = $("filters-toggle");
  const panel = $("filters");
  btn.addEventListener("click", () => {
    const open = btn.getAttribute("aria-expanded") !== "true";
    btn.setAttribute("aria-expanded", String(open));
    panel.classList.toggle("open", open);
  });
}

async function start() {
  document.addEventListener("click", (ev) => {
    const a = ev.target.closest && ev.target.closest("a[data-nav]");
    if (!a || ev.ctrlKey || ev.metaKey || ev.shiftKey) return;
    ev.preventDefault();
    state.navigate(a.getAttribute("href"));
  });
  filtersToggle();
  // Everything starts at once: the filter vocabularies, the basemap and the data.
  meta = {};
  metaReady = getJSON("/api/meta")
    .then((m) => {
      meta = m;
      renderFilters($("filters"), meta);
    })
    .catch((err) => setStatus(`error: ${err.message}`));
  renderFilters($("filters"), meta);
  mapReady = Promise.resolve(initMap($("map")));
  state.onChange((reason) => show(reason));
  let resizeTimer = null;
  window.addEventListener("resize", () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(drawTimeline, 150);
  });
  if (state.route().page !== "dashboard") {
    // Load the dashboard behind the page so "back" is instant.
    $("dashboard").hidden = false;
    loadedQuery = window.location.search;
    await Promise.all([refreshDashboard("filters"), metaReady]);
  }
  await Promise.all([show("filters"), metaReady]);
}

start();
