// The filters an analyst view runs under, shown above its figures: each one can
// be removed there, and the map's filter panel changes them (the URL keeps them
// from view to view).
import { h } from "./dom.js";
import { label, TITLES } from "./filters.js";
import * as state from "./state.js";

// Vocabulary values read better through their labels; typed text stays as typed.
const VOCABULARY = new Set(["category", "weapon", "attribution"]);

function chip(key, value, rest) {
  const name = TITLES[key] || key;
  const shown = VOCABULARY.has(key) ? label(value) : value;
  return h(
    "li",
    { class: "chip", dataset: { key, value } },
    h("span", null, `${name}: `, h("b", null, shown)),
    h(
      "button",
      { type: "button", class: "chip-remove", "aria-label": `Remove the filter ${name}: ${shown}`, onclick: () => state.update({ [key]: rest }) },
      "×",
    ),
  );
}

// `note` says how this view reads the filters (e.g. which incidents they choose).
export function appliedFilters(note) {
  const p = state.filters();
  const chips = [];
  for (const key of state.FILTER_KEYS) {
    const values = p.getAll(key);
    values.forEach((v, i) => chips.push(chip(key, v, values.filter((_, j) => j !== i))));
  }
  const change = h("a", { href: state.withFilters("/"), dataset: { nav: "" }, id: "applied-change" }, chips.length ? "change them on the map" : "set them on the map");
  return h(
    "section",
    { class: "applied", id: "applied-filters", "aria-label": "Filters applied" },
    chips.length
      ? [h("span", { class: "applied-head" }, "Filters:"), h("ul", { class: "chips" }, chips),
        h("button", { type: "button", id: "applied-clear", onclick: () => state.clearAll() }, "Clear all"), " or ", change]
      : [h("span", { class: "applied-head" }, "No filters: every incident counts;"), " ", change],
    chips.length && note ? h("p", { class: "applied-note" }, note) : null,
  );
}
