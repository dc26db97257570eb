"""Every string the bot shows, in French and English.

`t(key, lang, **values)` is the only way user-facing text is produced; a test checks that every
key exists in both languages with the same placeholders. The strings live in one module per area
(alerts, commands, database, queries, reports); a new one goes in its area's module, in both languages.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from zoneinfo import ZoneInfo

from veille.i18n import (
    alerts,
    apis,
    cli,
    commands,
    database,
    fetch,
    outputs,
    pace,
    queries,
    reports,
    settings,
    sources,
    status,
    websub,
    why,
)
from veille.i18n.lang import LANGS, Lang
from veille.i18n.plural import ELIDED, FORMATTERS, PLURAL, none_of, plural

__all__ = [
    "CATALOGUE",
    "LANGS",
    "MONTHS",
    "WEEKDAYS",
    "Lang",
    "Said",
    "format_when",
    "lang_for_locale",
    "merged",
    "none_of",
    "plural",
    "said",
    "t",
    "weekly_time",
]


def merged(*parts: Mapping[str, dict[Lang, str]]) -> dict[str, dict[Lang, str]]:
    """One catalogue of the areas' strings; a key defined in two areas is a mistake."""
    catalogue: dict[str, dict[Lang, str]] = {}
    for part in parts:
        for key, texts in part.items():
            if key in catalogue:
                raise ValueError(f"message {key!r} is defined twice")
            catalogue[key] = texts
    return catalogue


CATALOGUE = merged(
    alerts.STRINGS,
    apis.STRINGS,
    cli.STRINGS,
    commands.STRINGS,
    database.STRINGS,
    fetch.STRINGS,
    outputs.STRINGS,
    pace.STRINGS,
    queries.STRINGS,
    reports.STRINGS,
    settings.STRINGS,
    sources.STRINGS,
    status.STRINGS,
    websub.STRINGS,
    why.STRINGS,
)

MONTHS: dict[Lang, tuple[str, ...]] = {
    "fr": ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}
WEEKDAYS: dict[Lang, tuple[str, ...]] = {
    "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    "en": ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
}


def weekly_time(value: str, lang: Lang) -> str:
    """A weekly moment as the configuration keeps it ("monday 09:00") in `lang`: "lundi 09:00"."""
    day, _, time = value.partition(" ")
    if day in WEEKDAYS["en"]:
        day = WEEKDAYS[lang][WEEKDAYS["en"].index(day)]
    return f"{day} {time}".strip()


def lang_for_locale(locale: object, default: Lang) -> Lang:
    """The bot's language for a Slack user locale ("fr-FR", "en-US"…), else the default."""
    if isinstance(locale, str):
        prefix = locale.lower()[:2]
        if prefix == "fr":
            return "fr"
        if prefix == "en":
            return "en"
    return default


def t(key: str, lang: Lang, **values: object) -> str:
    template = CATALOGUE[key][lang]
    if not values:
        return template
    if PLURAL in template or ELIDED in template:
        return FORMATTERS[lang].format(template, **values)
    return template.format(**values)


def format_when(moment: datetime, timezone: str, lang: Lang) -> str:
    """A date and time in the team's time zone: "22 nov. 2026 à 14:03" / "22 Nov 2026, 14:03"."""
    local = moment.astimezone(ZoneInfo(timezone))
    month = MONTHS[lang][local.month - 1]
    if lang == "fr":
        return f"{local.day} {month} {local.year} à {local:%H:%M}"
    return f"{local.day} {month} {local.year}, {local:%H:%M}"


class Said(ValueError):
    """A problem with a value, said in each language: `str()` is the English, `translations` has
    every language (a configuration error shows the reader's)."""

    def __init__(self, translations: Mapping[Lang, str]) -> None:
        super().__init__(translations["en"])
        self.translations: dict[Lang, str] = dict(translations)


def said(message: str, **values: object) -> Said:
    """The problem the catalogue's `message` says, with its values, in each language."""
    return Said({lang: t(message, lang, **values) for lang in LANGS})
