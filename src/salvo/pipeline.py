"""The extraction pipeline: one visible composition of small stages over one ``Document``.

    stage       needs                                   adds
    clean       article                                 text, spans (page clutter dropped)
    sentences   text, spans                             sentences (verbatim, with offsets)
    published   article, text                           published (the input's date, else the text's)
    gate        sentences                               gates: which finders each sentence needs
    dates       gates, published                        date mentions (resolved against the publication day)
    places      gates                                   place mentions (gazetteer entries, qualifiers)
    weapons     gates                                   weapon mentions (counts, roles)
    actors      gates                                   actor mentions
    clauses     sentences, published, the four above    clauses with their verdicts (verdict mentions)
    casualties  clauses                                 casualty mentions (killed / injured phrases, counts)
    incidents   clauses, published                      drafts (clauses grouped, follow-ups attached)
    fields      drafts, actors, casualties              incidents, each value with its provenance; claim
                                                        mentions (a story of one attack whose evidence
                                                        names no one)
    verbatim    incidents                               sentences, mentions, evidence and provenance cut
                                                        from the original text (where a pack normalised it)

Each article is read in its language's pack (``article.language``; ``doc.lang``): the finders
take that code, and the cue bindings read it from ``salvo.lang.reading``. A language without a
pack is kept and left unread.

``compose`` checks when this module loads that every stage's needs were added by an earlier
one. ``extract_document`` runs it on one article; ``extract_article`` (what the CLI, store, watch
and bench call) keeps its incidents; ``extract_articles`` streams many.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import Any

from salvo import lang
from salvo.clean import content_spans
from salvo.document import Document, Mention, Pipeline, Stage, compose
from salvo.errors import InputError
from salvo.extract import cues
from salvo.extract.actors import find_actors
from salvo.extract.casualties import covering_zeros, find_casualties
from salvo.extract.clauses import Clause, Found, analyse_sentence, gate_sentence
from salvo.extract.dates import find_dates, published_from_text, year_of_title
from salvo.extract.incidents import finalise, group_clauses, has_scope
from salvo.extract.places import Gazetteer
from salvo.extract.provenance import Located, entry, in_hint
from salvo.extract.weapons import find_weapons
from salvo.lang.reading import Normalised, normalise, normaliser
from salvo.merge import assign_incident_ids
from salvo.model import Article, ExtractionResult, Incident, bound_incident, shown
from salvo.sentences import Sentence, split_sentences

# The budget of one article, after which it is cut (and the cut logged, see ``extract_document``): sizes,
# not seconds, so that a cut article gives the same incidents on every machine. Every stage is linear in
# the sentences but grouping, which compares a clause with the clauses before it: the cued sentences
# bound that. Real reports hold a few dozen sentences, a few of them cued.
#: Articles longer than this are read only up to here: incidents are reported early in a story.
MAX_CHARS = 200_000
#: Sentences read (a list of 10,000 short lines is read to here).
MAX_SENTENCES = 5_000
#: Longest sentence read: a longer one (a table, a list run together) is read up to here.
MAX_SENTENCE_CHARS = 2_000
#: Sentences naming an action or a weapon (the gate's), and their characters: past either the article is cut.
MAX_CUED_SENTENCES = 300
MAX_CUED_CHARS = 60_000

log = logging.getLogger(__name__)


def publication_date(article: Article) -> dt.date | None:
    return article.published or published_from_text(article.text[:MAX_CHARS], article.title)


def _clean(doc: Document) -> None:
    doc.text = doc.article.text[:MAX_CHARS]
    if len(doc.article.text) > MAX_CHARS:
        doc.notes.append(f"cut at {MAX_CHARS:,} of its {len(doc.article.text):,} characters")
    reading = None if normaliser(doc.lang).identity else normalise(doc.text, doc.lang)
    if reading is not None and reading.text != doc.text:  # the pack normalises its script: the stages read that form
        doc.reading, doc.text = reading, reading.text
    doc.spans = content_spans(doc.text)


def _sentences(doc: Document) -> None:
    doc.sentences = split_sentences(doc.text, doc.spans)
    if len(doc.sentences) > MAX_SENTENCES:
        doc.notes.append(f"cut at {MAX_SENTENCES:,} of its {len(doc.sentences):,} sentences")
        del doc.sentences[MAX_SENTENCES:]
    long = [n for n, s in enumerate(doc.sentences) if len(s.text) > MAX_SENTENCE_CHARS]
    for n in long:  # still a verbatim slice of the article: its first characters
        s = doc.sentences[n]
        doc.sentences[n] = Sentence(s.index, s.start, s.start + MAX_SENTENCE_CHARS, s.text[:MAX_SENTENCE_CHARS])
    if long:
        doc.notes.append(f"{len(long):,} sentences over {MAX_SENTENCE_CHARS:,} characters read up to there")


def _published(doc: Document) -> None:
    doc.published = doc.article.published or published_from_text(doc.text, doc.article.title)
    # without a publication day, a year the title gives still dates "August 15" (never "Monday")
    doc.reference = doc.published or year_of_title(doc.text)


def _gate(doc: Document) -> None:
    doc.found = [gate_sentence(sentence) for sentence in doc.sentences]
    count = chars = 0
    for n, found in enumerate(doc.found):
        if not found.gate:
            continue
        count, chars = count + 1, chars + len(doc.sentences[n].text)
        if count > MAX_CUED_SENTENCES or chars > MAX_CUED_CHARS:
            doc.notes.append(
                f"cut at sentence {n + 1:,} of {len(doc.sentences):,}: over {MAX_CUED_SENTENCES} sentences "
                f"or {MAX_CUED_CHARS:,} characters name an action or a weapon"
            )
            del doc.sentences[n:], doc.found[n:]
            return


def _needing(doc: Document, follow_ups: bool) -> Iterator[tuple[Sentence, Found]]:
    """The sentences a finder reads: those naming an action or a weapon (for dates and places, follow-ups too)."""
    for sentence, found in zip(doc.sentences, doc.found, strict=True):
        if found.gate or (follow_ups and found.follow):
            yield sentence, found


def _dates(doc: Document) -> None:
    for sentence, found in _needing(doc, follow_ups=True):
        found.dates = find_dates(sentence.text, doc.reference, doc.lang)
        _keep(doc, "date", sentence, found.dates)


def _places(gazetteer: Gazetteer) -> Stage:
    def run(doc: Document) -> None:
        for sentence, found in _needing(doc, follow_ups=True):
            found.places = gazetteer.find(sentence.text)
            _keep(doc, "place", sentence, found.places)

    return Stage("places", ("gates",), ("places",), run)


def _weapons(doc: Document) -> None:
    for sentence, found in _needing(doc, follow_ups=False):
        found.weapons = find_weapons(sentence.text, doc.lang)
        _keep(doc, "weapon", sentence, found.weapons)


def _actors(doc: Document) -> None:
    for sentence, found in _needing(doc, follow_ups=False):
        found.actors = find_actors(sentence.text, doc.lang)
        _keep(doc, "actor", sentence, found.actors)


def _reading(kind: str, record: Any) -> tuple[str | None, int | None, str | None]:
    """A finder record's (value, number, role) as a mention holds them."""
    if kind == "date":
        return record.date.isoformat(), None, record.precision
    if kind == "place":
        return record.place.name, None, record.place.precision
    if kind == "weapon":
        return record.weapon, record.count, record.role
    return record.actor, None, record.kind


