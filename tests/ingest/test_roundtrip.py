"""Round trip: a seed article, rendered at test time into a cluttered web page, then ingested from
HTML, gives the same incidents as its plain text. The seeds are read where they stand."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from pathlib import Path
from typing import Any

import pytest

from salvo.ingest.html import article_from_html
from salvo.ingest.prefilter import is_relevant
from salvo.model import Article, Incident
from salvo.pipeline import extract_article

SEEDS = sorted((Path(__file__).resolve().parents[2].parent / "shared" / "seeds").glob("*.txt"))
COMPARED = ("category", "date", "date_precision", "weapons", "projectiles", "place", "admin1", "country",
            "perpetrator", "attribution", "killed", "injured")
_WS = re.compile(r"\s+")


def seed_metadata() -> dict[str, dict[str, Any]]:
    path = SEEDS[0].parent.parent / "gold" / "seeds.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {row["article"]["id"]: row["article"] for row in rows}


def render(title: str, paragraphs: list[str], published: str | None, outlet: str) -> str:
    """A news page as sites serve them: menus, cookie banner, adverts, related links, comments."""
    nav = "".join(f'<li><a href="/{s}">{s.title()}</a></li>' for s in
                  ("home", "world", "middle-east", "politics", "business", "sport", "opinion"))
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    date_meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{html.escape(title)} | {html.escape(outlet)}</title>
<link rel="canonical" href="https://news.example.org/world/story">
<meta property="og:site_name" content="{html.escape(outlet)}">{date_meta}</head><body>
<div class="cookie-consent">We use cookies to improve your experience. <button>Accept all</button></div>
<header><nav class="main-nav"><ul>{nav}</ul></nav></header>
<div class="advertisement ad-slot"><span>Advertisement</span>
<a href="https://ads.example.org/c">Cheap flights to anywhere: book today and save half</a></div>
<main><article class="story"><h1>{html.escape(title)}</h1><div class="story-body">{body}</div></article>
<aside class="related"><h3>Related stories</h3><ul>
<li><a href="/r1">Drone attack reported on a base in Syria, officials say</a></li>
<li><a href="/r2">Rockets land near the embassy in Baghdad</a></li></ul></aside>
<section id="comments" class="comments"><h3>32 Comments</h3>
<div class="comment"><p>Another rocket attack on the base in Iraq? Strike back at the militias now.</p></div>
<div class="comment"><p>Three drones hit the base at Tanf and nobody reported it.</p></div></section>
</main><div class="advertisement"><a href="https://ads.example.org/d">Sponsored: one simple trick</a></div>
<footer><p>&copy; {html.escape(outlet)}. All rights reserved.</p><a href="/privacy">Privacy</a></footer>
</body></html>"""


def comparable(incident: Incident) -> tuple[Any, ...]:
    data = incident.to_json()
    return tuple(json.dumps(data[k], sort_keys=True) for k in COMPARED) + (
        tuple(_WS.sub(" ", e).strip() for e in incident.evidence),
    )


@pytest.mark.parametrize("seed", SEEDS, ids=[p.stem for p in SEEDS])
def test_seed_rendered_as_a_web_page_gives_the_same_incidents(seed: Path) -> None:
    meta = seed_metadata()[seed.stem]
    text = seed.read_text(encoding="utf-8")
    published = dt.date.fromisoformat(meta["published"]) if meta.get("published") else None
    plain = Article(id=seed.stem, text=text, title=meta.get("title"), outlet=meta.get("outlet"),
                    published=published, language="en")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    title = meta.get("title") or lines[0]
    paragraphs = lines[1:] if lines[0] == title else lines
    page = article_from_html(render(title, paragraphs, meta.get("published"), meta.get("outlet") or "News"),
                             url="https://news.example.org/world/story?ref=feed")

    assert page.published == published
    assert page.language == "en" and is_relevant(page)
    for line in lines:  # every line of the report survives, nothing of the clutter does
        assert _WS.sub(" ", line) in _WS.sub(" ", page.text)
    for clutter in ("Cheap flights", "Related stories", "Strike back at the militias", "nobody reported"):
        assert clutter not in page.text

    from_text = extract_article(plain)
    from_page = extract_article(page)
    assert [comparable(i) for i in from_page] == [comparable(i) for i in from_text]
    for incident in from_page:
        for sentence in incident.evidence:
            assert sentence in page.text  # evidence stays verbatim in the article we stored
