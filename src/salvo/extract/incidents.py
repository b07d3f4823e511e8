"""Assembling incidents: group the clauses that report one event, then read its fields.

Clauses arrive in reading order. Each in-scope clause joins the most recent
incident of this article it is compatible with (same category, dates that
overlap, places that contain one another, weapons of one family) or starts a new
one. Sentences that only add facts (casualties, a claim) attach afterwards.
Every field is read from the incident's own clauses, so its evidence is exactly
the sentences it rests on.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from salvo import lang
from salvo.extract import cues
from salvo.extract.actors import attribute, attribute_in_article, find_actors, named_claimant
from salvo.extract.casualties import combine_casualties, find_casualties
from salvo.extract.chains import casualty_texts_of
from salvo.extract.clauses import Clause, SentenceFacts, best_place
from salvo.extract.compat import (
    EVENT_NOUN,
    dates_compatible,
    earliest_most_precise,
    many_events,
    names_only,
    places_compatible,
    same_event,
    told_mentions,
    told_weapons,
    weapons_compatible,
)
from salvo.extract.dates import DateMention, find_dates
from salvo.extract.evidence import evidence_of
from salvo.extract.landmarks import Landmark, landmark_date
from salvo.extract.lists import split_by_count, split_by_date, split_by_place
from salvo.extract.members import tell_members
from salvo.extract.named_dates import date_naming_event
from salvo.extract.places import PlaceMention
from salvo.extract.provenance import Locator, Provenance
from salvo.extract.timeline import date_entries
from salvo.extract.weapons import count_projectiles, fired_weapons
from salvo.model import Incident

_UNKNOWN_ORIGIN = re.compile(
    r"\b(?:unknown|unidentified|no\s+one\s+(?:has\s+)?claimed|not\s+(?:yet\s+)?claimed|of\s+unknown\s+origin)\b",
    re.IGNORECASE,
)
_US_NAMED = re.compile(cues.US_WORDS, re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?…][\"”’')\]]*\s*$")
_TITLE_LINES = 3  # a headline behind page furniture ("Society's Child", a section name) is among these
_BORDER = re.compile(r"\bborder\b", re.IGNORECASE)
_INTERCEPT = re.compile(
    r"\b(?:intercept(?:ed|ion)|shot\s+down|downed|engaged\s+(?:and\s+destroyed\s+)?(?:one|two|three|the|a)?)\b",
    re.IGNORECASE,
)


@dataclass
class Draft:
    """An incident being assembled from the clauses that report it."""

    category: str
    clauses: list[Clause] = field(default_factory=list)
    attached: list[SentenceFacts] = field(default_factory=list)
    forced_place: PlaceMention | None = None
    implicit_day: dt.date | None = None  # the story's own incident happened around publication
    sources: list[SentenceFacts] = field(default_factory=list)  # the sentences its clauses come from

    _cache: dict[str, object] = field(default_factory=dict, repr=False)

    def add(self, clause: Clause) -> None:
        self.clauses.append(clause)
        self._cache.clear()

    @property
    def date(self) -> DateMention | None:
        if "date" not in self._cache:
            self._cache["date"] = earliest_most_precise([d for c in self.clauses for d in _event_dates(c)])
        return self._cache["date"]  # type: ignore[return-value]

    @property
    def place(self) -> PlaceMention | None:
        if self.forced_place is not None:
            return self.forced_place
        if "place" not in self._cache:
            self._cache["place"] = best_place([p for c in self.clauses for p in c.target_places])
        return self._cache["place"]  # type: ignore[return-value]

    @property
    def weapon_set(self) -> set[str]:
        if "weapons" not in self._cache:
            self._cache["weapons"] = fired_weapons([w for c in self.clauses for w in told_mentions(c)])
        return self._cache["weapons"]  # type: ignore[return-value]

    def accepts_day(self, date: DateMention) -> bool:
        """Whether a dated report may be this undated story incident, told around publication."""
        if self.implicit_day is None:
            return True
        reach = 1 if self.repeats else 3  # "has again struck": the strikes days before are others
        return self.implicit_day - dt.timedelta(days=reach) <= date.date <= self.implicit_day + dt.timedelta(days=1)

    @property
    def repeats(self) -> bool:
        """Its event is told as one more of its kind ("again")."""
        cue = lang.cues(cues.LANGUAGE, "assembly")["repeated"]
        return any(cue.search(c.text) for c in self.clauses)

    @property
    def last_sentence(self) -> int:
        indices = [c.sentence.index for c in self.clauses] + [f.sentence.index for f in self.attached]
        return max(indices)

    def accepts(self, clause: Clause, date: DateMention | None, place: PlaceMention | None) -> bool:
        if clause.category != self.category:
            return False
        if not places_compatible(self.place, place):
            return False
        # "late Monday" in one sentence and "tonight" in Tuesday's quote: one day apart, same place
        same_place = self.place is not None and place is not None
        own = self.date
        if own is None:
            if clause.past:
                return False  # "a similar attack in May" is not the story's undated incident
            if self.implicit_day is not None and date is not None:
                return self.accepts_day(date)
        if not dates_compatible(own, date, slack_days=1 if same_place else 0):
            return False
        return same_event(clause) or weapons_compatible(self.weapon_set, told_weapons(clause))


def _event_dates(clause: Clause) -> list[DateMention]:
    """The clause's own dates: an anniversary's day never, the day it remembers only when alone."""
    dates = [d for d in clause.dates if d.kind != "anniversary"]
    own = [d for d in dates if d.kind != "commemorated"]
    return own or dates


def _clause_date(clause: Clause) -> DateMention | None:
    return earliest_most_precise(_event_dates(clause))


def _pieces(clause: Clause) -> list[Clause]:
    """The events one clause tells: one per target it lists, else per listed day, else per counted attack."""
    parts = split_by_place(clause)
    if len(parts) > 1:
        return [day for part in parts for day in split_by_date(part)]
    days = split_by_date(clause)
    return days if len(days) > 1 else split_by_count(clause)


#: How many sentences back "on that same day" may find the day it means.
_THAT_DAY_REACH = 3


def group_clauses(facts: list[SentenceFacts], published: dt.date | None = None) -> list[Draft]:
    drafts: list[Draft] = []
    previous_place: dict[str, PlaceMention] = {}  # per category: "the same base" means the last one named
    landmarks: list[Landmark] = []  # well-known incidents the article has named so far
    date_entries(facts)  # "• August 15: ...": a timeline entry's events happened on its day
    tell_members(facts)  # "Two convoys were hit. One ... in X. The second ... in Y.": one attack each
    for position, sentence_facts in enumerate(facts):
        said = cues.THAT_DAY.search(sentence_facts.sentence.text) if position else None
        for index, clause in enumerate(sentence_facts.clauses):
            # "The next day, rockets hit X, and US guns fired back": the day is every event's of the sentence
            that_day = cues.THAT_DAY.search(clause.text) or (said if index and not clause.past else None)
            if that_day is not None and clause.category is not None and not clause.dates:
                told = next((d for back in range(1, min(position, _THAT_DAY_REACH) + 1)
                             if (d := _dates_told(facts[position - back], published))), [])
                if told:  # "On that day": the last date told in the sentences just before ("the next day": after it)
                    after = dt.timedelta(days=1 if that_day.groupdict().get("next") else 0)
                    clause.dates = [replace(told[-1], date=told[-1].date + after)] if after else [told[-1]]
                    clause.past = False
        for clause in sentence_facts.clauses:
            if clause.category is None:
                continue
            retold = False  # "its fighters launched two separate drone attacks" after the attack was told
            for piece in _pieces(clause):
                if retold and piece.counted:
                    continue
                date = _clause_date(piece)
                known = landmark_date(piece, date, published, landmarks)  # "since the killing of Soleimani"
                if known is not None:
                    piece.dates, date = [d for d in piece.dates if d is not date] + [known], known
                place = best_place(piece.target_places)
                coarse = place is None or place.place.precision in ("admin1", "country")
                if coarse and piece.pronoun_place and piece.category in previous_place:
                    place = previous_place[piece.category]
                target = next(
                    (d for d in reversed(drafts) if d.accepts(piece, date, place)
                     and not ((piece.listed or (piece.coordinate and piece.target_places))
                              and any(c.sentence is piece.sentence for c in d.clauses))),
                    None,
                )
                retold = retold or (target is not None and piece.counted)
                if target is not None and many_events(piece, date, place):
                    continue  # "the attacks, mainly by drones and rockets, ...": about many, adds to none
                if target is None and piece.anaphoric:
                    continue  # "the attack took place at X, a claim officials deny": refers back, adds no event
                if target is None:
                    target = Draft(piece.category or "attack")
                    if not drafts and not piece.past:
                        target.implicit_day = published
                    if place is not None and place is not best_place(piece.target_places):
                        target.forced_place = place  # "the same base", "near the airport": the site named before
                    drafts.append(target)
                target.add(piece)
                if all(f is not sentence_facts for f in target.sources):
                    target.sources.append(sentence_facts)
                if target.place is not None:
                    previous_place[target.category] = target.place
    drafts = _fold_headlines(drafts)
    _attach_follow_ups(drafts, facts)
    return drafts


def _dates_told(sentence_facts: SentenceFacts, published: dt.date | None) -> list[DateMention]:
    dates = [d for c in sentence_facts.clauses for d in c.dates]
    return dates or find_dates(sentence_facts.sentence.text, published)


def _fold_headlines(drafts: list[Draft]) -> list[Draft]:
    """A headline names the story's incident without its date ("Tower 22 attack: what we know"):
    it joins the first incident of its kind the body tells at a compatible place."""
    kept: list[Draft] = []
    for draft in drafts:
        headline = all(_title_like(c.sentence.index, c.sentence.text) for c in draft.clauses) and draft.date is None
        last = max(c.sentence.index for c in draft.clauses)
        body = next(
            (other for other in drafts if other is not draft and other.category == draft.category
             and any(c.sentence.index > last for c in other.clauses)
             and places_compatible(other.place, draft.place)
             and weapons_compatible(other.weapon_set, draft.weapon_set)
             and not (draft.repeats and other.date is not None and not draft.accepts_day(other.date))),
            None,
        ) if headline else None
        if body is None:
            kept.append(draft)
            continue
        for clause in reversed(draft.clauses):
            body.clauses.insert(0, clause)
        body._cache.clear()
        body.sources[:0] = [f for f in draft.sources if all(f is not g for g in body.sources)]
    return kept


def _title_like(index: int, text: str) -> bool:
    """A headline: one of the first lines (page furniture may stand before it), without a sentence's end."""
    return index == 0 or (index <= _TITLE_LINES and not _SENTENCE_END.search(text))


