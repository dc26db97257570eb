"""Text normalisation shared by matching, snippets, language detection and dedup.

Folding maps every character to its case- and accent-free form ("Société" → "societe",
"Œuvre" → "oeuvre", "’" → "'") and remembers where each folded character came from, so a
match found in folded text can be shown in bold in the original.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser

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

_fold_cache: dict[str, str] = {}


def fold_char(ch: str) -> str:
    """The folded form of one character (may be empty or longer than one character)."""
    cached = _fold_cache.get(ch)
    if cached is not None:
        return cached
    lower = ch.casefold()
    special = _SPECIAL_FOLDS.get(lower)
    if special is not None:
        folded = special
    else:
        decomposed = unicodedata.normalize("NFKD", lower)
        folded = "".join(c for c in decomposed if not unicodedata.combining(c))
    if len(_fold_cache) < 100_000:
        _fold_cache[ch] = folded
    return folded


def fold(text: str) -> str:
    """Case- and accent-insensitive form of a text."""
    if text.isascii():
        return text.lower().replace("`", "'")
    return "".join(fold_char(c) for c in text)


@dataclass(frozen=True, slots=True)
class FoldedText:
    """A folded text and, for each folded character, the index of its original character."""

    original: str
    folded: str
    origin: tuple[int, ...] | None  # None: identity (ASCII text)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of the folded text back onto the original."""
        if self.origin is None:
            return start, end
        if start >= len(self.origin):
            return len(self.original), len(self.original)
        first = self.origin[start]
        last = self.origin[end - 1] + 1 if end > start else first
        return first, last


def fold_mapped(text: str) -> FoldedText:
    if text.isascii():
        return FoldedText(text, text.lower().replace("`", "'"), None)
    parts: list[str] = []
    origin: list[int] = []
    for index, ch in enumerate(text):
        folded = fold_char(ch)
        if folded:
            parts.append(folded)
            origin.extend([index] * len(folded))
    return FoldedText(text, "".join(parts), tuple(origin))


_BLOCK_TAGS = frozenset(
    [
        "p",
        "br",
        "div",
        "li",
        "ul",
        "ol",
        "tr",
        "td",
        "th",
        "table",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "pre",
        "section",
        "article",
        "header",
        "footer",
        "figure",
        "figcaption",
        "hr",
        "dd",
        "dt",
    ]
)
_SKIP_TAGS = frozenset({"script", "style", "noscript", "template"})


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self._skip_depth += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append(" ")
        elif tag == "img":
            alt = dict(attrs).get("alt")
            if alt:
                self.parts.append(f" {alt} ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._skip_depth:
            self.parts.append(data)


_WS = re.compile(r"\s+")
_LOOKS_LIKE_HTML = re.compile(r"<[a-zA-Z/!]|&[#a-zA-Z0-9]+;")


def html_to_text(markup: str) -> str:
    """Plain text of an HTML fragment (tags dropped, entities decoded, white space collapsed).

    Never raises: feeds carry all sorts of broken markup.
    """
    if not markup:
        return ""
    if not _LOOKS_LIKE_HTML.search(markup):
        return collapse_whitespace(markup)
    parser = _TextExtractor()
    try:
        parser.feed(markup)
        parser.close()
        text = "".join(parser.parts)
    except Exception:  # HTMLParser can still trip on pathological input
        text = re.sub(r"<[^>]*>", " ", html.unescape(markup))
    return collapse_whitespace(text)


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
