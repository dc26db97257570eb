"""The [[brands]] tables: what to watch, and where its alerts go."""

from __future__ import annotations

from pydantic import Field, field_validator, model_validator

from veille.config.base import normalize_channel
from veille.matching.query import QueryError, literal_term, parse_query
from veille.sources.settings import Strict


class BrandConfig(Strict):
    name: str
    terms: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    channel: str | None = None
    query: str | None = None  # the query language (veille.matching.query), instead of terms
    context: tuple[str, ...] = ()  # one of these words must be near the brand's words
    context_window: int = Field(default=15, ge=1, le=200)  # how near, in words

    @field_validator("query")
    @classmethod
    def _query(cls, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            parse_query(value)
        except QueryError as error:
            raise ValueError(error.describe(value, "en")) from None
        return value.strip()

    @field_validator("context")
    @classmethod
    def _context(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return literal_terms(value)

    @model_validator(mode="after")
    def _query_or_terms(self) -> BrandConfig:
        if self.query is not None and self.terms:
            raise ValueError(
                f"brand {self.name!r} has both terms and query: keep one (a query can say"
                ' "a OR b" for several terms)'
            )
        return self

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("a brand needs a name")
        return value.strip()

    @field_validator("terms", "exclude")
    @classmethod
    def _terms(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for term in value:
            if not term.strip() or not any(ch.isalnum() for ch in term):
                raise ValueError(f"{term!r} is empty: each term needs at least one letter or digit")
        return literal_terms(value)

    @field_validator("channel")
    @classmethod
    def _channel(cls, value: str | None) -> str | None:
        return None if value is None else normalize_channel(value)

    @property
    def search_terms(self) -> tuple[str, ...]:
        return self.terms or (self.name,)


def literal_terms(value: tuple[str, ...]) -> tuple[str, ...]:
    """Words or phrases (a trailing * on a word makes it a prefix), as written."""
    for index, term in enumerate(value):
        try:
            literal_term(term)
        except QueryError as error:
            raise ValueError(
                f"entry {index + 1} ({term.strip()[:40]!r}): {error.describe(term, 'en')}"
            ) from None
    return tuple(term.strip() for term in value)
