"""The [[brands]] tables: what to watch, and where its alerts go."""

from __future__ import annotations

import math
from typing import Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from veille.config.base import KeyedError, normalize_channel
from veille.i18n import LANGS, Said, said, t
from veille.matching.query import QueryError, literal_term, parse_query
from veille.sources.settings import Strict

# What happens to a mention the relevance model says is probably not about the brand: posted with
# a warning line ("show"), kept for the daily summary's "Set aside" list ("quiet"), or only stored
# and counted ("drop").
RelevanceMode = Literal["show", "quiet", "drop"]
RELEVANCE_MODES: tuple[RelevanceMode, ...] = ("show", "quiet", "drop")
# How a brand's mentions reach Slack: one alert each at once, in one digest an hour per channel, or
# only in the daily summary (veille.reports.digest); and what a paced brand still posts at once.
DeliveryPace = Literal["instant", "hourly", "daily"]
DELIVERY_PACES: tuple[DeliveryPace, ...] = ("instant", "hourly", "daily")
BreakThrough = Literal["negative", "spike"]
BREAK_THROUGH: tuple[BreakThrough, ...] = ("negative", "spike")


class BrandConfig(Strict):
    name: str
    terms: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    channel: str | None = None
    query: str | None = None  # the query language (veille.matching.query), instead of terms
    context: tuple[str, ...] = ()  # one of these words must be near the brand's words
    context_window: int = Field(default=15, ge=1, le=200)  # how near, in words
    relevance: RelevanceMode = "show"
    # Below this probability of being about the brand, a mention is set aside; None: the model's own.
    relevance_threshold: float | None = None
    delivery: DeliveryPace | None = None  # None: [veille] delivery
    break_through: tuple[BreakThrough, ...] | None = None  # None: [veille] break_through

    @field_validator("delivery", mode="before")
    @classmethod
    def _delivery(cls, value: object, info: ValidationInfo) -> object:
        return checked_delivery(value, "brands.delivery", "config.brands.delivery", brand=_brand(info))

    @field_validator("break_through", mode="before")
    @classmethod
    def _break_through(cls, value: object, info: ValidationInfo) -> object:
        return checked_break_through(
            value, "brands.break_through", "config.brands.break_through", brand=_brand(info)
        )

    @field_validator("relevance", mode="before")
    @classmethod
    def _relevance(cls, value: object, info: ValidationInfo) -> object:
        if value not in RELEVANCE_MODES:
            raise KeyedError.said(
                "brands.relevance", "config.brands.relevance", brand=_brand(info), value=_shown(value)
            )
        return value

    @field_validator("relevance_threshold", mode="before")
    @classmethod
    def _threshold(cls, value: object, info: ValidationInfo) -> object:
        if value is None:
            return None
        number = float(value) if isinstance(value, int | float) and not isinstance(value, bool) else math.nan
        if not 0 < number < 1:
            raise KeyedError.said(
                "brands.relevance_threshold",
                "config.brands.relevance_threshold",
                brand=_brand(info),
                value=_shown(value),
            )
        return number

    @field_validator("query")
    @classmethod
    def _query(cls, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            parse_query(value)
        except QueryError as error:
            raise Said({lang: error.describe(value, lang) for lang in LANGS}) from None
        return value.strip()

    @field_validator("context")
    @classmethod
    def _context(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return literal_terms(value)

    @model_validator(mode="after")
    def _query_or_terms(self) -> BrandConfig:
        if self.query is not None and self.terms:
            raise said("config.brand_terms_and_query", value=repr(self.name))
        return self

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if not value.strip():
            raise said("config.brand_name")
        return value.strip()

    @field_validator("terms", "exclude")
    @classmethod
    def _terms(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for term in value:
            if not term.strip() or not any(ch.isalnum() for ch in term):
                raise said("config.term_empty", value=repr(term))
        return literal_terms(value)

    @field_validator("channel")
    @classmethod
    def _channel(cls, value: str | None) -> str | None:
        return None if value is None else normalize_channel(value)

    @property
    def search_terms(self) -> tuple[str, ...]:
        return self.terms or (self.name,)


def _brand(info: ValidationInfo) -> str:
    name = info.data.get("name")
    return str(name)[:60] if name else "?"


def _shown(value: object) -> str:
    text = (
        f'"{value}"'
        if isinstance(value, str)
        else str(value).lower()
        if isinstance(value, bool)
        else repr(value)
    )
    return text if len(text) <= 40 else text[:39] + "…"


def checked_delivery(value: object, key: str, message: str, **named: object) -> object:
    """A pace as written, or a `KeyedError` at `key` saying the three (`message`, both languages)."""
    if value is not None and value not in DELIVERY_PACES:
        raise KeyedError.said(key, message, value=_shown(value), **named)
    return value


def checked_break_through(value: object, key: str, message: str, **named: object) -> object:
    """A list taken from "negative" and "spike", without repeats, or a `KeyedError` at `key`."""
    if value is None:
        return None
    if not isinstance(value, list | tuple) or not all(
        isinstance(entry, str) and entry in BREAK_THROUGH for entry in value
    ):
        raise KeyedError.said(key, message, value=_shown(value), **named)
    return tuple(dict.fromkeys(value))


def literal_terms(value: tuple[str, ...]) -> tuple[str, ...]:
    """Words or phrases (a trailing * on a word makes it a prefix), as written."""
    for index, term in enumerate(value):
        try:
            literal_term(term)
        except QueryError as error:
            shown = repr(term.strip()[:40])
            raise Said(
                {
                    lang: t(
                        "config.term_entry",
                        lang,
                        number=index + 1,
                        value=shown,
                        problem=error.describe(term, lang),
                    )
                    for lang in LANGS
                }
            ) from None
    return tuple(term.strip() for term in value)
