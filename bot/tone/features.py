"""What the tone model looks at in a text: words in their context, the lexicon's verdict, signals.

Pure functions. Words are folded (no case, no accents: tweets often drop them), elongations are
shortened ("soooo" → "soo") and remembered, French elisions are split ("n'est" → "n'", "est"),
and a word after a negation ("pas", "ne … jamais", "not", "never"…) becomes a different feature
until the end of the clause, so "pas bon" does not count as "bon" (unless a later word undoes
it: "can't recommend them enough", "je ne peux que recommander"). The lexicon score
(`veille.tone.lexicon`) follows the same negation and the intensifiers ("trop", "vraiment",
"very"…), and counts what follows a "but"/"mais" more than what precedes it. French text also
reads French-only phrases and intensifiers, and finds a lexicon word under a plural or feminine
ending ("menacees" → "menace"); English features do not change with them. The text is cut into
tokens by `veille.tone.tokens`; a word no rule reads (most words) only becomes a feature.
"""

from __future__ import annotations

import html
import itertools
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

from veille.text.clean import fold
from veille.tone.irony import PRAISE_STARTS, read_praise, stated_after
from veille.tone.lexicon import (
    BAD_NEWS,
    BARELY,
    CLAUSE_WIDE,
    CONTRASTS,
    EMOJI,
    EMOTICONS,
    ENGLISH,
    FRENCH,
    FRENCH_INTENSIFIERS,
    FRENCH_PHRASES,
    INTENSIFIERS,
    NEAR_REACH,
    NEAR_TROUBLE,
    NEGATIONS,
    NEWS_WORDS,
    PHRASES,
    SWITCHED_ON,
    TROUBLE,
    WORKING,
)
from veille.tone.readings import reads_of
from veille.tone.tokens import AMOUNTED_BY_WORD, amount_after, tokenize
from veille.tone.turns import FIX_WORDS, TURN_WORDS, fixes, ironic, settled

MAX_CHARS = 600  # the title and the lede carry the tone; longer texts cost time, not accuracy
NEGATION_REACH = 4  # words a negation covers when no punctuation ends the clause first
# "can't recommend them enough", "je ne peux que recommander": a negation undone by a later word.
_UNDONE_BY = {
    "enough": frozenset({"can't", "cant", "cannot", "couldn't"}),
    "que": frozenset({"ne", "n'"}),
    "qu'": frozenset({"ne", "n'"}),
}
NEGATED_WEIGHT = 0.7  # "pas génial" is less bad than "nul"
# Words that also turn the trouble after them around, in the tone check only (not in veille.tone.turns,
# where "fini" is not a denial): "zero downtime", "zéro bug", "fini les pannes".
_NEGATING = NEGATIONS | frozenset({"zero", "fini", "finis", "finie", "finies"})
# How far praise said as a complaint moves the model's positive and negative logits: the labelled
# data holds too few of these ("merci pour la panne", veille.tone.turns) for the model to learn it.
IRONY_LOGIT = 2.5
# How far the lexicon's phrases move them ("is down", "aucun regret", "can't recommend … enough"):
# the model reads words and pairs of words, never a whole phrase, so the lexicon gives its weight.
IDIOM_LOGIT = 2.5
# After "but"/"mais" the second clause decides: how far it moves them when the first one said the
# opposite ("The checkout was slow, but support sorted it out in minutes").
CONTRAST_LOGIT = 3.0
# How far a company's news ("opens", "annonce", "publie ses résultats") with no word saying good or
# bad moves the neutral logit up: tweets about products taught the model that "new" is praise.
NEWS_LOGIT = 3.5
# "despite", "malgré": what follows them until the clause ends is conceded, the rest decides.
CONCESSIONS = frozenset({"despite", "malgre"})
NEWS_QUIET = 1.5  # a word weighing this much or more says good or bad

