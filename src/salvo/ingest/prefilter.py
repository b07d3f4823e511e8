"""A cheap relevance test that runs before full extraction.

An in-scope incident needs three things in the text: a place in Iraq, Syria or
Jordan (or the region named), words of violence (an attack, a rocket, a strike),
and the US or the coalition (the target of an attack or the author of a strike).
An article lacking any of them cannot hold an incident, so it is dropped
before the costly stages. The vocabulary errs wide: a false keep costs a few
milliseconds, a false drop loses an incident. The gold files are the check:
no article that holds a gold incident may be dropped.

Two forms: :func:`is_relevant` reads an article's text; :func:`may_be_relevant_html`
reads a raw page (bytes, any language the region names are listed in) before the
HTML is even parsed, which is what lets a WARC of mostly unrelated pages stream fast.
"""

from __future__ import annotations

import re
from typing import Literal

from salvo.ingest.language import is_supported
from salvo.model import Article

Verdict = Literal["relevant", "unsupported_language", "no_region", "no_violence", "no_us_coalition"]

_REGION_WORDS = (
    r"iraq\w*|syria\w*|jordan\w*|levant|middle\s+east|mideast|kurdistan\w*|kurdish|"
    r"baghdad|erbil|irbil|arbil|anbar|kirkuk|mosul|basra|balad|taji|nineveh|ninawa|diyala|"
    r"sala(?:h\s*a)?l?[- ]?(?:d|h)?din|saladin|dhi\s+qar|nasiriyah|babil|karbala|najaf|"
    r"sulaymaniyah|sulaimani\w*|duhok|dohuk|harir|bashur|fallujah|ramadi|qaim|"
    r"(?:ain|ayn)\s+al[- ]?asad|al[- ]?asad|al[- ]?assad|victory\s+base|union\s+(?:iii|3)|"
    r"green\s+zone|"
    r"tanf|deir|ezzor|zor|zour|hasak\w*|hassak\w*|qamishli|shaddadi|rmelan|rumeilan|conoco|"
    r"al[- ]?omar|omar\s+oil|mayadeen|mayadin|bukamal|abu\s+kamal|albu\s*kamal|euphrates|"
    r"raqqa|manbij|kobani|homs|damascus|aleppo|palmyra|rukban|tower\s*22|"
    r"amman|muwaffaq|salti|azraq"
)
_VIOLENCE_WORDS = (
    r"attack\w*|rocket\w*|mortar\w*|missile\w*|drone\w*|uav\w*|uas|strik\w*|struck|airstrike\w*|"
    r"air[- ]strike\w*|bomb\w*|ied\w*|explosi\w*|explod\w*|blast\w*|shell\w*|artillery|"
    r"projectile\w*|katyusha\w*|raid\w*|ambush\w*|gunfire|gunmen|fire[sd]?|firing|launch\w*|"
    r"target\w*|assault\w*|retaliat\w*|kill\w*|assassinat\w*|wound\w*|injur\w*|casualt\w*|"
    r"intercept\w*|shot\s+down|hit|hits"
)
_US_COALITION_WORDS = (
    r"u\.\s?s\.?|united\s+states|america\w*|washington|pentagon|centcom|central\s+command|"
    r"coalition|nato|inherent\s+resolve|oir|embassy|consulate|diplomatic|contractor\w*|"
    r"international\s+forces|foreign\s+forces|foreign\s+troops|western\s+forces|"
    r"british|french|australian|danish|italian|german\w*|canadian|spanish|dutch|norwegian|"
    r"biden|trump|austin|pompeo|esper|kirby|ryder|marine\w*|air\s+force|"
    r"air\s?base\w*|military\s+base\w*|base\s+hosting|bases?\s+(?:housing|that\s+hosts?)|"
    # the sites that host US or coalition troops: a front's claim names the base, not who is in it
    # ("announces targeting the Harir base"), and calls them "the occupation"
    r"(?:ain|ayn)\s+al[- ]?as?sad|harir|bashur|tanf|tower\s*22|conoco|green\s+village|shaddadi|"
    r"rmelan|rumeilan|omar\s+oil|victory\s+base|union\s+(?:iii|3)|occupation|occupiers?"
)

_REGION = re.compile(rf"\b(?:{_REGION_WORDS})\b", re.IGNORECASE)
_VIOLENCE = re.compile(rf"\b(?:{_VIOLENCE_WORDS})\b", re.IGNORECASE)
_US_COALITION = re.compile(rf"\b(?:{_US_COALITION_WORDS})\b", re.IGNORECASE)
# "US" and "USA" only in capitals: the lower-case pronoun is no evidence.
_US_CAPS = re.compile(r"\bUSA?\b|\bUS-")


