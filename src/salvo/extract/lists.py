"""Lists of attacks: one clause that names several targets ("at A and B"), several days ("rockets hit
the camp on July 27 and August 3 and 15") or a count ("two separate drone attacks") reports one attack
per target, per day or per counted attack.

For days, the date stage returns one mention per listed day; here the clause is cut into one piece per day, each
with the place told beside its day, or, when its stretch names none, the place of the day before
("... and 15") or a reference to the site told earlier ("similar attacks on the same base on
November 19, 22, and earlier on November 15 at X": the first two at the base told before, the last at X).
"""

from __future__ import annotations

from salvo import lang
from salvo.extract.clauses import Clause
from salvo.extract.compat import places_compatible
from salvo.extract.dates import DateMention
from salvo.extract.numbers import parse_number
from salvo.extract.places import PlaceMention


def _listed_days(clause: Clause, code: str) -> list[DateMention]:
    """The clause's calendar days when they form one list, else none."""
    rules = lang.cues(code, "assembly")
    days = sorted((d for d in clause.dates if d.kind == "absolute" and d.precision == "day"), key=lambda d: d.start)
    if len({d.date for d in days}) < 2 or len(days) != len({d.date for d in days}):
        return []
    text = clause.sentence.text
    if rules["day_span_before"].search(text[max(0, days[0].start - 30) : days[0].start]):
        return []  # "between July 27 and August 3": one span
    if not all(rules["listed_day_gap"].search(text[a.end : b.start]) for a, b in zip(days, days[1:], strict=False)):
        return []
    return days


def split_by_date(clause: Clause, code: str = "en") -> list[Clause]:
    """One piece per listed day; the clause itself when it lists no days."""
    days = _listed_days(clause, code)
    if not days:
        return [clause]
    reference = lang.cues(code, "cues")["site_reference"]
    text = clause.sentence.text
    cuts = [clause.start] + [d.start for d in days[1:]] + [clause.end]
    stretches: list[tuple[list[PlaceMention], bool]] = []
    for lo, hi in zip(cuts, cuts[1:], strict=False):
        own = [p for p in clause.target_places if lo <= p.start < hi]
        stretches.append((own, not own and reference.search(text[lo:hi]) is not None))
    told = [index for index, (own, pronoun) in enumerate(stretches) if own or pronoun]
    if not told:
        return [clause]
    pieces = []
    for index, day in enumerate(days):
        # a stretch without a place of its own: the day before's, or the first one told after it
        source = max((i for i in told if i <= index), default=told[0])
        places, pronoun = stretches[source]
        lo, hi = cuts[index], cuts[index + 1]
        weapons = [w for w in clause.weapons if lo <= w.start < hi]
        if not weapons:  # "rockets hit the camp on July 27 and August 3": the weapon is shared, its count is not
            weapons = [type(w)(w.start, w.end, w.text, w.weapon, None, w.role) for w in clause.weapons]
        pieces.append(Clause(
            clause.sentence, lo, hi, text[lo:hi], dates=[day], places=list(places), weapons=weapons,
            actors=clause.actors, category=clause.category, us_target=clause.us_target, us_named=clause.us_named,
            us_actor=clause.us_actor, pronoun_place=pronoun, past=clause.past, time_anchor=True, listed=True,
        ))
    return pieces


def split_by_count(clause: Clause, code: str = "en") -> list[Clause]:
    """"Two separate drone attacks on the base": one attack per counted one; the clause itself otherwise.

    When the clause names one weapon per counted attack ("two attacks, a drone and two rockets"), each
    attack takes its own weapon, with the stretch of text that tells it.
    """
    if clause.category != "attack":
        return [clause]
    counted = lang.cues(code, "assembly")["counted_attacks"].search(clause.text)
    number = parse_number(counted.group("n"), code) if counted else None
    if not number or number < 2:
        return [clause]
    weapons = sorted(clause.weapons, key=lambda w: w.start)
    own = len(weapons) == number and len({w.weapon for w in weapons}) == number
    pieces = []
    for index in range(number):
        lo, hi = clause.start, clause.end
        used = clause.weapons
        if own:
            lo = clause.start if index == 0 else weapons[index].start
            hi = clause.end if index == number - 1 else weapons[index + 1].start
            used = [weapons[index]]
        piece = replace_span(clause, lo, hi, weapons=used)
        piece.counted = not own
        pieces.append(piece)
    return pieces