# "never turned on", "ne fonctionnent jamais", "barely lasts": how bad a denied working is.
WORKING_DENIED = -2.0
# "can't wait to start" is no trouble.
_NOT_WAITING = frozenset({"wait", "attendre", "hate"})
# When the clause before "but" said nothing the lexicon weighs ("I expected little, but…"), what
# follows still decides, less firmly.
QUIET_TURN = 0.5
QUIET_CLAUSE = 3  # words at least before the "but": "Yes, but…" opens a reply, it turns nothing
FIX_WEIGHT = 1.5  # a fix said done ("Orange a corrigé l'erreur") is good news
# A trouble stated after "but" with no word of tone ("but 70 minutes for delivery"): its weight.
STATED_WEIGHT = -2.0

# A run of whitespace after ".", "!", "?", "…" or holding a line break. Written to start with a
# whitespace character, so that the regex engine skips every other character at C speed.
_SENTENCE_END = re.compile(r"\s(?:(?<=[.!?…]\s)\s*|\s*\n\s*|(?<=\n)\s*)")
_ELONGATED = re.compile(r"([^\W\d_])\1{2,}")
_DOUBLED = re.compile(r"([^\W\d_])\1")
_RAW_WORD = re.compile(r"[^\W_][\w'’-]*|[.!?;:]")
_FRENCH_ARTICLES = frozenset({"Le", "La", "Les"})
# A word of three capitals or more ("\b[A-ZÀ-Ý]{3,}\b"), written to start with a capital (faster).
_CAPS_WORD = re.compile(r"[A-ZÀ-Ý](?<=\b[A-ZÀ-Ý])[A-ZÀ-Ý]{2,}\b")
# Latin-1 bytes with each capital of that pattern made "A" and anything else a space: without
# "AAA", a text holds no such word (most texts), found at C speed.
_CAPITALS = bytes(65 if 65 <= code <= 90 or 0xC0 <= code <= 0xDD else 32 for code in range(256))
_SARCASM_TAGS = frozenset({"sarcasm", "sarcastic", "irony", "ironie", "sarcasme", "not"})

LEXICONS: Mapping[str, Mapping[str, float]] = {"en": ENGLISH, "fr": FRENCH}
# The French additions are French only: English text reads the shared lists as they are.
_PHRASES: Mapping[str, Mapping[str, float]] = {"en": PHRASES, "fr": {**PHRASES, **FRENCH_PHRASES}}
_PHRASE_STARTS = {lang: frozenset(p.split()[0] for p in phrases) for lang, phrases in _PHRASES.items()}
_INTENSIFIERS: Mapping[str, Mapping[str, float]] = {
    "en": INTENSIFIERS,
    "fr": {**INTENSIFIERS, **FRENCH_INTENSIFIERS},
}
_NEAR_VERBS = frozenset().union(*(verbs for verbs, _, _ in NEAR_TROUBLE))
# French plural and feminine endings, and the ending of the lexicon's word they stand for.
_INFLECTIONS = (("s", ""), ("x", ""), ("es", ""), ("ees", "e"), ("e", ""), ("euses", "eux"), ("euse", "eux"))
_FRENCH_FORMS = frozenset(
    word[: len(word) - len(base)] + ending
    for word in FRENCH
    for ending, base in _INFLECTIONS
    if word.endswith(base)
)
# The words some rule reads; any other word is only a feature, plain or negated.
_COMMON = (
    TURN_WORDS | NEWS_WORDS | CONTRASTS | CONCESSIONS | _NEGATING | _UNDONE_BY.keys() | BAD_NEWS.keys()
    | TROUBLE.keys() | WORKING | SWITCHED_ON | EMOTICONS.keys() | AMOUNTED_BY_WORD.keys()
)  # fmt: skip
_READ: Mapping[str, frozenset[str]] = {
    "en": frozenset(_COMMON | ENGLISH.keys() | _PHRASE_STARTS["en"] | _INTENSIFIERS["en"].keys()),
    "fr": frozenset(
        _COMMON | FRENCH.keys() | _PHRASE_STARTS["fr"] | _INTENSIFIERS["fr"].keys() | _FRENCH_FORMS
    ),
}


