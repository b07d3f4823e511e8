"""The briefing as an A4 PDF laid out like an analyst's product, drawn with matplotlib alone (no
browser): a title block, key figures, the summary and the tempo chart on the first page; the map
with the count per country; the notable incidents with their sources, the strikes and the attacks
they answered, the published tallies; and the incidents as an annex table. Every page has a footer.
"""

from __future__ import annotations

import textwrap
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.backends.backend_pdf import PdfPages  # noqa: E402

A4 = (8.27, 11.69)
LEFT, RIGHT, TOP, BOTTOM = 0.07, 0.93, 0.95, 0.06
INK, MUTED, ACCENT, RULE, SHADE = "#1d1d1f", "#5f6368", "#8b1e1e", "#c8c8c8", "#eeeeee"
COUNTRY = {"IQ": "Iraq", "SY": "Syria", "JO": "Jordan"}
_BASIS = {"reporting": "reported", "window": "time window"}


class Pages:
    """A flowing A4 document: text, headings, tables and charts go down the page, then onto the next."""

    def __init__(self, pdf: PdfPages, footer: str) -> None:
        self.pdf, self.footer, self.number = pdf, footer, 0
        self.fig: Any = None
        self.y = TOP
        self.new_page()

    def new_page(self) -> None:
        if self.fig is not None:
            self._finish()
        self.number += 1
        self.fig = plt.figure(figsize=A4)
        self.y = TOP

    def _finish(self) -> None:
        self.fig.add_artist(plt.Line2D([LEFT, RIGHT], [0.045, 0.045], color=RULE, linewidth=0.5))
        self.fig.text(LEFT, 0.03, self.footer, fontsize=6.5, color=MUTED)
        self.fig.text(RIGHT, 0.03, f"page {self.number}", fontsize=6.5, color=MUTED, ha="right")
        self.pdf.savefig(self.fig)
        plt.close(self.fig)

    def close(self) -> None:
        self._finish()
        self.fig = None

    def need(self, height: float) -> None:
        if self.y - height < BOTTOM:
            self.new_page()

    @staticmethod
    def _lh(size: float) -> float:
        return size * 1.4 / (A4[1] * 72)

    @staticmethod
    def wrap(text: str, size: float, width: float = RIGHT - LEFT) -> list[str]:
        chars = max(8, int(width * A4[0] * 72 / (size * 0.52)))
        return textwrap.wrap(text, chars, break_long_words=True) or [""]

    def text(self, text: str, size: float = 9, indent: float = 0.0, **style: Any) -> None:
        for line in self.wrap(text, size, RIGHT - LEFT - indent):
            self.need(self._lh(size))
            self.fig.text(LEFT + indent, self.y, line, fontsize=size, va="top", color=style.get("color", INK),
                          weight=style.get("weight", "normal"), style=style.get("fontstyle", "normal"))
            self.y -= self._lh(size)

    def space(self, size: float = 6) -> None:
        self.y -= self._lh(size)

    def heading(self, text: str) -> None:
        self.need(self._lh(12) * 4)
        self.space(8)
        self.fig.text(LEFT, self.y, text, fontsize=12, weight="bold", color=ACCENT, va="top")
        self.y -= self._lh(12)
        self.fig.add_artist(plt.Line2D([LEFT, RIGHT], [self.y, self.y], color=ACCENT, linewidth=0.8))
        self.space(5)

    def chart(self, draw: Callable[[Axes], None], height: float) -> None:
        self.need(height)
        ax = self.fig.add_axes((LEFT + 0.05, self.y - height + 0.03, RIGHT - LEFT - 0.06, height - 0.04))
        draw(ax)
        self.y -= height

    def tiles(self, figures: Sequence[tuple[str, str]]) -> None:
        """Key figures as a row of boxes: big number, small label."""
        height, gap = 0.07, 0.012
        width = (RIGHT - LEFT - gap * (len(figures) - 1)) / len(figures)
        self.need(height)
        for k, (value, label) in enumerate(figures):
            x = LEFT + k * (width + gap)
            self.fig.add_artist(plt.Rectangle((x, self.y - height), width, height, facecolor=SHADE,
                                              edgecolor="none"))
            self.fig.text(x + width / 2, self.y - 0.014, value, fontsize=17, weight="bold", ha="center", va="top",
                          color=INK)
            self.fig.text(x + width / 2, self.y - height + 0.009, label, fontsize=7, ha="center", color=MUTED)
        self.y -= height + self._lh(8)

    def table(self, headers: Sequence[str], rows: Sequence[Sequence[Any]], widths: Sequence[float],
              size: float = 7.0) -> None:
        """Rows of wrapped cells, the header repeated on each page, every other row shaded."""
        span = RIGHT - LEFT
        xs = [LEFT + span * sum(widths[:k]) / sum(widths) for k in range(len(widths))]
        cell_w = [span * w / sum(widths) - 0.008 for w in widths]
        lh = self._lh(size)

        def header() -> None:
            self.need(lh * 3)
            self.fig.add_artist(plt.Rectangle((LEFT, self.y - lh * 1.3), span, lh * 1.3, facecolor="#dcdcdc",
                                              edgecolor="none"))
            for x, h in zip(xs, headers, strict=True):
                self.fig.text(x + 0.003, self.y - lh * 0.15, h, fontsize=size, weight="bold", va="top")
            self.y -= lh * 1.4

        header()
        for n, row in enumerate(rows):
            cells = [self.wrap("" if v is None else str(v), size, w) for v, w in zip(row, cell_w, strict=True)]
            height = lh * max(len(c) for c in cells) + lh * 0.3
            if self.y - height < BOTTOM:
                self.new_page()
                header()
            if n % 2:
                self.fig.add_artist(plt.Rectangle((LEFT, self.y - height), span, height, facecolor="#f6f6f6",
                                                  edgecolor="none"))
            for x, lines in zip(xs, cells, strict=True):
                self.fig.text(x + 0.003, self.y - lh * 0.15, "\n".join(lines), fontsize=size, va="top",
                              linespacing=1.25)
            self.y -= height