def replace_span(clause: Clause, lo: int, hi: int, weapons: list) -> Clause:
    """A copy of the clause over a stretch of its sentence, with the clause's dates and places."""
    return Clause(
        clause.sentence, lo, hi, clause.sentence.text[lo:hi], dates=list(clause.dates), places=list(clause.places),
        weapons=weapons, actors=clause.actors, category=clause.category, us_target=clause.us_target,
        us_named=clause.us_named, us_actor=clause.us_actor, pronoun_place=clause.pronoun_place, past=clause.past,
        time_anchor=clause.time_anchor, listed=True,
    )


def split_by_place(clause: Clause, code: str = "en") -> list[Clause]:
    """One clause naming two separate targets ("the embassy and the consulate") is two events.

    Sites always count; a town counts when it is listed right beside another target
    ("at Ain al-Asad and Erbil", "sites near A and B"), not when it only locates one ("a base near Kirkuk").
    """
    rules = lang.cues(code, "assembly")
    places = sorted(clause.target_places, key=lambda m: m.start)
    text = clause.sentence.text
    targets = []
    for index, mention in enumerate(places):
        if mention.place.precision == "site":
            targets.append(mention)
        elif mention.place.precision == "city":
            # "near A and B": a qualifier shared by two listed towns locates two targets, not one
            kinds = ("site", "city") if mention.qualifier is None else ("city",)
            listed = any(
                other.place.precision in kinds and rules["listed_targets"].pattern.fullmatch(
                    text[min(other.end, mention.end) : max(other.start, mention.start)]
                )
                for other in places[:index] + places[index + 1 :]
            )
            if listed:
                targets.append(mention)
    distinct: list[PlaceMention] = []
    for mention in targets:
        if any(places_compatible(mention, kept) for kept in distinct):
            continue
        distinct.append(mention)
    if len(distinct) < 2:
        return [clause]
    distinct.sort(key=lambda m: m.start)
    pieces: list[Clause] = []
    cut = clause.start
    for left, right in zip(distinct, distinct[1:], strict=False):
        gap = clause.sentence.text[left.end : right.start]
        between = [d.end - left.end for d in clause.dates if left.end <= d.start and d.end <= right.start]
        # "at A on July 27 and August 3, and rockets near B": the days listed after A are A's
        join = rules["target_join"].search(gap, max(between)) if len(between) > 1 else None
        join = join or rules["target_join"].search(gap)
        if not join:
            return [clause]
        boundary = left.end + join.start()
        pieces.append(_sub_clause(clause, cut, boundary))
        cut = boundary
    pieces.append(_sub_clause(clause, cut, clause.end))
    return pieces


def _sub_clause(parent: Clause, start: int, end: int) -> Clause:
    def within(items: list) -> list:
        return [m for m in items if start <= m.start < end]

    weapons = within(parent.weapons)
    if not weapons:  # "rockets were fired at X and at Y": the weapon is shared, its count is not
        weapons = [type(w)(w.start, w.end, w.text, w.weapon, None, w.role) for w in parent.weapons]
    sub = Clause(
        parent.sentence, start, end, parent.sentence.text[start:end],
        dates=within(parent.dates) or parent.dates, places=within(parent.places), weapons=weapons,
        actors=parent.actors, category=parent.category, us_target=parent.us_target, us_actor=parent.us_actor,
        past=parent.past, time_anchor=parent.time_anchor,
    )
    return sub