@dataclass(frozen=True, slots=True)
class Features:
    """Binary features (present or not) and weighted ones, by name."""

    names: tuple[str, ...]
    values: tuple[tuple[str, float], ...]
    lexicon_score: float  # -1…1, the lexicon's own verdict (used when no model is loaded)
    read: str = ""  # the text as read: its start, a repeated sentence kept once
    ironic: bool = False  # praise said as a complaint ("merci pour la panne"), see veille.tone.turns
    idioms: float = 0.0  # -1…1, what the lexicon's phrases say ("is down", "aucun regret", "mon oeil")
    lexicon_hits: tuple[tuple[str, float], ...] = ()  # each lexicon word read: its feature name, weight
    turn: float = 0.0  # -1…1, what follows a "but" that said the opposite of what came before
    news: bool = False  # a company's news and no word saying good or bad

    @property
    def shift(self) -> float:
        """How far the rules move the model's positive logit up and its negative one down."""
        return self.idioms * IDIOM_LOGIT - (IRONY_LOGIT if self.ironic else 0.0) + self.turn * CONTRAST_LOGIT

    @property
    def neutral(self) -> float:
        """How far the rules move the model's neutral logit up."""
        return NEWS_LOGIT if self.news else 0.0


def _phrase_at(tokens: list[tuple[str, str]], index: int, language: str) -> tuple[float, int] | None:
    """The weight of a phrase starting at `index`, and how many more tokens it covers."""
    starts = _PHRASE_STARTS.get(language, _PHRASE_STARTS["en"])
    if index + 1 >= len(tokens) or tokens[index][1] not in starts:
        return None
    phrases = _PHRASES.get(language, PHRASES)
    two = f"{tokens[index][1]} {tokens[index + 1][1]}"
    if index + 2 < len(tokens):
        weight = phrases.get(f"{two} {tokens[index + 2][1]}")
        if weight is not None:
            return weight, 2
    weight = phrases.get(two)
    return (weight, 1) if weight is not None else None


def _french_inflection(word: str, lexicon: Mapping[str, float]) -> float | None:
    """A French lexicon word under a plural or feminine ending: "menacees" reads as "menace",
    "scandaleuses" as "scandaleux"."""
    for ending, base in _INFLECTIONS:
        if len(word) > len(ending) + 3 and word.endswith(ending):
            weight = lexicon.get(word[: -len(ending)] + base)
            if weight is not None:
                return weight
    return None


# Each French form `_french_inflection` reads as a word of the lexicon, with that word's weight.
_FRENCH_INFLECTED: Mapping[str, float] = {
    form: weight for form in _FRENCH_FORMS if (weight := _french_inflection(form, FRENCH)) is not None
}


def _french_unstretched(word: str, lexicon: Mapping[str, float], intensifiers: Mapping[str, float]) -> str:
    """A stretched French word as written plainly ("geniaal" → "genial", "youupi" → "youpi"),
    when that is a word of the lexicon; elongations were already cut to two letters."""
    plain = _DOUBLED.sub(r"\1", word)
    return plain if plain in lexicon or plain in intensifiers else word


def _french_name_words(raw: str) -> frozenset[str]:
    """Capitalised words inside a brand or place name, after an article or a lower-case word and
    before another capitalised word ("chez Super U", "Le Bon Coin", "la Belle Iloise"): French
    names borrow praise words that say nothing of the tone. Title Case headlines are left alone."""
    if raw.islower():
        return frozenset()
    words = _RAW_WORD.findall(raw)
    return frozenset(
        fold(word)
        for prev, word, after in zip(words, words[1:], words[2:], strict=False)
        if word[0].isupper()
        and word[1:].islower()
        and (after[0].isupper() or after[0].isdigit())
        and (prev[0].islower() or prev in _FRENCH_ARTICLES)
    )


def _next_is(tokens: list[tuple[str, str]], index: int, word: str) -> bool:
    return index + 1 < len(tokens) and tokens[index + 1][1] == word


