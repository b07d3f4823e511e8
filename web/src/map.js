// The incident map: offline borders with labels by zoom, clustered points
// coloured by category, drawn by how well the place is known (a point for a
// site or town, a hollow ring for a province or country) and by attribution.
import L from "./leaflet-global.js";
import "leaflet.markercluster";
import { getJSON } from "./api.js";
import { label } from "./filters.js";
import * as state from "./state.js";

export const MAP_LIMIT = 3000;
export const COLORS = { attack: "#c0392b", strike: "#2166ac" };
// How the outline of a marker tells attribution apart (the fill tells the category).
export const ATTRIBUTION_STYLE = {
  claimed: { color: "#111", weight: 2.5, dashArray: null },
  accused: { color: "#111", weight: 1.5, dashArray: "4 2" },
  suspected: { color: "#111", weight: 1.2, dashArray: "1 2" },
  none: { color: "#fff", weight: 1, dashArray: null },
};
const AREA = new Set(["admin1", "country"]);

let map = null;
let cluster = null;
let areas = null;
let labels = null;
let seq = 0;

function textNode(text) {
  const span = document.createElement("span");
  span.textContent = text;
  return span;
}

function radius(p) {
  const n = (p.killed || 0) + (p.injured || 0);
  return Math.min(18, 5 + 2.2 * Math.sqrt(n));
}

function clusterIcon(c) {
  const markers = c.getAllChildMarkers();
  let attacks = 0;
  for (const m of markers) if (m.options.category === "attack") attacks += 1;
  const n = markers.length;
  const share = Math.round((100 * attacks) / n);
  const size = n < 10 ? 30 : n < 100 ? 36 : n < 1000 ? 44 : 52;
  const div = document.createElement("div");
  div.className = "cluster-dot";
  div.style.background = `conic-gradient(${COLORS.attack} 0 ${share}%, ${COLORS.strike} ${share}% 100%)`;
  const span = document.createElement("span");
  span.textContent = String(n);
  div.appendChild(span);
  return L.divIcon({ html: div, className: "cluster", iconSize: L.point(size, size) });
}

// A label as a non-interactive tooltip-like div marker, shown from `minzoom` on.
function labelMarker(latlng, text, kind, minzoom) {
  const m = L.marker(latlng, {
    icon: L.divIcon({ className: `map-label label-${kind}`, html: textNode(text), iconSize: null }),
    interactive: false,
    keyboard: false,
    pane: "labels",
  });
  m.minzoom = minzoom;
  return m;
}

function showLabels() {
  const z = map.getZoom();
  map.getContainer().dataset.zoom = String(z); // the zoom shown, labels loaded or not
  if (!labels) return;
  labels.eachLayer((m) => {
    const el = m.getElement && m.getElement();
    if (el) el.hidden = z < m.minzoom;
  });
  map.getContainer().dataset.zoom = String(z);
}

function addTiles(el, osm, offline) {
  const note = L.control({ position: "topright" });
  note.onAdd = () => {
    const div = L.DomUtil.create("div", "tile-note");
    div.setAttribute("role", "status");
    div.hidden = true;
    return div;
  };
  note.addTo(map);
  let failed = 0;
  osm.on("tileerror", () => {
    failed += 1;
    if (failed === 1) {
      const div = note.getContainer();
      div.hidden = false;
      div.textContent = "The online map cannot load (offline?): showing the offline borders.";
      el.dataset.tiles = "error";
      offline.addTo(map);
    }
  });
  osm.on("tileload", () => {
    el.dataset.tiles = "ok";
  });
}

