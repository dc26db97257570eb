"""Text normalisation shared by matching, snippets, language detection and dedup.

Folding maps every character to its case- and accent-free form ("Société" → "societe",
"Œuvre" → "oeuvre", "’" → "'") and remembers where each folded character came from, so a
match found in folded text can be shown in bold in the original.
"""

from __future__ import annotations

import html
import re
import unicodedata
from bisect import bisect_right

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


_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")


def _fold_run(match: re.Match[str]) -> str:
    return match.group().translate(_FOLD_TABLE)


def fold(text: str) -> str:
    """Case- and accent-insensitive form of a text."""
    # The same result as translating every character, several times faster: ASCII is lowered at
    # C speed, and a French text's accented letters are folded a run at a time.
    if not text.isascii():
        if mostly_non_ascii(text):
            return text.translate(_FOLD_TABLE)
        partly = _NON_ASCII_RUN.sub(_fold_run, text)
        if not partly.isascii():  # another script: translate it all
            return text.translate(_FOLD_TABLE)
        text = partly
    return text.lower().replace("`", "'")


def mostly_non_ascii(text: str) -> bool:
    """Whether more than a fifth of the text is outside ASCII (another script than the Latin one:
    folding it a run at a time would cost more than translating it all)."""
    return len(text.encode("utf-8", "surrogatepass")) - len(text) > len(text) // 5


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


class FoldedText:
    """A folded text that can map a span of the folded form back onto the original."""

    __slots__ = ("_events", "folded", "original")

    def __init__(self, original: str) -> None:
        self.original = original
        self.folded = fold(original)
        self._events: tuple[list[int], list[tuple[int, int, int]]] | None = None

    def _shifts(self) -> tuple[list[int], list[tuple[int, int, int]]]:
        # Most characters fold to exactly one character; only those that do not (œ → oe, a
        # lone combining accent → nothing) shift positions. They are found once, when a match
        # first needs mapping, by visiting the non-ASCII characters only.
        if self._events is None:
            starts: list[int] = []
            events: list[tuple[int, int, int]] = []
            shift = 0
            for m in _NON_ASCII.finditer(self.original):
                width = len(_FOLD_TABLE[ord(m.group())])
                if width == 1:
                    continue
                index = m.start()
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
        first = self._origin_of(start)
        last = self._origin_of(end - 1) + 1 if end > start else first
        return first, min(last, len(self.original))


def fold_mapped(text: str) -> FoldedText:
    return FoldedText(text)


_DROP_BLOCKS = re.compile(
    r"<(script|style|noscript|template)\b[^>]*>.*?</\1\s*>|<!--.*?-->", re.IGNORECASE | re.DOTALL
)
_BLOCK_TAG = re.compile(
    r"</?(?:p|br|div|li|ul|ol|tr|td|th|table|h[1-6]|blockquote|pre|section|article|header|footer|figure"
    r"|figcaption|hr|dd|dt)\b[^>]*>",
    re.IGNORECASE,
)
_IMG_ALT = re.compile(r"<img\b[^>]*?\balt\s*=\s*(?:\"([^\"]*)\"|'([^']*)')[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"</?[a-zA-Z][^>]*>|<![^>]*>|<\?[^>]*>")
_LOOKS_LIKE_HTML = re.compile(r"<[a-zA-Z/!?]|&[#a-zA-Z0-9]+;")


def html_to_text(markup: str) -> str:
    """Plain text of an HTML fragment (tags dropped, entities decoded, white space collapsed).

    Regular expressions rather than an HTML parser: feeds carry broken markup that a parser may
    choke on, and this runs on every item of every poll. Never raises.
    """
    if not markup:
        return ""
    if not _LOOKS_LIKE_HTML.search(markup):
        return collapse_whitespace(markup)
    text = _DROP_BLOCKS.sub(" ", markup)
    text = _IMG_ALT.sub(lambda m: f" {m.group(1) or m.group(2) or ''} ", text)
    text = _BLOCK_TAG.sub(" ", text)
    text = _TAG.sub("", text)
    return collapse_whitespace(html.unescape(text))


_WS = re.compile(r"\s+")


def collapse_whitespace(text: str) -> str:
    return _WS.sub(" ", text).strip()


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