def _near_trouble(
    tokens: list[tuple[str, str]],
    words: list[str],
    hits: dict[int, tuple[float, bool]],
    negated: set[int],
    idioms: set[int],
    first_contrast: int,
) -> None:
    """Weigh a trouble said with two words near each other in a clause ("augmente le prix de
    mon forfait", "the bill hikes", "axes 2,000 jobs") on its first word; `words`, the text's
    words, tell at once that none of them is such a verb (most texts)."""
    if _NEAR_VERBS.isdisjoint(words):
        return
    found = [index for index, (kind, token) in enumerate(tokens) if token in _NEAR_VERBS and kind == "word"]
    if not found:
        return
    for rule in NEAR_TROUBLE:
        verbs, nouns, weight = rule
        reach = len(tokens) if rule is CLAUSE_WIDE else NEAR_REACH
        for index in found:
            if tokens[index][1] not in verbs or index in negated:
                continue
            for step in (1, -1):
                at = index + step
                while 0 <= at < len(tokens) and abs(at - index) <= reach and tokens[at][0] != "punct":
                    if tokens[at][1] in nouns:
                        if hits.get(index, (0.0, False))[0] > weight:
                            hits[index] = (weight, index > first_contrast)
                            idioms.add(index)
                        break
                    at += step


def _capitalised(raw: str) -> frozenset[str]:
    """Words written with a capital inside a sentence (names: "Merci Free", "Bravo Bouygues"),
    folded; not "I", not a sentence's first word."""
    words = _RAW_WORD.findall(raw)
    return frozenset(
        fold(word)
        for prev, word in zip([".", *words], words, strict=False)
        if len(word) > 1 and word[0].isupper() and prev not in (".", "!", "?")
    )


def squash(value: float, alpha: float = 6.0) -> float:
    return value / math.sqrt(value * value + alpha)


def _may_be_stretched(folded: str) -> bool:
    """False when no letter comes three times in a row, found at C speed for ASCII text: with every
    other character made 1 in one copy and 2 in the other, a letter equal to the next one is a
    zero byte of the first copy XOR the second shifted by one, and two zero bytes make three."""
    if not folded.isascii() or len(folded) < 3:
        return True
    ones, twos = folded.encode().translate(_NOT_LETTER_1), folded.encode().translate(_NOT_LETTER_2)
    same = int.from_bytes(ones[:-1], "big") ^ int.from_bytes(twos[1:], "big")
    return b"\0\0" in same.to_bytes(len(folded) - 1, "big")


_NOT_LETTER_1, _NOT_LETTER_2 = (
    bytes(code if chr(code).isascii() and chr(code).isalpha() else filler for code in range(256))
    for filler in (1, 2)
)


def once_each(text: str) -> str:
    """The text with a sentence it repeats kept once: a repeated complaint is one complaint."""
    sentences = _SENTENCE_END.split(text)
    if len(sentences) < 2:
        return text
    keys = list(map(" ".join, map(str.split, map(str.casefold, sentences))))
    if len(set(keys)) == len(keys):
        return text
    seen: set[str] = set()
    kept: list[str] = []
    for sentence, key in zip(sentences, keys, strict=True):
        if key not in seen:
            seen.add(key)
            kept.append(sentence)
    return " ".join(kept)