// Builds the map at once; the basemap (offline borders) arrives on its own and
// is drawn beneath the points, so data never waits for geometry.
export function initMap(el) {
  map = L.map(el, { zoomControl: true, worldCopyJump: false, minZoom: 3, maxZoom: 16 }).setView([33.3, 41], 5);
  el.leafletMap = map; // for the browser tests and the console
  map.createPane("basemap").style.zIndex = 250;
  map.createPane("labels").style.zIndex = 450;
  map.getPane("labels").style.pointerEvents = "none";
  const canvas = L.canvas({ pane: "basemap" });
  const offline = L.layerGroup().addTo(map);
  const osm = L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
    maxZoom: 18,
    attribution: "© OpenStreetMap contributors",
  });
  const provinceLayer = L.layerGroup();
  labels = L.layerGroup();
  L.control
    .layers(
      { "Offline borders": offline, "OpenStreetMap (online)": osm },
      { Provinces: provinceLayer, "Place names": labels },
      { collapsed: true },
    )
    .addTo(map);
  map.attributionControl.setPrefix("Leaflet · borders: Natural Earth · places: Salvo gazetteer");
  areas = L.layerGroup().addTo(map);
  cluster = L.markerClusterGroup({
    chunkedLoading: true,
    showCoverageOnHover: false,
    maxClusterRadius: 40,
    spiderfyOnMaxZoom: true,
    iconCreateFunction: clusterIcon,
  });
  map.addLayer(cluster);
  addLegend();
  addTiles(el, osm, offline);
  map.on("zoomend", showLabels);
  labels.on("add", showLabels);
  Promise.all([getJSON("/static/geo/countries.json"), getJSON("/static/geo/admin1.json"), getJSON("/api/places")])
    .then(([countries, provinces, places]) => {
      // the canvas takes colours, not CSS: the dark scheme is chosen here
      const dark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
      const countryLayer = L.geoJSON(countries, {
        renderer: canvas,
        pane: "basemap",
        interactive: false,
        style: (f) => ({
          color: dark ? "#6f6a60" : "#8a8172",
          weight: 1,
          fillColor: dark ? (f.properties.iso ? "#2c2b27" : "#242320") : f.properties.iso ? "#f3efe6" : "#e7e3da",
          fillOpacity: 1,
          className: "country",
        }),
      }).addTo(offline);
      for (const f of countries.features) {
        if (f.properties.label) labels.addLayer(labelMarker([f.properties.label[1], f.properties.label[0]], f.properties.name, "country", f.properties.iso ? 3 : 5));
      }
      L.geoJSON(provinces, {
        renderer: canvas,
        pane: "basemap",
        style: { color: dark ? "#5a564e" : "#b3aa99", weight: 0.7, dashArray: "3 3", fill: true, fillOpacity: 0 },
        onEachFeature: (f, layer) =>
          layer.bindTooltip(() => textNode(f.properties.name), { sticky: true, className: "prov-tip" }),
      }).addTo(provinceLayer);
      for (const f of provinces.features) {
        if (f.properties.label) labels.addLayer(labelMarker([f.properties.label[1], f.properties.label[0]], f.properties.name, "province", 6));
      }
      for (const p of places) labels.addLayer(labelMarker([p.lat, p.lon], p.name, p.kind, p.minzoom));
      provinceLayer.addTo(map);
      labels.addTo(map);
      showLabels();
      map.on("baselayerchange", (e) => countryLayer.setStyle({ fillOpacity: e.layer === osm ? 0 : 1 }));
      el.dataset.basemap = "ready";
    })
    .catch((err) => {
      el.dataset.basemap = `error: ${err.message}`;
    });
  return map;
}

function legendRow(swatch, text) {
  const row = document.createElement("div");
  row.appendChild(swatch);
  row.appendChild(document.createTextNode(` ${text}`));
  return row;
}

function svgSwatch(draw) {
  const ns = "http://www.w3.org/2000/svg";
  const s = document.createElementNS(ns, "svg");
  s.setAttribute("width", "16");
  s.setAttribute("height", "16");
  s.setAttribute("aria-hidden", "true");
  const c = document.createElementNS(ns, "circle");
  c.setAttribute("cx", "8");
  c.setAttribute("cy", "8");
  c.setAttribute("r", "6");
  draw(c);
  s.appendChild(c);
  return s;
}