def _where(r: dict[str, Any]) -> str:
    place = r.get("place") or ""
    country = COUNTRY.get(r.get("country") or "", r.get("country") or "")
    return ", ".join(p for p in (place, country) if p) or "place not reported"


def _summary(b: dict[str, Any]) -> list[str]:
    """The key points, each one sentence an analyst would write, from the briefing's own figures."""
    h, rows = b["headline"], b["incidents"]
    points = []
    attacks = [r for r in rows if r["category"] == "attack"]
    by_country = Counter(COUNTRY.get(r["country"] or "", "country unknown") for r in attacks)
    if attacks:
        spread = ", ".join(f"{c} {n}" for c, n in by_country.most_common())
        points.append(f"{h['attacks']} attacks on US and coalition forces were recorded ({spread}), and "
                      f"{h['strikes']} US or coalition strikes.")
    tempo: Counter[str] = Counter()
    for row in b["tempo"]["rows"]:
        if row["key"] == "attack":
            tempo[row["period"]] += row["incidents"]
    if tempo:
        period, most = max(tempo.items(), key=lambda kv: (kv[1], kv[0]))
        points.append(f"The busiest {b['tempo']['interval']} began {period}, with {most} attacks.")
    if b["notable"]:
        n = b["notable"][0]
        points.append(f"The deadliest incident: {n['category']} at {_where(n)} on {n['date'] or 'an unknown day'}, "
                      f"{n['killed'] or 0} killed and {n['injured'] or 0} injured.")
    if h["claimed_share"] is not None:
        points.append(f"{h['claimed_share']:.0%} of the attacks were claimed by a group.")
    answered = [c for c in b["cycles"] if any(k["basis"] == "reporting" for k in c["links"])]
    if b["cycles"]:
        points.append(f"{len(answered)} of the {len(b['cycles'])} strikes are tied by their reporting to an attack "
                      "they answered.")
    points.append(f"{h['undated_not_shown']} incidents in the database carry no date and are in no figure here.")
    return points


def write_pdf(b: dict[str, Any], out: Path, tempo: Callable[[Axes], None], where: Callable[[Axes], None]) -> Path:
    """Write the briefing ``b`` to ``out``; ``tempo`` and ``where`` draw the two charts into an axes."""
    h = b["headline"]
    footer = f"Salvo briefing {b['from']} to {b['to']} - generated {b['generated']} from open-source reporting"
    with PdfPages(out) as pdf:
        doc = Pages(pdf, footer)
        doc.text("SALVO  |  ATTACKS ON US AND COALITION FORCES: IRAQ, SYRIA, JORDAN", 7.5, color=MUTED)
        doc.space(4)
        doc.text(f"Briefing, {b['from']} to {b['to']}", 20, weight="bold")
        doc.text(f"Generated {b['generated']}. Every figure counts incidents dated in the period; each one rests "
                 "on the reports cited in the database.", 8, color=MUTED)
        doc.space(8)
        share = "n/a" if h["claimed_share"] is None else f"{h['claimed_share']:.0%}"
        doc.tiles([(str(h["attacks"]), "attacks"), (str(h["strikes"]), "strikes"), (str(h["killed"]), "killed"),
                   (str(h["injured"]), "injured"), (share, "attacks claimed"), (str(h["undated_not_shown"]),
                                                                                "undated, not counted")])
        doc.heading("Key points")
        for point in _summary(b):
            doc.text(f"\u2022  {point}", 9.5)
            doc.space(2)
        doc.heading(f"Tempo: incidents per {b['tempo']['interval']}")
        doc.chart(tempo, 0.3)
        doc.new_page()
        doc.heading("Where: located incidents")
        doc.chart(where, 0.42)
        doc.text("Filled dots: located to a site or town. Rings: only a province or a country is known, drawn at its "
                 "centre.", 7.5, color=MUTED)
        _breakdowns(doc, b)
        _sections(doc, b)
        doc.close()
    return out


