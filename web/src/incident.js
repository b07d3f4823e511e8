// The incident page: every field with the reports behind it, conflicting
// reports side by side, and each source with its evidence highlighted.
import { getJSON, sendJSON } from "./api.js";
import { clear, fmt, h } from "./dom.js";
import { label } from "./filters.js";
import * as state from "./state.js";

const FIELD_LABELS = {
  date: "Date",
  date_precision: "Date precision",
  category: "Category",
  weapons: "Weapons",
  projectiles: "Projectiles",
  place: "Place",
  admin1: "Province",
  country: "Country",
  lat: "Latitude",
  lon: "Longitude",
  location_precision: "Location precision",
  perpetrator: "Perpetrator",
  attribution: "Attribution",
  target: "Target",
  killed: "Killed",
  injured: "Injured",
  intercepted: "Intercepted",
};

function show(value, field) {
  if (field === "weapons" && Array.isArray(value)) return fmt(value.map(label));
  if (field === "category") return label(value);
  return fmt(value);
}

// Splits text into plain and highlighted runs: every occurrence of every
// supporting sentence is marked; overlapping runs are joined. `marks` are
// {text, fields}: the fields a sentence gave go into the mark's title.
export function highlight(text, marks) {
  const ranges = [];
  for (const m of marks) {
    const s = typeof m === "string" ? m : m.text;
    if (!s) continue;
    let at = text.indexOf(s);
    while (at >= 0) {
      ranges.push([at, at + s.length, (m.fields || []).slice()]);
      at = text.indexOf(s, at + s.length);
    }
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) {
      last[1] = Math.max(last[1], r[1]);
      for (const f of r[2]) if (!last[2].includes(f)) last[2].push(f);
    } else merged.push([r[0], r[1], [...r[2]]]);
  }
  const nodes = [];
  let pos = 0;
  for (const [a, b, fields] of merged) {
    if (a > pos) nodes.push(document.createTextNode(text.slice(pos, a)));
    const names = fields.map((f) => (FIELD_LABELS[f] || f).toLowerCase());
    nodes.push(
      h(
        "mark",
        { class: fields.length ? "evidence gives" : "evidence", title: names.length ? `gave: ${names.join(", ")}` : "supports the incident", dataset: { fields: fields.join(" ") } },
        text.slice(a, b),
      ),
    );
    pos = b;
  }
  if (pos < text.length) nodes.push(document.createTextNode(text.slice(pos)));
  return nodes;
}

// The sentences of one article that support the incident: its reports'
// evidence, each with the fields it gave (from the per-field provenance).
function supporting(mentions) {
  const bySentence = new Map();
  for (const m of mentions) {
    for (const e of m.evidence || []) if (!bySentence.has(e)) bySentence.set(e, []);
    for (const [field, src] of Object.entries(m.provenance || {})) {
      if (!src || !src.sentence_text) continue;
      const list = bySentence.get(src.sentence_text) || [];
      if (!list.includes(field)) list.push(field);
      bySentence.set(src.sentence_text, list);
    }
  }
  return [...bySentence.entries()].map(([text, fields]) => ({ text, fields }));
}

export const RTL = new Set(["ar", "fa", "he", "ur", "ps", "ku", "ckb"]);

// lang and dir for text in a given language: Arabic reads right to left.
export function langAttrs(language) {
  if (!language) return { dir: "auto" };
  return { lang: language, dir: RTL.has(language.split("-")[0]) ? "rtl" : "auto" };
}

// An article's heading: its title, or (untitled) its outlet and date.
export function articleTitle(src) {
  if (src && src.title) return src.title;
  const parts = [src && src.outlet, src && src.published].filter(Boolean);
  return parts.length ? `Untitled report, ${parts.join(", ")}` : "Untitled report";
}

function sourceName(src) {
  if (!src) return "unknown source";
  return [src.outlet, src.title, src.published].filter(Boolean).join(" · ") || articleTitle(src);
}

// Short form for lists of reports: outlet and date; the title shows on hover.
function sourceShort(src) {
  if (!src) return "unknown source";
  const short = [src.outlet, src.published].filter(Boolean).join(", ");
  return short || articleTitle(src);
}

// Reports that give the same value are listed together: "40 — Outlet A; Outlet B".
function groupReports(field, reports) {
  const groups = new Map();
  for (const r of reports) {
    const key = JSON.stringify(r.value);
    if (!groups.has(key)) groups.set(key, { value: r.value, reports: [] });
    groups.get(key).reports.push(r);
  }
  return [...groups.values()];
}

