"""The [tone] table."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from veille.config.base import KeyedError
from veille.i18n import said
from veille.sources.settings import Strict

TERM_WEIGHT_LIMIT = 3.0


class ToneConfig(Strict):
    positive: float = Field(default=0.1, ge=-1.0, le=1.0)
    negative: float = Field(default=-0.1, ge=-1.0, le=1.0)
    # The team's own words: a weight from -3 (strongly negative) to 3 (strongly positive).
    terms: dict[str, float] = Field(default_factory=dict)
    # Veille's own model (the default, and the one that measures better) or plain TextBlob.
    engine: Literal["veille", "textblob"] = "veille"

    @field_validator("terms", mode="before")
    @classmethod
    def _terms(cls, value: object) -> object:
        if not isinstance(value, dict):
            raise KeyedError.said("tone.terms", "config.tone_terms_table")
        for term, weight in value.items():
            key = f"tone.terms.{term}"
            if not str(term).strip():
                raise KeyedError.said("tone.terms", "config.tone_term_empty")
            if isinstance(weight, bool) or not isinstance(weight, int | float):
                raise KeyedError.said(key, "config.tone_weight_number", value=repr(weight))
            if not -TERM_WEIGHT_LIMIT <= weight <= TERM_WEIGHT_LIMIT:
                raise KeyedError.said(key, "config.tone_weight_range", value=weight)
        return value

    @model_validator(mode="after")
    def _ordered(self) -> ToneConfig:
        if self.negative >= self.positive:
            raise said("config.tone_thresholds", negative=self.negative, positive=self.positive)
        return self
