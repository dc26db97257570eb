"""Finding brand mentions in a text.

Terms match case- and accent-insensitively, on whole words: "societe generale" finds "Société
Générale", "Orange" finds "d'Orange" and "#Orange" but "Apple" does not find "pineapple". A brand
is described by a query (see veille.matching.query), or by a list of terms (any of them), plus words that
exclude a text and, for brand names that are common words, context words one of which must be
near the name.

Every brand's terms are compiled into one Aho-Corasick automaton, so a text is folded once and
scanned once at C speed whatever the number of brands (a text is never split into words in
Python); only the queries one of whose terms was found are then evaluated, and spans are only
computed for the queries that match. Spans are mapped back to the original text so the alert can
show them in bold.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import chain
from operator import itemgetter
from typing import Literal

import ahocorasick

from veille.matching.query import (
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
from veille.model import BrandMatch, Item, Span
from veille.text.clean import FoldedText, fold, word_text
from veille.text.language import LanguageDetector
from veille.text.urls import host_of

Detect = Callable[[str, str | None, Collection[str]], str]  # text, declared language, names → language

# Letters and digits make words; everything else (spaces, apostrophes, hyphens, '#', '@', '_')
# separates them.
_TOKEN = re.compile(r"[^\W_]+")
# What may stand between the words of a phrase: "Société-Générale", "l’Oréal", "orange.fr".
_PHRASE_GAP = re.compile(r"[\s\-'_./·]+")
DEFAULT_CONTEXT_WINDOW = 15


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


def words_of(text: str) -> list[str]:
    """The folded words of a text, in order."""
    return word_text(fold(text)).split()


class _Field:
    """One field of an item, folded once and spaced out for the index; its set of words, word
    positions (for context words) and the spans of each term are only computed when needed."""

    def __init__(self, original: str) -> None:
        self.original = original
        self.source = FoldedText(original)
        self.folded = self.source.folded
        # The folded text with a space for everything that is not part of a word, and around it:
        # " word " is then found exactly where the field has the whole word "word".
        self.padded = f" {self.source.words} "
        # The index's words present in the field, once the index has looked: as good as all the
        # field's words to tell whether one of the index's terms can be there.
        self.present: set[str] | None = None
        self._found: dict[tuple[tuple[str, ...], tuple[bool, ...]], list[tuple[int, int]]] = {}

    @cached_property
    def words(self) -> set[str]:
        return set(self.padded.split())

    @cached_property
    def starts(self) -> list[int]:
        return [m.start() for m in _TOKEN.finditer(self.folded)]

    def find(self, term: Term) -> list[tuple[int, int]]:
        """[start, end) spans of the folded text where the term's words follow one another."""
        key = term.key
        found = self._found.get(key)
        if found is None:
            found = self._found[key] = self._find(term)
        return found

    def _find(self, term: Term) -> list[tuple[int, int]]:
        if len(term.words) == 1:
            return self._find_word(term.words[0], term.prefixes[0])
        words = self.words if self.present is None else self.present
        if term.words[0] not in words and not term.prefixes[0]:
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

    def _find_word(self, word: str, prefix: bool) -> list[tuple[int, int]]:
        # Whole words of the padded text, by plain string search: " word " at index i of the padded
        # text is the word at index i of the folded text.
        padded = self.padded
        found = []
        if prefix:
            key = " " + word
            at = padded.find(key)
            while at >= 0:
                end = padded.index(" ", at + len(key))
                found.append((at, end - 1))
                at = padded.find(key, end)
        else:
            key = f" {word} "
            at = padded.find(key)
            while at >= 0:
                found.append((at, at + len(word)))
                at = padded.find(key, at + len(word) + 1)
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
        detect: Detect | None,
        terms: Sequence[Term] = (),
    ) -> None:
        self.title = _Field(title)
        self.text = _Field(text)
        self._author = author
        self._url = url
        self.source_type = (source_type or "").lower()
        self._language = language
        self._detect = detect
        self._terms = terms
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
            # The brand's words found in the text, as written ("Société Générale") and folded,
            # say nothing of its language.
            terms = [self._terms[tid] for tid in self.hits.get("any", ())]
            names = [name for term in terms for name in (term.label.strip('"*'), " ".join(term.words))]
            return self._detect(f"{self.title.original}. {self.text.original}", self._language, names)
        return declared or "other"


