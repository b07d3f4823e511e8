"""Finding incidents: read each sentence clause by clause and decide what it reports.

A clause is the unit of one event: "US forces struck three sites on Monday in
response to a drone attack on Erbil" reports a strike and, after the break, an
attack. Each clause gets the facts the stages found inside it and a verdict:
an in-scope attack, an in-scope strike, or nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from functools import cached_property

from salvo import lang
from salvo.extract import cues
from salvo.extract.actors import ActorMention, find_actors
from salvo.extract.dates import DateMention, find_dates
from salvo.extract.numbers import parse_number
from salvo.extract.places import Gazetteer, PlaceMention
from salvo.extract.weapons import WeaponMention, find_weapons
from salvo.sentences import Sentence
from salvo.vocab import LOCATION_RANK

_PRECISION_RANK = LOCATION_RANK


@dataclass
class Clause:
    """One event-sized piece of a sentence with the facts found inside it."""

    sentence: Sentence
    start: int  # offsets within the sentence text
    end: int
    text: str
    dates: list[DateMention] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    weapons: list[WeaponMention] = field(default_factory=list)
    actors: list[ActorMention] = field(default_factory=list)
    category: str | None = None
    us_target: bool = False
    us_named: bool = False  # the text itself names the US side as the target (not only a site that hosts it)
    us_actor: bool = False
    pronoun_place: bool = False
    past: bool = False
    time_anchor: bool = False
    anaphoric: bool = False
    coordinate: bool = False  # "... and another at B": a second event beside the one before
    listed: bool = False  # one day of a list of attacks ("on July 27 and August 3"): never joins its siblings
    counted: bool = False  # one of "two separate attacks" told alike: a re-telling when one joins an earlier one

    @cached_property
    def target_places(self) -> list[PlaceMention]:
        """Places where the event happened (not where it was launched from, nor who visited)."""
        out = []
        for mention in self.places:
            if _in_dateline(self.sentence.text, mention):
                continue  # a dateline ("BAGHDAD (AP) —") says where the reporter was
            if any(a.start <= mention.start and mention.end <= a.end for a in self.actors):
                continue  # "Islamic Resistance in Iraq" names a group, not a place
            before = self.sentence.text[max(0, mention.start - 40) : mention.start]
            if cues.ORIGIN_BEFORE_PLACE.search(before) or cues.REFERENCE_POINT.search(before):
                continue
            out.append(mention)
        return out


@dataclass
class SentenceFacts:
    sentence: Sentence
    clauses: list[Clause]
    follow_up: bool


def _split_clauses(sentence: Sentence) -> list[tuple[int, int]]:
    bounds: list[tuple[int, int]] = []
    head = cues.DATELINE.match(sentence.text)
    start = head.end() if head else 0
    lead = cues.LEADING_ADVERBIAL.match(sentence.text[start:])
    if lead:  # "In response to the drone attack on X, US jets struck Y": two events
        if start:
            bounds.append((0, start))
        bounds.append((start, start + lead.end()))
        start += lead.end()
    else:
        start = 0
    for match in cues.CLAUSE_BREAK.finditer(sentence.text, start):
        short = match.start() - start < 12
        if short and not cues.DEFINITE_EVENT.pattern.fullmatch(sentence.text[start : match.start()].strip()):
            continue  # "The attack comes days after ...": a short subject that names an event still splits
        bounds.append((start, match.start()))
        start = match.start()
    bounds.append((start, len(sentence.text)))
    return bounds


_SINCE = re.compile(r"\b(?:since|from|until|till|through)\s+(?:early\s+|late\s+|mid-)?$", re.IGNORECASE)
_QUOTE_RELATIVE = frozenset({"today", "tonight", "this morning", "this evening", "earlier today", "yesterday"})


def _event_dates_of(text: str, dates: list[DateMention]) -> list[DateMention]:
    """Dates that say when the event happened, not when someone spoke of it.

    "Officials said on Monday" dates the statement; "today" inside a quotation is the
    speaker's day. Such dates serve only when the clause has no other.
    """
    reliable, spoken = [], []
    for mention in dates:
        head = text[: mention.start]
        quoted = head.count("\u201c") > head.count("\u201d") or head.count('"') % 2 == 1
        if quoted and mention.text.lower() in _QUOTE_RELATIVE:
            continue  # the speaker's "today" may be any day before publication
        before = text[max(0, mention.start - 40) : mention.start]
        if _SINCE.search(before) and not _second_since(before):
            continue  # "attacks since October 17": where a count starts, not when an event happened
        if cues.SPEECH_BEFORE_DATE.search(before):
            spoken.append(mention)
        else:
            reliable.append(mention)
    return reliable or spoken


def _second_since(before: str, code: str = "en") -> bool:
    """"The second time since Thursday": the day the first of two events happened, not where a count starts."""
    return lang.cues(code, "assembly")["second_since"].search(before) is not None


def _in_dateline(text: str, mention: PlaceMention) -> bool:
    """An upper-case place name heading the sentence ("WASHINGTON/BAGHDAD:", "KIRKUK —")."""
    if mention.start > 40 or not mention.text.isupper() or len(mention.text) < 4:
        return False
    head = text[: mention.start]
    return not any(ch.islower() for ch in head)


def _names_us_target(text: str) -> bool:
    """US or coalition people or places on the receiving end; "US forces struck" names the striker.

    When the text names another victim ("spy headquarters near the US consulate", "civilians were
    killed near the consulate"), a US facility it is near, or US staff it spared ("no US personnel
    were hurt"), is no target; nor is another state's mission ("its embassy in Washington").
    """
    other = cues.OTHER_VICTIM.search(text) is not None or cues.CIVILIAN_VICTIM.search(text) is not None
    for match in cues.US_TARGET.finditer(text):
        if cues.ACTIVE_AFTER_US.match(text, match.end()):
            continue
        window = max(0, match.start() - 20)
        if other and cues.US_BYSTANDER.search(text[window : match.start()]):
            continue
        owner = cues.OTHER_OWNER.search(text[window : match.end()])
        if owner and window + owner.end() > match.start():
            continue  # "its embassy in Washington": another state's mission
        return True
    return False


def _within(items: list, start: int, end: int) -> list:
    return [m for m in items if m.start >= start and m.start < end]


def _names_militia_target(text: str) -> bool:
    """Iran's allies or their sites on the receiving end; "Iran-backed militias launched" names the attacker."""
    return any(not cues.MILITIA_ACTS.match(text, m.end()) for m in cues.MILITIA_TARGET.finditer(text))


def _militia_acts(text: str) -> bool:
    """A militia named as the one acting or claiming: "a proxy drone strike", "the militia said it struck"."""
    return any(cues.MILITIA_ACTS.match(text, m.end()) for m in cues.MILITIA_TARGET.finditer(text))


def _on_isis(text: str) -> bool:
    """The Islamic State as the one fought, not only in a name ("the coalition against ISIS" is hit)."""
    named = cues.ISIS_IN_NAME.pattern.sub(" ", text)
    return bool(cues.ISIS_TARGET.search(named)) and not cues.IRAN_ALIGNED.search(text)


_ATTACK_WEAPONS = frozenset(
    {"rocket", "mortar", "indirect_fire", "ballistic_missile", "cruise_missile", "missile", "drone", "ied",
     "small_arms", "ground_assault", "artillery"}
)


def _no_event(clause: Clause) -> bool:
    """Clauses that tell no single in-scope event: denials, counts, launchers found, habits, threats, other wars."""
    text = clause.text
    if cues.NEGATED.search(text) or cues.AGGREGATE.search(text):
        return True
    if cues.STATE_STRIKER.search(text) and not (clause.us_target or clause.pronoun_place):
        return True  # Iran's own missiles on a spy centre or on the Islamic State: not the US side
    if cues.LAUNCHER_ONLY.search(text) and (
        cues.UNFIRED.search(text) or not any(w.role not in ("launcher", "defensive") for w in clause.weapons)
    ):
        return True
    day_dated = any(d.precision == "day" for d in clause.dates)
    if (cues.HABITUAL.search(text) or cues.RECENT_WINDOW.search(text)) and not day_dated:
        return True
    if cues.THREAT.search(text) and not clause.dates:
        return True
    if cues.STRONG_THREAT.search(text):
        return True
    if cues.PROGRESSIVE_HABIT.search(text):
        return True  # "a group which has been attacking US targets"
    if cues.OUT_OF_SCOPE_ACTOR.search(text) and not (clause.us_target or clause.us_actor):
        return True
    if cues.FOREIGN_THEATRE.search(text) and not any(p.place.country in ("IQ", "SY", "JO") for p in clause.places):
        return True  # strikes in Yemen, attacks at sea: other wars
    return False


def _classify(clause: Clause) -> str | None:
    """An in-scope verdict for one clause, or None (threats, counts, launchers, other wars)."""
    text = clause.text
    if cues.ORDINAL_REFERENCE.search(text):
        # "the attack at its base in X was the third of its kind": it refers back, adding the place
        clause.anaphoric = True
        return "strike" if clause.us_actor and not clause.us_target else "attack"
    if _no_event(clause):
        return None
    sentence = clause.sentence.text
    fired = [
        w for w in clause.weapons if w.role not in ("launcher", "defensive")
        and not cues.INTENDED_USE.search(sentence[max(0, w.start - 50) : w.start])  # "preparing to launch a drone"
    ]
    # "a drone strike on Ain al-Asad": a militia drone when it hits the US side, a US one otherwise
    drone_on_us = (clause.us_target or _militia_acts(text)) and not clause.us_actor
    air = [
        w for w in fired if w.weapon == "airstrike" or (w.weapon == "drone" and w.role == "strike" and not drone_on_us)
    ]
    hostile = [w for w in fired if w.weapon in _ATTACK_WEAPONS and (w.role != "strike" or drone_on_us)]
    has_action = bool(cues.ATTACK_ACTION.search(text))
    strike_word = bool(cues.STRIKE_NOUN.search(text))
    militia_target = _names_militia_target(text)
    militia_arms = [w for w in hostile if w.weapon != "artillery"]  # coalition guns fire back too
    on_isis = _on_isis(text)
    if (clause.us_actor and (strike_word or has_action) and (militia_target or air or not clause.us_target)
            and (air or not militia_arms) and not on_isis):
        return "strike"
    if on_isis and not clause.us_named:
        return None  # the war on the Islamic State is not in scope, its attacks on US troops are
    if (air or cues.STRIKE_ON_MILITIA.search(text)) and militia_target and not hostile and not clause.us_target:
        return "strike"  # strikes on a militia, whoever flew them
    if (cues.DEFINITE_STRIKE.search(text) and not hostile and (air or not clause.us_target)
            and (clause.places or has_action)):
        return "strike"  # joins the strike it continues, or is dropped for want of one
    guided = not any(w.weapon in ("rocket", "mortar", "ied", "indirect_fire", "small_arms") for w in hostile)
    if militia_target and not clause.us_target and guided and cues.STRIKE_ON_MILITIA.search(text):
        return "strike"  # "a drone bombardment targeted a militia headquarters"
    if hostile and has_action:
        return "attack"
    if clause.us_target and has_action and cues.WEAPON_HINT.search(text) and not air:
        return "attack"  # "the projectiles hit near the base"
    if clause.us_target and cues.STRONG_ATTACK.search(text) and (clause.places or clause.dates) and not air:
        return "attack"
    return None


def _read_flags(clause: Clause, text: str) -> None:
    """Who acts, who is hit, and how the clause refers to time and to events told elsewhere."""
    piece = clause.text
    # The gazetteer's sites are the bases, airports, missions and fields that host US forces.
    # A named site hosts US forces, unless the clause says whom the attack was after ("the prime
    # minister's residence in the Green Zone").
    clause.us_named = _names_us_target(piece)
    clause.us_target = clause.us_named or (
        any(p.place.precision == "site" for p in clause.target_places) and not cues.OTHER_VICTIM.search(text)
    )
    clause.us_actor = bool(cues.US_ACTOR.search(piece))
    finer = [p for p in clause.target_places if p.place.precision in ("site", "city")]
    clause.pronoun_place = (bool(cues.PRONOUN_PLACE.search(piece)) and not clause.places) or (
        bool(cues.SITE_REFERENCE.search(piece)) and not finer
    )
    clause.past = bool(cues.PAST_MARKER.search(piece)) or (clause.start > 0 and bool(cues.ANTECEDENT.match(piece)))
    if cues.COMMENTARY.search(piece):
        clause.dates = []  # "On November 7th, X described the targeting of ... as": the day X spoke
    clause.time_anchor = bool(clause.dates) or bool(cues.TIME_WORD.search(piece)) or (
        clause.us_actor and bool(cues.SEQUEL_TIME.search(piece))  # "In response, US jets struck ..."
    )
    # "the attack" without facts of its own, the arrests after an attack, or what someone called
    # it: all refer to an event told elsewhere
    clause.anaphoric = (
        bool(cues.DEFINITE_EVENT.search(piece)) and not clause.dates and not clause.weapons
    ) or bool(cues.SEQUEL.search(piece) or cues.COMMENTARY.search(piece))


@dataclass
class Found:
    """What the finders read in one sentence (offsets within it), and which of them it needed.

    ``gate``: it names an action or a weapon, so every finder reads it; ``follow``: it may add facts
    to an incident told before, so dates and places are read. The pipeline's finder stages fill it.
    """

    gate: bool
    follow: bool
    dates: list[DateMention] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    weapons: list[WeaponMention] = field(default_factory=list)
    actors: list[ActorMention] = field(default_factory=list)


def gate_sentence(sentence: Sentence) -> Found:
    """Which finders a sentence needs (nothing found yet)."""
    text = sentence.text
    gate = bool(cues.ATTACK_ACTION.search(text) or cues.WEAPON_HINT.search(text))
    return Found(gate, bool(cues.FOLLOW_UP.search(text)))


def find_in_sentence(sentence: Sentence, published, gazetteer: Gazetteer) -> Found:
    """Every finder the sentence needs, at once (what the pipeline's finder stages do one by one)."""
    found, text = gate_sentence(sentence), sentence.text
    if found.gate or found.follow:
        found.dates, found.places = find_dates(text, published), gazetteer.find(text)
    if found.gate:
        found.weapons, found.actors = find_weapons(text), find_actors(text)
    return found


def analyse_sentence(sentence: Sentence, published, gazetteer: Gazetteer, found: Found | None = None) -> SentenceFacts:
    """The sentence's clauses, their facts and verdicts, from what the finders ``found`` in it."""
    text = sentence.text
    found = found or find_in_sentence(sentence, published, gazetteer)
    follow = found.follow
    if not found.gate:
        clause = Clause(sentence, 0, len(text), text)
        if follow:
            clause.places = found.places
            clause.dates = found.dates
        return SentenceFacts(sentence, [clause], follow)
    dates, places, weapons, actors = found.dates, found.places, found.weapons, found.actors
    clauses: list[Clause] = []
    for start, end in _split_clauses(sentence):
        piece = text[start:end]
        clause = Clause(
            sentence,
            start,
            end,
            piece,
            dates=_event_dates_of(text, _within(dates, start, end)),
            places=_within(places, start, end),
            weapons=_within(weapons, start, end),
            actors=_within(actors, start, end),
        )
        if not (clause.weapons or cues.ATTACK_ACTION.search(piece) or cues.STRIKE_NOUN.search(piece)
                or cues.ANOTHER.search(piece)):
            clauses.append(clause)  # nothing happens in it: no verdict to reach, no flags to read
            continue
        _read_flags(clause, text)
        if clause.past and clauses and _toll_caused_by(clauses[-1], clause):
            clause.past = False
        if clauses and not clause.dates:
            clause.dates = _offset_from(clauses[-1], piece) or _dates_leading_in(clauses[-1])
            clause.time_anchor = clause.time_anchor or bool(clause.dates)
        coordinate = clause.coordinate = bool(clauses) and _share_with_coordinate(clauses[-1], clause)
        clause.category = _classify(clause)
        if clause.anaphoric and any(_second_since(text[max(0, d.start - 60) : d.start]) for d in clause.dates):
            clause.anaphoric = False  # "the second time since Thursday that X was hit": Thursday's attack
        if coordinate:  # "... and another at B": the same kind of event against the same side
            clause.category = clause.category or clauses[-1].category
            clause.us_target = clause.us_target or clauses[-1].us_target
        clauses.append(clause)
    return SentenceFacts(sentence, clauses, follow)


def _toll_caused_by(previous: Clause, clause: Clause, code: str = "en") -> bool:
    """"A contractor was killed | after a drone targeted the base": the drone caused the toll told just
    before, so it is that story's event, not an earlier one (the clause names no earlier time itself)."""
    return (previous.category is None and bool(cues.TOLL_ONLY.search(previous.text))
            and lang.cues(code, "assembly")["toll_cause"].search(clause.text) is not None
            and not cues.PAST_MARKER.search(clause.text))


def _dates_leading_in(previous: Clause) -> list[DateMention]:
    """The clause before dates this one when its date leads into it or it tells this one's toll.

    "it came less than a month after | rockets hit the camp": the period ends the clause before
    and is the rockets'. "A soldier was wounded yesterday | after a mortar landed": the wounded
    soldier's day is the mortar's.
    """
    if not previous.dates or previous.category is not None:
        return []
    last = previous.dates[-1]
    if last.kind == "relative" and last.end >= previous.end - 2 and cues.LEADS_IN.search(last.text):
        return [last]
    return list(previous.dates) if cues.TOLL_ONLY.search(previous.text) else []


def _offset_from(previous: Clause, text: str) -> list[DateMention]:
    """"..., two days after drones attacked X": X happened two days before the event just told ("followed
    two days later by X": two days after it)."""
    match = cues.ANTECEDENT_OFFSET.match(text)
    if match is None or not previous.dates:
        return []
    anchor = previous.dates[0]
    amount = parse_number(match.group("n")) or 1
    days = amount * (7 if match.group("unit").lower().startswith("week") else 1)
    if match.groupdict().get("later"):
        days = -days  # "followed five days later by ...": after the event just told
    return [replace(anchor, date=anchor.date - dt.timedelta(days=days), kind="offset")]


def _share_with_coordinate(previous: Clause, clause: Clause) -> bool:
    """"A drone was downed at X on Wednesday, while another exploded at Y": same day, same weapon.

    A clause told as an earlier event ("after ...", "in response to ...") shares nothing. True
    when the clause took its weapon from the one before ("and another at B").
    """
    if clause.past or previous.past:
        return False
    if not clause.dates and previous.dates:
        clause.dates = list(previous.dates)
        clause.time_anchor = True
    elif clause.dates and not previous.dates and cues.ANOTHER.search(clause.text):
        previous.dates = list(clause.dates)  # "two drones at A and another at B on Oct. 18"
        previous.time_anchor = True
    one_more = cues.ANOTHER.search(clause.text)
    if not clause.weapons and previous.weapons and one_more:
        count = 1 if one_more.group(0).lower() == "another" else None
        clause.weapons = [replace(w, count=count, role=None) for w in previous.weapons[:1]]
        return True
    return False


def best_place(mentions: list[PlaceMention]) -> PlaceMention | None:
    """The most specific place: a site before a city before a province before a country.

    Two countries and nothing finer ("strikes in Iraq and Syria") pin down no place.
    """
    if not mentions:
        return None
    if all(m.place.precision == "country" for m in mentions) and len({m.place.country for m in mentions}) > 1:
        return None
    return min(mentions, key=lambda m: (_PRECISION_RANK.get(m.place.precision, 4), m.start))
