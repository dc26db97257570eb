"""Full-text search over stored items: SQLite FTS5 by default, PostgreSQL full-text on PostgreSQL.

Both index the same folded text (lower case, accents removed: `veille.text.clean.fold`), so "societe"
finds "Société" on either back end, and a query is folded the same way before it is asked.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Integer,
    Select,
    Table,
    column,
    func,
    literal_column,
    select,
    table,
    text,
)
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import TextClause

from veille.matching.query import OPERATORS, QUOTES
from veille.text.clean import fold, folded_words

INDEXED_CHARS = 20_000
_TOKEN = re.compile(r"[^\W_]+")
# SQLite: stored items reach the FTS5 index this many at a time, written by the save that makes
# them that many, and any fewer by a search before it reads the index. An index written by every
# poll (a segment per commit, merged again and again) took 100 µs an item of real feed text;
# 200 at a time, about 30 (the shared feeds; 500 would save 10 more, but a search then indexes more
# before answering).
INDEX_BATCH = 200
# The items past the newest one the index holds (its docsize table has a row per document), in
# one statement: it takes the write lock before it reads, so two never index the same item.
_WAITING = "FROM items WHERE id > (SELECT coalesce(max(id), 0) FROM items_fts_docsize)"
_INDEX_PENDING = text(
    f"INSERT INTO items_fts(rowid, search_text) SELECT id, search_text {_WAITING} ORDER BY id"
)
_PENDING = text(f"SELECT count(*) {_WAITING}")


def search_text(title: str, body: str, author: str | None) -> str:
    """The folded words an item is found by, one space apart.

    Only words are kept: PostgreSQL's parser would otherwise index "viadeo.com", an e-mail address
    or "2.5" as one token, found neither by "viadeo" nor by the words a query splits them into.
    """
    return " ".join(folded_words(" ".join(part for part in (title, author or "", body) if part)))[
        :INDEXED_CHARS
    ]


def index_pending(conn: Connection) -> int:
    """SQLite: add the stored items the full-text index lacks to it; how many it added.
    PostgreSQL indexes each row as it is written: nothing to do."""
    if conn.dialect.name != "sqlite":
        return 0
    return int(conn.execute(_INDEX_PENDING).rowcount or 0)


def pending(conn: Connection) -> int:
    """SQLite: how many stored items the full-text index lacks (a read: no lock to wait for)."""
    if conn.dialect.name != "sqlite":
        return 0
    return int(conn.execute(_PENDING).scalar_one())


@dataclass(frozen=True)
class Term:
    """A word, a "phrase of words", or a prefix (`veill*`), as typed."""

    words: tuple[str, ...]
    prefix: bool = False
    typed: str = field(default="", compare=False)  # without its quotes, minus or star

    def within(self, words: list[str]) -> bool:
        """The term is among these folded words, in this order (a prefix: its word begins one)."""
        size = len(self.words)
        return any(self._is(words[at : at + size]) for at in range(len(words) - size + 1))

    def _is(self, words: list[str]) -> bool:
        if self.prefix:
            return words[0].startswith(self.words[0])
        return tuple(words) == self.words


@dataclass(frozen=True)
class Terms:
    """What a search asks of an item's text: every group, where a group is met by any of its terms
    (`panne OR coupure`), and none of the excluded terms (`-"jus d'orange"`, `NOT recette`)."""

    groups: tuple[tuple[Term, ...], ...] = ()
    excluded: tuple[Term, ...] = ()

    def __bool__(self) -> bool:
        """True when there is something to find (exclusions alone only narrow)."""
        return bool(self.groups)

    def leaves_out(self, text: str) -> bool:
        """The text has a term this search leaves out (read as the index reads it)."""
        if not self.excluded:
            return False
        words = _TOKEN.findall(fold(text))
        return any(term.within(words) for term in self.excluded)


# A phrase in any quotes a brand's query takes, or a word; either may follow a minus.
_PIECE = re.compile(f"(-?)[{QUOTES}]([^{QUOTES}]*)[{QUOTES}]|(\\S+)")


def terms_of(query: str) -> Terms:
    """The terms of a search, folded, punctuation dropped: words, quoted phrases and trailing-`*`
    prefixes, all wanted; with a brand query's operators (`veille.matching.query`), `OR` between
    two terms wants either, `-` or `NOT` before one leaves out the items that have it. Parentheses
    are read as punctuation."""
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    either = negated = False
    for minus, phrase, word in _PIECE.findall(query):
        operator = OPERATORS.get(word)
        if operator == "OR":
            either = bool(groups)
            continue
        if operator == "NOT":
            negated = True
        if operator:
            continue
        if word.startswith("-"):
            minus, word = "-", word[1:]
        tokens = tuple(_TOKEN.findall(fold(phrase or word)))
        if not tokens:
            continue
        prefix = bool(word) and word.endswith("*") and len(tokens) == 1
        term = Term(tokens, prefix, (phrase or word).strip().rstrip("*"))
        if minus or negated:
            excluded.append(term)
        elif either:
            groups[-1].append(term)
        else:
            groups.append([term])
        either = negated = False
    return Terms(tuple(tuple(group) for group in groups), tuple(excluded))


def _fts5_phrase(term: Term) -> str:
    phrase = '"' + " ".join(term.words) + '"'
    return phrase + "*" if term.prefix else phrase


def _ts_phrase(term: Term) -> str:
    return "(" + " <-> ".join(f"{w}:*" if term.prefix else w for w in term.words) + ")"


@dataclass(frozen=True)
class _Syntax:
    """How an index's query language writes a phrase, "either", "both" and "but not"."""

    phrase: Callable[[Term], str]
    either: str
    both: str
    but_not: str


