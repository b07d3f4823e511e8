"""The date stage: time anchors in sentences and the publication date, on short texts we wrote."""

from __future__ import annotations

import datetime as dt

import pytest

from salvo.extract.dates import DateMention, find_dates, published_from_text

D = dt.date
MON = D(2021, 7, 5)  # a Monday
WED = D(2021, 7, 7)  # a Wednesday


def spans(text: str, published: dt.date | None) -> list[tuple[str, dt.date, str]]:
    return [(m.text, m.date, m.precision) for m in find_dates(text, published)]


def only(text: str, published: dt.date | None) -> DateMention:
    found = find_dates(text, published)
    assert len(found) == 1, found
    return found[0]


# --- weekdays -------------------------------------------------------------------------------------

def test_weekday_before_publication_day() -> None:
    m = only("Rockets struck the base on Saturday.", WED)
    assert (m.date, m.precision, m.kind, m.explicit_year) == (D(2021, 7, 3), "day", "weekday", False)
    assert m.text == "Saturday"


def test_weekday_equal_to_publication_day_is_that_day() -> None:
    assert only("The drone hit the depot on Monday.", MON).date == MON


@pytest.mark.parametrize("text", [
    "The attack came late on Saturday.", "Two rockets fell Saturday night.",
    "Saturday's attack wounded two.", "Officials said early Saturday that nobody was hurt.",
])
def test_weekday_phrasings(text: str) -> None:
    assert only(text, WED).date == D(2021, 7, 3)


def test_last_weekday_is_strictly_before_publication() -> None:
    assert only("He spoke last Monday.", MON).date == D(2021, 6, 28)


def test_weekday_without_publication_date_gives_nothing() -> None:
    assert find_dates("The attack came on Tuesday.", None) == []


def test_weekday_beside_a_written_date_takes_that_date() -> None:
    found = spans("The outpost was seen on Monday, Oct. 22, 2018, from the air.", None)
    assert found == [("Monday", D(2018, 10, 22), "day"), ("Oct. 22, 2018", D(2018, 10, 22), "day")]


# --- relative words ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Rockets were fired yesterday.", D(2021, 7, 6)),
    ("The base was hit today.", WED),
    ("Sirens sounded tonight.", WED),
    ("A drone struck last night.", D(2021, 7, 6)),
    ("Drones attacked overnight.", WED),
    ("The embassy was targeted earlier today.", WED),
    ("The alarm sounded this morning.", WED),
    ("It happened the day before yesterday.", D(2021, 7, 5)),
])
def test_day_relative_words(text: str, expected: dt.date) -> None:
    m = only(text, WED)
    assert (m.date, m.precision, m.kind) == (expected, "day", "relative")


def test_last_week_is_monday_of_previous_week() -> None:
    m = only("The strikes came last week.", WED)
    assert (m.date, m.precision) == (D(2021, 6, 28), "week")


def test_this_week_and_weekend() -> None:
    assert spans("Two attacks this week.", WED) == [("this week", D(2021, 7, 5), "week")]
    assert spans("A barrage over the weekend.", MON) == [("over the weekend", D(2021, 6, 28), "week")]


def test_month_and_year_relatives() -> None:
    assert spans("It was attacked last month.", WED) == [("last month", D(2021, 6, 1), "month")]
    assert spans("Two raids earlier this month.", WED) == [("earlier this month", D(2021, 7, 1), "month")]
    assert spans("The base was hit last year.", WED) == [("last year", D(2020, 1, 1), "year")]


def test_in_month_last_year() -> None:
    assert spans("A convoy was hit in January last year.", WED) == [
        ("January last year", D(2020, 1, 1), "month")]


def test_counted_ago() -> None:
    assert spans("He was killed two years ago.", WED) == [("two years ago", D(2019, 1, 1), "year")]
    assert spans("A year ago the base was quiet.", WED) == [("A year ago", D(2020, 1, 1), "year")]
    assert spans("It fell three days ago.", WED) == [("three days ago", D(2021, 7, 4), "day")]


