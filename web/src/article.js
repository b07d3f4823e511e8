// The article page: its text (right to left when Arabic), outlet, date,
// language, and the incidents found in it with their evidence highlighted.
import { getJSON } from "./api.js";
import { clear, fmt, h } from "./dom.js";
import { label } from "./filters.js";
import { articleTitle, highlight, langAttrs } from "./incident.js";
import * as state from "./state.js";

export async function renderArticle(root, id) {
  clear(root);
  root.appendChild(h("p", { class: "loading-note", role: "status" }, "loading…"));
  const back = h("p", null, h("a", { href: state.withFilters("/"), dataset: { nav: "" } }, "‹ back to all incidents"));
  let art;
  try {
    art = await getJSON(`/api/articles/${encodeURIComponent(id)}`);
  } catch (err) {
    clear(root);
    root.appendChild(back);
    root.appendChild(h("p", { class: "error", role: "alert" }, `Article ${id}: ${err.message}`));
    return;
  }
  clear(root);
  root.appendChild(back);
  const attrs = langAttrs(art.language);
  // an untitled report is headed in the page's language; a title in the article's own
  root.appendChild(h("h1", art.title ? attrs : null, articleTitle(art)));
  root.appendChild(
    h(
      "dl",
      { class: "article-meta" },
      h("dt", null, "Outlet"), h("dd", null, fmt(art.outlet)),
      h("dt", null, "Published"), h("dd", null, fmt(art.published)),
      h("dt", null, "Language"), h("dd", { id: "article-language" }, fmt(art.language)),
      h("dt", null, "Original"), h("dd", null, art.url ? h("a", { href: art.url, rel: "noopener noreferrer nofollow", target: "_blank" }, art.url) : "—"),
    ),
  );
  root.appendChild(h("h2", null, `Incidents found in it (${art.incidents.length})`));
  root.appendChild(
    art.incidents.length
      ? h("ul", { class: "article-incidents" }, art.incidents.map((i) =>
        h("li", null, h("a", { href: `/incidents/${encodeURIComponent(i.id)}`, dataset: { nav: "" } }, `${fmt(i.date)} · ${label(i.category)} · ${fmt(i.place)}`))))
      : h("p", { class: "empty-note" }, "No incident was found in this article."),
  );
  root.appendChild(h("h2", null, "Text"));
  const marks = art.incidents.flatMap((i) => (i.evidence || []).map((text) => ({ text, fields: [] })));
  root.appendChild(h("div", { class: "article-text full", ...attrs }, highlight(art.text || "", marks)));
}
