"""Plural forms inside catalogue strings: `{count} {count:plural:mention|mentions}`.

The rule is CLDR's for each language: in French 0 and 1 take the singular (« 0 mention »,
« 1 mention »), in English only 1 does ("0 mentions", "1 mention").
"""

from __future__ import annotations

import string
from typing import Any

from veille.i18n.lang import Lang

PLURAL = "plural:"


def is_singular(count: float, lang: Lang) -> bool:
    if lang == "fr":
        return 0 <= abs(count) < 2
    return abs(count) == 1


def plural(count: float, lang: Lang, one: str, other: str) -> str:
    """The form of a word (or words) that goes with `count`."""
    return one if is_singular(count, lang) else other


class PluralFormatter(string.Formatter):
    """`str.format`, plus the `plural:one|other` format spec, chosen by the language's rule."""

    def __init__(self, lang: Lang) -> None:
        self.lang = lang

    def format_field(self, value: Any, format_spec: str) -> Any:
        if not format_spec.startswith(PLURAL):
            return super().format_field(value, format_spec)
        one, _, other = format_spec.removeprefix(PLURAL).partition("|")
        return plural(float(value), self.lang, one, other)


FORMATTERS: dict[Lang, PluralFormatter] = {"fr": PluralFormatter("fr"), "en": PluralFormatter("en")}