def test_years_ago_on_a_weekday_is_a_day() -> None:
    m = only("He was killed four years ago Wednesday.", D(2024, 1, 4))
    assert (m.date, m.precision) == (D(2020, 1, 3), "day")


def test_days_earlier_counts_from_the_preceding_date() -> None:
    found = spans("The base was hit on June 20. Two days earlier a convoy was struck.", WED)
    assert found[-1] == ("Two days earlier", D(2021, 6, 18), "day")


def test_title_case_this_week_is_a_show_not_a_time() -> None:
    assert find_dates("He told ABC's This Week that talks continue.", WED) == []


def test_today_in_other_languages() -> None:
    assert only("Ρουκέτες έπεσαν σήμερα στη βάση.", WED).date == WED


# --- written dates ----------------------------------------------------------------------------------

def test_month_day_takes_most_recent_year() -> None:
    m = only("The base was hit on June 28.", WED)
    assert (m.date, m.explicit_year, m.kind) == (D(2021, 6, 28), False, "absolute")
    assert only("The base was hit on July 28.", WED).date == D(2020, 7, 28)


def test_month_day_just_after_publication_is_timezone_skew() -> None:
    assert only("Rockets fell on July 9.", WED).date == D(2021, 7, 9)
    assert only("Rockets fell on July 10.", WED).date == D(2020, 7, 10)


@pytest.mark.parametrize("text, expected", [
    ("on June 28, 2021 at night", D(2021, 6, 28)), ("on 28 June 2021", D(2021, 6, 28)),
    ("on Dec. 29, 2019", D(2019, 12, 29)), ("on January 22nd, 2024", D(2024, 1, 22)),
    ("on 2021-02-15", D(2021, 2, 15)), ("on 15/02/2021", D(2021, 2, 15)), ("on 28.12.2019", D(2019, 12, 28)),
    ("the 5th of January, 2020", D(2020, 1, 5)), ("JANUARY 3, 2020", D(2020, 1, 3)),
])
def test_written_dates_with_year(text: str, expected: dt.date) -> None:
    m = only(text, None)
    assert (m.date, m.precision, m.explicit_year, m.kind) == (expected, "day", True, "absolute")


def test_abbreviated_month_without_year() -> None:
    assert only("No one was killed in the Jan. 8 attack.", D(2020, 3, 1)).date == D(2020, 1, 8)


def test_invalid_calendar_date_is_ignored() -> None:
    assert find_dates("on February 30, 2021", None) == []


def test_month_alone_with_a_cue() -> None:
    assert spans("It was also attacked in May.", WED) == [("May", D(2021, 5, 1), "month")]
    assert spans("It was also attacked in August.", WED) == [("August", D(2020, 8, 1), "month")]
    assert spans("Strikes in late June hit depots.", WED) == [("late June", D(2021, 6, 1), "month")]
    assert spans("Attacks rose since mid-October.", D(2023, 12, 1)) == [
        ("mid-October", D(2023, 10, 1), "month")]
    assert spans("The killing last January angered Tehran.", WED) == [
        ("last January", D(2021, 1, 1), "month")]


def test_month_and_year() -> None:
    assert spans("The general was killed in January 2020.", None) == [
        ("January 2020", D(2020, 1, 1), "month")]
    assert spans("since December 2019", None) == [("December 2019", D(2019, 12, 1), "month")]


def test_year_with_a_cue() -> None:
    m = only("The group was founded in 2013.", None)
    assert (m.date, m.precision, m.kind, m.explicit_year) == (D(2013, 1, 1), "year", "year", True)
    assert spans("The 2020 strike killed him.", None) == [("2020", D(2020, 1, 1), "year")]


@pytest.mark.parametrize("text", [
    "The rockets landed at 7:20 a.m. local time.",
    "Militants may have fired them.",
    "Protesters plan to march on the embassy.",
    "A drone struck Tower 22 near the border.",
    "Attacks were common in the 1980s.",
    "More than 2500 troops remain, and 900 are in Syria.",
    "Resolution 2334 was passed; some 1,500 people fled.",
    "May God protect them, he said. March organisers disagreed.",
])
def test_false_dates_are_not_dates(text: str) -> None:
    assert find_dates(text, WED) == []