def _keep(doc: Document, kind: str, s: Sentence, records: list[Any]) -> None:
    """Finder records of one sentence as mentions at article offsets (each remembers its record)."""
    for r in records:
        doc.add_mention(Mention(kind, s.index, s.start + r.start, s.start + r.end, r.text, *_reading(kind, r)), r)


def _clauses(gazetteer: Gazetteer) -> Stage:
    def run(doc: Document) -> None:
        doc.facts = [
            analyse_sentence(sentence, doc.reference, gazetteer, found)
            for sentence, found in zip(doc.sentences, doc.found, strict=True)
        ]
        for facts in doc.facts:
            for clause in facts.clauses:
                _keep_clause_mentions(doc, clause)

    return Stage("clauses", ("sentences", "published", "dates", "places", "weapons", "actors"),
                 ("clauses", "verdicts"), run)


def _keep_clause_mentions(doc: Document, clause: Clause) -> None:
    """Mentions the clause stage derived (a date counted back, a weapon shared by "and another"), and verdicts."""
    s = clause.sentence
    _keep(doc, "date", s, clause.dates)
    _keep(doc, "place", s, clause.places)
    _keep(doc, "weapon", s, clause.weapons)
    _keep(doc, "actor", s, clause.actors)
    if clause.category is not None:
        doc.add_mention(Mention("verdict", s.index, s.start + clause.start, s.start + clause.end, clause.text,
                                value=clause.category))


def _casualties(doc: Document) -> None:
    """Casualty phrases of every clause (read once: ``fields`` finds them in the reader's cache)."""
    for facts in doc.facts:
        s = facts.sentence
        for clause in facts.clauses:
            for kind, start, end, count in find_casualties(clause.text, doc.lang).parts:
                offset = s.start + clause.start
                doc.add_mention(Mention("casualty", s.index, offset + start, offset + end, clause.text[start:end],
                                        value=kind, number=count, role=kind))


