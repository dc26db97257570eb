"""VADER's reading of an English text, as extra inputs of the English tone model.

VADER (the `vaderSentiment` package, MIT, installed from PyPI with its own lexicon) is good at
short English social-media text; the English model takes its scores as four more features and
learns how far to trust them next to Veille's own lexicon and words. Nothing is downloaded.

`polarity_scores` gives exactly what the package's `SentimentIntensityAnalyzer.polarity_scores`
gives, with its lexicon, rules and quirks, at a fraction of the cost: the package lower-cases the
whole text again for every word of its lexicon it meets (and compares every emoji with every
character), which makes a feed-length text cost as much as the rest of the tone check. Here each
word is lower-cased once and only the words of VADER's lexicon go through its rules.
"""

from __future__ import annotations

import math
import re
import string
import threading
from collections.abc import Sequence
from itertools import compress, repeat
from operator import is_not

from vaderSentiment.vaderSentiment import (
    BOOSTER_DICT,
    C_INCR,
    N_SCALAR,
    NEGATE,
    SPECIAL_CASES,
    SentimentIntensityAnalyzer,
    normalize,
)

from veille.tone.features import Features, extract

VADER_CHARS = 400  # VADER's cost grows fast with length; the start of a text is enough
_NEGATE = frozenset(NEGATE)
_OR = ("or", "nor")
_PUNCTUATION = string.punctuation
# The first two words of the package's idioms and n-gram boosters: without them, no idiom is read.
_IDIOM_STARTS = [key.split(" ")[:2] for key in (*SPECIAL_CASES, *BOOSTER_DICT) if " " in key]
_IDIOM_FIRST = frozenset(first for first, _ in _IDIOM_STARTS)
_IDIOM_SECOND = frozenset(second for _, second in _IDIOM_STARTS)
_IDIOM_START = re.compile("|".join(re.escape(f"{first} {second}") for first, second in _IDIOM_STARTS))


