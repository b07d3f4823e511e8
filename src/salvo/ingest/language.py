"""Cheap language identification: writing system first, then stopword counts.

No model is loaded and nothing is downloaded: news pages are long enough that
the share of a language's commonest function words tells the language apart
reliably, in microseconds. Only the languages the extractor supports are
extracted; every other page is kept, marked with its language, and reported.
"""

from __future__ import annotations

import re
from collections import Counter

from salvo import lang

#: The languages the extractor reads: those with a language pack (``salvo/data/lang/<code>/``).
SUPPORTED: frozenset[str] = frozenset(lang.available())

_STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        "the of and to in is that for on with as was by at from are it an be has have were "
        "this which said its their but not they had been who will would after".split()
    ),
    "fr": frozenset(
        "le la les des du de et un une est dans pour que qui sur au aux par pas avec ce "
        "sont ont été il elle leur ses se plus lors selon".split()
    ),
    "de": frozenset(
        "der die das und ist nicht ein eine den dem des zu mit auf für von im sich auch "
        "es wurde wurden sind hat nach bei aus einer".split()
    ),
    "es": frozenset(
        "el la los las del de y en un una es que por con para se su al lo como más "
        "fue han sus según este esta".split()
    ),
    "it": frozenset(
        "il lo la gli le di del della che e è un una per con non sono nel alla dei "
        "delle degli anche stato ha".split()
    ),
    "pt": frozenset(
        "o a os as do da dos das de e em um uma é que para com não no na se por mais "
        "foi ao pelo pela".split()
    ),
    "nl": frozenset(
        "de het een en van in is dat op te zijn met voor niet die er aan ook werd bij "
        "door naar om".split()
    ),
    "tr": frozenset(
        "ve bir bu da de ile için olarak olan gibi daha çok ama ise ya en sonra kadar "
        "tarafından üzerine".split()
    ),
    "sl": frozenset(
        "je in na so da za se ki pa tudi iz ob po bil bila bili kot ali še ter pri".split()
    ),
    "hr": frozenset(
        "je i u na su da za se koji koja ali od iz kao što bio bila biti prema nakon".split()
    ),
    "pl": frozenset(
        "i w na z że się nie do jest to od po przez jak oraz który która dla ich".split()
    ),
    "id": frozenset(
        "yang dan di ini itu dengan untuk dari dalam tidak akan pada juga ke karena "
        "oleh adalah telah".split()
    ),
}

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

# Letters of non-Latin scripts, with the language a page in that script most likely is.
_SCRIPTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("ar", re.compile(r"[\u0600-\u06FF\u0750-\u077F]")),
    ("ru", re.compile(r"[\u0400-\u04FF]")),
    ("he", re.compile(r"[\u0590-\u05FF]")),
    ("el", re.compile(r"[\u0370-\u03FF]")),
    ("zh", re.compile(r"[\u4E00-\u9FFF]")),
    ("ja", re.compile(r"[\u3040-\u30FF]")),
    ("ko", re.compile(r"[\uAC00-\uD7AF]")),
)
_LATIN = re.compile(r"[A-Za-z\u00C0-\u024F]")
_PERSIAN_LETTERS = re.compile(r"[پچژگ]")
_UKRAINIAN_LETTERS = re.compile(r"[їєґі]")

_SAMPLE = 6000  # characters looked at: enough for a verdict, bounded cost on huge pages


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when too little text to tell."""
    sample = text[:_SAMPLE]
    latin = len(_LATIN.findall(sample))
    best_script, best_count = None, 0
    for code, pattern in _SCRIPTS:
        count = len(pattern.findall(sample))
        if count > best_count:
            best_script, best_count = code, count
    if best_script and best_count > latin:
        if best_script == "ar" and len(_PERSIAN_LETTERS.findall(sample)) * 50 > best_count:
            return "fa"
        if best_script == "ru" and len(_UKRAINIAN_LETTERS.findall(sample)) * 40 > best_count:
            return "uk"
        if best_script == "zh" and _SCRIPTS[5][1].search(sample):
            return "ja"
        return best_script
    words = Counter(w.lower() for w in _WORD.findall(sample))
    if sum(words.values()) < 5:
        return None
    scores = {code: sum(words[w] for w in stop) for code, stop in _STOPWORDS.items()}
    code, score = max(scores.items(), key=lambda item: item[1])
    if score < 2:
        return None
    return code


def is_supported(language: str | None) -> bool:
    """Whether the extractor reads this language; an unknown language is tried as supported."""
    return language is None or language in SUPPORTED
