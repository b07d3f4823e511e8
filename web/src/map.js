// The incident map: offline borders, clustered points coloured by category
// and sized by casualties; a click opens the incident.
import L from "./leaflet-global.js";
import "leaflet.markercluster";
import { getJSON } from "./api.js";
import { label } from "./filters.js";
import * as state from "./state.js";

export const MAP_LIMIT = 3000;
export const COLORS = { attack: "#c0392b", strike: "#2166ac" };

let map = null;
let cluster = null;
let fitted = false;
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

// Builds the map at once; the basemap (offline borders) arrives on its own and
// is drawn beneath the points, so data never waits for geometry.
export function initMap(el) {
  map = L.map(el, { zoomControl: true, worldCopyJump: false, minZoom: 3, maxZoom: 16 }).setView([33.3, 41], 5);
  map.createPane("basemap").style.zIndex = 250;
  const canvas = L.canvas({ pane: "basemap" });
  const offline = L.layerGroup().addTo(map);
  const osm = L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
    maxZoom: 18,
    attribution: "© OpenStreetMap contributors",
  });
  const provinceLayer = L.layerGroup();
  L.control
    .layers({ "Offline borders": offline, "OpenStreetMap (online)": osm }, { Provinces: provinceLayer }, { collapsed: true })
    .addTo(map);
  map.attributionControl.setPrefix("Leaflet · borders: Natural Earth");
  cluster = L.markerClusterGroup({
    chunkedLoading: true,
    showCoverageOnHover: false,
    maxClusterRadius: 40,
    spiderfyOnMaxZoom: true,
    iconCreateFunction: clusterIcon,
  });
  map.addLayer(cluster);
  addLegend();
  Promise.all([getJSON("/static/geo/countries.json"), getJSON("/static/geo/admin1.json")])
    .then(([countries, provinces]) => {
      const countryLayer = L.geoJSON(countries, {
        renderer: canvas,
        pane: "basemap",
        interactive: false,
        style: (f) => ({
          color: "#8a8172",
          weight: 1,
          fillColor: f.properties.iso ? "#f3efe6" : "#e7e3da",
          fillOpacity: 1,
        }),
      }).addTo(offline);
      L.geoJSON(provinces, {
        renderer: canvas,
        pane: "basemap",
        style: { color: "#b3aa99", weight: 0.7, dashArray: "3 3", fill: true, fillOpacity: 0 },
        onEachFeature: (f, layer) =>
          layer.bindTooltip(() => textNode(f.properties.name), { sticky: true, className: "prov-tip" }),
      }).addTo(provinceLayer);
      provinceLayer.addTo(map);
      map.on("baselayerchange", (e) => countryLayer.setStyle({ fillOpacity: e.layer === osm ? 0 : 1 }));
      el.dataset.basemap = "ready";
    })
    .catch((err) => {
      el.dataset.basemap = `error: ${err.message}`;
    });
  return map;
}

function addLegend() {
  const legend = L.control({ position: "bottomleft" });
  legend.onAdd = () => {
    const div = L.DomUtil.create("div", "legend");
    for (const cat of ["attack", "strike"]) {
      const row = document.createElement("div");
      const dot = document.createElement("i");
      dot.style.background = COLORS[cat];
      row.appendChild(dot);
      row.appendChild(document.createTextNode(` ${cat}`));
      div.appendChild(row);
    }
    const note = document.createElement("div");
    note.className = "legend-note";
    note.textContent = "size: killed + injured";
    div.appendChild(note);
    return div;
  };
  legend.addTo(map);
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
  const markers = [];
  for (const f of fc.features) {
    if (!f.geometry) continue;
    const p = f.properties;
    const [lon, lat] = f.geometry.coordinates;
    const m = L.circleMarker([lat, lon], {
      radius: radius(p),
      color: "#fff",
      weight: 1,
      fillColor: COLORS[p.category] || "#555",
      fillOpacity: 0.85,
      className: "inc-marker",
      category: p.category,
    });
    m.incidentId = f.id;
    const where = [p.place, p.admin1, p.country].filter(Boolean).join(", ");
    // Tooltip text comes from reports: give Leaflet a text node, never an HTML string.
    m.bindTooltip(() => textNode(`${p.date || "undated"} · ${label(p.category)} · ${where || "unknown place"}`));
    m.on("click", () => state.navigate(`/incidents/${encodeURIComponent(f.id)}`));
    m.on("add", () => {
      const path = m.getElement && m.getElement();
      if (path) path.setAttribute("data-incident", f.id);
    });
    markers.push(m);
  }
  cluster.clearLayers();
  cluster.addLayers(markers);
  if (!fitted && markers.length) {
    fitted = true;
    const b = cluster.getBounds();
    if (b.isValid()) map.fitBounds(b.pad(0.15), { maxZoom: 7 });
  }
  return { shown: markers.length, total: fc.total };
}

export function invalidate() {
  if (map) map.invalidateSize();
}