def _incidents(doc: Document) -> None:
    doc.drafts = [d for d in group_clauses(doc.facts, doc.published) if has_scope(d)]


def _fields(doc: Document) -> None:
    drafts = doc.drafts
    # An undated incident told without a past marker happened on the story's day: the lead's own
    # date when the text gives one, the publication day for the lead itself.
    lead_date = drafts[0].date if drafts else None
    story_day = lead_date.date if lead_date is not None and lead_date.precision == "day" else None
    if lead_date is None and drafts and not any(c.past for c in drafts[0].clauses):
        story_day = doc.published  # an undated lead told as news happened on the story's day, and so did its sequels

    def locate(record: Located, hint: Sentence | None) -> Sentence | None:
        """A record's sentence: the one it was found in, else the clause's, else the nearest before."""
        known = doc.mention_of(record)
        if known is not None:
            return doc.sentences[known.sentence]
        here = in_hint(record, hint)
        before = doc.sentences[: hint.index] if hint is not None else doc.sentences
        return here or next((s for s in reversed(before) if in_hint(record, s)), None)

    covered = covering_zeros(doc.text)  # "no casualties in the three attacks" covers every attack told
    told = [{c.sentence.index for c in d.clauses} | {f.sentence.index for f in d.attached} for d in drafts]
    for position, draft in enumerate(drafts):
        fallback = doc.published if position == 0 else story_day
        others = set().union(*told[:position], *told[position + 1 :]) - told[position]
        context = _without(doc, {i for i in others if cues.SINGLE_CLAIM.search(doc.sentences[i].text)})
        for incident in finalise(draft, fallback, article_text=context, locate=locate, covered=covered):
            _name_the_actor(doc, incident)
            doc.incidents.append(incident)


def _without(doc: Document, sentences: set[int]) -> str:
    """The article as the context of one incident's claims, less ``sentences`` (blanked, offsets kept):
    the claims of one event told with other incidents ("X claimed the barrage") stay with their own."""
    if not sentences:
        return doc.text
    text = list(doc.text)
    for index in sentences:
        s = doc.sentences[index]
        text[s.start : s.end] = " " * (s.end - s.start)
    return "".join(text)


def _name_the_actor(doc: Document, incident: Incident) -> None:
    """The perpetrator's entry points at its name: beside the cue that gave it when the actor stage found
    that name in the cue's sentence, else (a claim read in the article's context) at the article's first
    sentence naming it; the attribution keeps the cue, or takes that sentence too."""
    cue = incident.provenance.get("perpetrator")
    if cue is None:
        if incident.perpetrator in ("unknown", "United States") or incident.category != "attack":
            return
        named = _first_naming(doc, incident.perpetrator)
        if named is not None:
            incident.provenance["perpetrator"] = incident.provenance["attribution"] = named
        return
    names = [m for m in doc.of_kind("actor") if m.sentence == cue["sentence"] and m.value == incident.perpetrator]
    if names:
        nearest = min(names, key=lambda m: abs(m.start - cue["start"]))
        sentence = doc.sentences[nearest.sentence]
        offset = sentence.start
        incident.provenance["perpetrator"] = entry(sentence, nearest.start - offset, nearest.end - offset)


def _first_naming(doc: Document, actor: str) -> dict[str, Any] | None:
    """The first place the document names ``actor``: an actor mention, else the name as written (a group
    no lexicon knows, "a group calling itself X")."""
    mention = next((m for m in doc.of_kind("actor") if m.value == actor), None)
    if mention is not None:
        sentence = doc.sentences[mention.sentence]
        return entry(sentence, mention.start - sentence.start, mention.end - sentence.start)
    for sentence in doc.sentences:
        at = sentence.text.find(actor)
        if at >= 0:
            return entry(sentence, at, at + len(actor))
    return None


def _verbatim(doc: Document) -> None:
    """Back to the original text where the stages read a normalised one: sentences, mentions,
    evidence and provenance are cut from the article as written."""
    reading = doc.reading
    if reading is None:
        return
    original = doc.article.text[:MAX_CHARS]

    def cut(start: int, end: int) -> tuple[int, int, str]:
        a, b = reading.original_span(start, end)
        return a, b, original[a:b]

    normalised = [(s, cut(s.start, s.end)) for s in doc.sentences]
    doc.sentences = [Sentence(s.index, a, b, t) for s, (a, b, t) in normalised]
    doc.mentions = [replace(m, start=a, end=b, text=t) for m in doc.mentions for a, b, t in [cut(m.start, m.end)]]
    for incident in doc.incidents:
        incident.evidence = [_original_of(reading, original, doc.text, e) for e in incident.evidence]
        if incident.target is not None:  # "as the text names it": the words as written, not as read
            incident.target = _original_of(reading, original, doc.text, incident.target)
        for value in incident.provenance.values():
            if isinstance(value, dict) and "start" in value:
                a, b, t = cut(value["start"], value["end"])
                value.update(start=a, end=b, text=t)
                if "sentence" in value and 0 <= value["sentence"] < len(doc.sentences):
                    value["sentence_text"] = doc.sentences[value["sentence"]].text
    doc.text = original