def _elsewhere(sentence_facts: SentenceFacts) -> bool:
    text = sentence_facts.sentence.text
    in_region = any(p.place.country in ("IQ", "SY", "JO") for c in sentence_facts.clauses for p in c.places)
    return not in_region and bool(cues.OUT_OF_SCOPE_ACTOR.search(text) or cues.FOREIGN_THEATRE.search(text))


def _attach_follow_ups(drafts: list[Draft], facts: list[SentenceFacts]) -> None:
    used = {c.sentence.index for d in drafts for c in d.clauses}
    for sentence_facts in facts:
        index = sentence_facts.sentence.index
        if index in used or not sentence_facts.follow_up or not drafts:
            continue
        if _elsewhere(sentence_facts):
            continue  # "the Houthis said they shot down a drone off Yemen": another war's news
        places = [p for c in sentence_facts.clauses for p in c.places]
        dates = [d for c in sentence_facts.clauses for d in _event_dates(c)]
        chosen: Draft | None = None
        for draft in drafts:
            if draft.place is not None and any(p.place.name == draft.place.place.name for p in places):
                chosen = draft
                break
            if draft.date is not None and dates and any(
                d.precision == "day" and d.date == draft.date.date for d in dates
            ):
                chosen = draft
                break
        if chosen is None:
            preceding = [d for d in drafts if min(c.sentence.index for c in d.clauses) < index]
            said = EVENT_NOUN.findall(sentence_facts.sentence.text.lower())
            if said and len(set(said)) == 1:  # "killed in the attack" belongs to an attack
                wanted = "strike" if said[0].startswith(("strike", "air", "raid")) else "attack"
                preceding = [d for d in preceding if d.category == wanted] or preceding
            if preceding:
                nearest = max(preceding, key=lambda d: d.last_sentence)
                if index - nearest.last_sentence <= 2:
                    chosen = nearest
        if chosen is not None:
            chosen.attached.append(sentence_facts)
        if lang.cues(cues.LANGUAGE, "assembly")["covers_all"].search(sentence_facts.sentence.text):
            for draft in drafts:  # "both attacks": each attack told before it, not only the nearest
                if draft is not chosen and draft.category == "attack" and draft.last_sentence < index:
                    draft.attached.append(sentence_facts)


