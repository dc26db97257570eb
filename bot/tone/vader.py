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
    scalar_inc_dec,
)

from veille.tone.features import Features, extract

VADER_CHARS = 400  # VADER's cost grows fast with length; the start of a text is enough
_NEGATE = frozenset(NEGATE)
_OR = ("or", "nor")
_PUNCTUATION = string.punctuation


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
        capitals = sum(map(str.isupper, words))
        is_cap_diff = 0 < len(words) - capitals < len(words)
        last = len(words) - 1
        scored = self._scored
        sentiments: list[float] = [0] * len(words)
        if not scored.isdisjoint(lower):
            for i in compress(range(len(lower)), map(scored.__contains__, lower)):
                if not (lower[i] == "kind" and i < last and lower[i + 1] == "of"):
                    sentiments[i] = self._valence(words, lower, i, is_cap_diff)
        if "but" in lower:
            sentiments = self._package._but_check(words, sentiments)
        scores: dict[str, float] = self._package.score_valence(sentiments, text)
        return scores

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

    def _valence(self, words: Sequence[str], lower: Sequence[str], i: int, is_cap_diff: bool) -> float:
        """The package's `sentiment_valence` for a word of its lexicon, on the words lower-cased once."""
        lexicon = self.lexicon
        item = lower[i]
        valence = lexicon[item]
        if item == "no" and i != len(lower) - 1 and lower[i + 1] in lexicon:
            valence = 0.0
        if (
            (i > 0 and lower[i - 1] == "no")
            or (i > 1 and lower[i - 2] == "no")
            or (i > 2 and lower[i - 3] == "no" and lower[i - 1] in _OR)
        ):
            valence = lexicon[item] * N_SCALAR
        if words[i].isupper() and is_cap_diff:
            valence = valence + C_INCR if valence > 0 else valence - C_INCR
        for start_i in range(3):
            before = i - (start_i + 1)
            if i > start_i and lower[before] not in lexicon:
                s = scalar_inc_dec(words[before], valence, is_cap_diff)
                if start_i == 1 and s != 0:
                    s = s * 0.95
                if start_i == 2 and s != 0:
                    s = s * 0.9
                valence = valence + s
                valence = _negation_check(valence, lower, start_i, i)
                if start_i == 2 and not self._idiom_words.isdisjoint(lower[i - 3 : i + 2]):
                    valence = _special_idioms_check(valence, lower, i)
        return _least_check(valence, lower, i, lexicon)


def _negated(word: str) -> bool:
    return word in _NEGATE or "n't" in word


def _negation_check(valence: float, lower: Sequence[str], start_i: int, i: int) -> float:
    if start_i == 0:
        if _negated(lower[i - 1]):
            valence = valence * N_SCALAR
    elif start_i == 1:
        if lower[i - 2] == "never" and (lower[i - 1] == "so" or lower[i - 1] == "this"):
            valence = valence * 1.25
        elif lower[i - 2] == "without" and lower[i - 1] == "doubt":
            pass
        elif _negated(lower[i - 2]):
            valence = valence * N_SCALAR
    elif start_i == 2:
        if (lower[i - 3] == "never" and (lower[i - 2] == "so" or lower[i - 2] == "this")) or (
            lower[i - 1] == "so" or lower[i - 1] == "this"
        ):
            valence = valence * 1.25
        elif lower[i - 3] == "without" and (lower[i - 2] == "doubt" or lower[i - 1] == "doubt"):
            pass
        elif _negated(lower[i - 3]):
            valence = valence * N_SCALAR
    return valence


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


def _least_check(valence: float, lower: Sequence[str], i: int, lexicon: dict[str, float]) -> float:
    if i > 1 and lower[i - 1] not in lexicon and lower[i - 1] == "least":
        if lower[i - 2] != "at" and lower[i - 2] != "very":
            valence = valence * N_SCALAR
    elif i > 0 and lower[i - 1] not in lexicon and lower[i - 1] == "least":
        valence = valence * N_SCALAR
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
