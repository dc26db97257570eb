"""Full-text search over stored items: SQLite FTS5 by default, PostgreSQL full-text on PostgreSQL.

Both index the same folded text (lower case, accents removed: `veille.text.clean.fold`), so "societe"
finds "Société" on either back end, and a query is folded the same way before it is asked.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Boolean, ColumnElement, Integer, Table, literal_column, text

from veille.text.clean import fold

INDEXED_CHARS = 20_000
_TOKEN = re.compile(r"[^\W_]+")


def search_text(title: str, body: str, author: str | None) -> str:
    """The folded words an item is found by, one space apart.

    Only words are kept: PostgreSQL's parser would otherwise index "viadeo.com", an e-mail address
    or "2.5" as one token, found neither by "viadeo" nor by the words a query splits them into.
    """
    folded = fold(" ".join(part for part in (title, author or "", body) if part))
    return " ".join(_TOKEN.findall(folded))[:INDEXED_CHARS]


@dataclass(frozen=True)
class Term:
    """A word, a "phrase of words", or a prefix (`veill*`), as typed."""

    words: tuple[str, ...]
    prefix: bool = False


def terms_of(query: str) -> list[Term]:
    """Words, quoted phrases and trailing-`*` prefixes of a query, folded; punctuation dropped."""
    found: list[Term] = []
    for phrase, word in re.findall(r'"([^"]*)"|(\S+)', query):
        raw = phrase if phrase else word
        tokens = tuple(_TOKEN.findall(fold(raw)))
        if tokens:
            found.append(Term(tokens, prefix=bool(word) and word.endswith("*") and len(tokens) == 1))
    return found


def _fts5_query(terms: Sequence[Term]) -> str:
    parts = []
    for term in terms:
        phrase = '"' + " ".join(term.words) + '"'
        parts.append(phrase + "*" if term.prefix else phrase)
    return " AND ".join(parts)


def _tsquery(terms: Sequence[Term]) -> str:
    parts = []
    for term in terms:
        words = [f"{w}:*" if term.prefix else w for w in term.words]
        parts.append("(" + " <-> ".join(words) + ")")
    return " & ".join(parts)


def matches(dialect: str, items: Table, terms: Sequence[Term]) -> ColumnElement[bool]:
    """A WHERE clause: the item's text has every term (words anywhere, phrases in order)."""
    if dialect == "sqlite":
        rows = text("SELECT rowid FROM items_fts WHERE items_fts MATCH :fts").bindparams(
            fts=_fts5_query(terms)
        )
        return items.c.id.in_(rows.columns(rowid=Integer))
    vector: ColumnElement[Any] = literal_column("to_tsvector('simple', coalesce(items.search_text, ''))")
    query = text("to_tsquery('simple', :tsq)").bindparams(tsq=_tsquery(terms))
    return vector.op("@@", return_type=Boolean)(query)