def verdict(article: Article) -> Verdict:
    """Why an article is kept ("relevant") or dropped, for the run summary."""
    if not is_supported(article.language):
        return "unsupported_language"
    if article.language not in (None, "en"):
        return "relevant"  # the word lists below are English: another pack's own cues decide in extraction
    text = article.text
    if article.title:
        text = f"{article.title}\n{text}"
    if not _REGION.search(text):
        return "no_region"
    if not _VIOLENCE.search(text):
        return "no_violence"
    if not (_US_CAPS.search(text) or _US_COALITION.search(text)):
        return "no_us_coalition"
    return "relevant"


def is_relevant(article: Article) -> bool:
    """False only when the article cannot hold an in-scope incident.

    A page in a language the vocabulary does not cover is never dropped here:
    it is kept, and the language check (not this filter) holds it back from
    extraction and reports it.
    """
    return verdict(article) in ("relevant", "unsupported_language")


# Raw-page test: the page's text outside scripts, styles, menus, footers and side
# columns (trafilatura drops those too), tested for the same three ingredients in
# the languages news is most often written in. Matched on undecoded bytes with
# ASCII case folding, so names outside ASCII are listed as they are written.
_RAW_REGION_WORDS = (
    _REGION_WORDS
    + r"|irak\w*|iraque|siria\w*|syrie\w*|syrien\w*|suriye\w*|jordanie|jordani\w*|giordania|"
    r"ürdün|bagdad|nahost|proche-orient|moyen-orient|oriente\s+medio|medio\s+oriente"
)
_RAW_VIOLENCE_WORDS = (
    _VIOLENCE_WORDS
    + r"|attaqu\w*|attentat\w*|roquette\w*|frappe\w*|angriff\w*|rakete\w*|ataque\w*|cohete\w*|"
    r"attacco|razzi|saldırı\w*|roket\w*|bombard\w*|dron\w*|misil\w*|missil\w*"
)
_RAW_US_WORDS = (
    _US_COALITION_WORDS
    + r"|usa|us-|états-unis|etats-unis|américain\w*|americain\w*|estados\s+unidos|eeuu|ee\.\s?uu|"
    r"estadounidense\w*|stati\s+uniti|statunitens\w*|americano\w*|americana\w*|amerikan\w*|abd|"
    r"koalition\w*|coalici\w*|coalizione|coaliz\w*|koalisyon\w*|koalicij\w*|vereinigte\w*"
)
_RAW_NON_LATIN = (
    "العراق|سوريا|سورية|الأردن|بغداد|أربيل|هجوم|صاروخ|صواريخ|مسيرة|قصف|"
    "Ирак|Сирия|Сирии|Иордания|атака|ракет|удар|Ιράκ|Συρία|Ιορδανία|"
    "عراق|سوریه|حمله|پهپاد"
)


def _raw_words(words: str) -> re.Pattern[bytes]:
    # a word starts after a non-letter: ``\b`` does not see UTF-8 letters in bytes patterns
    return re.compile(rf"(?<![A-Za-z])(?:{words})".encode(), re.IGNORECASE)


_RAW_REGION = _raw_words(_RAW_REGION_WORDS)
_RAW_VIOLENCE = _raw_words(_RAW_VIOLENCE_WORDS)
_RAW_US = _raw_words(_RAW_US_WORDS)
_RAW_NON_LATIN_RE = re.compile(_RAW_NON_LATIN.encode("utf-8"))
_RAW_BOILERPLATE = re.compile(
    rb"<!--.*?-->|<(script|style|noscript|svg|nav|footer|aside|select|template)\b[^>]*>.*?</\1\s*>",
    re.IGNORECASE | re.DOTALL,
)
# (<form> is not cut: some sites wrap the whole page in one.)
_RAW_TAG = re.compile(rb"<[^>]*>")


def raw_page_text(raw: bytes) -> bytes:
    """A page's bytes without markup, scripts, styles, menus, footers or side columns."""
    return _RAW_TAG.sub(b" ", _RAW_BOILERPLATE.sub(b" ", raw))


def may_be_relevant_html(raw: bytes) -> bool:
    """False only when a raw page cannot hold an incident in any language we name.

    Looks at the undecoded page text outside menus and side columns, so it runs
    before any HTML parsing. Pages in a non-Latin script are kept when they name
    the region or the violence in it, so they can be reported as unsupported
    rather than silently lost.
    """
    text = raw_page_text(raw)
    if _RAW_NON_LATIN_RE.search(text):
        return True
    return bool(
        _RAW_REGION.search(text)
        and _RAW_VIOLENCE.search(text)
        and (_US_CAPS_BYTES.search(text) or _RAW_US.search(text))
    )


_US_CAPS_BYTES = re.compile(rb"\bUSA?\b|\bUS-")