def _countries(draft: Draft) -> set[str]:
    return {p.place.country for c in draft.clauses for p in c.target_places}




def _naming(texts: list[str], actor: str) -> tuple[int, int, int] | None:
    """Where the evidence names the perpetrator: (index into ``texts``, start, end), if it does."""
    if actor in ("unknown",):
        return None
    for index, text in enumerate(texts):
        for mention in find_actors(text):
            if mention.actor == actor:
                return index, mention.start, mention.end
        if actor in text:  # a name no lexicon knows ("a group calling itself X")
            start = text.index(actor)
            return index, start, start + len(actor)
    return None


def finalise(
    draft: Draft, story_day: dt.date | None, article_text: str | None = None,
    locate: Locator | None = None, covered: tuple[int | None, int | None] = (None, None),
) -> list[Incident]:
    """Read the fields of one incident from its clauses and attached sentences.

    ``article_text`` is the context of the incident's claims (and the fallback when its evidence names
    no one); ``locate`` finds the sentence of a mention told in another one (see ``provenance``).
    """
    prov = Provenance(draft.clauses, locate)
    clause_texts = [c.text for c in draft.clauses]
    follow_texts = [f.sentence.text for f in draft.attached]
    evidence = evidence_of(draft.clauses, draft.attached, draft.category)

    date = draft.date or date_naming_event(draft.attached, draft.category)  # "the December 7 attack"
    incident = Incident(category=draft.category)  # type: ignore[arg-type]
    if date is not None:
        incident.date, incident.date_precision = date.date, date.precision  # type: ignore[assignment]
        prov.mention("date", date)
    elif story_day is not None and not any(c.past for c in draft.clauses):
        # an undated incident told without a past marker happened on the story's day
        incident.date, incident.date_precision = story_day, "day"

    place = draft.place
    if place is not None:
        p = place.place
        incident.place = p.name if p.precision != "country" else None
        incident.admin1 = p.admin1 if p.precision != "admin1" else (p.admin1 or p.name)
        incident.country = p.country
        incident.lat, incident.lon = p.lat, p.lon
        incident.location_precision = p.precision  # type: ignore[assignment]
        prov.mention("place", place)

    weapons = set(draft.weapon_set)
    if draft.category == "strike":
        drone_strike = any(w.weapon == "drone" and w.role == "strike" for c in draft.clauses for w in c.weapons)
        if drone_strike or "drone" in weapons:
            weapons.discard("drone")
            weapons.add("airstrike")
        weapons -= {"rocket", "mortar", "indirect_fire"} if "airstrike" in weapons else set()
        if not weapons:
            weapons.add("airstrike")  # US strikes on militias in Iraq and Syria come from the air unless told
    else:
        weapons.discard("airstrike")
        if any(w.weapon == "drone" and w.role != "series" for c in draft.clauses for w in c.weapons):
            weapons.add("drone")  # a militia's "drone strike" on a base is a drone attack
        # the generic word gives way to the specific one: "rockets ... the missiles landed"
        if weapons & {"rocket", "mortar"}:
            weapons -= {"indirect_fire", "artillery", "missile"}
        if weapons & {"ballistic_missile", "cruise_missile"}:
            weapons.discard("missile")
    incident.weapons = sorted(weapons)
    incident.projectiles = count_projectiles(clause_texts)
    if draft.category == "strike" and "airstrike" in weapons:
        incident.projectiles = None
    prov.weapons(incident.weapons, draft.category)
    prov.projectiles(incident.projectiles)

    # A follow-up sentence counts the victims of this incident only in its clauses that tell no other event.
    own = {id(c) for c in draft.clauses}
    neighbours = [  # the other clauses of this incident's sentences ("..., saying there were no casualties")
        c for f in draft.sources for c in f.clauses if id(c) not in own and names_only(c.text, draft.category)
    ]
    follow = [
        c for c in neighbours + [c for f in draft.attached for c in f.clauses]
        if not c.past and c.category in (None, draft.category)
        and not cues.ISIS_TARGET.search(c.text) and not cues.OUT_OF_SCOPE_ACTOR.search(c.text)
    ]
    casualties = combine_casualties(casualty_texts_of(draft.category, clause_texts + [c.text for c in follow]),
                                    draft.category)
    incident.killed, incident.injured = casualties.killed, casualties.injured
    prov.casualties(draft.clauses + follow, incident.killed, incident.injured)
    if draft.category == "attack" and not (incident.killed or incident.injured):
        # "no casualties were reported in the three attacks": the article's denial for all its attacks
        incident.killed = incident.killed if incident.killed is not None else covered[0]
        incident.injured = incident.injured if incident.injured is not None else covered[1]

    us_acts = any(c.us_actor for c in draft.clauses)
    if draft.category == "strike":
        # Strikes on Iran's allies in Iraq and Syria are American unless the text says nobody knows.
        unknown = any(_UNKNOWN_ORIGIN.search(t) for t in clause_texts + follow_texts)
        if us_acts or not unknown:
            incident.perpetrator, incident.attribution = "United States", "claimed"
            prov.us_actor()
        else:
            incident.perpetrator, incident.attribution = "unknown", "none"
    else:
        texts = [c.sentence.text for c in draft.clauses] + follow_texts
        sentences = [c.sentence for c in draft.clauses] + [f.sentence for f in draft.attached]
        if article_text is not None:
            perpetrator, attribution = attribute_in_article(texts, "attack", article_text)
        else:
            perpetrator, attribution = attribute(texts, "attack")
        if perpetrator == "United States":
            perpetrator, attribution = "unknown", "none"
        if perpetrator in ("unknown", "Iran-backed militias"):
            claimant = named_claimant(texts)
            if claimant is not None:  # "a group calling itself X claimed": X, even if no lexicon knows it
                perpetrator, attribution = claimant, "claimed"
        incident.perpetrator, incident.attribution = perpetrator, attribution  # type: ignore[assignment]
        prov.attribution(_naming(texts, perpetrator), sentences)

    intercept = next(((i, m) for i, t in enumerate(clause_texts + follow_texts) if (m := _INTERCEPT.search(t))), None)
    incident.intercepted = True if intercept is not None else None
    if intercept is not None:
        prov.in_texts("intercepted", intercept[0], *intercept[1].span(), [f.sentence for f in draft.attached])
    incident.target = place.text if place is not None else None
    incident.evidence = evidence
    incident.provenance = prov.fields

    if draft.category == "strike" and incident.location_precision in (None, "country"):
        # "facilities in Syria and one in Iraq": one strike in each country
        for clause in draft.clauses:
            countries = {p.place.country for p in clause.target_places} & {"IQ", "SY"}
            by_country = lang.cues(cues.LANGUAGE, "assembly")["per_country"].search(clause.text)
            if len(countries) == 2 and (by_country or not _BORDER.search(clause.text)):
                tolled = _tolled_in(draft)
                return [_followed_to(_with_country(incident, code, clause, locate, tolled), draft, locate)
                        for code in sorted(countries)]
        return [_followed_to(incident, draft, locate)]
    return [incident]


