"""Why the tone check gave its tone: the few words that weighed most, and the turns of phrase it read.

The analyzer is asked again, never changed: each word the check reads (the start of the text,
`MAX_CHARS`) is left out in turn, every occurrence of it at once, and how far the score moves is
how much that word weighed, the rules included (a negation, an irony, a "but"). The turns of phrase
the check found (`veille.tone.features`) are named as such. Pure: the score comes as a function.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Literal

from veille.model import ToneLabel
from veille.text.clean import fold
from veille.tone.features import MAX_CHARS, extract

Score = Callable[[str], float]  # how far a text leans positive (> 0) or negative (< 0), unbounded
Turn = Literal["irony", "contrast", "settled", "news", "sarcasm"]

WORDS = 3
NOTICEABLE = 0.05  # a word that moves the leaning less than this explains nothing
SHARE = 0.3  # nor one that weighs less than this share of the strongest
MAX_WORDS = 120  # distinct words tried at most
_WORD = re.compile(r"[^\W_][\w'’-]*")


@dataclass(frozen=True)
class ToneReasons:
    # Each word as first written, and how far it moved the score (+ toward positive).
    words: tuple[tuple[str, float], ...]
    turns: tuple[Turn, ...]


NONE = ToneReasons((), ())
# Small words that weigh through the words around them, never alone.
_QUIET = frozenset(
    {
        "le", "la", "les", "l'", "un", "une", "des", "du", "de", "d'", "et", "a", "au", "aux", "en",
        "ce", "cette", "ces", "il", "elle", "on", "est", "sur", "par", "pour", "avec", "dans", "que",
        "qui", "the", "an", "of", "to", "and", "is", "it", "in", "at", "by", "for", "with", "this",
        "that", "my", "your",
    }
)  # fmt: skip
_EPSILON = 1e-4


def leaning(probabilities: Mapping[ToneLabel, float]) -> float:
    """log P(positive) − log P(negative): unlike the score, it does not flatten near −1 and 1, so
    a word repeated by others still shows its weight."""
    positive = max(probabilities.get("positive", 0.0), 0.0)
    negative = max(probabilities.get("negative", 0.0), 0.0)
    return math.log(positive + _EPSILON) - math.log(negative + _EPSILON)


def _candidates(text: str, names: Collection[str]) -> dict[str, str]:
    """The words (and emoji) the check reads, folded → as first written; the brand's own left out."""
    skipped = {word for name in names for word in _WORD.findall(fold(name))}
    found: dict[str, str] = {}
    read = text[:MAX_CHARS]
    for match in _WORD.finditer(read):
        key = fold(match.group())
        if key in skipped or key in _QUIET or key.isdigit():
            continue
        # shown as written, in lower case when it is written so somewhere (not a title's "Panne")
        if key not in found or (match.group().islower() and not found[key].islower()):
            found[key] = match.group()
    for char in read:
        if unicodedata.category(char) == "So":
            found.setdefault(char, char)
    return dict(list(found.items())[:MAX_WORDS])


def _without(text: str, key: str) -> str:
    if len(key) == 1 and not key.isalnum():
        return text.replace(key, " ")
    return _WORD.sub(lambda m: "" if fold(m.group()) == key else m.group(), text)


def turns_of(text: str, language: str) -> tuple[Turn, ...]:
    """The turns of phrase the tone check read in a text."""
    features = extract(text, language)
    values = dict(features.values)
    found: list[Turn] = []
    if features.ironic:
        found.append("irony")
    if values.get("x:sarcasm"):
        found.append("sarcasm")
    if features.turn:
        found.append("contrast")
    if values.get("x:fixed"):
        found.append("settled")
    if features.news:
        found.append("news")
    return tuple(found)


def tone_reasons(
    text: str, language: str, label: ToneLabel, score: Score, names: Collection[str] = (), limit: int = WORDS
) -> ToneReasons:
    """The words that pushed `text` toward `label` most (for a neutral text, those that weighed
    most either way), strongest first, and the turns of phrase read in it."""
    if label == "unknown" or language not in ("fr", "en"):
        return NONE
    base = score(text)
    weights: list[tuple[str, float]] = []
    for key, written in _candidates(text, names).items():
        weights.append((written, base - score(_without(text, key))))
    if label == "positive":
        kept = sorted((w for w in weights if w[1] >= NOTICEABLE), key=lambda w: -w[1])
    elif label == "negative":
        kept = sorted((w for w in weights if w[1] <= -NOTICEABLE), key=lambda w: w[1])
    else:
        kept = sorted((w for w in weights if abs(w[1]) >= NOTICEABLE), key=lambda w: -abs(w[1]))
    strongest = abs(kept[0][1]) if kept else 0.0
    shown = tuple(
        (word, round(weight, 3)) for word, weight in kept[:limit] if abs(weight) >= SHARE * strongest
    )
    return ToneReasons(shown, turns_of(text, language))
