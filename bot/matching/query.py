"""The query language a marketing team writes to describe a brand's mentions.

    orange (forfait OR fibre OR "box internet") -"orange mécanique" site:lefigaro.fr lang:fr

Words and "exact phrases" (whole words, any case, any accents); juxtaposition is AND; `OR`/`OU`,
`AND`/`ET`, `NOT`/`SAUF` and `-word`; parentheses; `veill*` matches every word starting with
"veill"; fields restrict a term to one place (`title:`, `text:`, `author:`) or test the item
(`site:` host and subdomains, `source:` source type, `lang:` fr/en/other). NOT binds tighter
than AND, AND tighter than OR.

Parsing never raises anything but `QueryError`, which knows where the query is wrong and how
to fix it, in French and English.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from veille.i18n import Lang, t
from veille.text.clean import fold

MAX_QUERY_CHARS = 2000
MAX_DEPTH = 20
MIN_PREFIX = 3

# Letters and digits make words; everything else separates them (as in veille.matching.matcher).
_TOKEN = re.compile(r"[^\W_]+")
QUOTES = '"“”«»„'  # any of them opens or closes a phrase: « service client », “service client”
OPERATORS = {"OR": "OR", "OU": "OR", "AND": "AND", "ET": "AND", "NOT": "NOT", "SAUF": "NOT"}
TEXT_FIELDS = {"title": "title", "titre": "title", "text": "text", "texte": "text"}
ITEM_FIELDS = {
    "author": "author",
    "auteur": "author",
    "site": "site",
    "source": "source",
    "lang": "lang",
    "langue": "lang",
}
FIELDS = {**TEXT_FIELDS, **ITEM_FIELDS}
LANGUAGES = ("fr", "en", "other")
_LANGUAGE_ALIASES = {"fr": "fr", "french": "fr", "francais": "fr", "en": "en", "english": "en"}
_LANGUAGE_ALIASES |= {"anglais": "en", "other": "other", "autre": "other"}
_HOST = re.compile(r"^[a-z0-9]([a-z0-9\-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9\-]*[a-z0-9])?)*$")
_SOURCE_TYPE = re.compile(r"^[a-z0-9_\-]{1,40}$")


class QueryError(ValueError):
    """A query that cannot be understood: what is wrong, where (a 0-based character offset), and
    how to fix it. `code` names a catalogue entry `query.error.<code>` / `query.hint.<code>`."""

    def __init__(self, code: str, position: int, **values: str) -> None:
        super().__init__(f"{code} at {position}")
        self.code = code
        self.position = position
        self.values = values

    def problem(self, lang: Lang) -> str:
        return t(f"query.error.{self.code}", lang, **self.values)

    def hint(self, lang: Lang) -> str:
        return t(f"query.hint.{self.code}", lang, **self.values)

    def describe(self, query: str, lang: Lang = "en") -> str:
        """One line: where, what, how to fix (plain text, for config errors and the terminal)."""
        return t(
            "query.error_line",
            lang,
            column=self.position + 1,
            near=_near(query, self.position),
            problem=self.problem(lang),
            hint=self.hint(lang),
        )


def _near(query: str, position: int) -> str:
    start = max(0, position - 15)
    excerpt = query[start : position + 15].replace("\n", " ")
    return ("…" if start else "") + excerpt + ("…" if position + 15 < len(query) else "")


def caret_line(query: str, position: int, width: int = 60) -> tuple[str, str]:
    """The query (cut around `position` to `width` characters) and a line with ^ under it."""
    flat = query.replace("\n", " ")
    start = max(0, min(position - width // 2, len(flat) - width))
    shown = flat[start : start + width]
    prefix = "…" if start else ""
    return prefix + shown, " " * (len(prefix) + position - start) + "^"


# -- the syntax tree -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """Words to find one after another: each a whole folded word, or a prefix (`veill*`).

    `where` is None (title or text), "title", "text" or "author"."""

    words: tuple[str, ...]
    prefixes: tuple[bool, ...]
    where: str | None = None
    label: str = field(default="", compare=False)  # as the person wrote it

    @property
    def key(self) -> tuple[tuple[str, ...], tuple[bool, ...]]:
        return self.words, self.prefixes


@dataclass(frozen=True)
class Site:
    host: str


@dataclass(frozen=True)
class Source:
    type: str


@dataclass(frozen=True)
class Language:
    code: str


@dataclass(frozen=True)
class Not:
    child: Node


@dataclass(frozen=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]


Node = Term | Site | Source | Language | Not | And | Or


def literal_term(text: str, where: str | None = None, position: int = 0) -> Term:
    """A word or phrase as written (`*` at the end of a word makes it a prefix)."""
    words: list[str] = []
    prefixes: list[bool] = []
    for chunk in re.finditer(r"[^\s]+", text):
        raw = chunk.group()
        stars = [i for i, ch in enumerate(raw) if ch == "*"]
        if stars and (len(stars) > 1 or stars[0] != len(raw) - 1):
            raise QueryError("wildcard_inside", position + chunk.start() + stars[0], word=raw[:40])
        tokens = _TOKEN.findall(fold(raw.rstrip("*")))
        if stars:
            if not tokens or len(tokens[-1]) < MIN_PREFIX:
                raise QueryError("wildcard_short", position + chunk.start(), word=raw[:40], n=str(MIN_PREFIX))
            if not re.search(r"[^\W_]\*$", raw):
                raise QueryError("wildcard_inside", position + chunk.start() + stars[0], word=raw[:40])
        words.extend(tokens)
        prefixes.extend([False] * len(tokens))
        if stars:
            prefixes[-1] = True
    if not words:
        raise QueryError("no_word", position, text=text.strip()[:40])
    return Term(tuple(words), tuple(prefixes), where, text.strip())


# -- lexing --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Lexeme:
    kind: str  # WORD PHRASE LPAREN RPAREN OR AND NOT MINUS FIELD
    text: str
    position: int


def _lex(query: str) -> Iterator[_Lexeme]:
    i, n = 0, len(query)
    while i < n:
        ch = query[i]
        if ch.isspace():
            i += 1
        elif ch == "(":
            yield _Lexeme("LPAREN", ch, i)
            i += 1
        elif ch == ")":
            yield _Lexeme("RPAREN", ch, i)
            i += 1
        elif ch in QUOTES:
            end = _closing_quote(query, i)
            yield _Lexeme("PHRASE", query[i + 1 : end], i)
            i = end + 1
        elif ch == "-" and i + 1 < n and not query[i + 1].isspace() and query[i + 1] != "-":
            yield _Lexeme("MINUS", ch, i)
            i += 1
        else:
            start = i
            while i < n and not query[i].isspace() and query[i] not in "()" and query[i] not in QUOTES:
                i += 1
            word = query[start:i]
            name, colon, value = word.partition(":")
            if word in OPERATORS:
                yield _Lexeme(OPERATORS[word], word, start)
            elif colon and name and name.isalpha():
                yield _Lexeme("FIELD", name, start)
                if value:
                    yield _Lexeme("WORD", value, start + len(name) + 1)
                elif i >= n or query[i].isspace():
                    raise QueryError("field_empty", start, field=name[:20])
            else:
                yield _Lexeme("WORD", word, start)


def _closing_quote(query: str, opening: int) -> int:
    for index in range(opening + 1, len(query)):
        if query[index] in QUOTES:
            return index
    raise QueryError("unclosed_quote", opening)


# -- parsing -------------------------------------------------------------------------------------


class _Parser:
    def __init__(self, query: str) -> None:
        self.query = query
        self.lexemes = list(_lex(query))
        self.index = 0

    def peek(self) -> _Lexeme | None:
        return self.lexemes[self.index] if self.index < len(self.lexemes) else None

    def take(self) -> _Lexeme:
        lexeme = self.lexemes[self.index]
        self.index += 1
        return lexeme

    def parse(self) -> Node:
        if not self.lexemes:
            raise QueryError("empty", 0)
        node = self.parse_or(0, None)
        extra = self.peek()
        if extra is not None:
            raise QueryError("unopened_paren", extra.position)
        return node

    def parse_or(self, depth: int, where: str | None) -> Node:
        if depth > MAX_DEPTH:
            lexeme = self.peek()
            raise QueryError("too_deep", lexeme.position if lexeme else len(self.query))
        first = self.peek()
        if first is not None and first.kind == "OR":
            raise QueryError("dangling_or", first.position, op=first.text)
        children = [self.parse_and(depth, where)]
        while (lexeme := self.peek()) is not None and lexeme.kind == "OR":
            self.take()
            following = self.peek()
            if following is None or following.kind in ("OR", "AND", "RPAREN"):
                raise QueryError("dangling_or", lexeme.position, op=lexeme.text)
            children.append(self.parse_and(depth, where))
        return children[0] if len(children) == 1 else Or(tuple(children))

    def parse_and(self, depth: int, where: str | None) -> Node:
        children: list[Node] = []
        while (lexeme := self.peek()) is not None and lexeme.kind not in ("OR", "RPAREN"):
            if lexeme.kind == "AND":
                self.take()
                following = self.peek()
                if not children or following is None or following.kind in ("OR", "AND", "RPAREN"):
                    raise QueryError("dangling_or", lexeme.position, op=lexeme.text)
                continue
            children.append(self.parse_unary(depth, where))
        if not children:
            lexeme = self.peek()
            position = lexeme.position if lexeme else len(self.query)
            raise QueryError("empty_group", position)
        return children[0] if len(children) == 1 else And(tuple(children))

    def parse_unary(self, depth: int, where: str | None) -> Node:
        lexeme = self.take()
        if lexeme.kind in ("NOT", "MINUS"):
            following = self.peek()
            if following is None or following.kind in ("OR", "AND", "RPAREN", "NOT", "MINUS"):
                raise QueryError("dangling_not", lexeme.position, op=lexeme.text)
            return Not(self.parse_primary(self.take(), depth, where))
        return self.parse_primary(lexeme, depth, where)

    def parse_primary(self, lexeme: _Lexeme, depth: int, where: str | None) -> Node:
        if lexeme.kind == "LPAREN":
            following = self.peek()
            if following is not None and following.kind == "RPAREN":
                raise QueryError("empty_group", lexeme.position)
            node = self.parse_or(depth + 1, where)
            closing = self.peek()
            if closing is None or closing.kind != "RPAREN":
                raise QueryError("unclosed_paren", lexeme.position)
            self.take()
            return node
        if lexeme.kind == "RPAREN":
            raise QueryError("unopened_paren", lexeme.position)
        if lexeme.kind in ("WORD", "PHRASE"):
            return literal_term(lexeme.text, where, lexeme.position + (lexeme.kind == "PHRASE"))
        if lexeme.kind == "FIELD":
            return self.parse_field(lexeme, depth)
        raise QueryError("dangling_or", lexeme.position, op=lexeme.text)  # pragma: no cover

    def parse_field(self, lexeme: _Lexeme, depth: int) -> Node:
        name = lexeme.text.lower()
        canonical = FIELDS.get(name)
        if canonical is None:
            close = difflib.get_close_matches(name, list(FIELDS), n=1, cutoff=0.6)
            raise QueryError(
                "unknown_field" if not close else "unknown_field_close",
                lexeme.position,
                field=lexeme.text[:20],
                known=", ".join(f"{f}:" for f in ("title", "text", "author", "site", "source", "lang")),
                suggestion=close[0] if close else "",
            )
        value = self.peek()
        if value is None or value.kind not in ("WORD", "PHRASE", "LPAREN"):
            raise QueryError("field_empty", lexeme.position, field=lexeme.text[:20])
        if canonical in ("title", "text", "author"):
            if value.kind == "LPAREN":
                return self.parse_primary(self.take(), depth, canonical)
            self.take()
            return literal_term(value.text, canonical, value.position + (value.kind == "PHRASE"))
        if value.kind == "LPAREN":
            raise QueryError("field_group", value.position, field=lexeme.text[:20])
        self.take()
        return _item_field(canonical, value.text.strip(), value.position)


def _item_field(name: str, value: str, position: int) -> Node:
    lowered = value.lower()
    if name == "site":
        host = re.sub(r"^[a-z][a-z0-9+.\-]*://", "", lowered).split("/")[0].removeprefix("www.").strip(".")
        if not _HOST.match(host):
            raise QueryError("bad_site", position, value=value[:60])
        return Site(host)
    if name == "source":
        if not _SOURCE_TYPE.match(lowered):
            raise QueryError("bad_source", position, value=value[:40])
        return Source(lowered)
    code = _LANGUAGE_ALIASES.get(fold(lowered))
    if code is None:
        raise QueryError("bad_lang", position, value=value[:20], known=", ".join(LANGUAGES))
    return Language(code)


def parse_query(query: str) -> Node:
    """The syntax tree of a query; raises QueryError when the query cannot be understood."""
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError("too_long", MAX_QUERY_CHARS, limit=str(MAX_QUERY_CHARS))
    node = _Parser(query).parse()
    if not has_positive(node):
        raise QueryError("only_negative", 0)
    return node


# -- what a tree says ----------------------------------------------------------------------------


def has_positive(node: Node) -> bool:
    """Whether the query looks for something (not only for what must be absent)."""
    if isinstance(node, Not):
        return False
    if isinstance(node, And | Or):
        checks = [has_positive(c) for c in node.children]
        return any(checks) if isinstance(node, And) else all(checks)
    return True


def anchored(node: Node) -> bool:
    """Whether every text the query accepts contains one of its positive title/text terms, so the
    query needs evaluating only on texts where such a term was found."""
    if isinstance(node, Term):
        return node.where != "author"
    if isinstance(node, And):
        return any(anchored(c) for c in node.children)
    if isinstance(node, Or):
        return all(anchored(c) for c in node.children)
    return False


def positive_terms(node: Node, negated: bool = False) -> Iterator[Term]:
    """The terms whose presence counts for the query (not those under a NOT)."""
    if isinstance(node, Term):
        if not negated:
            yield node
    elif isinstance(node, Not):
        yield from positive_terms(node.child, not negated)
    elif isinstance(node, And | Or):
        for child in node.children:
            yield from positive_terms(child, negated)


def all_terms(node: Node) -> Iterator[Term]:
    if isinstance(node, Term):
        yield node
    elif isinstance(node, Not):
        yield from all_terms(node.child)
    elif isinstance(node, And | Or):
        for child in node.children:
            yield from all_terms(child)


def terms_query(terms: tuple[str, ...]) -> Node:
    """The query of a brand given as a list of terms: any of them, each a word or exact phrase."""
    nodes = tuple(literal_term(term) for term in terms)
    return nodes[0] if len(nodes) == 1 else Or(nodes)