# --- anniversaries ----------------------------------------------------------------------------------

def test_ordinal_anniversary_of_a_dated_event() -> None:
    found = find_dates("Crowds marked the second anniversary of the Jan. 3, 2020 killing.", D(2022, 1, 4))
    by_kind = {m.kind: m for m in found}
    assert by_kind["commemorated"].date == D(2020, 1, 3)  # the remembered event's day, flagged as such
    assert by_kind["anniversary"].date == D(2022, 1, 3)


def test_anniversary_without_a_year_is_in_the_publication_year() -> None:
    found = find_dates("The attacks began on the anniversary of the Jan. 3 strike.", D(2022, 1, 5))
    assert {m.kind: m.date for m in found}["anniversary"] == D(2022, 1, 3)


def test_ordinal_anniversary_of_a_yearless_date_moves_the_event_back() -> None:
    found = find_dates("They marked the fourth anniversary of the Jan. 3 killing.", D(2024, 1, 4))
    assert {m.kind: m.date for m in found} == {"anniversary": D(2024, 1, 3), "commemorated": D(2020, 1, 3)}


# --- ordering and speed -------------------------------------------------------------------------------

def test_mentions_sorted_and_offsets_match_text() -> None:
    text = "On Monday, after strikes on June 20 and in May, officials said attacks rose last week."
    found = find_dates(text, MON)
    assert [m.start for m in found] == sorted(m.start for m in found)
    assert all(text[m.start:m.end] == m.text for m in found)
    assert [m.kind for m in found] == ["weekday", "absolute", "month", "relative"]


# --- publication date from the text ---------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Headline here\n\nBody text of the story.\n\nUpdated: January 06, 2022, 12:38 AM", D(2022, 1, 6)),
    ("Body of the story.\nPublished in Dawn, January 22nd, 2024\nComments are closed.", D(2024, 1, 22)),
    ("Headline\nPublished: 2021-07-07\nThe base was hit.", D(2021, 7, 7)),
    ("Headline\nREUTERS | 28.12.2019 - 09:25\nA contractor was killed on Friday.", D(2019, 12, 28)),
    ("BAGHDAD, Jan 5 (Reuters) - Rockets hit the base in 2021, officials said.", D(2021, 1, 5)),
    ("Headline\nPosted on March 3, 2021 by staff\nRockets hit the base.", D(2021, 3, 3)),
    ("Headline\nThu 07 Jan 2021\nRockets hit the base.", D(2021, 1, 7)),
    ("Headline\n• October 26, 2021 12:00 pm\n\nOfficials said on Monday.", D(2021, 10, 26)),
    ("Headline\nBy Jane Roe 01:22 pm Dec 26, 202301:22 pm\nStrikes hit sites.", D(2023, 12, 26)),
    ("Headline\nPublished: Feb. 16, 2021 at 5:10 AM EST|Updated: 3 hours ago\nText.", D(2021, 2, 16)),
])
def test_published_from_headers(text: str, expected: dt.date) -> None:
    assert published_from_text(text) == expected


def test_published_prefers_label_over_updated() -> None:
    text = "Headline\nUpdated: March 5, 2021\nPublished: March 4, 2021\nBody."
    assert published_from_text(text) == D(2021, 3, 4)


def test_dateline_outranks_page_date_line() -> None:
    text = "Headline\nSep 06, 2020\nBaghdad [Iraq], September 7, (Agency): Rockets landed on Sunday."
    assert published_from_text(text) == D(2020, 9, 7)


def test_caption_and_body_dates_are_not_publication_dates() -> None:
    text = ("Headline\nFILE - This Dec. 29, 2019, aerial file photo shows the air base.\n\n"
            "At least ten rockets hit the base on Wednesday, officials said. An earlier attack "
            "came on Dec. 29, 2019, and another in January 2020.")
    assert published_from_text(text) is None


def test_no_date_at_all() -> None:
    assert published_from_text("Rockets hit the base on Monday.") is None
    assert published_from_text("") is None