class Vader:
    """VADER's analyzer without the copies of its lexicon files, and with a faster reading."""

    def __init__(self) -> None:
        self._package = SentimentIntensityAnalyzer()
        # The files' text, kept by the package once read into the dictionaries: 0.5 MB for nothing.
        del self._package.lexicon_full_filepath, self._package.emoji_full_filepath
        self.lexicon: dict[str, float] = self._package.lexicon
        self.emojis: dict[str, str] = self._package.emojis
        self._emoji_chars = frozenset(key for key in self.emojis if len(key) == 1)
        self._scored = frozenset(self.lexicon.keys() - BOOSTER_DICT.keys())
        # The words of the package's idioms and n-gram boosters ("kind of", "the bomb"): a word
        # of the lexicon with none of them around it keeps its valence through that check.
        self._idiom_words = frozenset(
            word for key in (*SPECIAL_CASES, *BOOSTER_DICT) if " " in key for word in key.split(" ")
        )
        # The words that can change the valence of a word of the lexicon up to three words after
        # them ("or", "at"… only beside one of these), and any word holding "n't"; with an idiom's
        # first two words in the text, the words of idioms up to one word before it too.
        self._modifiers = frozenset(
            {*BOOSTER_DICT, *_NEGATE, "no", "never", "so", "this", "without", "least"}
        )
        self._idiom_modifiers = self._modifiers | self._idiom_words

    def polarity_scores(self, text: str) -> dict[str, float]:
        if not text.isascii() and not self._emoji_chars.isdisjoint(text):
            text = self._described(text)
        text = text.strip()
        tokens = text.split()
        # Each token without the punctuation around it, unless that leaves two characters or
        # fewer (an emoticon): only the tokens that had some are looked at again.
        words = list(map(str.strip, tokens, repeat(_PUNCTUATION)))
        for i in compress(range(len(words)), map(is_not, words, tokens)):
            if len(words[i]) <= 2:
                words[i] = tokens[i]
        lower = list(map(str.lower, words))
        scored = self._scored
        if scored.isdisjoint(lower):
            return self._scores((), len(words), text)
        capitals = sum(map(str.isupper, words))
        is_cap_diff = 0 < len(words) - capitals < len(words)
        last = len(words) - 1
        lexicon = self.lexicon
        # Without a word that can change it nearby, a word's valence is its lexicon's.
        idiomatic = (
            not _IDIOM_FIRST.isdisjoint(lower)
            and not _IDIOM_SECOND.isdisjoint(lower)
            and _IDIOM_START.search(" ".join(lower)) is not None
        )
        modifiers = self._idiom_modifiers if idiomatic else self._modifiers
        unnegated = "n't" not in text.lower()
        plain = unnegated and modifiers.isdisjoint(lower)
        found: dict[int, float] = {}
        for i in compress(range(len(lower)), map(scored.__contains__, lower)):
            if lower[i] == "kind" and i < last and lower[i + 1] == "of":
                continue
            if plain or (unnegated and modifiers.isdisjoint(lower[i - 3 if i > 3 else 0 : i + 2])):
                valence = lexicon[lower[i]]
                if is_cap_diff and words[i].isupper():
                    valence = valence + C_INCR if valence > 0 else valence - C_INCR
            else:
                idioms = self._idiom_words if idiomatic else frozenset[str]()
                valence = _valence(lexicon, idioms, words, lower, i, is_cap_diff)
            found[i] = valence
        if "but" in lower:
            sentiments: list[float] = [0] * len(words)
            for i, valence in found.items():
                sentiments[i] = valence
            return self._scores(
                [s for s in self._package._but_check(words, sentiments) if s], len(words), text
            )
        return self._scores([s for s in found.values() if s], len(words), text)

    def _scores(self, valences: Sequence[float], count: int, text: str) -> dict[str, float]:
        """The package's `score_valence` for `count` words whose valences other than 0 are `valences`,
        in their order: a word of valence 0 only counts as neutral."""
        if not count:
            return {"neg": 0.0, "neu": 0.0, "pos": 0.0, "compound": 0.0}
        emphasis = self._package._punctuation_emphasis(text)
        total = float(sum(valences))
        if total > 0:
            total += emphasis
        elif total < 0:
            total -= emphasis
        positive = negative = 0.0
        for valence in valences:
            if valence > 0:
                positive += float(valence) + 1
            elif valence < 0:
                negative += float(valence) - 1
        neutral = count - len(valences)
        if positive > -negative:
            positive += emphasis
        elif positive < -negative:
            negative -= emphasis
        whole = positive - negative + neutral
        return {
            "neg": round(math.fabs(negative / whole), 3),
            "neu": round(math.fabs(neutral / whole), 3),
            "pos": round(math.fabs(positive / whole), 3),
            "compound": round(normalize(total), 4),
        }

    def _described(self, text: str) -> str:
        """The package's emoji step: each emoji replaced by its description."""
        out: list[str] = []
        prev_space = True
        for char in text:
            description = self.emojis.get(char) if char in self._emoji_chars else None
            if description is not None:
                if not prev_space:
                    out.append(" ")
                out.append(description)
                prev_space = False
            else:
                out.append(char)
                prev_space = char == " "
        return "".join(out)


def _valence(
    lexicon: dict[str, float],
    idiom_words: frozenset[str],
    words: Sequence[str],
    lower: Sequence[str],
    i: int,
    is_cap_diff: bool,
) -> float:
    """The package's `sentiment_valence` for a word of its lexicon, on the words lower-cased once."""
    item = lower[i]
    valence = lexicon[item]
    if item == "no" and i != len(lower) - 1 and lower[i + 1] in lexicon:
        valence = 0.0
    one = lower[i - 1] if i > 0 else ""
    two = lower[i - 2] if i > 1 else ""
    three = lower[i - 3] if i > 2 else ""
    if one == "no" or two == "no" or (three == "no" and one in _OR):
        valence = lexicon[item] * N_SCALAR
    if is_cap_diff and words[i].isupper():
        valence = valence + C_INCR if valence > 0 else valence - C_INCR
    if i > 0 and one not in lexicon:
        valence = _boosted(valence, BOOSTER_DICT.get(one), words[i - 1], is_cap_diff, 1.0)
        if one in _NEGATE or "n't" in one:
            valence = valence * N_SCALAR
    if i > 1 and two not in lexicon:
        valence = _boosted(valence, BOOSTER_DICT.get(two), words[i - 2], is_cap_diff, 0.95)
        if two == "never" and (one == "so" or one == "this"):
            valence = valence * 1.25
        elif two == "without" and one == "doubt":
            pass
        elif two in _NEGATE or "n't" in two:
            valence = valence * N_SCALAR
    if i > 2 and three not in lexicon:
        valence = _boosted(valence, BOOSTER_DICT.get(three), words[i - 3], is_cap_diff, 0.9)
        if (three == "never" and (two == "so" or two == "this")) or (one == "so" or one == "this"):
            valence = valence * 1.25
        elif three == "without" and (two == "doubt" or one == "doubt"):
            pass
        elif three in _NEGATE or "n't" in three:
            valence = valence * N_SCALAR
        if not idiom_words.isdisjoint(lower[i - 3 : i + 2]):
            valence = _special_idioms_check(valence, lower, i)
    if i > 0 and one == "least" and one not in lexicon and (i == 1 or (two != "at" and two != "very")):
        valence = valence * N_SCALAR
    return valence


