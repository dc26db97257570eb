"""Text normalisation shared by matching, snippets, language detection and dedup.

Folding maps every character to its case- and accent-free form ("Société" → "societe",
"Œuvre" → "oeuvre", "’" → "'") and remembers where each folded character came from, so a
match found in folded text can be shown in bold in the original.
"""

from __future__ import annotations

import codecs
import re
import threading
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterator

_SPECIAL_FOLDS = {
    "œ": "oe",
    "æ": "ae",
    "ß": "ss",
    "ø": "o",
    "đ": "d",
    "ł": "l",
    "ı": "i",
    "\u2019": "'",  # ’ right single quotation mark, the usual French apostrophe
    "\u2018": "'",
    "\u02bc": "'",
    "\u00b4": "'",
    "\u2032": "'",
    "`": "'",
    "\u2010": "-",
    "\u2011": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u00a0": " ",
    "\u202f": " ",
}


def fold_char(ch: str) -> str:
    """The folded form of one character (may be empty or longer than one character)."""
    lower = ch.casefold()
    special = _SPECIAL_FOLDS.get(lower)
    if special is not None:
        return special
    decomposed = unicodedata.normalize("NFKD", lower)
    # Casefold again: compatibility forms decompose to capitals ("𝐀" → "A").
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


class _FoldTable(dict[int, str]):
    """A `str.translate` table filled on demand, so folding runs at C speed once warm."""

    def __missing__(self, code: int) -> str:
        folded = fold_char(chr(code))
        if len(self) < 200_000:
            self[code] = folded
        return folded


_FOLD_TABLE = _FoldTable()


class _OtherScript(Exception):
    """A run of characters folds to something the fast path cannot hold: fold another way."""


# The fast path: an 8-bit code page of ASCII and the 128 non-ASCII characters Latin texts use
# most that fold to exactly one character (é → e, ’ → ', “ → “). Encoding a text to it and
# decoding the bytes through the folds runs at C speed; only other characters (œ → oe, ß → ss)
# go through Python, a run at a time, and are the only ones that may shift positions.
_CODE_PAGE_EXTRA = (
    "".join(chr(code) for code in range(0xA0, 0x100))
    + "\u2019\u2018\u201c\u201d\u201e\u2013\u2014\u2026\u2022\u20ac\u2122\u2039\u203a\u2032\u2033"
    + "\u202f\u2010\u2011\u02bc"
    + "ąćęłńśźżčďěňřšťůžőűğşāēīūĄĆĘŁŃŚŹŻČĎĚŇŘŠŤŮŽŐŰĞŞ"
)


def _code_page() -> str:
    chars = [chr(code) for code in range(128)]
    for ch in _CODE_PAGE_EXTRA:
        if len(chars) < 256 and ch not in chars and len(fold_char(ch)) == 1:
            chars.append(ch)
    return "".join(chars) + "\ufffe" * (256 - len(chars))


_CODE_PAGE = _code_page()
_ENCODING = codecs.charmap_build(_CODE_PAGE)
_FOLDED_PAGE = "".join(ch if ch == "\ufffe" else fold_char(ch) for ch in _CODE_PAGE)
_WORDS_PAGE = "".join(ch if ch.isalnum() else " " for ch in _FOLDED_PAGE)

_encoding = threading.local()


def _fold_run(error: UnicodeError) -> tuple[str, int]:
    # Called by the encoder for each run of characters outside the code page.
    if not isinstance(error, UnicodeEncodeError):
        raise error
    folded = error.object[error.start : error.end].translate(_FOLD_TABLE)
    if not folded.isascii():
        raise _OtherScript
    _encoding.runs.append((error.start, error.end))
    return folded, error.end


codecs.register_error("veille.fold", _fold_run)

_NOT_WORD = re.compile(r"[\W_]")


def _fold(text: str) -> tuple[str, list[tuple[int, int]] | None, str | None]:
    """The folded text; where its runs of characters that may fold to more or less than one
    character are in the original (None when unknown: the text was translated as a whole); and
    the folded text with a space for every character that is not part of a word, when cheap."""
    if text.isascii():
        folded = text.lower().replace("`", "'")
        return folded, [], None
    if mostly_non_ascii(text):
        return text.translate(_FOLD_TABLE), None, None
    runs: list[tuple[int, int]] = []
    _encoding.runs = runs
    try:
        encoded = codecs.charmap_encode(text, "veille.fold", _ENCODING)[0]
    except _OtherScript:  # another script, or an emoji: translate it all
        return text.translate(_FOLD_TABLE), None, None
    folded = codecs.charmap_decode(encoded, "strict", _FOLDED_PAGE)[0]
    return folded, runs, codecs.charmap_decode(encoded, "strict", _WORDS_PAGE)[0]


def fold(text: str) -> str:
    """Case- and accent-insensitive form of a text."""
    # The same result as translating every character, several times faster: ASCII is lowered at
    # C speed, and a French text's accented letters are folded a run at a time.
    return _fold(text)[0]


