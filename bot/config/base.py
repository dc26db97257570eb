"""What every config module shares: the error a user sees, and Slack channel names."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Annotated, get_args

from pydantic import BeforeValidator

from veille.i18n import Lang, t
from veille.text.durations import parse_duration

LANGS: tuple[Lang, ...] = get_args(Lang)


class ConfigError(Exception):
    """A configuration problem: which file, which key, what is wrong.

    `str()` says it in English; a problem known in both languages (`translations`) reads in the
    language given as format spec: `f"{error:fr}"`."""

    def __init__(
        self, file: str, key: str, problem: str, translations: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(self._where(file, key, problem))
        self.file = file
        self.key = key
        self.problem = problem
        self.translations = dict(translations or {})

    @staticmethod
    def _where(file: str, key: str, problem: str) -> str:
        return f"{file}: {key}: {problem}" if key else f"{file}: {problem}"

    def __format__(self, spec: str) -> str:
        problem = self.translations.get(spec, self.problem)
        return self._where(self.file, self.key, problem)


class KeyedError(ValueError):
    """A problem a validator knows the exact key of (`tone.terms.killer`), reported as is."""

    def __init__(self, key: str, problem: str, translations: Mapping[str, str] | None = None) -> None:
        super().__init__(problem)
        self.key = key
        self.problem = problem
        self.translations = dict(translations or {})

    @classmethod
    def said(cls, where: str, message: str, **values: object) -> KeyedError:
        """The problem at key `where`: catalogue `message`, in English and in French."""
        return cls(where, t(message, "en", **values), {lang: t(message, lang, **values) for lang in LANGS})


def _jitter(value: object) -> float:
    seconds = parse_duration(value)
    if seconds < 0:
        raise ValueError("must not be negative")
    return seconds


Jitter = Annotated[float, BeforeValidator(_jitter)]

_CHANNEL_NAME = re.compile(r"^#?[a-z0-9][a-z0-9_\-\u00e0-\u00ff]{0,79}$")
_CHANNEL_ID = re.compile(r"^[CGD][A-Z0-9]{6,}$")


def normalize_channel(value: str) -> str:
    value = value.strip()
    if _CHANNEL_ID.match(value):
        return value
    if not _CHANNEL_NAME.match(value):
        raise ValueError(
            f'{value!r} is not a Slack channel: use a name like "#veille-marque" (lower case, no spaces)'
            ' or a channel id like "C0123ABCD"'
        )
    return value if value.startswith("#") else f"#{value}"