def extract(text: str, language: str) -> Features:
    read = once_each(text[: MAX_CHARS * 2])[:MAX_CHARS]
    raw = html.unescape(read) if "&" in read else read
    caps = (
        len(_CAPS_WORD.findall(raw)) if b"AAA" in raw.encode("latin-1", "replace").translate(_CAPITALS) else 0
    )
    folded = fold(raw).replace("\ufe0f", "")
    squeezed = _ELONGATED.sub(r"\1\1", folded) if _may_be_stretched(folded) else folded
    elongated = squeezed != folded
    tokens = tokenize(squeezed)
    lexicon = LEXICONS.get(language, ENGLISH)
    names_words = _french_name_words(raw) if language == "fr" else frozenset()
    intensifiers = _INTENSIFIERS.get(language, INTENSIFIERS)
    read_words = _READ.get(language, _READ["en"])
    phrase_starts = _PHRASE_STARTS.get(language, _PHRASE_STARTS["en"])
    french_stretched = elongated and language == "fr"

    names: list[str] = []
    words: list[str] = []
    negated_left = 0
    boost = 1.0
    after_contrast = False
    named: dict[int, int] = {}  # a token's place in `names`
    negated: set[int] = set()  # tokens read under a negation
    negation_word = ""
    scope: list[int] = []  # tokens read under the latest negation
    turns = False  # a word of veille.tone.turns is there: look for a turn of phrase
    hits: dict[int, tuple[float, bool]] = {}  # read index → (weight, after a "but")
    idioms: set[int] = set()  # where a phrase of the lexicon starts
    exclamations = questions = emoji_score = 0.0
    sarcasm = negations = 0
    skip = 0
    news = False
    fix_said = False  # a word of veille.tone.turns saying a trouble is fixed
    first_contrast = len(tokens)
    conceding = False
    conceded: set[int] = set()  # hits read after a "despite" in the same clause
    for index, (kind, token) in enumerate(tokens):
        if kind == "word":
            if token not in read_words and not french_stretched:
                # A word no rule reads (most words): a feature, plain or negated, and nothing more.
                words.append(token)
                if skip:
                    skip -= 1
                    continue
                named[index] = len(names)
                if negated_left:
                    names.append("n:" + token)
                    negated.add(index)
                    scope.append(index)
                    negated_left -= 1
                else:
                    names.append("w:" + token)
                continue
        elif kind == "punct":
            negated_left = 0
            boost = 1.0
            conceding = False
            if "!" in token:
                exclamations += 1
                names.append("p:!!" if len(token) > 1 else "p:!")
            if "?" in token:
                questions += 1
                names.append("p:?")
            words.append("|")
            continue
        elif kind == "emoji" or kind == "emoticon":
            weight = EMOJI.get(token, 0.0) if kind == "emoji" else EMOTICONS.get(token, 0.0)
            emoji_score += weight
            named[index] = len(names)
            names.append("e:" + token)
            continue
        elif kind == "url" or kind == "user" or kind == "num":
            names.append("w:_" + kind)
            continue
        elif kind == "tag":
            tag = token[1:]
            names.append("h:" + tag)
            if tag in _SARCASM_TAGS:
                sarcasm += 1
            token = tag
        words.append(token)
        if token in TURN_WORDS:
            turns = True
            fix_said = fix_said or token in FIX_WORDS
        if token in NEWS_WORDS:
            news = True
        if skip:
            skip -= 1
            continue
        if token in CONTRASTS:
            first_contrast = min(first_contrast, index)
            after_contrast = True
            negated_left = 0
            names.append("w:" + token)
            continue
        if token in CONCESSIONS:
            conceding = True
        phrase_weight = _phrase_at(tokens, index, language) if token in phrase_starts else None
        if phrase_weight is not None:
            weight, skip = phrase_weight
            named[index] = len(names)
            # A phrase weighing nothing ("customer service", "wait a minute") is a feature of its own:
            # its first word alone would bring that word's tone back.
            names.append(
                "w:" + token if weight else "p:" + "_".join(t for _, t in tokens[index : index + skip + 1])
            )
            hits[index] = (weight * boost, after_contrast)
            idioms.add(index)
            if conceding:
                conceded.add(index)
            boost = 1.0
            negated_left = 0
            continue
        if token in _NEGATING:
            negations += 1
            negated_left = NEGATION_REACH
            negation_word = token
            scope = []
            names.append("w:" + token)
            continue
        if negated_left and negation_word in _UNDONE_BY.get(token, frozenset()):
            for undone in scope:
                negated.discard(undone)
                names[named[undone]] = "w:" + names[named[undone]][2:]
                if undone in hits:
                    weight, late = hits[undone]
                    hits[undone] = (-weight / NEGATED_WEIGHT, late)
            if token == "enough":  # an idiom word-by-word readers (VADER too) take for a negation
                idioms.update(undone for undone in scope if undone in hits)
            negations -= 1
            negated_left = 0
        named[index] = len(names)
        names.append(("n:" if negated_left else "w:") + token)
        if negated_left:
            negated.add(index)
            scope.append(index)
        if elongated and language == "fr" and token not in lexicon and _DOUBLED.search(token):
            token = _french_unstretched(token, lexicon, intensifiers)
        in_name = token in names_words
        word_weight = None if in_name else lexicon.get(token)
        if not negated_left and (token in BAD_NEWS or token in TROUBLE):
            word_weight = BAD_NEWS.get(token) or TROUBLE[token]
            idioms.add(index)
        elif (token in WORKING or (token in SWITCHED_ON and _next_is(tokens, index, "on"))) and (
            (negated_left and not any(tokens[i][1] in _NOT_WAITING for i in scope))
            or (index > 0 and tokens[index - 1][1] in BARELY)
        ):
            # "never turned on", "hardly holds a charge": weighed as said, not turned around again
            hits[index] = (WORKING_DENIED * boost, after_contrast)
            idioms.add(index)
            negated_left = max(negated_left - 1, 0)
            boost = 1.0
            continue
        if word_weight is None and language == "fr" and not in_name:
            word_weight = _FRENCH_INFLECTED.get(token)
        if word_weight is None:
            word_weight = EMOTICONS.get(token)  # "xd" is a word to the tokenizer
        amounted = AMOUNTED_BY_WORD.get(token) if word_weight is None else None
        if amounted is not None and amount_after(tokens, index, amounted):
            word_weight = amounted.weight
            idioms.add(index)
        if word_weight is not None:
            if negated_left:
                word_weight = -word_weight * NEGATED_WEIGHT
            hits[index] = (word_weight * boost, after_contrast)
            if conceding:
                conceded.add(index)
            boost = 1.0
        elif token in intensifiers:
            boost = intensifiers[token]
        if negated_left:
            negated_left -= 1

    _near_trouble(tokens, words, hits, negated, idioms, first_contrast)

    # Praise said as a complaint reads as its opposite and is a feature of its own, like a
    # negated word: "merci" in "merci pour la panne" is not the "merci" of sincere thanks.
    # `ironic` finds nothing without praise and something bad, `settled` nothing without a fix
    # said: they are not asked then.
    flipped = fixed = frozenset[int]()
    praised = any(weight > 0 for weight, _ in hits.values())
    troubled = any(weight < 0 for weight, _ in hits.values())
    turns = turns or (praised and troubled)
    praising = praised or emoji_score > 0 or not PRAISE_STARTS.isdisjoint(words)
    turning = turns and praised and troubled
    # Read before any weight below turns around: every reading sees the words as first weighed.
    tagged = "#" in squeezed
    reads = reads_of(tokens, hits, negated, tagged) if praising or turning or (turns and fix_said) else []
    capitalised: list[frozenset[str]] = []  # read once, when asked

    def capitals() -> frozenset[str]:
        if not capitalised:
            capitalised.append(_capitalised(raw))
        return capitalised[0]

    if turning:
        flipped = ironic(reads, capitals())
    # Praise beside a trouble stated as fact, and no fix said: the shape of irony, whatever its words.
    wrapped = over = frozenset[int]()
    fix_words: tuple[int, ...] = ()
    if praising:
        wrapped, over, fix_words = read_praise(reads, idioms, capitals)
        wrapped -= flipped
        if fix_words:  # praise for a trouble said to be over is sincere, whatever its shape
            flipped = frozenset()
        for index in wrapped:
            if tokens[index][0] == "emoji":
                emoji_score -= 2 * EMOJI.get(tokens[index][1], 0.0)
                names[named[index]] = "i:" + names[named[index]][2:]
        flipped = flipped | {index for index in wrapped if index in hits and hits[index][0] > 0}
    for index in flipped:
        weight, late = hits[index]
        hits[index] = (-weight, late)
        if index in named:
            names[named[index]] = "i:" + names[named[index]][2:]
    said_ironic = bool(flipped or wrapped)
    # Trouble said to be fixed ("la panne est réglée") is no complaint: it weighs nothing.
    if turns and fix_said and any(weight < 0 for weight, _ in hits.values()):
        fixed = settled(reads)
    fixed = fixed | {index for index in over if index in hits}
    for index in fixed:
        del hits[index]
        if index in named:
            names[named[index]] = "f:" + names[named[index]][2:]
    if fixed or fix_words:
        for index in (*fixes(reads), *fix_words):
            if index not in hits:
                hits[index] = (FIX_WEIGHT, index > first_contrast)
                if not fixed:  # praise for a fix and no trouble word: the model reads it poorly
                    idioms.add(index)

    if first_contrast < len(tokens):
        reads = reads or reads_of(tokens, hits, negated, tagged)
        for index in stated_after(reads, idioms):
            hits[index] = (STATED_WEIGHT, True)

    # The first five letters of longer words: "decevant", "deception" share "decev"/"decep"… and
    # unseen inflections of a known word still count.
    names.extend(["s:" + name[2:7] for name in names if name[0] in "wn" and len(name) > 7])
    names.extend(
        [f"b:{first}_{second}" for first, second in itertools.pairwise(words) if first != "|" != second]
    )

    emphasis = 1.0 + 0.15 * min(exclamations, 3.0) + (0.2 if elongated else 0.0)
    positive = negative = 0.0
    for weight, late in hits.values():
        scaled = weight * emphasis * (1.4 if late else (0.6 if after_contrast else 1.0))
        if scaled > 0:
            positive += scaled
        else:
            negative -= scaled
    total = positive - negative + emoji_score
    if sarcasm:
        total = -abs(total) - 1.0
    values: list[tuple[str, float]] = [
        ("x:lex", squash(total)),
        ("x:lex_pos", squash(positive)),
        ("x:lex_neg", squash(negative)),
        ("x:emoji", squash(emoji_score)),
        ("x:excl", min(exclamations, 3.0) / 3.0),
        ("x:question", min(questions, 3.0) / 3.0),
        ("x:caps", min(caps, 3) / 3.0),
        ("x:elongated", 1.0 if elongated else 0.0),
        ("x:negation", min(negations, 2) / 2.0),
        ("x:sarcasm", 1.0 if sarcasm else 0.0),
        ("x:irony", 1.0 if said_ironic else 0.0),
        ("x:fixed", 1.0 if fixed else 0.0),
        ("x:bias", 1.0),
    ]
    earlier = sum(weight for weight, late in hits.values() if not late)
    later = sum(weight for weight, late in hits.values() if late)
    turn = squash(later) if earlier * later < 0 else 0.0
    if (
        not earlier
        and later
        and sum(1 for kind, _ in tokens[:first_contrast] if kind == "word") >= QUIET_CLAUSE
    ):
        turn = squash(later) * QUIET_TURN
    if not turn and conceded:
        kept = sum(weight for index, (weight, _) in hits.items() if index not in conceded)
        given = sum(hits[index][0] for index in conceded if index in hits)
        turn = squash(kept) if kept * given < 0 else 0.0
    quiet = news and not emoji_score and not exclamations and not sarcasm
    quiet = quiet and all(abs(weight) < NEWS_QUIET for weight, _ in hits.values())
    values.append(("x:news", 1.0 if quiet else 0.0))
    said = sum(hits[index][0] for index in idioms if index in hits)
    words_hit = tuple(
        (names[named[i]], weight) for i, (weight, _) in hits.items() if i in named and i not in idioms
    )
    return Features(
        tuple(names), tuple(values), squash(total), read, said_ironic, squash(said), words_hit, turn, quiet
    )
