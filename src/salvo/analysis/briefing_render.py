"""Drawing a briefing (see :mod:`salvo.analysis.briefing`) as Markdown, HTML or PDF.

Charts are static images drawn with matplotlib (no browser at run time): a tempo chart of incidents
per period by category and a map of the located incidents over the region's borders. The PDF is
laid out page by page by :mod:`salvo.analysis.briefing_pdf` with matplotlib's PDF backend.
"""

from __future__ import annotations

import base64
import html
import io
import json
from importlib import resources
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # files only, never a window
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

COLOURS = {"attack": "#c0392b", "strike": "#2c5f9e"}
BOUNDS = (34.5, 49.0, 28.5, 38.5)  # lon min/max, lat min/max: Iraq, Syria, Jordan
FORMATS = ("md", "html", "pdf")


def _outlines() -> list[list[tuple[float, float]]]:
    """Country border rings near the region, from the dashboard's shipped basemap (when built)."""
    path = resources.files("salvo") / "web" / "static" / "geo" / "countries.json"
    if not path.is_file():
        return []
    rings: list[list[tuple[float, float]]] = []
    for feature in json.loads(path.read_text(encoding="utf-8")).get("features", []):
        geom = feature.get("geometry") or {}
        polys = geom.get("coordinates", [])
        for poly in polys if geom.get("type") == "MultiPolygon" else [polys]:
            for ring in poly:
                pts = [(float(x), float(y)) for x, y in ring]
                if any(BOUNDS[0] - 5 <= x <= BOUNDS[1] + 5 and BOUNDS[2] - 5 <= y <= BOUNDS[3] + 5 for x, y in pts):
                    rings.append(pts)
    return rings


def draw_tempo(ax: Any, b: dict[str, Any]) -> None:
    """Stacked bars of attacks and strikes per period."""
    periods = sorted({r["period"] for r in b["tempo"]["rows"]})
    base = [0] * len(periods)
    for category in ("attack", "strike"):
        counts = {r["period"]: r["incidents"] for r in b["tempo"]["rows"] if r["key"] == category}
        heights = [counts.get(p, 0) for p in periods]
        ax.bar(range(len(periods)), heights, bottom=base, color=COLOURS[category], label=f"{category}s", width=0.8)
        base = [x + y for x, y in zip(base, heights, strict=True)]
    step = max(1, len(periods) // 10)
    ax.set_xticks(range(0, len(periods), step), [periods[i] for i in range(0, len(periods), step)],
                  rotation=30, ha="right", fontsize=7)
    ax.tick_params(axis="y", labelsize=7)
    ax.set_ylabel(f"incidents per {b['tempo']['interval']}", fontsize=8)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.grid(axis="y", color="#dddddd", linewidth=0.5)
    ax.set_axisbelow(True)
    ax.legend(frameon=False, fontsize=7)


def draw_map(ax: Any, b: dict[str, Any]) -> None:
    """Located incidents over the region's borders; vague locations as rings."""
    for ring in _outlines():
        ax.plot([x for x, _ in ring], [y for _, y in ring], color="#888", linewidth=0.6)
    for category in ("attack", "strike"):
        pts = [p for p in b["points"] if p["category"] == category]
        exact = [p for p in pts if p["location_precision"] in ("site", "city")]
        vague = [p for p in pts if p["location_precision"] not in ("site", "city")]
        ax.scatter([p["lon"] for p in exact], [p["lat"] for p in exact], s=22, color=COLOURS[category],
                   alpha=0.8, label=f"{category} (site or town)", zorder=3)
        ax.scatter([p["lon"] for p in vague], [p["lat"] for p in vague], s=110, facecolors="none",
                   edgecolors=COLOURS[category], label=f"{category} (province or country only)", zorder=3)
    ax.set_xlim(BOUNDS[0], BOUNDS[1])
    ax.set_ylim(BOUNDS[2], BOUNDS[3])
    ax.set_aspect("equal")
    ax.tick_params(labelsize=7)
    ax.legend(loc="lower left", fontsize=7, frameon=True)


def tempo_figure(b: dict[str, Any]) -> Figure:
    fig, ax = plt.subplots(figsize=(8, 3.2))
    draw_tempo(ax, b)
    ax.set_title(f"Tempo, {b['from']} to {b['to']}")
    fig.tight_layout()
    return fig


def map_figure(b: dict[str, Any]) -> Figure:
    fig, ax = plt.subplots(figsize=(7, 5.2))
    draw_map(ax, b)
    ax.set_title("Located incidents")
    fig.tight_layout()
    return fig


def _png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110)
    plt.close(fig)
    return buf.getvalue()


