"""The pydantic pieces every config table is made of, and the settings every source shares.

A source module declares its own config model on `SourceBase` beside its adapter; `veille.config`
builds the `[[sources]]` union from the table in `veille.sources.registry`. Nothing here imports
`veille.config`: the config sits above the sources it describes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Annotated, ClassVar, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, BeforeValidator, ConfigDict

from veille.i18n import Lang, said
from veille.text.durations import parse_duration

MIN_INTERVAL = 1.0


class Strict(BaseModel):
    """A config table: unknown keys are refused and the values never change once read."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def _duration(value: object) -> float:
    seconds = parse_duration(value)
    if seconds < MIN_INTERVAL:
        raise said("config.interval_short", value=repr(value), least=f"{MIN_INTERVAL:g}")
    return seconds


Duration = Annotated[float, BeforeValidator(_duration)]

Backlog = int | Literal["all", "since_start"]
"""What the first poll of a new source alerts: the newest N matching items, all, or only items
published after the bot started."""


def _backlog(value: object) -> object:
    if isinstance(value, bool):
        raise said("config.backlog")
    if isinstance(value, int):
        if value < 0:
            raise said("config.zero_or_more")
        return value
    if value in ("all", "since_start"):
        return value
    raise said("config.backlog_value", value=repr(value))


BacklogField = Annotated[Backlog, BeforeValidator(_backlog)]


def well_formed(url: str) -> bool:
    """Whether `url`'s address and port read as such (`http://[::1/` does not)."""
    try:
        urlsplit(url).port  # noqa: B018  raises on a malformed address or port
    except ValueError:
        return False
    return True


def _base_url(value: str) -> str:
    value = value.strip().rstrip("/")
    if not re.match(r"^https?://[^\s/]+", value, re.IGNORECASE) or not well_formed(value):
        raise said("config.base_url", value=repr(value))
    return value


BaseUrl = Annotated[str, BeforeValidator(lambda v: _base_url(str(v)))]

_HTTP_URL = re.compile(r"^https?://[^\s/?#]+(/[^\s?#]*)?$", re.IGNORECASE)


def api_url(value: str) -> str:
    """An API's base URL: http(s), no query string, no trailing slash."""
    value = value.strip().rstrip("/")
    if not _HTTP_URL.match(value):
        raise said("config.api_url", value=repr(value))
    return value


def _env_name(value: str) -> str:
    if not re.match(r"^[A-Z_][A-Z0-9_]{0,99}$", value):
        raise said("config.env_name", value=repr(value))
    return value


ApiUrl = Annotated[str, BeforeValidator(api_url)]
EnvName = Annotated[str, BeforeValidator(_env_name)]
"""The environment variable a credential is read from (never the config file)."""


QuotaProblem = tuple[str, dict[str, object]]
"""Why a source's interval cannot fit its API's quota: an i18n message key and its values."""


class SourceBase(Strict):
    """Settings every source type shares; each type adds its own in a subclass, with
    `type: Literal["its type"]`."""

    type: str
    name: str | None = None
    interval: Duration | None = None
    backlog: BacklogField | None = None
    # Without its own interval, a source never polls more often than this (an API's daily quota).
    slowest_default: ClassVar[float] = 0.0

    default_interval: ClassVar[float | None] = None  # None: [veille] poll_interval

    @property
    def key(self) -> str:
        """The name under which this source's state is stored."""
        return self.name or self.default_key()

    def default_key(self) -> str:
        raise NotImplementedError

    def describe(self, lang: Lang) -> str:
        """What this source reads, in one line for `veille check`, in `lang`."""
        return ""

    def quota_problem(self, terms: Sequence[tuple[str, ...]], interval: float) -> QuotaProblem | None:
        """Why polling the brands' `terms` every `interval` cannot fit the API's quota (the config
        refuses it, naming `interval`); None when it fits or the API has no such quota."""
        return None

    def missing_secrets(self, environ: Mapping[str, str]) -> tuple[str, ...]:
        """The environment variables this source cannot work without that `environ` lacks
        (`veille check` names them)."""
        return ()

    def named_brands(self) -> tuple[str, ...]:
        """The brands this source's settings name (each must be configured)."""
        return ()