def test_published_reads_dev_articles_without_crashing(gold_rows: list[dict]) -> None:
    """Every gold article, in any language, is read; a date it finds is the right one.

    Many articles never print their date (and the reader knows no other language's calendar yet),
    so what is held to a high bar is the date it does find, plus a floor on how often it finds one.
    """
    found = hits = total = 0
    for row in gold_rows:
        art = row["article"]
        guess = published_from_text(art["text"])
        if art["published"]:
            total += 1
            found += guess is not None
            hits += guess == D.fromisoformat(art["published"])
    assert total and found and hits / found >= 0.95
    assert hits / total >= 0.55


def test_weekday_beside_yearless_date_picks_the_year() -> None:
    found = spans("Rockets hit the airport on Friday, Jan. 3, killing him.", D(2024, 1, 4))
    assert found == [("Friday", D(2020, 1, 3), "day"), ("Jan. 3", D(2020, 1, 3), "day")]


def test_counts_outside_the_calendar_are_ignored() -> None:
    assert find_dates("That was 2020 years ago, and 99999999 days ago.", D(2021, 1, 1)) == []


def test_last_weekend_seen_from_a_saturday_is_the_weekend_before() -> None:
    saturday = dt.date(2024, 2, 3)
    mentions = find_dates("the attack last weekend", saturday)
    assert [(m.date, m.precision) for m in mentions] == [(dt.date(2024, 1, 22), "week")]


# --- background incidents in a later article --------------------------------------------------------

def test_anniversary_of_a_past_strike() -> None:
    """A week before the first anniversary: the strike was this year, its anniversary comes next year."""
    found = spans("It came a week before the first anniversary of the January 3 strike on the convoy.",
                  D(2020, 12, 27))
    assert ("January 3", D(2020, 1, 3), "day") in found
    assert ("first anniversary", D(2021, 1, 3), "day") in found


def test_anniversary_marked_on_the_day_dates_the_base_years_back() -> None:
    found = spans("Crowds marked the second anniversary of the Jan. 3 killing.", D(2022, 1, 3))
    assert ("Jan. 3", D(2020, 1, 3), "day") in found


def test_a_bare_month_in_a_later_article_takes_the_latest_past_year() -> None:
    assert only("A similar strike hit the depot in December.", D(2024, 1, 20)).date == D(2023, 12, 1)
    assert only("The depot was hit in mid-April.", D(2024, 1, 20)).date == D(2023, 4, 1)


def test_a_bare_month_day_in_a_later_article_takes_the_latest_past_year() -> None:
    assert only("The depot was hit on Jan. 8 by two rockets.", D(2024, 1, 5)).date == D(2023, 1, 8)
    assert only("The depot was hit on November 15.", D(2024, 1, 5)).date == D(2023, 11, 15)


def test_the_month_before_an_event_noun_is_a_month() -> None:
    m = only("Officials blamed the group for the March attack on the base.", D(2023, 4, 10))
    assert (m.date, m.precision) == (D(2023, 3, 1), "month")


def test_a_list_of_days_shares_its_month() -> None:
    found = spans("Mortars fell on the camp on October 4, 9, and before that on October 1 at night.", D(2023, 12, 4))
    assert [d for _, d, _ in found] == [D(2023, 10, 4), D(2023, 10, 9), D(2023, 10, 1)]
    found = spans("Rockets fell on 3 and 15 August near the camp.", D(2020, 8, 17))
    assert [d for _, d, _ in found] == [D(2020, 8, 3), D(2020, 8, 15)]


def test_a_number_after_a_date_that_counts_something_is_no_day() -> None:
    assert [d for _, d, _ in spans("On January 3, 10 rockets hit the base.", D(2023, 2, 1))] == [D(2023, 1, 3)]


def test_days_after_without_a_count_is_a_recent_week() -> None:
    m = only("The raid came days after jets bombed a depot.", D(2023, 12, 8))
    assert (m.date, m.precision) == (D(2023, 12, 4), "week")


def test_days_after_with_a_count_is_left_to_the_counted_reader() -> None:
    assert find_dates("It came two days after the raid.", D(2023, 12, 8)) == []