class _Index:
    """Every term of every rule, found in a field in one pass of an Aho-Corasick automaton over
    it: whole words as " word ", prefixes as " prefix", in a text whose non-word characters are
    spaces. Only the terms of more than one word are then checked, by a regular expression."""

    def __init__(self) -> None:
        self.terms: list[Term] = []
        self._ids: dict[tuple[tuple[str, ...], tuple[bool, ...]], int] = {}
        self.needs: dict[int, frozenset[str]] = {}  # a longer term's exact words, all needed
        self._automaton: ahocorasick.Automaton | None = None

    def add(self, term: Term) -> int:
        known = self._ids.get(term.key)
        if known is not None:
            return known
        tid = len(self.terms)
        self._ids[term.key] = tid
        self.terms.append(Term(term.words, term.prefixes, None, term.label))
        self.needs[tid] = frozenset(w for w, p in zip(term.words, term.prefixes, strict=True) if not p)
        return tid

    def freeze(self) -> None:
        """Build the automaton (call once every term is added)."""
        keys: dict[str, int] = {}
        # By entry of the automaton: the whole word found (None for a prefix), the terms found,
        # the longer terms to check.
        self._words: list[str | None] = []
        self._found: list[tuple[int, ...]] = []
        self._check: list[tuple[int, ...]] = []

        def entry(key: str, word: str | None) -> int:
            if key not in keys:
                keys[key] = len(self._words)
                self._words.append(word)
                self._found.append(())
                self._check.append(())
            return keys[key]

        for tid, term in enumerate(self.terms):
            first, prefix = term.words[0], term.prefixes[0]
            number = entry(f" {first}", None) if prefix else entry(f" {first} ", first)
            if len(term.words) == 1:
                self._found[number] += (tid,)
            else:
                self._check[number] += (tid,)
            for word in self.needs[tid]:  # a longer term's other words: to know they are there
                entry(f" {word} ", word)
        if keys:
            automaton = ahocorasick.Automaton()
            for key, number in keys.items():
                automaton.add_word(key, number)
            automaton.make_automaton()
            self._automaton = automaton

    def hits(self, field: _Field) -> set[int]:
        """The ids of the terms present in a field."""
        if self._automaton is None:
            field.present = set()
            return set()
        entries = set(map(_second, self._automaton.iter(field.padded)))
        words, found_by, check_by = self._words, self._found, self._check
        present = {word for number in entries if (word := words[number]) is not None}
        field.present = present
        found: set[int] = set()
        for number in entries:
            if found_by[number]:
                found.update(found_by[number])
            if check_by[number]:
                needs, terms = self.needs, self.terms
                found.update(
                    tid for tid in check_by[number] if needs[tid] <= present and field.find(terms[tid])
                )
        return found


_second = itemgetter(1)


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

    def __init__(self, rules: Sequence[BrandRule], detect_language: Detect | None = None) -> None:
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
        # By term id, the rules that show it (a list: looked up for every term found in a text).
        rules_of: list[tuple[int, ...]] = [()] * len(self._index.terms)
        for tid, positions in self._by_term.items():
            rules_of[tid] = tuple(positions)
        self._rules_of = rules_of.__getitem__

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
            if len(checks) == 2:
                first, second = checks
                return lambda view: first(view) and second(view)
            return lambda view: all(check(view) for check in checks)
        assert isinstance(node, Or)
        if len(checks) == 2:
            first, second = checks
            return lambda view: first(view) or second(view)
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
        view = _ItemView(title, text, author, url, source_type, language, self._detect, self._index.terms)
        title_hits = self._index.hits(view.title)
        text_hits = self._index.hits(view.text)
        any_hits = title_hits | text_hits
        view.hits = {"title": title_hits, "text": text_hits, "any": any_hits}
        candidates = set(chain.from_iterable(map(self._rules_of, any_hits)))
        candidates.update(self._always)
        matches: list[BrandMatch] = []
        for position in sorted(candidates):
            rule = self._rules[position]
            if not rule.check(view):
                continue
            if rule.exclude and not any_hits.isdisjoint(rule.exclude):
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
        terms = self._index.terms
        fields: tuple[tuple[Literal["title", "text"], _Field], ...] = (
            ("title", view.title),
            ("text", view.text),
        )
        for name, field in fields:
            hits = view.hits[name]
            if rule.context:
                context = [
                    field.word_range(start, end)
                    for tid in rule.context
                    if tid in hits
                    for start, end in field.find(terms[tid])
                ]
            for tid, where, label in rule.shown:
                if tid not in hits or (where is not None and where != name):
                    continue
                for start, end in field.find(terms[tid]):
                    if rule.context and not _near(
                        *field.word_range(start, end), context, rule.context_window
                    ):
                        continue
                    first, last = field.span(start, end)
                    spans.append(Span(name, first, last))
                    if label not in labels:
                        labels.append(label)
        if not spans:
            return None if rule.context else (tuple(labels), ())
        if len(spans) > 1:
            spans.sort(key=lambda s: (s.field != "title", s.start))
            spans = _dedup(spans)
        return tuple(labels), tuple(spans)


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


def _detect_language(text: str, declared: str | None, names: Collection[str] = ()) -> str:
    """Only built when a query asks for a language the source did not declare."""
    global _detector
    if _detector is None:
        _detector = LanguageDetector()
    return _detector.detect(text, declared, names)


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
