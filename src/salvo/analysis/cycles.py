"""Attack–response cycles: each US or coalition strike with the attacks it answered, and the attack
rate before and after it.

A strike is linked to an earlier attack on one of two grounds, and the link says which:

- ``reporting``: a report of the strike ties it to the attack ("in retaliation for the attack on
  Tower 22"): a sentence of its evidence carries a response cue of the article's language pack and
  names the attack's place, within ``reported_days`` before the strike;
- ``window``: no report names the attack, but it happened within ``window_days`` before the strike.

The rate comparison is a simple one, stated as such: attacks per day in the ``rate_days`` before and
after the strike, each with an exact 95% Poisson interval. It describes; it does not establish that
the strike changed anything.
"""

from __future__ import annotations

import datetime as dt
import math
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any, cast

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from salvo import lang
from salvo.analysis.scope import Scope, Where, narrowing
from salvo.extract.places import Gazetteer
from salvo.store.models import ArticleRow, IncidentRow, MentionRow
from salvo.store.queries import IncidentFilter


def _pmf(k: int, mu: float) -> float:
    return math.exp(k * math.log(mu) - mu - math.lgamma(k + 1)) if mu > 0 else float(k == 0)


def _poisson_cdf(k: int, mu: float) -> float:
    """P(X <= k) for X ~ Poisson(mu), summed outward from k over the terms that matter only
    (downward when k is below the mean, else one minus the upper tail), so large counts stay cheap."""
    if k < 0:
        return 0.0
    if mu <= 0:
        return 1.0
    term = _pmf(k, mu)
    if k <= mu:
        total, i = term, k
        while i > 0 and term > 1e-17 * total:
            term *= i / mu
            i -= 1
            total += term
        return min(1.0, total)
    tail, i = 0.0, k
    while True:
        term *= mu / (i + 1)
        i += 1
        tail += term
        if term <= 1e-17 * max(tail, 1e-300):
            return max(0.0, 1.0 - tail)


def _solve(k: int, target: float, top: float) -> float:
    """The mean mu at which P(X <= k) = target: Newton's steps (the slope is -pmf(k, mu)) kept
    inside a shrinking bisection bracket, so it converges in a few steps and never strays."""
    lo, hi = 0.0, top
    mu = min(max(k + 0.5, 1e-9), top)
    for _ in range(200):
        f = _poisson_cdf(k, mu) - target
        if f > 0:
            lo = mu
        else:
            hi = mu
        slope = _pmf(k, mu)
        step = f / slope if slope > 0 else math.inf
        nxt = mu + step
        if not lo < nxt < hi:
            nxt = (lo + hi) / 2
        if abs(nxt - mu) <= 1e-12 * max(1.0, mu) or hi - lo <= 1e-12 * max(1.0, mu):
            return nxt
        mu = nxt
    return mu


@lru_cache(maxsize=8192)
def poisson_interval(count: int, level: float = 0.95) -> tuple[float, float]:
    """Exact (Garwood) interval for the mean of a Poisson count."""
    alpha = 1 - level
    top = count + 10 * math.sqrt(count + 1) + 10
    low = 0.0 if count == 0 else _solve(count - 1, 1 - alpha / 2, top)
    high = _solve(count, alpha / 2, top)
    return low, high


@dataclass
class Rate:
    days: int
    attacks: int

    def to_json(self) -> dict[str, Any]:
        low, high = poisson_interval(self.attacks)
        return {"days": self.days, "attacks": self.attacks, "per_day": round(self.attacks / self.days, 4),
                "per_day_95": [round(low / self.days, 4), round(high / self.days, 4)]}


@dataclass(slots=True)
class Link:
    attack_id: str
    attack_date: str
    place: str | None
    lag_days: int
    basis: str  # "reporting" or "window"
    evidence: str | None

    def to_json(self) -> dict[str, Any]:
        return {"attack_id": self.attack_id, "attack_date": self.attack_date, "place": self.place,
                "lag_days": self.lag_days, "basis": self.basis, "evidence": self.evidence}


@dataclass
class Cycle:
    strike_id: str
    date: str
    place: str | None
    country: str | None
    links: list[Link] = field(default_factory=list)
    before: Rate | None = None
    after: Rate | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"strike_id": self.strike_id, "date": self.date, "place": self.place,
                               "country": self.country, "links": [k.to_json() for k in self.links]}
        out["before"] = self.before.to_json() if self.before else None
        out["after"] = self.after.to_json() if self.after else None
        if self.before and self.after:
            b, a = self.before.attacks / self.before.days, self.after.attacks / self.after.days
            out["rate_change"] = None if b == 0 else round(a / b, 3)
            out["comparison"] = "simple rate comparison (attacks per day before and after); not a causal estimate"
        return out


def _response_sentences(session: Session, strike_ids: list[str]) -> dict[str, list[str]]:
    """Per strike, the sentences of its reports that carry a response cue of their article's language."""
    out: dict[str, list[str]] = {}
    for chunk in range(0, len(strike_ids), 500):
        rows = session.execute(
            select(MentionRow.incident_id, MentionRow.evidence, ArticleRow.language)
            .join(ArticleRow, ArticleRow.id == MentionRow.article_id)
            .where(MentionRow.incident_id.in_(strike_ids[chunk : chunk + 500]), MentionRow.superseded_at.is_(None))
        ).all()
        for incident_id, evidence, language in rows:
            code = language if language in lang.available() else "en"
            try:
                cue = lang.cues(code, "cycles")["response"]
            except LookupError:
                continue
            found = out.setdefault(str(incident_id), [])
            found.extend(s for s in evidence or [] if cue.search(s) and s not in found)
    return out


