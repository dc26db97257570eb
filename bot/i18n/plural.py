"""Plural forms inside catalogue strings: `{count} {count:plural:mention|mentions}`, and French
elision: `à propos {brand:de}` reads « à propos de Viadeo » but « à propos d'Orange ».

The plural rule is CLDR's for each language: in French 0 and 1 take the singular (« 0 mention »,
« 1 mention »), in English only 1 does ("0 mentions", "1 mention"). A name elides « de » when it
starts with a vowel; not before an h, aspirated or not: « de Hachette » stays right, « de Hermès »
is a small fault a reader forgives, « d'Hachette » would not be.
"""

from __future__ import annotations

import string
from typing import Any

from veille.i18n.lang import Lang

PLURAL = "plural:"
ELIDED = ":de}"
_VOWELS = frozenset("aeiouàâäéèêëîïôöùûüœæ")
_MARKUP = "*_~`«“\"' "


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
        if format_spec == "de":
            return elided_de(str(value))
        if not format_spec.startswith(PLURAL):
            return super().format_field(value, format_spec)
        one, _, other = format_spec.removeprefix(PLURAL).partition("|")
        return plural(float(value), self.lang, one, other)


def elided_de(name: str) -> str:
    """« de » and a name, elided before a vowel: « d'Orange », « de Viadeo »."""
    first = name.lstrip(_MARKUP)[:1].casefold()
    return f"d'{name}" if first in _VOWELS else f"de {name}"


def none_of(names: list[str], lang: Lang) -> str:
    """Names after a negation: « de Viadeo, de Netvibes ni d'Orange », "Viadeo, Netvibes or Orange"."""
    if lang == "fr":
        said = [elided_de(name) for name in names]
        return " ni ".join([", ".join(said[:-1]), said[-1]]) if len(said) > 1 else "".join(said)
    return " or ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else "".join(names)


FORMATTERS: dict[Lang, PluralFormatter] = {"fr": PluralFormatter("fr"), "en": PluralFormatter("en")}