def _tolled_in(draft: Draft) -> set[str]:
    """The countries whose places the draft's follow-up tolls name ("the raids near al-Qaim killed 25")."""
    out: set[str] = set()
    for f in draft.attached:
        for c in f.clauses:
            countries = {p.place.country for p in c.target_places}
            toll = find_casualties(c.text) if len(countries) == 1 else None
            if toll is not None and (toll.killed is not None or toll.injured is not None):
                out |= countries
    return out


def _with_country(incident: Incident, code: str, clause: Clause, locate: Locator | None,
                  tolled: set[str] | None = None) -> Incident:
    """One country's strike of a strike told in two; a toll told at the other country's place is not its."""
    where = Provenance([clause], locate)
    where.mention("place", next(p for p in clause.target_places if p.place.country == code))
    provenance = {k: v for k, v in incident.provenance.items() if k != "place"} | where.fields
    elsewhere = tolled is not None and len(tolled) == 1 and code not in tolled
    return replace(incident, country=code, place=None, admin1=None, lat=None, lon=None,
                   location_precision="country", evidence=list(incident.evidence), provenance=provenance,
                   killed=None if elsewhere else incident.killed, injured=None if elsewhere else incident.injured)


def _followed_to(incident: Incident, draft: Draft, locate: Locator | None) -> Incident:
    """A strike told only by its country takes the one town or site its follow-ups name there ("US jets
    struck sites in Iraq and Syria. Militia officials said the raids near al-Qaim killed 25")."""
    named = {p.place.name: (c, p) for f in draft.attached for c in f.clauses for p in c.target_places
             if p.place.precision in ("site", "city") and incident.country in (None, p.place.country)}
    if len(named) != 1:
        return incident
    ((clause, mention),) = named.values()
    where = Provenance([clause], locate)
    where.mention("place", mention)
    p = mention.place
    return replace(incident, place=p.name, admin1=p.admin1, country=p.country, lat=p.lat, lon=p.lon,
                   location_precision=p.precision, provenance=incident.provenance | where.fields)  # type: ignore[arg-type]


def has_scope(draft: Draft) -> bool:
    """An attack needs a US or coalition target somewhere in its clauses; a strike, a US actor or militia target.

    Either needs an anchor: a place or a time. A clause with neither is a passing remark.
    """
    # "the US conducted strikes in Iraq and Syria" names where, if not told as an earlier event
    named_place = any(c.target_places and not c.past for c in draft.clauses)
    if draft.place is None and not named_place and draft.date is None and not any(c.time_anchor for c in draft.clauses):
        return False
    if draft.category == "attack":
        if any(cues.OTHER_VICTIM.search(c.sentence.text) for c in draft.clauses):
            return any(c.us_named for c in draft.clauses)  # an attack on Iraq's leaders, unless the US is named
        site = draft.place is not None and draft.place.place.precision == "site"
        return site or any(c.us_target for c in draft.clauses) or any(
            c.us_target for f in draft.attached for c in f.clauses
        )
    # "The US said its Friday strikes ...": the US named in the sentence of a strike is its author
    return any(
        c.us_actor or cues.MILITIA_TARGET.search(c.text) or _US_NAMED.search(c.sentence.text) for c in draft.clauses
    )
