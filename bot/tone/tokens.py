"""The tokens of a folded text, and the words that say something only when an amount follows.

Pure functions used by `veille.tone.features`: a folded text is cut into links, @users, hashtags,
emoticons, words (a French elision split off: "n'est" → "n'", "est"), numbers, punctuation and
emoji.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Each kind of token, tried in this order where the previous ones fail.
_KINDS = (
    ("word", r"(?!https?://\S|www\.\S)[^\W\d_]+(?:['-][^\W\d_]+)*'?"),
    ("url", r"https?://\S+|www\.\S+"),
    ("user", r"@\w+"),
    ("tag", r"#[^\W_][\w'-]*"),
    ("emoticon", r"(?<![\w:])(?:>:\(|:'\(|</3|<3|\^_\^|\^\^|[:;=]-?[)(\]\[dp/|s]|:o\))(?![\w)(])"),
    ("num", r"\d+(?:[.,]\d+)*"),
    ("punct", r"[!?]+|[.;:,…]|\s-\s"),
    ("emoji", r"[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\u2764]"),
)
# Whitespace before a token is read with it (outside the group), and a word is tried first unless
# a link starts there: the same tokens as trying each kind in turn at every character, in less
# time. A token's kind follows from its first character (the kinds start with different ones),
# but for a link, which starts with letters as a word does, and for ":" or ";" (alone a
# punctuation mark, followed an emoticon): found at C speed, without telling the kinds apart.
_TOKEN = re.compile(r"\s*(" + "|".join(pattern for _, pattern in _KINDS) + ")")
_URL_STARTS = ("http://", "https://", "www.")


def _kind_of_first(char: str) -> str:
    if char.isalnum():
        return "num" if char.isdecimal() else "word"
    if char == "@" or char == "#":
        return "user" if char == "@" else "tag"
    if char in "!?.,…" or char.isspace():
        return "punct"
    return "emoticon" if char in ">:<^;=" else "emoji"


_KIND_OF_FIRST = {chr(code): _kind_of_first(chr(code)) for code in range(0x250)}
del _KIND_OF_FIRST[":"], _KIND_OF_FIRST[";"], _KIND_OF_FIRST["h"], _KIND_OF_FIRST["w"]


def _kind(token: str) -> str:
    first = token[0]
    if first == "h" or first == "w":
        return "url" if token.startswith(_URL_STARTS) else "word"
    if first == ":" or first == ";":
        return "punct" if len(token) == 1 else "emoticon"
    return _kind_of_first(first)


_ELISIONS = frozenset({"l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu"})
# Where a token may need mending: an apostrophe after an elision starting a word, before a letter
# ("l'homme", "qu'il"; not "don't"), or a " - " to trim. Most texts have neither, and their tokens
# are kept as the pattern finds them. Written to start with the apostrophe: found at C speed.
_HEADS = (
    "[" + "".join(sorted(e for e in _ELISIONS if len(e) == 1)) + "]",
    *sorted(e for e in _ELISIONS if len(e) > 1),
)
_ELIDED = re.compile("'(?:" + "|".join(rf"(?<=(?<![^\W\d_]){head}')" for head in _HEADS) + r")(?=[^\W\d_])")
_DASH = re.compile(r"\s-\s")


@dataclass(frozen=True, slots=True)
class Amounted:
    """A word that says something only when an amount follows it: "waited 3 hours" is a
    complaint, "wait a minute" is not; "raises $30M" is good news, "raises prices" is not."""

    words: frozenset[str]
    weight: float
    between: frozenset[str]  # words that may stand between the word and the amount
    units: frozenset[str]  # after a number: "3 hours", "30 m"
    alone: frozenset[str] = frozenset()  # an amount without a number: "for hours"


NUMBER_WORDS = frozenset(
    {
        "an", "one", "two", "three", "four", "five", "six", "ten", "twenty", "thirty", "forty",
        "fifty", "several", "un", "une", "deux", "trois", "quatre", "cinq", "dix", "vingt",
        "trente", "quarante", "cinquante", "plusieurs", "quelques",
    }
)  # fmt: skip
_LONG_TIMES = frozenset({"hours", "days", "weeks", "months", "heures", "jours", "semaines", "mois"})
AMOUNTED = (
    Amounted(
        frozenset(
            {"waiting", "waited", "wait", "attends", "attend", "attendu", "attendre", "patiente",
             "patienter", "poireaute"}
        ),
        -1.5,
        frozenset(
            {"for", "over", "since", "more", "than", "almost", "nearly", "already", "depuis", "pendant",
             "plus", "de", "d'", "presque", "deja", "des", "toujours", "still"}
        ),
        _LONG_TIMES
        | frozenset(
            {"minutes", "mins", "min", "hrs", "h", "hour", "day", "week", "month", "heure", "jour",
             "semaine"}
        ),
        _LONG_TIMES,
    ),
    Amounted(  # a round of funding: "raises $30M", "lève 30 millions d'euros"
        frozenset({"raises", "raised", "secures", "secured", "leve", "levee", "levent"}),
        1.5,
        frozenset({"about", "over", "nearly", "almost", "another", "pres", "de", "d'", "plus", "environ"}),
        frozenset(
            {"m", "mn", "million", "millions", "bn", "b", "billion", "billions", "md", "mds", "milliard",
             "milliards", "k"}
        ),
    ),
)  # fmt: skip
AMOUNTED_BY_WORD: dict[str, Amounted] = {word: rule for rule in AMOUNTED for word in rule.words}


def tokenize(folded: str) -> list[tuple[str, str]]:
    kinds = _KIND_OF_FIRST
    tokens = [(kinds.get(token[0]) or _kind(token), token) for token in _TOKEN.findall(folded)]
    if not ("'" in folded and _ELIDED.search(folded)) and not ("-" in folded and _DASH.search(folded)):
        return tokens  # no elision to split, no " - " to trim
    out: list[tuple[str, str]] = []
    for kind, token in tokens:
        if kind == "word" and "'" in token[:-1]:
            head, _, rest = token.partition("'")
            if head in _ELISIONS:
                out.append(("word", head + "'"))
                token = rest
        elif kind == "punct":
            token = token.strip()
        out.append((kind, token))
    return out


def amount_after(tokens: list[tuple[str, str]], index: int, rule: Amounted) -> bool:
    """Whether an amount the rule wants follows the word at `index`, past a few small words."""
    at = index + 1
    while at < len(tokens) and at <= index + 3 and tokens[at][1] in rule.between:
        at += 1
    if at >= len(tokens):
        return False
    kind, token = tokens[at]
    while at + 1 < len(tokens) and tokens[at + 1][0] == "num" and kind == "num":
        at += 1  # "1 200 emplois", "2 000 heures"
    if kind == "num" or token in NUMBER_WORDS:
        return at + 1 < len(tokens) and tokens[at + 1][1] in rule.units
    return token in rule.alone