def _lines(b: dict[str, Any]) -> list[str]:
    """The briefing's text, one Markdown line each (shared by the three formats)."""
    h = b["headline"]
    share = "n/a" if h["claimed_share"] is None else f"{h['claimed_share']:.0%}"
    out = [f"# Briefing {b['from']} to {b['to']}", "",
           f"{h['attacks']} attacks and {h['strikes']} strikes; {h['killed']} killed and {h['injured']} injured "
           f"in all; {share} of attacks claimed. {h['undated_not_shown']} undated incidents are not counted here.",
           "", "## Notable incidents", ""]
    for n in b["notable"]:
        out.append(f"- **{n['date'] or 'undated'}** {n['category']} at {n['place'] or n['country'] or '?'}: "
                   f"{n['killed'] or 0} killed, {n['injured'] or 0} injured ({n['id']})")
        for c in n["citations"]:
            quote = f"\u201c{c['sentence']}\u201d"
            out.append(f"  - {c['outlet']}, {c['published'] or 'undated'}: {quote} {c['url'] or ''}")
    out += ["", "## Incidents", "", "| date | category | place | weapons | perpetrator | killed | injured |",
            "|---|---|---|---|---|---|---|"]
    for r in b["incidents"]:
        out.append(f"| {r['date'] or ''} | {r['category']} | {r['place'] or r['country'] or ''} | "
                   f"{', '.join(r['weapons'])} | {r['perpetrator']} | {r['killed'] if r['killed'] is not None else ''}"
                   f" | {r['injured'] if r['injured'] is not None else ''} |")
    out += ["", "## Strikes and the attacks they answered", ""]
    for c in b["cycles"]:
        linked = "; ".join(f"{k['attack_date']} {k['place'] or ''} ({k['basis']}, {k['lag_days']} d)"
                           for k in c["links"]) or "no attack linked"
        out.append(f"- {c['date']} strike at {c['place'] or c['country'] or '?'}: {linked}; attacks/day "
                   f"{c['before']['per_day']} before, {c['after']['per_day']} after")
    out += ["", "## Against published tallies", ""]
    for r in b["reconciliation"]:
        t = r["tally"]
        out.append(f"- {t['as_of']} {t['counter']}: {r['explanation']}")
    if not b["reconciliation"]:
        out.append("- no published tally falls in this period")
    return out


def render(b: dict[str, Any], fmt: str, out: Path) -> list[Path]:
    """Write the briefing as ``fmt`` to ``out``; returns the files written (Markdown keeps its images beside)."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    if fmt == "pdf":
        return [_pdf(b, out)]
    tempo, where = _png(tempo_figure(b)), _png(map_figure(b))
    lines = _lines(b)
    if fmt == "md":
        images = [out.with_name(f"{out.stem}-tempo.png"), out.with_name(f"{out.stem}-map.png")]
        for path, data in zip(images, (tempo, where), strict=True):
            path.write_bytes(data)
        lines[3:3] = ["", f"![tempo]({images[0].name})", "", f"![map]({images[1].name})"]
        out.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return [out, *images]
    out.write_text(_html(lines, tempo, where), encoding="utf-8")
    return [out]


def _html(lines: list[str], tempo: bytes, where: bytes) -> str:
    body: list[str] = []
    for line in lines:
        text = html.escape(line)
        if line.startswith("# "):
            body.append(f"<h1>{text[2:]}</h1>")
            for data, alt in ((tempo, "tempo chart"), (where, "map")):
                body.append(f'<img alt="{alt}" src="data:image/png;base64,{base64.b64encode(data).decode()}">')
        elif line.startswith("## "):
            body.append(f"<h2>{text[3:]}</h2>")
        elif line.startswith("|---"):
            continue
        elif line.startswith("|"):  # one table for the run of rows; the first row is its header
            tag = "td" if body and body[-1].endswith("</tr>") else "th"
            cells = "".join(f"<{tag}>{c.strip()}</{tag}>" for c in text.strip("|").split("|"))
            body.append(("" if tag == "td" else "<table>") + f"<tr>{cells}</tr>")
        elif body and body[-1].endswith("</tr>"):
            body[-1] += "</table>"
            if line.strip():
                body.append(f"<p>{text}</p>")
        elif line.strip():
            body.append(f"<p>{text}</p>")
    if body and body[-1].endswith("</tr>"):
        body[-1] += "</table>"
    style = ("body{font-family:sans-serif;max-width:60em;margin:2em auto;color:#1d1d1f}img{max-width:100%}"
             "h1,h2{color:#8b1e1e}table{border-collapse:collapse;font-size:.85em}th{background:#dcdcdc;text-align:left}"
             "td,th{padding:.2em .6em}tr:nth-child(odd) td{background:#f6f6f6}")
    return f"<!doctype html><meta charset=utf-8><title>Briefing</title><style>{style}</style>{''.join(body)}\n"


def _pdf(b: dict[str, Any], out: Path) -> Path:
    from salvo.analysis.briefing_pdf import write_pdf

    return write_pdf(b, out, lambda ax: draw_tempo(ax, b), lambda ax: draw_map(ax, b))
