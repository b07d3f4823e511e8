"""The article an incident is read in: one actor scan and one cue reading serve every sentence and
every incident, and give what reading each piece alone gives. Short texts we wrote ourselves."""

from __future__ import annotations

import datetime as dt

from salvo.extract.actors import ArticleContext, find_actors, line_spans, scan_actors
from salvo.extract.actors.sentence_cues import SentenceCues, _sentences, read_cues
from salvo.model import Article
from salvo.pipeline import extract_document
from salvo.sentences import split_sentences, split_span

ARTICLE = (
    "Rockets hit a base hosting US troops on Monday\n"
    "  Three rockets struck Ain al-Asad air base, the coalition said. Kata'ib Hezbollah denied a role.  \r\n"
    "\n"
    "Subscribe to our newsletter for breaking news.\n"
    "Officials blamed Iran-backed\n"
    "militias for the attack, and the Islamic Resistance in Iraq later claimed it.\u2028"
    "Nobody else spoke. IRGC commanders said nothing\n"
)


def _pieces(text: str) -> list[tuple[int, int]]:
    return [(s.start, s.end) for s in split_sentences(text)]


def test_a_sentence_takes_its_actors_from_the_article_scan_as_if_read_alone() -> None:
    context = ArticleContext(ARTICLE)
    for a, b in _pieces(ARTICLE):
        piece = ARTICLE[a:b]
        assert context.actors_in(a, b, piece) == find_actors(piece), piece


def test_a_match_across_a_line_break_leaves_the_lines_to_be_read_alone() -> None:
    scan = scan_actors(ARTICLE)
    generic = next(m for m in scan.mentions if m.kind == "generic")
    assert "\n" in generic.text  # "Iran-backed\nmilitias": one label over two lines
    head = ARTICLE.index("Officials")
    assert scan.within(ARTICLE, head, ARTICLE.index("\n", head)) is None


def test_a_piece_glued_to_a_word_is_never_taken_from_the_scan() -> None:
    text = "The group Kata'ib Hezbollah fired."
    start = text.index("Kata'ib")
    assert scan_actors(text).within(text, start + 1, len(text)) is None  # "ata'ib ...": cut inside a word


def test_a_text_with_letters_the_engine_folds_apart_reads_as_the_case_blind_pattern() -> None:
    # a long s (or a dotless i, a Greek word) sends the scan to the case-insensitive patterns: same mentions
    plain = "KATA'IB HEZBOLLAH and Iranian-backed militias struck the base; the Islamic Resistance in Iraq, x"
    for odd in ("\u017f", "\u0131", "\u03c3"):
        text = plain[:-1] + odd
        assert [(m.start, m.end, m.actor) for m in find_actors(text)] == [
            (m.start, m.end, m.actor) for m in find_actors(plain)], odd


def test_line_spans_are_the_spans_split_sentences_reads_by_default() -> None:
    for text in (ARTICLE, "", "\n\n  \n", "one line", "a\r\nb\rc\u2029d\x0ce  \n  f"):
        assert [(s.start, s.end) for sp in line_spans(text) for s in split_span(text, sp)] == _pieces(text)


def test_the_context_takes_the_sentence_stage_s_sentences_and_cuts_the_clutter_itself() -> None:
    doc = extract_document(Article(id="t", text=ARTICLE, published=dt.date(2024, 1, 8)))
    assert doc.context is not None
    assert doc.context.sentences == _sentences(ARTICLE)
    clutter = ARTICLE.index("Subscribe")
    assert not any(s.start == clutter for s in doc.sentences)  # the stage drops it, attribution reads it
    assert any(a == clutter for a, _ in doc.context.sentences)


def test_cues_read_sentence_by_sentence_are_the_article_s_cues_in_order() -> None:
    mentions = find_actors(ARTICLE)
    reading = SentenceCues(ARTICLE, "attack", mentions, _sentences(ARTICLE))
    every = reading.every()
    assert every == read_cues(ARTICLE, "attack", mentions, _sentences(ARTICLE))
    assert [c.cue.start for c in every] == sorted(c.cue.start for c in every)
    assert {c.cue.actor for c in every if c.cue.attribution == "claimed"} >= {"Islamic Resistance in Iraq"}
    claims = reading.claims()
    assert set(claims) <= set(every) and all(c.rank != 2 for c in claims)  # plain agency left out
    assert {c for c in every if c.rank != 2} == set(claims)
