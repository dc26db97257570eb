"""What every config module shares: the error a user sees, and Slack channel names."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Annotated

from pydantic import BeforeValidator

from veille.i18n import Said, said
from veille.text.durations import parse_duration


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

    @classmethod
    def said(cls, file: str, key: str, message: str, **values: object) -> ConfigError:
        """The problem at `key` of `file`: catalogue `message`, in each language."""
        return cls.of(file, key, said(message, **values))

    @classmethod
    def of(cls, file: str, key: str, problem: Said) -> ConfigError:
        return cls(file, key, str(problem), {str(lang): text for lang, text in problem.translations.items()})

    @classmethod
    def keyed(cls, file: str, error: KeyedError) -> ConfigError:
        """The problem a validator found at the key it knows."""
        return cls.of(file, error.key, error)

    def __format__(self, spec: str) -> str:
        problem = self.translations.get(spec, self.problem)
        return self._where(self.file, self.key, problem)


class KeyedError(Said):
    """A problem a validator knows the exact key of (`tone.terms.killer`), reported as is."""

    def __init__(self, key: str, problem: Said) -> None:
        super().__init__(problem.translations)
        self.key = key

    @classmethod
    def said(cls, where: str, message: str, **values: object) -> KeyedError:
        """The problem at key `where`: catalogue `message`, in each language."""
        return cls(where, said(message, **values))


def _jitter(value: object) -> float:
    seconds = parse_duration(value)
    if seconds < 0:
        raise said("config.not_negative")
    return seconds


Jitter = Annotated[float, BeforeValidator(_jitter)]

_CHANNEL_NAME = re.compile(r"^#?[a-z0-9][a-z0-9_\-\u00e0-\u00ff]{0,79}$")
_CHANNEL_ID = re.compile(r"^[CGD][A-Z0-9]{6,}$")


def normalize_channel(value: str) -> str:
    value = value.strip()
    if _CHANNEL_ID.match(value):
        return value
    if not _CHANNEL_NAME.match(value):
        raise said("config.channel", value=repr(value))
    return value if value.startswith("#") else f"#{value}"
