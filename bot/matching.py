"""Finding brand mentions in a text.

Terms match case- and accent-insensitively, on whole words: "societe generale" finds "Société
Générale", "Orange" finds "d'Orange" and "#Orange" but "Apple" does not find "pineapple". A brand
is described by a query (see bot.query), or by a list of terms (any of them), plus words that
exclude a text and, for brand names that are common words, context words one of which must be
near the name.

Every brand's terms are compiled into one index of words, so a text is folded and split into
words once, and the words are looked up in the index in one pass whatever the number of brands;
only the queries one of whose terms was found are then evaluated. Spans are mapped back to the
original text so the alert can show them in bold.
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING

from bot.models import BrandMatch, Item, Span
from bot.query import (
    MIN_PREFIX,
    And,
    Language,
    Node,
    Not,
    Or,
    QueryError,
    Site,
    Source,
    Term,
    anchored,
    literal_term,
    parse_query,
    positive_terms,
    terms_query,
)
from bot.text import FoldedText, fold, fold_char, fold_mapped, mostly_non_ascii
from bot.urls import host_of

if TYPE_CHECKING:
    from bot.language import LanguageDetector

# Letters and digits make words; everything else (spaces, apostrophes, hyphens, '#', '@', '_')
# separates them.
_TOKEN = re.compile(r"[^\W_]+")
# What may stand between the words of a phrase: "Société-Générale", "l’Oréal", "orange.fr".
_PHRASE_GAP = re.compile(r"[\s\-'_./·]+")
DEFAULT_CONTEXT_WINDOW = 15
SEEN_WORDS_LIMIT = 500_000


def term_tokens(term: str) -> tuple[str, ...]:
    return tuple(_TOKEN.findall(fold(term)))


@dataclass(frozen=True)
class BrandRule:
    """What makes a text a mention of one brand: its query (or terms, any of them), words that
    exclude a text, and context words one of which must be within `context_window` words."""

    brand: str
    terms: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    query: str | None = None
    context: tuple[str, ...] = ()
    context_window: int = DEFAULT_CONTEXT_WINDOW

    def tree(self) -> Node:
        """The rule's query; raises QueryError when it cannot be understood."""
        if self.query is not None and self.query.strip():
            return parse_query(self.query)
        return terms_query(self.terms or (self.brand,))


class _WordTable(dict[int, str]):
    """Folds a character and turns everything that is not part of a word into a space, so that
    `text.translate(table).split()` gives the same words as `_TOKEN.findall(fold(text))`."""

    def __missing__(self, code: int) -> str:
        folded = "".join(ch if _TOKEN.match(ch) else " " for ch in fold_char(chr(code)))
        if len(self) < 200_000:
            self[code] = folded
        return folded


_WORD_TABLE = _WordTable()
_ASCII_WORDS = bytes(ord(_WORD_TABLE[code] or " ") for code in range(128)) + b" " * 128


_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")


def _fold_run(match: re.Match[str]) -> str:
    return match.group().translate(_WORD_TABLE)


def words_of(text: str) -> list[str]:
    """The folded words of a text, in order.

    Through bytes, at memory speed, for ASCII; a French text's accented letters are folded
    first, one run at a time, since translating every character of a str is several times slower.
    """
    if not text.isascii():
        if mostly_non_ascii(text):
            return text.translate(_WORD_TABLE).split()
        text = _NON_ASCII_RUN.sub(_fold_run, text)
        if not text.isascii():  # another script: the slow path is right for it
            return text.translate(_WORD_TABLE).split()
    return text.encode("ascii").translate(_ASCII_WORDS).decode("ascii").split()