// The sentence a value was read from, with the words that gave it marked
// (as text: never parsed as markup).
function sourceSentence(source, sourcesById) {
  if (!source || !source.sentence_text) return null;
  const sentence = source.sentence_text;
  const at = source.text ? sentence.indexOf(source.text) : -1;
  const parts =
    at < 0
      ? [sentence]
      : [sentence.slice(0, at), h("mark", { class: "source-words" }, source.text), sentence.slice(at + source.text.length)];
  const src = sourcesById && source.article_id ? sourcesById.get(source.article_id) : null;
  return h(
    "span",
    { class: "given-by" },
    h("small", null, "from ", source.article_id ? h("a", { href: `#article-${source.article_id}` }, `sentence ${source.sentence + 1}${src ? ` of ${sourceShort(src)}` : ""}`) : `sentence ${source.sentence + 1}`, ":"),
    h("q", { class: "source", dir: "auto", title: `sentence ${source.sentence + 1} of the report` }, parts),
  );
}

function fieldsTable(inc, sourcesById) {
  const rows = inc.fields.map((f) =>
    h(
      "tr",
      { class: f.conflict ? "conflict" : null, dataset: { field: f.name } },
      h("th", { scope: "row" }, FIELD_LABELS[f.name] || f.name),
      h(
        "td",
        { class: "value" },
        show(f.value, f.name),
        f.overridden ? h("span", { class: "badge" }, "edited") : null,
        sourceSentence(f.source, sourcesById),
      ),
      h(
        "td",
        null,
        h(
          "ul",
          { class: "reports" },
          groupReports(f.name, f.reports).map((g) =>
            h(
              "li",
              null,
              h("span", { class: "rep-value" }, show(g.value, f.name)),
              " — ",
              g.reports.map((r, k) => [
                k ? "; " : "",
                h(
                  "a",
                  { href: `#article-${r.article_id}`, class: "rep-src", title: sourceName(sourcesById.get(r.article_id)) },
                  sourceShort(sourcesById.get(r.article_id)),
                ),
              ]),
            ),
          ),
        ),
      ),
    ),
  );
  return h(
    "table",
    { class: "fields" },
    h("thead", null, h("tr", null, h("th", null, "Field"), h("th", null, "Value"), h("th", null, "Reports"))),
    h("tbody", null, rows),
  );
}

function conflictsTable(inc, sourcesById) {
  const conflicts = inc.fields.filter((f) => f.conflict);
  if (!conflicts.length) return h("p", { class: "muted" }, "The reports agree on every field they state.");
  const mentions = inc.mentions;
  return h(
    "table",
    { class: "conflicts" },
    h(
      "thead",
      null,
      h("tr", null, h("th", null, "Field"), mentions.map((m) => h("th", null, sourceName(sourcesById.get(m.article_id))))),
    ),
    h(
      "tbody",
      null,
      conflicts.map((f) =>
        h(
          "tr",
          null,
          h("th", { scope: "row" }, FIELD_LABELS[f.name] || f.name),
          mentions.map((m) => {
            const r = f.reports.find((x) => x.mention_id === m.id);
            return h("td", null, r ? show(r.value, f.name) : "—");
          }),
        ),
      ),
    ),
  );
}

async function articleBlock(src, marks) {
  const box = h("article", { class: "source", id: `article-${src.id}`, dataset: { article: src.id } });
  const link = src.url ? h("a", { href: src.url, rel: "noopener noreferrer nofollow", target: "_blank" }, "original") : null;
  const page = h("a", { href: `/articles/${encodeURIComponent(src.id)}`, dataset: { nav: "" }, class: "article-page" }, "article page");
  const heading = h("h3", { dir: "auto" }, articleTitle(src), " ", h("small", null, [src.outlet, src.published].filter(Boolean).join(" · ")), " ", link);
  box.appendChild(heading);
  box.appendChild(h("p", { class: "article-links" }, page));
  try {
    const art = await getJSON(`/api/articles/${encodeURIComponent(src.id)}`);
    Object.entries(langAttrs(art.language)).forEach(([k, v]) => heading.setAttribute(k, v));
    box.appendChild(h("div", { class: "article-text", ...langAttrs(art.language) }, highlight(art.text || "", marks)));
    const others = (art.incidents || []).filter((i) => i.id !== undefined);
    if (others.length > 1) {
      box.appendChild(
        h(
          "p",
          { class: "muted" },
          "Incidents in this article: ",
          others.map((i, k) => [
            k ? ", " : "",
            h("a", { href: `/incidents/${encodeURIComponent(i.id)}`, dataset: { nav: "" } }, `${fmt(i.date)} ${label(i.category)}`),
          ]),
        ),
      );
    }
  } catch (err) {
    box.appendChild(h("p", { class: "error" }, `article unavailable: ${err.message}`));
  }
  return box;
}