def test_a_timeline_label_is_a_date() -> None:
    assert only("June 2: Mortars fell on the camp.", D(2021, 6, 20)).date == D(2021, 6, 2)


def test_precision_follows_what_the_text_gives() -> None:
    pub = D(2021, 6, 16)
    assert (only("It happened last week.", pub).precision, only("It happened in 2021.", pub).precision) == (
        "week", "year")
    assert only("Rockets hit the base earlier this month.", pub).date == D(2021, 6, 1)


# --- the publication date ----------------------------------------------------------------------------

def test_a_header_preamble_date_is_not_the_publication_date_when_the_byline_gives_one() -> None:
    text = " date 2022-05-20 Site name\nA headline about mortars\nNews desk\nTue, 17 May 2022 08:15 UTC\nBody text."
    assert published_from_text(text) == D(2022, 5, 17)


def test_a_preamble_date_stands_when_the_story_gives_none() -> None:
    assert published_from_text(" date 2023-11-23 Rockets hit the base on Thursday.") == D(2023, 11, 23)


def test_a_weekday_beside_a_numeric_date_picks_month_first() -> None:
    assert published_from_text("A headline\n\nFriday, 06/04/2021\n\nJets hit two depots.") == D(2021, 6, 4)


def test_a_labelled_date_after_a_time_is_read() -> None:
    text = "A headline\n- Published Date: 08:41 | 14 June 2021\nMortars fell near a base."
    assert published_from_text(text) == D(2021, 6, 14)


def test_a_dateline_closed_by_an_agency_is_read() -> None:
    text = "A headline\nBaghdad, Mar 9 (Reuters) Mar 9, 2021\nOfficials announced an inquiry."
    assert published_from_text(text) == D(2021, 3, 9)


def test_an_embedded_post_dates_an_otherwise_undated_story() -> None:
    text = "A mortar fell near the base on Friday.\nStatement text — Press Office (@pressoffice) June 3, 2021\n"
    assert published_from_text(text) == D(2021, 6, 3)


# --- the pack ------------------------------------------------------------------------------------------

def test_calendar_words_come_from_the_language_pack() -> None:
    from salvo.lang import lexicon

    pack = lexicon("en", "dates")
    assert pack["months"]["december"] == 12 and pack["weekdays"]["sunday"] == 6
    assert all(isinstance(v, int) for v in pack["months"].values())


def test_less_than_a_month_is_a_vague_past_month_but_weeks_are_no_anchor() -> None:
    pub = D(2023, 4, 10)
    assert find_dates("It comes weeks after the raid.", pub) == []
    m = only("It came less than a month after the mortar fire.", pub)
    assert (m.date, m.precision) == (D(2023, 3, 1), "month")


@pytest.mark.parametrize("text, named", [
    ("Police linked the incident on December 7 to a militia.", True),
    ("Nobody has owned up to the December 7 strike so far.", True),
    ("Officials met on December 7 to discuss it.", False),
])
def test_a_date_that_names_an_event(text: str, named: bool) -> None:
    from salvo.extract.dates import names_an_event

    assert names_an_event(text, only(text, D(2023, 12, 15))) is named


def _event_clause_dates(text: str, published: dt.date) -> list[dt.date]:
    from salvo.clean import content_spans
    from salvo.extract.clauses import analyse_sentence
    from salvo.extract.places import Gazetteer
    from salvo.sentences import split_sentences

    sentence = split_sentences(text, content_spans(text))[0]
    facts = analyse_sentence(sentence, published, Gazetteer.default())
    return [d.date for c in facts.clauses if c.category for d in c.dates]


def test_a_vague_period_ending_after_dates_the_event_that_follows() -> None:
    text = "Nobody claimed it, and it came less than a month after rockets hit a coalition base and wounded two."
    assert _event_clause_dates(text, D(2023, 4, 10)) == [D(2023, 3, 1)]