class _Field:
    """One field of an item as folded words; the folded text and word positions (for phrases
    and bold) are only computed when needed."""

    def __init__(self, original: str) -> None:
        self.original = original
        self.tokens = words_of(original)
        self.words = set(self.tokens)

    @cached_property
    def source(self) -> FoldedText:
        return fold_mapped(self.original)

    @property
    def folded(self) -> str:
        return self.source.folded

    @cached_property
    def starts(self) -> list[int]:
        return [m.start() for m in _TOKEN.finditer(self.folded)]

    def find(self, term: Term) -> list[tuple[int, int]]:
        """[start, end) spans of the folded text where the term's words follow one another."""
        if term.words[0] not in self.words and not term.prefixes[0]:
            return []
        folded = self.folded
        found = []
        for m in _pattern(term.words, term.prefixes).finditer(folded):
            start, end = m.span()
            if (start == 0 or not folded[start - 1].isalnum()) and (
                end == len(folded) or not folded[end].isalnum()
            ):
                found.append((start, end))
        return found

    def word_range(self, start: int, end: int) -> tuple[int, int]:
        """The indexes of the first and last words of a span (to tell how far apart words are)."""
        starts = self.starts
        return bisect_right(starts, start) - 1, bisect_right(starts, end - 1) - 1

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.source.original_span(start, end)


@lru_cache(maxsize=100_000)
def _pattern(words: tuple[str, ...], prefixes: tuple[bool, ...]) -> re.Pattern[str]:
    # No look-arounds: a pattern that starts with a literal lets the regex engine scan fast;
    # word boundaries are checked on each hit instead.
    parts = [
        re.escape(word) + (r"[^\W_]*" if prefix else "") for word, prefix in zip(words, prefixes, strict=True)
    ]
    return re.compile(_PHRASE_GAP.pattern.join(parts))


class _ItemView:
    """What queries test on one item; everything but the title and text is read on demand."""

    def __init__(
        self,
        title: str,
        text: str,
        author: str | None,
        url: str | None,
        source_type: str | None,
        language: str | None,
        detect: Callable[[str, str | None], str] | None,
    ) -> None:
        self.title = _Field(title)
        self.text = _Field(text)
        self._author = author
        self._url = url
        self.source_type = (source_type or "").lower()
        self._language = language
        self._detect = detect
        self.hits: dict[str, set[int]] = {}

    @cached_property
    def author(self) -> _Field:
        return _Field(self._author or "")

    @cached_property
    def host(self) -> str:
        return (host_of(self._url) or "").lower().removeprefix("www.")

    @cached_property
    def language(self) -> str:
        declared = (self._language or "").lower().split("-")[0].split("_")[0]
        if declared in ("fr", "en"):
            return declared
        if self._detect is not None:
            return self._detect(f"{self.title.original}. {self.text.original}", self._language)
        return declared or "other"