def _named_places(sentences: list[str], gazetteer: Gazetteer) -> dict[str, str]:
    """Canonical place name -> the response sentence that names it."""
    named: dict[str, str] = {}
    for sentence in sentences:
        for mention in gazetteer.find(sentence):
            named.setdefault(mention.place.name, sentence)
    return named


@dataclass(slots=True)
class _Dated:
    id: str
    day: dt.date
    place: str | None
    country: str | None
    iso: str = ""
    ordinal: int = 0


def _dated(session: Session, where: Where, category: str, low: dt.date | None = None,
           high: dt.date | None = None, page: tuple[int, int | None] = (0, None)) -> list[_Dated]:
    """Dated incidents of ``category`` under ``where`` (and starting in ``low`` .. ``high``), oldest
    first: plain columns, read along the ``ix_incidents_scope`` index."""
    i = IncidentRow
    columns = cast("Select[Any]", select(i.id, i.date_start, i.place, i.country))
    query = where(columns).where(i.category == category, i.date_start.is_not(None))
    if low is not None:
        query = query.where(i.date_start >= low)
    if high is not None:
        query = query.where(i.date_start <= high)
    offset, limit = page
    rows: list[Any] = list(session.execute(query.order_by(i.date_start, i.id).offset(offset).limit(limit)).all())
    return [_Dated(str(r[0]), r[1], r[2], r[3], r[1].isoformat(), r[1].toordinal()) for r in rows]


class _Series:
    """Dated attacks, oldest first, with their day numbers overall and per place, for bisection."""

    def __init__(self, attacks: list[_Dated]) -> None:
        self.attacks = attacks
        self.days = [a.ordinal for a in attacks]
        self.by_place: dict[str, list[_Dated]] = {}
        for a in attacks:
            self.by_place.setdefault(a.place or "", []).append(a)
        self.place_days = {p: [a.ordinal for a in rows] for p, rows in self.by_place.items()}

    def between(self, low: int, high: int, place: str | None = None) -> list[_Dated]:
        """Attacks on days ``low`` .. ``high`` (ordinals), at ``place`` when given."""
        rows, days = (self.attacks, self.days) if place is None else (self.by_place.get(place, []),
                                                                     self.place_days.get(place, []))
        return rows[bisect_left(days, low) : bisect_right(days, high)]

    def count(self, low: int, high: int) -> int:
        return bisect_right(self.days, high) - bisect_left(self.days, low)


def _links(strike: _Dated, series: _Series, named: dict[str, str], window_days: int, reach: int) -> list[Link]:
    """The attacks a strike answered: those a report names (within ``reach`` days), then the rest
    of the ``window_days`` before it, oldest first."""
    here = strike.ordinal
    found: dict[str, Link] = {}
    for place, sentence in named.items():
        for a in series.between(here - reach, here, place):
            found[a.id] = Link(a.id, a.iso, a.place, here - a.ordinal, "reporting", sentence)
    window = [Link(a.id, a.iso, a.place, here - a.ordinal, "window", None)
              for a in series.between(here - window_days, here) if a.id not in found]
    if not found:
        return window  # already oldest first
    return sorted([*found.values(), *window], key=lambda k: (-k.lag_days, k.attack_id))


def attack_response_cycles(
    session: Session,
    flt: Scope | None = None,
    window_days: int = 7,
    reported_days: int = 60,
    rate_days: int = 14,
    offset: int = 0,
    limit: int | None = None,
    attacks: Scope | None = None,
) -> list[Cycle]:
    """Every dated strike matching ``flt`` (oldest first; a page of them with ``offset``/``limit``)
    with its links to the attacks of ``attacks`` and the rates around it.

    The filter chooses the strikes; the attacks they answered are by default every attack of the
    filter's status wherever it happened (a strike in Syria may answer an attack in Jordan), on the
    days around each strike. Only those attacks are read, as plain columns; each strike finds its
    windows by bisection (per place for the reported links), and the strikes' reports are read in a
    few batched queries, so this stays fast with many incidents.
    """
    if flt is None or isinstance(flt, IncidentFilter):
        flt = replace(flt or IncidentFilter(), category="strike")
        attacks = attacks or IncidentFilter(category="attack", status=flt.status)
    strikes = _dated(session, narrowing(flt), "strike", page=(offset, limit))
    if not strikes:
        return []
    reach = max(window_days, reported_days)
    series = _Series(_dated(session, narrowing(attacks or IncidentFilter(category="attack")), "attack",
                            strikes[0].day - dt.timedelta(days=max(reach, rate_days)),
                            strikes[-1].day + dt.timedelta(days=rate_days)))
    sentences = _response_sentences(session, [s.id for s in strikes])
    gazetteer = Gazetteer.default()
    cycles: list[Cycle] = []
    for strike in strikes:
        here = strike.ordinal
        named = _named_places(sentences.get(strike.id, []), gazetteer)
        cycle = Cycle(strike.id, strike.iso, strike.place, strike.country,
                      _links(strike, series, named, window_days, reach))
        cycle.before = Rate(rate_days, series.count(here - rate_days, here - 1))
        cycle.after = Rate(rate_days, series.count(here + 1, here + rate_days))
        cycles.append(cycle)
    return cycles