function addLegend() {
  const legend = L.control({ position: "bottomleft" });
  legend.onAdd = () => {
    const div = L.DomUtil.create("div", "legend");
    div.setAttribute("aria-label", "Map legend");
    for (const cat of ["attack", "strike"]) {
      div.appendChild(legendRow(svgSwatch((c) => { c.setAttribute("fill", COLORS[cat]); c.setAttribute("stroke", "#fff"); }), label(cat)));
    }
    for (const [attr, st] of Object.entries(ATTRIBUTION_STYLE)) {
      const sw = svgSwatch((c) => {
        c.setAttribute("fill", "#999");
        c.setAttribute("stroke", st.color);
        c.setAttribute("stroke-width", String(st.weight));
        if (st.dashArray) c.setAttribute("stroke-dasharray", st.dashArray);
      });
      div.appendChild(legendRow(sw, attr === "none" ? "no attribution" : attr));
    }
    div.appendChild(
      legendRow(svgSwatch((c) => { c.setAttribute("fill", "none"); c.setAttribute("stroke", "#555"); c.setAttribute("stroke-width", "2"); c.setAttribute("stroke-dasharray", "2 2"); }), "province or country only (hollow; not an exact place)"),
    );
    const note = document.createElement("div");
    note.className = "legend-note";
    note.textContent = "size: killed + injured";
    div.appendChild(note);
    return div;
  };
  legend.addTo(map);
}

function tooltip(p) {
  const where = [p.place, p.admin1, p.country].filter(Boolean).join(", ");
  const approx = AREA.has(p.location_precision)
    ? ` · location known only to the ${p.location_precision === "country" ? "country" : "province"}`
    : "";
  return `${p.date || "undated"} · ${label(p.category)} · ${where || "unknown place"}${approx} · ${p.attribution || "no attribution"}`;
}

function marker(f) {
  const p = f.properties;
  const [lon, lat] = f.geometry.coordinates;
  const area = AREA.has(p.location_precision);
  const st = ATTRIBUTION_STYLE[p.attribution] || ATTRIBUTION_STYLE.none;
  const color = COLORS[p.category] || "#555";
  const m = L.circleMarker([lat, lon], area
    ? { radius: p.location_precision === "country" ? 22 : 14, color, weight: 2.5, dashArray: "4 3", fill: true, fillOpacity: 0.05, className: "inc-marker inc-area" }
    : { radius: radius(p), color: st.color, weight: st.weight, dashArray: st.dashArray, fillColor: color, fillOpacity: 0.85, className: "inc-marker inc-point" });
  m.options.category = p.category;
  m.incidentId = f.id;
  // Tooltip text comes from reports: give Leaflet a text node, never an HTML string.
  m.bindTooltip(() => textNode(tooltip(p)));
  m.on("click", () => state.navigate(`/incidents/${encodeURIComponent(f.id)}`));
  m.on("add", () => {
    const path = m.getElement && m.getElement();
    if (!path) return;
    path.setAttribute("data-incident", f.id);
    path.setAttribute("data-precision", p.location_precision || "");
    path.setAttribute("data-attribution", p.attribution || "none");
  });
  return m;
}

export async function loadPoints() {
  const my = ++seq;
  const params = state.filters();
  params.set("format", "geojson");
  params.set("limit", String(MAP_LIMIT));
  params.set("sort", "-date");
  params.set("has_coords", "true");
  params.set("properties", "minimal");
  const fc = await getJSON("/api/incidents", params);
  if (my !== seq) return null;
  const points = [];
  const rings = [];
  for (const f of fc.features) {
    if (!f.geometry) continue;
    (AREA.has(f.properties.location_precision) ? rings : points).push(marker(f));
  }
  cluster.clearLayers();
  cluster.addLayers(points);
  areas.clearLayers();
  for (const r of rings) areas.addLayer(r);
  // The map fits what the filters leave (points and rings alike).
  const all = [...points, ...rings];
  if (all.length) {
    const b = L.latLngBounds(all.map((m) => m.getLatLng()));
    // room for the legend below the points, so none hides under it
    const legend = map.getContainer().querySelector(".legend");
    const below = legend ? legend.offsetHeight + 12 : 20;
    if (b.isValid()) map.fitBounds(b.pad(0.1), { maxZoom: 8, paddingTopLeft: [50, 20], paddingBottomRight: [20, below] });
  }
  return { shown: all.length, total: fc.total };
}

export function invalidate() {
  if (map) map.invalidateSize();
}