class _Index:
    """Every term of every rule, looked up by its first word (or its first word's prefix)."""

    def __init__(self) -> None:
        self.terms: list[Term] = []
        self._ids: dict[tuple[tuple[str, ...], tuple[bool, ...]], int] = {}
        self.single: dict[str, int] = {}  # one exact word → term id
        self.phrases: dict[str, list[int]] = {}  # first exact word of a longer term → term ids
        # Prefixes by their first MIN_PREFIX letters. Which prefixes a word starts with is worked
        # out once per word ever seen (texts share most of their words), then found for a whole
        # field by set intersections.
        self.prefixed: dict[str, list[tuple[str, int]]] = {}
        self._seen_words: set[str] = set()
        self._prefix_words: dict[str, list[int]] = {}  # a seen word → the prefix terms it starts
        self._learning = threading.Lock()
        self.needs: dict[int, frozenset[str]] = {}  # a longer term's exact words, all needed

    def add(self, term: Term) -> int:
        known = self._ids.get(term.key)
        if known is not None:
            return known
        tid = len(self.terms)
        self._ids[term.key] = tid
        self.terms.append(Term(term.words, term.prefixes, None, term.label))
        first, prefix = term.words[0], term.prefixes[0]
        self.needs[tid] = frozenset(w for w, p in zip(term.words, term.prefixes, strict=True) if not p)
        if prefix:
            self.prefixed.setdefault(first[:MIN_PREFIX], []).append((first, tid))
        elif len(term.words) == 1:
            self.single[first] = tid
        else:
            self.phrases.setdefault(first, []).append(tid)
        return tid

    def _prefixes_of(self, words: set[str]) -> set[str]:
        """The words that start one of the prefixes."""
        with self._learning:  # polls of several sources may share this matcher
            return self._learn_prefixes(words)

    def _learn_prefixes(self, words: set[str]) -> set[str]:
        unseen = words - self._seen_words
        if unseen:
            if len(self._seen_words) > SEEN_WORDS_LIMIT:
                self._seen_words.clear()
                self._prefix_words.clear()
                unseen = words
            prefixed = self.prefixed
            for word in unseen:
                started = [
                    tid for prefix, tid in prefixed.get(word[:MIN_PREFIX], ()) if word.startswith(prefix)
                ]
                if started:
                    self._prefix_words[word] = started
            self._seen_words.update(unseen)
        return words & self._prefix_words.keys()

    def freeze(self) -> None:
        """Key sets for intersections at C speed (call once every term is added)."""
        self._single_keys = frozenset(self.single)
        self._phrase_keys = frozenset(self.phrases)

    def hits(self, field: _Field) -> set[int]:
        """The ids of the terms present in a field."""
        words = field.words
        single = self.single
        found = {single[w] for w in words & self._single_keys}
        terms, needs = self.terms, self.needs
        for word in words & self._phrase_keys:
            found.update(tid for tid in self.phrases[word] if needs[tid] <= words and field.find(terms[tid]))
        if self.prefixed:
            for word in self._prefixes_of(words):
                for tid in self._prefix_words[word]:
                    if len(terms[tid].words) == 1 or (needs[tid] <= words and field.find(terms[tid])):
                        found.add(tid)
        return found


Check = Callable[[_ItemView], bool]


@dataclass
class _CompiledRule:
    brand: str
    check: Check
    shown: list[tuple[int, str | None, str]]  # positive terms: (term id, field, label)
    exclude: list[int]
    context: list[int]
    context_window: int


