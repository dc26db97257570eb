"""Finding brand mentions in a text.

Terms match case- and accent-insensitively, on whole words: "societe generale" finds "Société
Générale", "Orange" finds "d'Orange" and "#Orange" but "Apple" does not find "pineapple". The
text is folded once per item and every brand's compiled pattern runs over the folded form; spans
are mapped back to the original text so the alert can show them in bold.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.models import BrandMatch, Item, Span
from bot.text import FoldedText, fold, fold_mapped

# Letters and digits make words; everything else (spaces, apostrophes, hyphens, '#', '@', '_')
# separates them.
_WORD = r"[^\W_]"
_TOKEN = re.compile(_WORD + "+")
_PHRASE_GAP = r"[\s\-'_./·]+"


def term_tokens(term: str) -> tuple[str, ...]:
    return tuple(_TOKEN.findall(fold(term)))


def _term_pattern(tokens: Sequence[str]) -> str:
    # No look-arounds: a pattern that starts with a literal lets the regex engine scan fast;
    # word boundaries are checked on each hit instead (see `_whole_word`).
    return _PHRASE_GAP.join(re.escape(token) for token in tokens)


def _whole_word(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not before.isalnum() and not after.isalnum()


@dataclass(frozen=True)
class _CompiledTerms:
    terms: tuple[str, ...]
    pattern: re.Pattern[str] | None

    @classmethod
    def build(cls, terms: Iterable[str]) -> _CompiledTerms:
        kept: list[str] = []
        parts: list[str] = []
        for term in terms:
            tokens = term_tokens(term)
            if not tokens:
                continue
            parts.append(f"(?P<t{len(kept)}>{_term_pattern(tokens)})")
            kept.append(term)
        pattern = re.compile("|".join(parts)) if parts else None
        return cls(tuple(kept), pattern)

    def find(self, folded: str) -> list[tuple[int, int, str]]:
        if self.pattern is None:
            return []
        found = []
        for m in self.pattern.finditer(folded):
            if _whole_word(folded, m.start(), m.end()):
                group = m.lastgroup or "t0"
                found.append((m.start(), m.end(), self.terms[int(group[1:])]))
        return found

    def search(self, folded: str) -> bool:
        return bool(self.find(folded))


@dataclass(frozen=True)
class BrandRule:
    """What makes a text a mention of one brand."""

    brand: str
    terms: tuple[str, ...]
    exclude: tuple[str, ...] = ()


class Matcher:
    """Matches items against every watched brand."""

    def __init__(self, rules: Sequence[BrandRule]) -> None:
        self._rules = [
            (rule.brand, _CompiledTerms.build(rule.terms), _CompiledTerms.build(rule.exclude))
            for rule in rules
        ]

    def match(self, item: Item) -> list[BrandMatch]:
        return self.match_fields(item.title, item.text)

    def match_fields(self, title: str, text: str) -> list[BrandMatch]:
        fields: list[tuple[str, FoldedText]] = [("title", fold_mapped(title)), ("text", fold_mapped(text))]
        matches: list[BrandMatch] = []
        for brand, terms, exclude in self._rules:
            spans: list[Span] = []
            matched_terms: list[str] = []
            for name, folded in fields:
                for start, end, term in terms.find(folded.folded):
                    first, last = folded.original_span(start, end)
                    spans.append(Span(name, first, last))  # type: ignore[arg-type]
                    if term not in matched_terms:
                        matched_terms.append(term)
            if not spans:
                continue
            if any(exclude.search(folded.folded) for _, folded in fields):
                continue
            matches.append(BrandMatch(brand, tuple(matched_terms), tuple(spans)))
        return matches
