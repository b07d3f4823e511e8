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

import math
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from salvo import lang
from salvo.extract.places import Gazetteer
from salvo.store.models import ArticleRow, IncidentRow, MentionRow
from salvo.store.queries import IncidentFilter, apply_filter


def _poisson_cdf(k: int, mu: float) -> float:
    if mu <= 0:
        return 1.0
    return sum(math.exp(i * math.log(mu) - mu - math.lgamma(i + 1)) for i in range(k + 1))


def _solve(f: Any, lo: float, hi: float) -> float:
    for _ in range(80):  # bisection: f is monotone on [lo, hi]
        mid = (lo + hi) / 2
        if f(mid):
            hi = mid
        else:
            lo = mid
    return (lo + hi) / 2


def poisson_interval(count: int, level: float = 0.95) -> tuple[float, float]:
    """Exact (Garwood) interval for the mean of a Poisson count."""
    alpha = 1 - level
    top = count + 10 * math.sqrt(count + 1) + 10
    low = 0.0 if count == 0 else _solve(lambda mu: 1 - _poisson_cdf(count - 1, mu) >= alpha / 2, 0.0, top)
    high = _solve(lambda mu: _poisson_cdf(count, mu) <= alpha / 2, 0.0, top)
    return low, high


@dataclass
class Rate:
    days: int
    attacks: int

    def to_json(self) -> dict[str, Any]:
        low, high = poisson_interval(self.attacks)
        return {"days": self.days, "attacks": self.attacks, "per_day": round(self.attacks / self.days, 4),
                "per_day_95": [round(low / self.days, 4), round(high / self.days, 4)]}


@dataclass
class Link:
    attack_id: str
    attack_date: str
    place: str | None
    lag_days: int
    basis: str  # "reporting" or "window"
    evidence: str | None

    def to_json(self) -> dict[str, Any]:
        return dict(vars(self))


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


def _dated(session: Session, category: str, flt: IncidentFilter) -> list[IncidentRow]:
    query = apply_filter(select(IncidentRow), IncidentFilter(**{**vars(flt), "category": category}))
    return list(session.scalars(query.where(IncidentRow.date_start.is_not(None)).order_by(IncidentRow.date_start)))


def attack_response_cycles(
    session: Session,
    flt: IncidentFilter | None = None,
    window_days: int = 7,
    reported_days: int = 60,
    rate_days: int = 14,
) -> list[Cycle]:
    """Every dated strike matching ``flt`` with its links to attacks and the rates around it.

    Attacks are sorted once; each strike looks up its windows by bisection, and the strikes' reports
    are read in a few batched queries, so this stays fast with many incidents.
    """
    flt = flt or IncidentFilter()
    attacks = _dated(session, "attack", IncidentFilter(status=flt.status))
    ordinals = [a.date_start.toordinal() for a in attacks if a.date_start]
    strikes = _dated(session, "strike", flt)
    sentences = _response_sentences(session, [s.id for s in strikes])
    gazetteer = Gazetteer.default()
    reach = max(window_days, reported_days)
    cycles: list[Cycle] = []
    for strike in strikes:
        day = strike.date_start
        assert day is not None
        here = day.toordinal()
        named = _named_places(sentences.get(strike.id, []), gazetteer)
        cycle = Cycle(strike.id, day.isoformat(), strike.place, strike.country)
        for attack in attacks[bisect_left(ordinals, here - reach) : bisect_right(ordinals, here)]:
            assert attack.date_start is not None
            lag = here - attack.date_start.toordinal()
            sentence = named.get(attack.place or "")
            if sentence is not None:
                cycle.links.append(Link(attack.id, attack.date_start.isoformat(), attack.place, lag, "reporting",
                                        sentence))
            elif lag <= window_days:
                cycle.links.append(Link(attack.id, attack.date_start.isoformat(), attack.place, lag, "window", None))
        cycle.before = Rate(rate_days, bisect_left(ordinals, here) - bisect_left(ordinals, here - rate_days))
        cycle.after = Rate(rate_days, bisect_right(ordinals, here + rate_days) - bisect_right(ordinals, here))
        cycles.append(cycle)
    return cycles