class Matcher:
    """Matches items against every watched brand."""

    def __init__(
        self, rules: Sequence[BrandRule], detect_language: Callable[[str, str | None], str] | None = None
    ) -> None:
        self._index = _Index()
        self._rules: list[_CompiledRule] = []
        self._by_term: dict[int, list[int]] = {}
        self._always: list[int] = []
        self._detect = detect_language or _detect_language
        for position, rule in enumerate(rules):
            tree = rule.tree()
            compiled = _CompiledRule(
                rule.brand,
                self._compile(tree),
                [],
                [self._index.add(term) for term in _literal_terms(rule.exclude)],
                [self._index.add(term) for term in _literal_terms(rule.context)],
                rule.context_window,
            )
            for term in positive_terms(tree):
                if term.where == "author":
                    continue
                tid = self._index.add(term)
                compiled.shown.append((tid, term.where, term.label))
                self._by_term.setdefault(tid, []).append(position)
            if not anchored(tree):
                self._always.append(position)
            self._rules.append(compiled)
        self._index.freeze()

    def _compile(self, node: Node) -> Check:
        if isinstance(node, Term):
            if node.where == "author":
                author_term = node
                return lambda view: bool(view.author.find(author_term))
            tid = self._index.add(node)
            where = node.where or "any"
            return lambda view: tid in view.hits[where]
        if isinstance(node, Site):
            host = node.host
            return lambda view: view.host == host or view.host.endswith("." + host)
        if isinstance(node, Source):
            kind = node.type
            return lambda view: view.source_type == kind
        if isinstance(node, Language):
            code = node.code
            return lambda view: view.language == code
        if isinstance(node, Not):
            inner = self._compile(node.child)
            return lambda view: not inner(view)
        # Cheap tests first: words already looked up, then item fields, language detection last.
        children = sorted(node.children, key=_cost)
        checks = [self._compile(child) for child in children]
        if isinstance(node, And):
            return lambda view: all(check(view) for check in checks)
        assert isinstance(node, Or)
        return lambda view: any(check(view) for check in checks)

    def match(self, item: Item) -> list[BrandMatch]:
        return self.match_item(item.title, item.text, item.author, item.url, item.source_type, item.language)

    def match_fields(self, title: str, text: str) -> list[BrandMatch]:
        return self.match_item(title, text)

    def match_item(
        self,
        title: str,
        text: str,
        author: str | None = None,
        url: str | None = None,
        source_type: str | None = None,
        language: str | None = None,
    ) -> list[BrandMatch]:
        view = _ItemView(title, text, author, url, source_type, language, self._detect)
        title_hits = self._index.hits(view.title)
        text_hits = self._index.hits(view.text)
        view.hits = {"title": title_hits, "text": text_hits, "any": title_hits | text_hits}
        candidates = set(self._always)
        by_term = self._by_term
        for tid in view.hits["any"]:
            candidates.update(by_term.get(tid, ()))
        matches: list[BrandMatch] = []
        for position in sorted(candidates):
            rule = self._rules[position]
            if not rule.check(view):
                continue
            if any(tid in view.hits["any"] for tid in rule.exclude):
                continue
            found = self._spans(rule, view)
            if found is not None:
                matches.append(BrandMatch(rule.brand, found[0], found[1]))
        return matches

    def _spans(self, rule: _CompiledRule, view: _ItemView) -> tuple[tuple[str, ...], tuple[Span, ...]] | None:
        """The matched words to show in bold; None when context words are required but none is
        near any of them."""
        spans: list[Span] = []
        labels: list[str] = []
        for name in ("title", "text"):
            field: _Field = getattr(view, name)
            hits = view.hits[name]
            context = [
                field.word_range(start, end)
                for tid in rule.context
                if tid in hits
                for start, end in field.find(self._index.terms[tid])
            ]
            for tid, where, label in rule.shown:
                if where not in (None, name) or tid not in hits:
                    continue
                for start, end in field.find(self._index.terms[tid]):
                    if rule.context and not _near(
                        *field.word_range(start, end), context, rule.context_window
                    ):
                        continue
                    first, last = field.span(start, end)
                    spans.append(Span(name, first, last))
                    if label not in labels:
                        labels.append(label)
        if rule.context and not spans:
            return None
        spans.sort(key=lambda s: (s.field != "title", s.start))
        return tuple(labels), tuple(_dedup(spans))


def _literal_terms(words: Iterable[str]) -> list[Term]:
    """Exclusion and context words; one that cannot be read (a stored mute from an older
    version, say) is skipped rather than stopping every match."""
    terms = []
    for word in words:
        try:
            terms.append(literal_term(word))
        except QueryError:
            continue
    return terms


_detector: LanguageDetector | None = None


def _detect_language(text: str, declared: str | None) -> str:
    """Only loaded when a query asks for a language the source did not declare."""
    global _detector
    if _detector is None:
        from bot.language import LanguageDetector

        _detector = LanguageDetector()
    return _detector.detect(text, declared)


def _near(first: int, last: int, context: Iterable[tuple[int, int]], window: int) -> bool:
    return any(c_first <= last + window and c_last >= first - window for c_first, c_last in context)


def _dedup(spans: list[Span]) -> list[Span]:
    kept: list[Span] = []
    for span in spans:
        if kept and kept[-1].field == span.field and span.start < kept[-1].end:
            if span.end > kept[-1].end:
                kept[-1] = Span(span.field, kept[-1].start, span.end)
            continue
        kept.append(span)
    return kept


def _cost(node: Node) -> int:
    if isinstance(node, Term):
        return 2 if node.where == "author" else 0
    if isinstance(node, Site | Source):
        return 1
    if isinstance(node, Language):
        return 5
    if isinstance(node, Not):
        return _cost(node.child)
    return max(_cost(c) for c in node.children) + 1
