// The filter panel shared by the map, the timeline and the table.
import { clear, h } from "./dom.js";
import * as state from "./state.js";

const LABELS = {
  attack: "attack",
  strike: "strike",
  indirect_fire: "indirect fire (rocket or mortar)",
  ballistic_missile: "ballistic missile",
  cruise_missile: "cruise missile",
  small_arms: "small arms",
  ground_assault: "ground assault",
  ied: "IED",
};

// Language names for the filter, each also in its own script.
const LANGUAGES = {
  en: "English", ar: "Arabic (العربية)", fa: "Persian (فارسی)", fr: "French", es: "Spanish",
  de: "German", ru: "Russian", tr: "Turkish", ku: "Kurdish",
};

// The name each filter goes by, in the panel and wherever the filters applied are shown.
export const TITLES = {
  q: "Search",
  date_from: "From",
  date_to: "To",
  category: "Category",
  weapon: "Weapon",
  country: "Country",
  admin1: "Province",
  place: "Place",
  perpetrator: "Perpetrator",
  attribution: "Attribution",
  min_casualties: "Min. casualties",
  language: "Language of a report",
};

export function label(value) {
  return LABELS[value] || String(value).replace(/_/g, " ");
}

function select(name, title, options) {
  return h(
    "label",
    null,
    h("span", null, title),
    h(
      "select",
      { name, id: `f-${name}` },
      h("option", { value: "" }, "any"),
      options.map((o) => (typeof o === "string" ? h("option", { value: o }, label(o)) : h("option", { value: o.value }, o.label))),
    ),
  );
}

function input(name, title, attrs = {}) {
  return h("label", null, h("span", null, title), h("input", { name, id: `f-${name}`, ...attrs }));
}

export function renderFilters(root, meta) {
  clear(root);
  const perpList = h("datalist", { id: "perpetrators" }, (meta.perpetrators || []).map((p) => h("option", { value: p })));
  const admin1List = h("datalist", { id: "admin1s" }, (meta.admin1 || []).map((p) => h("option", { value: p })));
  const form = h(
    "form",
    { class: "filter-form", autocomplete: "off" },
    h("h2", null, "Filters"),
    input("q", TITLES.q, { type: "search", placeholder: "place, target, text…" }),
    h(
      "div",
      { class: "row2" },
      input("date_from", TITLES.date_from, { type: "date", min: meta.date_min || null, max: meta.date_max || null }),
      input("date_to", TITLES.date_to, { type: "date", min: meta.date_min || null, max: meta.date_max || null }),
    ),
    select("category", TITLES.category, meta.categories || ["attack", "strike"]),
    select("weapon", TITLES.weapon, meta.weapons || []),
    select(
      "country",
      TITLES.country,
      (meta.countries || []).map((c) => ({ value: c.code, label: c.name ? `${c.name} (${c.code})` : c.code })),
    ),
    input("admin1", TITLES.admin1, { list: "admin1s", placeholder: "e.g. Anbar" }),
    input("place", TITLES.place, { placeholder: "e.g. Ain al-Asad" }),
    input("perpetrator", TITLES.perpetrator, { list: "perpetrators" }),
    select("attribution", TITLES.attribution, meta.attributions || ["claimed", "accused", "suspected", "none"]),
    input("min_casualties", TITLES.min_casualties, { type: "number", min: "0", step: "1" }),
    select(
      "language",
      TITLES.language,
      (meta.languages || []).map((c) => ({ value: c, label: LANGUAGES[c] ? `${LANGUAGES[c]}` : c })),
    ),
    h("button", { type: "button", class: "clear", id: "f-clear", onclick: () => state.clearAll() }, "Clear filters"),
    perpList,
    admin1List,
  );
  form.addEventListener("change", (ev) => {
    const el = ev.target;
    if (!el.name) return;
    state.update({ [el.name]: el.value.trim() });
  });
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const el = document.activeElement;
    if (el && el.name) state.update({ [el.name]: el.value.trim() });
  });
  root.appendChild(form);
  syncFilters(root);
}

// Puts the URL's values back into the form (after back/forward or a brush).
export function syncFilters(root) {
  for (const key of state.FILTER_KEYS) {
    const el = root.querySelector(`[name="${key}"]`);
    if (el && el.value !== state.get(key)) el.value = state.get(key);
  }
}
