// The filter state lives in the URL query, so a view can be bookmarked and
// shared; map, timeline and table all read it from here.
export const FILTER_KEYS = [
  "date_from",
  "date_to",
  "country",
  "admin1",
  "place",
  "category",
  "weapon",
  "perpetrator",
  "attribution",
  "min_casualties",
  "language",
  "q",
];
const VIEW_KEYS = ["sort", "offset"];

const listeners = new Set();

// Filters change the dashboard or the analyst view being shown, nothing else.
function filterPath() {
  const p = window.location.pathname;
  return p.startsWith("/views/") ? p : "/";
}

export function onChange(fn) {
  listeners.add(fn);
}

function emit(reason) {
  for (const fn of listeners) fn(reason);
}

export function current() {
  return new URLSearchParams(window.location.search);
}

export function filters({ without = [] } = {}) {
  const src = current();
  const out = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    if (without.includes(key)) continue;
    for (const v of src.getAll(key)) if (v !== "") out.append(key, v);
  }
  return out;
}

export function get(key) {
  return current().get(key) || "";
}

// Sets keys (null or "" removes them) and records the new state in history.
export function update(changes, { resetPage = true, reason = "filters" } = {}) {
  const params = current();
  for (const [key, value] of Object.entries(changes)) {
    params.delete(key);
    if (Array.isArray(value)) value.filter((v) => v !== "").forEach((v) => params.append(key, v));
    else if (value !== null && value !== undefined && value !== "") params.set(key, value);
  }
  if (resetPage && !("offset" in changes)) params.delete("offset");
  const qs = params.toString();
  history.pushState(null, "", `${filterPath()}${qs ? `?${qs}` : ""}`);
  emit(reason);
}

export function clearAll() {
  const params = current();
  for (const key of [...FILTER_KEYS, ...VIEW_KEYS]) params.delete(key);
  const qs = params.toString();
  history.pushState(null, "", `${filterPath()}${qs ? `?${qs}` : ""}`);
  emit("filters");
}

export function route() {
  const path = window.location.pathname;
  let m = path.match(/^\/incidents\/([^/]+)\/?$/);
  if (m) return { page: "incident", id: decodeURIComponent(m[1]) };
  m = path.match(/^\/articles\/([^/]+)\/?$/);
  if (m) return { page: "article", id: decodeURIComponent(m[1]) };
  m = path.match(/^\/views\/([a-z]+)\/?$/);
  if (m) return { page: "view", view: m[1] };
  return { page: "dashboard" };
}

// The current path with the filters kept: every view has its own URL with them.
export function withFilters(path) {
  const qs = filters().toString();
  return `${path}${qs ? `?${qs}` : ""}`;
}

export function navigate(path) {
  history.pushState(null, "", path);
  emit("route");
}

window.addEventListener("popstate", () => emit("route"));
