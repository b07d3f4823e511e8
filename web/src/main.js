// Entry point: wires the filter state (in the URL) to the map, the timeline,
// the table and the incident page.
import { getJSON } from "./api.js";
import { renderFilters, syncFilters } from "./filters.js";
import { renderIncident } from "./incident.js";
import { initMap, invalidate, loadPoints, MAP_LIMIT } from "./map.js";
import * as state from "./state.js";
import { draw as drawTimeline, loadTimeline } from "./timeline.js";
import { loadTable } from "./table.js";

const $ = (id) => document.getElementById(id);
let meta = null;
let mapReady = null;
let loadedQuery = null;

function setStatus(text) {
  $("status").textContent = text;
}

async function refreshDashboard(reason) {
  syncFilters($("filters"));
  const jobs = [loadTable($("table"))];
  if (reason !== "table") {
    jobs.push(mapReady.then(loadPoints));
    jobs.push(loadTimeline($("timeline")));
  }
  try {
    const [table, points] = await Promise.all(jobs);
    if (table && reason !== "table") {
      const shown = points ? points.shown : 0;
      const note =
        points && points.total > MAP_LIMIT ? ` (map shows the latest ${shown.toLocaleString("en-US")})` : "";
      setStatus(`${table.total.toLocaleString("en-US")} incidents${note}`);
    }
  } catch (err) {
    setStatus(`error: ${err.message}`);
  }
}

async function show(reason) {
  const r = state.route();
  const dash = $("dashboard");
  const page = $("incident");
  if (r.page === "incident") {
    dash.hidden = true;
    page.hidden = false;
    window.scrollTo(0, 0);
    await renderIncident(page, r.id, meta);
    document.body.dataset.ready = "incident";
    return;
  }
  page.hidden = true;
  const wasHidden = dash.hidden;
  dash.hidden = false;
  if (wasHidden) {
    invalidate();
    drawTimeline();
  }
  const query = window.location.search;
  if (reason === "route" && query === loadedQuery) return;
  loadedQuery = query;
  await refreshDashboard(reason === "route" ? "filters" : reason);
  document.body.dataset.ready = "dashboard";
}

async function start() {
  document.addEventListener("click", (ev) => {
    const a = ev.target.closest && ev.target.closest("a[data-nav]");
    if (!a || ev.ctrlKey || ev.metaKey || ev.shiftKey) return;
    ev.preventDefault();
    state.navigate(a.getAttribute("href"));
  });
  // Everything starts at once: the filter vocabularies, the basemap and the data.
  meta = {};
  const metaReady = getJSON("/api/meta")
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
  if (state.route().page === "incident") {
    // Load the dashboard behind the incident so "back" is instant.
    $("dashboard").hidden = false;
    loadedQuery = window.location.search;
    await Promise.all([refreshDashboard("filters"), metaReady]);
  }
  await Promise.all([show("filters"), metaReady]);
}

start();