def word_text(folded: str) -> str:
    """A folded text with a space for every character that is not part of a word (a letter or a
    digit), so that its words are where they are in the folded text."""
    if folded.isascii():
        return folded.encode("ascii").translate(_ASCII_WORDS).decode("ascii")
    return _NOT_WORD.sub(" ", folded)


def folded_words(text: str) -> list[str]:
    """The words of a text, folded: the runs of letters and digits of `fold(text)`."""
    folded, _, words = _fold(text)
    return (word_text(folded) if words is None else words).split()


_ASCII_WORDS = bytes(code if chr(code).isalnum() else 32 for code in range(128)) + b" " * 128


def mostly_non_ascii(text: str) -> bool:
    """Whether more than a fifth of the text is outside ASCII (another script than the Latin one:
    folding it a run at a time would cost more than translating it all)."""
    return len(text.encode("utf-8", "surrogatepass")) - len(text) > len(text) // 5


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


class FoldedText:
    """A folded text that can map a span of the folded form back onto the original."""

    __slots__ = ("_events", "_runs", "_words", "folded", "original")

    def __init__(self, original: str) -> None:
        self.original = original
        self.folded, self._runs, self._words = _fold(original)
        self._events: tuple[list[int], list[tuple[int, int, int]]] | None = None

    @property
    def words(self) -> str:
        """The folded text with a space for every character that is not part of a word."""
        if self._words is None:
            self._words = word_text(self.folded)
        return self._words

    def _non_ascii(self) -> Iterator[int]:
        if self._runs is None:
            return (m.start() for m in _NON_ASCII.finditer(self.original))
        return (index for start, end in self._runs for index in range(start, end))

    def _shifts(self) -> tuple[list[int], list[tuple[int, int, int]]]:
        # Most characters fold to exactly one character; only those that do not (œ → oe, a
        # lone combining accent → nothing) shift positions. They are found once, when a match
        # first needs mapping, by visiting the non-ASCII characters only.
        if self._events is None:
            starts: list[int] = []
            events: list[tuple[int, int, int]] = []
            shift = 0
            original = self.original
            for index in self._non_ascii():
                width = len(_FOLD_TABLE[ord(original[index])])
                if width == 1:
                    continue
                starts.append(index + shift)
                shift += width - 1
                events.append((index, width, shift))
            self._events = (starts, events)
        return self._events

    def _origin_of(self, index: int) -> int:
        starts, events = self._shifts()
        position = bisect_right(starts, index) - 1
        if position < 0:
            return index
        original, width, shift_after = events[position]
        if index < starts[position] + width:
            return original
        return index - shift_after

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of the folded text back onto the original."""
        if start >= len(self.folded):
            return len(self.original), len(self.original)
        if not self._shifts()[0]:  # no character folded to more or less than one
            return start, max(start, min(end, len(self.original)))
        first = self._origin_of(start)
        last = self._origin_of(end - 1) + 1 if end > start else first
        return first, min(last, len(self.original))


def collapse_whitespace(text: str) -> str:
    """Runs of white space as one space, none at either end."""
    return " ".join(text.split())  # splits where `\s+` matches, at C speed


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(text: str) -> str:
    """Drop control characters that have no business in a message (and break some renderers)."""
    return _CONTROL.sub("", text)


def cut_at_word(text: str, limit: int, ellipsis: str = "…") -> str:
    """At most `limit` characters, cut at a word boundary, with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    room = max(1, limit - len(ellipsis))
    cut = text[:room]
    space = cut.rfind(" ")
    if space > room // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-") + ellipsis


Spans = list[tuple[int, int]]


def excerpt(
    text: str, spans: Spans, limit: int, mark: Callable[[str, Spans], str] = lambda window, _: window
) -> str:
    """At most `limit` characters of `text` around its first span (`excerpt_bounds`), "…" where it
    was cut, passed with the spans that fall inside it to `mark` (bold for Slack, brackets for a
    terminal; as is by default)."""
    start, end = excerpt_bounds(text, min((s for s, _ in spans), default=0), limit)
    inside = [(s - start, e - start) for s, e in spans if s >= start and e <= end]
    return ("…" if start else "") + mark(text[start:end], inside) + ("…" if end < len(text) else "")


def excerpt_bounds(text: str, first: int, limit: int) -> tuple[int, int]:
    """Where an excerpt of at most `limit` characters around position `first` starts and ends:
    the whole text when it fits, else from a third of the room before `first`, both ends moved to
    a space so that no word is cut (unless it is longer than half the room)."""
    if len(text) <= limit:
        return 0, len(text)
    start = max(0, first - limit // 3)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < first else start
    end = min(len(text), start + limit)
    if end < len(text):
        space = text.rfind(" ", start, end)
        if space > start + limit // 2:
            end = space
    return start, end