def _breakdowns(doc: Pages, b: dict[str, Any]) -> None:
    """The period's incidents by country and province, and the attacks by the group held responsible."""
    places: dict[tuple[str, str], list[int]] = {}
    for r in b["incidents"]:
        key = (COUNTRY.get(r["country"] or "", "country unknown"), r["admin1"] or "province unknown")
        row = places.setdefault(key, [0, 0, 0, 0])
        row[0 if r["category"] == "attack" else 1] += 1
        row[2] += r["killed"] or 0
        row[3] += r["injured"] or 0
    doc.heading("By country and province")
    doc.table(["country", "province", "attacks", "strikes", "killed", "injured"],
              [[c, a, *v] for (c, a), v in sorted(places.items(), key=lambda kv: (-kv[1][0] - kv[1][1], kv[0]))],
              [1.6, 2.2, 0.8, 0.8, 0.8, 0.8])
    groups: dict[str, Counter[str]] = {}
    for r in b["incidents"]:
        if r["category"] == "attack":
            groups.setdefault(r["perpetrator"], Counter())[r["attribution"]] += 1
    doc.heading("Attacks by the group held responsible")
    doc.table(["group", "attacks", "claimed", "accused", "suspected", "none"],
              [[g, sum(c.values()), c["claimed"], c["accused"], c["suspected"], c["none"]]
               for g, c in sorted(groups.items(), key=lambda kv: -sum(kv[1].values()))],
              [3.0, 0.8, 0.8, 0.8, 0.8, 0.8])


def _sections(doc: Pages, b: dict[str, Any]) -> None:
    doc.new_page()
    doc.heading("Notable incidents")
    for n in b["notable"]:
        doc.text(f"{n['date'] or 'undated'}  {n['category'].upper()}  {_where(n)}  -  {n['killed'] or 0} killed, "
                 f"{n['injured'] or 0} injured", 9, weight="bold")
        for c in n["citations"]:
            doc.text(f"\u201c{c['sentence']}\u201d" if c["sentence"] else "(no sentence kept)", 8, indent=0.02,
                     fontstyle="italic")
            doc.text(f"{c['outlet']}, {c['published'] or 'undated'}  {c['url'] or ''}", 7, indent=0.02, color=MUTED)
        doc.space(6)
    if not b["notable"]:
        doc.text("No incident of the period reports casualties or several sources.", 9)
    doc.heading("Strikes and the attacks they answered")
    rows = []
    for c in b["cycles"]:
        linked = "; ".join(f"{k['attack_date']} {k['place'] or '?'} ({_BASIS[k['basis']]}, {k['lag_days']} d)"
                           for k in c["links"][:6]) or "no attack linked"
        if len(c["links"]) > 6:
            linked += f"; and {len(c['links']) - 6} more"
        rows.append([c["date"], _where(c), linked, f"{c['before']['per_day']:.2f} / {c['after']['per_day']:.2f}"])
    doc.table(["date", "strike at", "attacks answered (basis, lag)", "rate before / after"], rows,
              [1.1, 1.8, 5.0, 1.4])
    doc.space(4)
    doc.text("Rates: attacks per day in the 14 days before and after each strike; a simple comparison, not a causal "
             "estimate.", 7, color=MUTED)
    doc.heading("Against published tallies")
    tallies = [[r["tally"]["as_of"], r["tally"]["counter"], r["tally"]["count"], r["ours"], r["possible"],
                f"{r['difference']:+d}", r["explanation"]] for r in b["reconciliation"]]
    if tallies:
        doc.table(["as of", "counter", "published", "ours", "possible", "diff", "explanation"], tallies,
                  [0.9, 2.0, 1.0, 0.6, 0.8, 0.5, 4.2])
    else:
        doc.text("No published tally falls in this period.", 9)
    doc.new_page()
    doc.heading("Annex: incidents of the period")
    doc.table(["date", "category", "place", "weapons", "perpetrator", "attribution", "killed", "injured"],
              [[r["date"] or "", r["category"], _where(r), ", ".join(r["weapons"]), r["perpetrator"], r["attribution"],
                r["killed"], r["injured"]] for r in b["incidents"]], [1.0, 0.8, 2.4, 1.3, 1.8, 0.9, 0.6, 0.6])
