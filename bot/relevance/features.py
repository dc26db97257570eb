"""What the relevance model reads of one mention: words around the brand, word pairs, where it was seen.

Pure functions. Words are folded (no case, no accents), so "Orange pressée" and "ORANGE PRESSEE"
give the same features; each feature keeps a readable name (the word as first written, in lower
case) so a verdict can say which words weighed. Features:

- every word of the text that is not a stop word, and every pair of adjacent words unless both
  are stop words ("au total", "orange pressée");
- the words within `WINDOW` words before and after each occurrence of the brand's matched words,
  stop words included, on their side ("jus d'orange": "d" and "jus" before "orange");
- the source, the site (without "www.") and the author, and the language.

Each feature weighs 1 / √(number of text features), so that a long text does not count more than
a tweet.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from veille.text.clean import fold

WINDOW = 3

_WORD = re.compile(r"\w+")

_FRENCH_STOP_WORDS = (
    "a au aux avec ce ces cet cette c d de des du elle en et est il ils j je l la le les leur lui m "
    "ma mais me mes moi mon n ne nos notre nous on ou par pas pour qu que qui s sa se ses si son "
    "sur t ta te tes toi ton tu un une vos votre vous y ete etre avoir ont sont fait plus tres"
)
_ENGLISH_STOP_WORDS = (
    "about an and are as at be been but by can do for from had has have he her his how i if in "
    "into is it its me my no not of on or our she so that the their them there they this to too "
    "us was we were what when which who will with you your just all rt via amp http https www com"
)
STOP_WORDS = frozenset(_FRENCH_STOP_WORDS.split() + _ENGLISH_STOP_WORDS.split())


@dataclass(frozen=True)
class Example:
    """What the model reads of one mention."""

    brand: str
    text: str  # title + ". " + body, as stored
    terms: tuple[str, ...] = ()  # the brand's words that matched in this text
    source: str = ""  # the source type or key: "rss", "reddit"…
    site: str | None = None  # host of the item's URL: "www.lemonde.fr"
    author: str | None = None
    language: str = "en"  # "fr" | "en" | other


_FOLDED: dict[str, str] = {}


def _folded(word: str) -> str:
    found = _FOLDED.get(word)
    if found is None:
        found = fold(word)
        if len(_FOLDED) < 100_000:
            _FOLDED[word] = found
    return found


def words_of(text: str) -> tuple[list[str], list[str]]:
    """The words of a text as written (in lower case) and folded, in order."""
    shown = _WORD.findall(text.lower())
    return shown, [_folded(word) for word in shown]


def _term_words(example: Example) -> list[list[str]]:
    terms = example.terms or (example.brand,)
    found = [words_of(term)[1] for term in terms]
    return [words for words in found if words]


def _occurrences(folded: list[str], terms: list[list[str]]) -> list[tuple[int, int]]:
    """[start, end) word positions where one of the terms occurs."""
    spans: list[tuple[int, int]] = []
    for start, word in enumerate(folded):
        for term in terms:
            if word == term[0] and folded[start : start + len(term)] == term:
                spans.append((start, start + len(term)))
                break
    return spans


def _site(site: str) -> str:
    site = site.lower()
    return site[4:] if site.startswith("www.") else site


def features(example: Example, window: int = WINDOW) -> dict[str, tuple[float, str]]:
    """The example's features: key → (value, readable name)."""
    shown, folded = words_of(example.text)
    terms = _term_words(example)
    spans = _occurrences(folded, terms)
    in_term = {i for start, end in spans for i in range(start, end)}
    found: dict[str, str] = {}
    for i, word in enumerate(folded):
        if i not in in_term and word not in STOP_WORDS and not word.isdigit():
            found.setdefault("w:" + word, shown[i])
        if i:
            previous = folded[i - 1]
            if not (previous in STOP_WORDS and word in STOP_WORDS):
                joint = "'" if len(previous) == 1 and previous in STOP_WORDS else " "
                found.setdefault(f"p:{previous} {word}", f"{shown[i - 1]}{joint}{shown[i]}")
    for start, end in spans:
        for i in range(max(0, start - window), start):
            if i not in in_term:
                found.setdefault("b:" + folded[i], shown[i])
        for i in range(end, min(len(folded), end + window)):
            if i not in in_term:
                found.setdefault("a:" + folded[i], shown[i])
    if not spans:
        found["absent"] = "(brand not in text)"
    value = 1.0 / math.sqrt(max(1, len(found)))
    result = {key: (value, name) for key, name in found.items()}
    if example.source:
        result["source:" + example.source.lower()] = (1.0, "source:" + example.source.lower())
    if example.site:
        site = _site(example.site)
        result["site:" + site] = (1.0, "site:" + site)
    if example.author:
        author = example.author.lower()
        result["author:" + author] = (1.0, "author:" + author)
    result["lang:" + example.language] = (0.5, "lang:" + example.language)
    return result