def _original_of(reading: Normalised, original: str, text: str, piece: str) -> str:
    """The original words a piece of the reading text was made from (the piece itself if not found)."""
    at = text.find(piece)
    if at < 0:
        return piece
    a, b = reading.original_span(at, at + len(piece))
    return original[a:b]


def build(gazetteer: Gazetteer) -> Pipeline:
    """The one composition of the stages (checked: each stage's needs come from an earlier one)."""
    return compose([
        Stage("clean", ("article",), ("text", "spans"), _clean),
        Stage("sentences", ("text", "spans"), ("sentences",), _sentences),
        Stage("published", ("article", "text"), ("published",), _published),
        Stage("gate", ("sentences",), ("gates",), _gate),
        Stage("dates", ("gates", "published"), ("dates",), _dates),
        _places(gazetteer),
        Stage("weapons", ("gates",), ("weapons",), _weapons),
        Stage("actors", ("gates",), ("actors",), _actors),
        _clauses(gazetteer),
        Stage("casualties", ("clauses",), ("casualties",), _casualties),
        Stage("incidents", ("clauses", "published"), ("drafts",), _incidents),
        Stage("fields", ("drafts", "actors", "casualties"), ("incidents",), _fields),
        Stage("verbatim", ("incidents",), ("verbatim",), _verbatim),
    ])


_BUILT: dict[int, tuple[Gazetteer, Pipeline]] = {}


def pipeline(gazetteer: Gazetteer | None = None) -> Pipeline:
    """The pipeline for a gazetteer (the default one unless given), composed once."""
    gazetteer = gazetteer or Gazetteer.default()
    built = _BUILT.get(id(gazetteer))
    if built is None or built[0] is not gazetteer:
        built = _BUILT[id(gazetteer)] = (gazetteer, build(gazetteer))
    return built[1]


def extract_document(article: Article, gazetteer: Gazetteer | None = None) -> Document:
    """The article's document after every stage; an article in another language is left unread."""
    code = article.language or "en"
    doc = Document(article, lang=code)
    if code not in lang.available():
        return doc
    with lang.reading(code):
        pipeline(gazetteer)(doc)
    for note in doc.notes:  # the budget's cuts: the article was read in part, and the user is told
        log.warning("article %s: %s (the extraction budget)", shown(article.id), note)
    return doc


def extract_article(article: Article, gazetteer: Gazetteer | None = None) -> list[Incident]:
    """Every in-scope incident one article reports, each with verbatim evidence and provenance."""
    return [bound_incident(incident) for incident in extract_document(article, gazetteer).incidents]


def extract_articles(articles: Iterable[Article]) -> Iterator[ExtractionResult]:
    gazetteer = Gazetteer.default()
    for article in articles:
        yield ExtractionResult(article=article, incidents=extract_article(article, gazetteer))


ErrorSink = Callable[[InputError], None]


def extract_each(items: Iterable[Article | InputError], on_error: ErrorSink) -> Iterator[ExtractionResult]:
    """Extraction result per article; input errors and extraction failures go to ``on_error``."""
    gazetteer = Gazetteer.default()
    for item in items:
        if isinstance(item, InputError):
            on_error(item)
            continue
        try:
            yield ExtractionResult(article=item, incidents=extract_article(item, gazetteer))
        except Exception as exc:  # one article's failure must not stop the batch
            on_error(
                InputError(f"article {item.id}", None, f"extraction failed: {type(exc).__name__}: {exc}")
            )


def with_incident_ids(results: Iterable[ExtractionResult]) -> Iterator[ExtractionResult]:
    """The run's results with ``incident_id`` set across the run (reports of one incident share it).

    Merging must see every report of the run, so the results are held in memory until it is done.
    """
    batch = list(results)
    assign_incident_ids(batch)
    yield from batch


def result_line(result: ExtractionResult) -> str:
    """One output line of ``salvo extract``."""
    return json.dumps(result.to_json(), ensure_ascii=False) + "\n"