function reviewPanel(inc, meta, reload) {
  if (!meta.review_enabled) return null;
  const msg = h("span", { class: "review-msg", role: "status" });
  const token = h("input", { type: "password", placeholder: "API token", value: sessionStorage.getItem("salvo-token") || "" });
  const reason = h("input", { type: "text", placeholder: "reason" });
  const fieldSel = h("select", null, Object.keys(FIELD_LABELS).map((f) => h("option", { value: f }, FIELD_LABELS[f])));
  const valueIn = h("input", { type: "text", placeholder: "new value (JSON or text)" });
  const act = async (method, path, body) => {
    sessionStorage.setItem("salvo-token", token.value);
    try {
      await sendJSON(method, path, { ...body, reason: reason.value || null }, token.value);
      msg.textContent = "saved";
      reload();
    } catch (err) {
      msg.textContent = err.message;
    }
  };
  const base = `/api/incidents/${encodeURIComponent(inc.id)}`;
  const parse = (v) => {
    try {
      return JSON.parse(v);
    } catch {
      return v;
    }
  };
  return h(
    "section",
    { class: "review" },
    h("h2", null, "Review"),
    h("div", { class: "review-row" }, token, reason),
    h(
      "div",
      { class: "review-row" },
      h("button", { type: "button", onclick: () => act("POST", `${base}/confirm`, {}) }, "Confirm"),
      inc.status === "rejected"
        ? h("button", { type: "button", onclick: () => act("POST", `${base}/restore`, {}) }, "Restore")
        : h("button", { type: "button", onclick: () => act("POST", `${base}/reject`, {}) }, "Reject"),
    ),
    h(
      "div",
      { class: "review-row" },
      fieldSel,
      valueIn,
      h("button", { type: "button", onclick: () => act("PATCH", base, { field: fieldSel.value, value: parse(valueIn.value) }) }, "Edit field"),
    ),
    msg,
  );
}

export async function renderIncident(root, id, meta) {
  clear(root);
  root.appendChild(h("p", { class: "muted" }, "loading…"));
  let inc;
  try {
    inc = await getJSON(`/api/incidents/${encodeURIComponent(id)}`);
  } catch (err) {
    clear(root);
    root.appendChild(h("p", null, h("a", { href: "/", dataset: { nav: "" } }, "‹ back to all incidents")));
    root.appendChild(h("p", { class: "error" }, `Incident ${id}: ${err.message}`));
    return;
  }
  const sourcesById = new Map(inc.sources.map((s) => [s.id, s]));
  const where = [inc.place, inc.admin1, inc.country].filter(Boolean).join(", ");
  clear(root);
  const back = state.current().toString();
  root.appendChild(h("p", null, h("a", { href: `/${back ? `?${back}` : ""}`, dataset: { nav: "" } }, "‹ back to all incidents")));
  root.appendChild(
    h(
      "h1",
      null,
      h("span", { class: `pill ${inc.category}` }, label(inc.category)),
      " ",
      fmt(inc.date),
      " · ",
      where || "unknown place",
      inc.status && inc.status !== "active" ? h("span", { class: `badge status-${inc.status}` }, inc.status) : null,
    ),
  );
  root.appendChild(h("p", { class: "muted" }, `${inc.mentions.length} report(s) from ${inc.sources.length} source article(s) · id ${inc.id}`));
  root.appendChild(h("h2", null, "Fields and the reports behind them"));
  root.appendChild(fieldsTable(inc, sourcesById));
  root.appendChild(h("h2", null, "Conflicting reports"));
  root.appendChild(conflictsTable(inc, sourcesById));
  const panel = reviewPanel(inc, meta, () => renderIncident(root, id, meta));
  if (panel) root.appendChild(panel);
  if (inc.revisions.length) {
    root.appendChild(
      h(
        "details",
        { class: "revisions" },
        h("summary", null, `Revisions (${inc.revisions.length}): how each value changed, and why`),
        h(
          "table",
          { class: "fields" },
          h("thead", null, h("tr", null, ["When", "Cause", "Field", "From", "To", "By", "Reason"].map((t) => h("th", null, t)))),
          h(
            "tbody",
            null,
            inc.revisions.map((r) =>
              h(
                "tr",
                null,
                h("td", { class: "nowrap" }, fmt(r.at ? r.at.replace("T", " ").slice(0, 16) : null)),
                h("td", null, fmt(r.action)),
                h("td", null, fmt(r.field)),
                h("td", null, fmt(r.old)),
                h("td", null, fmt(r.new)),
                h("td", null, fmt(r.author)),
                h("td", null, fmt(r.reason)),
              ),
            ),
          ),
        ),
      ),
    );
  }
  root.appendChild(h("h2", null, "Sources, with the supporting sentences highlighted"));
  root.appendChild(h("p", { class: "muted" }, "Highlighted: the sentences that support this incident; hover one to see which fields it gave."));
  const blocks = await Promise.all(
    inc.sources.map((s) => articleBlock(s, supporting(inc.mentions.filter((m) => m.article_id === s.id)))),
  );
  for (const b of blocks) root.appendChild(b);
}