def test_a_toll_told_with_its_day_dates_the_strike_that_caused_it() -> None:
    text = "A soldier was wounded yesterday after a rocket struck a hangar on a coalition base."
    assert _event_clause_dates(text, D(2023, 3, 24)) == [D(2023, 3, 23)]


def test_an_undated_page_whose_title_gives_the_year_dates_its_days_by_it() -> None:
    from salvo.extract.dates import year_of_title

    text = "Militia attacks, a chronology: 2021\n\nIn May, mortars fell. On Monday more fell. May 9: a drone hit."
    ref = year_of_title(text)
    assert [(d.text, d.date) for d in find_dates(text, ref)] == [("May", D(2021, 5, 1)), ("May 9", D(2021, 5, 9))]
    assert year_of_title("Attacks on US bases since 2019\n\nText.") is None
    assert year_of_title("A headline without a year\n\nIn 2020, rockets fell.") is None


def test_a_header_today_date_above_the_title_is_not_the_publication_date() -> None:
    text = ("Sunday, 12 May 2024\nMenu | World | Opinion\nDrones hit a base in Syria\nNovember 23, 2023\n"
            "Drones hit it on Thursday.")
    assert published_from_text(text, title="Drones hit a base in Syria") == D(2023, 11, 23)


def test_a_timestamped_header_line_outranks_a_bare_date_line() -> None:
    text = "Sunday, 12 May 2024\nSite name\nThu 23 Nov 2023 10:04 UTC\nDrones hit the base on Thursday."
    assert published_from_text(text) == D(2023, 11, 23)


def test_a_byline_date_is_the_story_s_own() -> None:
    text = "Sunday, 12 May 2024\nBy Jane Doe | November 23, 2023\nDrones hit the base on Thursday."
    assert published_from_text(text) == D(2023, 11, 23)


def test_a_second_language_s_calendar_merges_with_english() -> None:
    """A pack's month series and weekday names (Arabic has two month series) join the scanned words."""
    import re
    from dataclasses import replace

    from salvo.extract.dates._lexicon import CALENDARS, merge, names

    en = CALENDARS[0]
    other = replace(en, months={"كانون الثاني": 1, "يناير": 1}, weekdays={"الخميس": 3}, cased=False)
    both = merge((en, other))
    assert both.months["كانون الثاني"] == both.months["يناير"] == both.months["january"] == 1
    assert both.weekdays["الخميس"] == both.weekdays["thursday"] == 3
    assert re.fullmatch(names(list(other.months), other.cased), "كانون الثاني")
    assert not re.fullmatch(names(["may"], True), "may")  # English names are cased: "may" is a verb


def test_a_list_of_bare_months_takes_each_its_latest_past_year() -> None:
    found = spans("Strikes in November, December and January hit the group.", D(2024, 2, 10))
    assert [(t, d) for t, d, _ in found] == [("November", D(2023, 11, 1)), ("December", D(2023, 12, 1)),
                                             ("January", D(2024, 1, 1))]


def test_an_event_dated_from_an_anniversary_is_not_the_remembered_event() -> None:
    """"Rockets hit ... a week before the first anniversary of the January 3 strike" (December 2020)."""
    found = find_dates("Rockets hit the embassy a week before the first anniversary of the January 3 strike.",
                       D(2020, 12, 21))
    assert {m.kind: m.date for m in found} == {
        "offset": D(2020, 12, 27), "anniversary": D(2021, 1, 3), "commemorated": D(2020, 1, 3)}
    eve = find_dates("Rockets hit the base on the eve of the anniversary of the Jan. 3, 2020 strike.", D(2020, 12, 30))
    assert {m.kind: m.date for m in eve}["offset"] == D(2021, 1, 2)


def test_the_remembered_day_does_not_date_an_incident_told_with_its_own_day() -> None:
    from salvo.model import Article
    from salvo.pipeline import extract_article

    text = ("Rockets hit the US embassy in Baghdad on Sunday, a week before the first anniversary of the "
            "January 3 strike.")
    incidents = extract_article(Article(id="t", text=text, published=D(2020, 12, 21)))
    assert [(i.category, i.date) for i in incidents] == [("attack", D(2020, 12, 20))]