def _boosted(valence: float, booster: float | None, word: str, is_cap_diff: bool, damping: float) -> float:
    """The valence after the package's `scalar_inc_dec` of a word before it, damped by its distance:
    a word that is no booster adds 0, which changes nothing but the sign of a zero."""
    if booster is None:
        return valence
    scalar = booster * -1 if valence < 0 else booster
    if is_cap_diff and word.isupper():
        scalar = scalar + C_INCR if valence > 0 else scalar - C_INCR
    return valence + (scalar * damping if damping != 1.0 else scalar)


def _special_idioms_check(valence: float, lower: Sequence[str], i: int) -> float:
    onezero = f"{lower[i - 1]} {lower[i]}"
    twoonezero = f"{lower[i - 2]} {lower[i - 1]} {lower[i]}"
    twoone = f"{lower[i - 2]} {lower[i - 1]}"
    threetwoone = f"{lower[i - 3]} {lower[i - 2]} {lower[i - 1]}"
    threetwo = f"{lower[i - 3]} {lower[i - 2]}"
    for seq in (onezero, twoonezero, twoone, threetwoone, threetwo):
        if seq in SPECIAL_CASES:
            valence = SPECIAL_CASES[seq]
            break
    if len(lower) - 1 > i:
        zeroone = f"{lower[i]} {lower[i + 1]}"
        if zeroone in SPECIAL_CASES:
            valence = SPECIAL_CASES[zeroone]
    if len(lower) - 1 > i + 1:
        zeroonetwo = f"{lower[i]} {lower[i + 1]} {lower[i + 2]}"
        if zeroonetwo in SPECIAL_CASES:
            valence = SPECIAL_CASES[zeroonetwo]
    for n_gram in (threetwoone, threetwo, twoone):
        if n_gram in BOOSTER_DICT:
            valence = valence + BOOSTER_DICT[n_gram]
    return valence


_lock = threading.Lock()
_loaded: list[Vader] = []


def _analyzer() -> Vader:
    # Loaded on the first English text, once, even when two poll threads get there together.
    if not _loaded:
        with _lock:
            if not _loaded:
                _loaded.append(Vader())
    return _loaded[0]


def vader_values(text: str) -> tuple[tuple[str, float], ...]:
    scores = _analyzer().polarity_scores(text[:VADER_CHARS])
    compound = float(scores["compound"])
    return (
        ("v:compound", compound),
        ("v:pos", float(scores["pos"])),
        ("v:neg", float(scores["neg"])),
        ("v:compound_pos", max(compound, 0.0)),
        ("v:compound_neg", min(compound, 0.0)),
    )


def with_vader(features: Features) -> Features:
    """The features with VADER's reading of the same text (a repeated sentence counted once)."""
    return Features(
        features.names,
        features.values + vader_values(features.read),
        features.lexicon_score,
        features.read,
        features.ironic,
        features.idioms,
        features.lexicon_hits,
        features.turn,
        features.news,
    )


def model_features(text: str, language: str, vader: bool) -> Features:
    """What a tone model reads of a text: Veille's features, and VADER's scores for a model
    trained with them."""
    features = extract(text, language)
    return with_vader(features) if vader else features