_FTS5 = _Syntax(_fts5_phrase, " OR ", " AND ", " NOT ")
_TSQUERY = _Syntax(_ts_phrase, " | ", " & ", " & !")


def _expression(terms: Terms, syntax: _Syntax) -> str:
    """The index's expression of the terms; with no group, the one of the excluded terms."""
    if not terms.groups:
        return syntax.either.join(map(syntax.phrase, terms.excluded))
    groups = ("(" + syntax.either.join(map(syntax.phrase, group)) + ")" for group in terms.groups)
    wanted = syntax.both.join(groups)
    if terms.excluded:
        return f"({wanted}){syntax.but_not}(" + syntax.either.join(map(syntax.phrase, terms.excluded)) + ")"
    return wanted


def _fts5_query(terms: Terms) -> str:
    return _expression(terms, _FTS5)


def _tsquery(terms: Terms) -> str:
    return _expression(terms, _TSQUERY)


def happened_at(published: datetime | None, seen: datetime) -> datetime:
    """When an item happened, the date search sorts and filters by (`items.happened_at`): its
    publication, unless missing or later than when Veille saw it."""
    return published if published is not None and published < seen else seen


def _tsquery_of(terms: Terms) -> ColumnElement[Any]:
    return func.to_tsquery(literal_column("'simple'"), _tsquery(terms))


# The stored tsvector (a generated column, GIN-indexed); not in the Core table, which SQLite shares.
_VECTOR: ColumnElement[Any] = literal_column("items.search_vector")
_FTS = table("items_fts", column("rowid", Integer))


def _fts5_match(terms: Terms) -> TextClause:
    return text("items_fts MATCH :fts").bindparams(fts=_fts5_query(terms))


def matching_ids(
    dialect: str, items: Table, terms: Terms, between: tuple[int, int] | None = None
) -> Select[tuple[int]]:
    """The ids of the items whose text has the terms (with no group: any excluded term), read
    from the full-text index alone;
    `between`: only ids in that range (on SQLite, FTS5 reads only that part of its lists)."""
    if dialect == "sqlite":
        found = select(_FTS.c.rowid).where(_fts5_match(terms))
        return found if between is None else found.where(_FTS.c.rowid.between(*between))
    found = select(items.c.id).where(_VECTOR.op("@@", return_type=Boolean)(_tsquery_of(terms)))
    return found if between is None else found.where(items.c.id.between(*between))


def matches(dialect: str, items: Table, terms: Terms, *, common: bool = False) -> ColumnElement[bool]:
    """A WHERE clause: the item's text has the terms (words anywhere, phrases in order); with no
    group, it has none of the excluded terms.

    `common` (PostgreSQL): the terms are in a large part of the items, so the rows are better read
    in another order (newest first) and tested one by one than found through the index.
    """
    if not terms.groups:  # exclusions alone: no index lists what lacks a word
        if dialect == "sqlite":
            return items.c.id.not_in(matching_ids(dialect, items, terms))
        return ~_VECTOR.op("@@", return_type=Boolean)(_tsquery_of(terms))
    if dialect == "sqlite":
        return items.c.id.in_(matching_ids(dialect, items, terms))
    if common:
        # The function behind @@, which no index serves: a bitmap of every item with a common
        # word would cost more than testing the rows read newest first.
        return func.ts_match_vq(_VECTOR, _tsquery_of(terms), type_=Boolean)
    return _VECTOR.op("@@", return_type=Boolean)(_tsquery_of(terms))
