"""The [reports] and [spikes] tables: daily and weekly summaries, spike alerts."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, field_validator

from veille.i18n import WEEKDAYS as DAY_NAMES
from veille.i18n import said
from veille.sources.settings import Duration, Strict

_LOCAL_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
WEEKDAYS: tuple[str, ...] = DAY_NAMES["en"]
MIN_CHECK_EVERY = 60.0  # the report scheduler ticks once a minute: spikes are checked no more often
_JOURS = DAY_NAMES["fr"]


def local_time(value: str) -> str:
    match = _LOCAL_TIME.match(value.strip()) if isinstance(value, str) else None
    if match is None:
        raise said("config.time_of_day", value=repr(value))
    return f"{int(match.group(1)):02d}:{match.group(2)}"


class ReportsConfig(Strict):
    """The daily and weekly summaries."""

    daily: tuple[str, ...] = ("08:30",)  # local times (veille.timezone); empty: no daily summary
    weekly: str | None = "monday 09:00"  # local day and time; None or "": no weekly summary
    chart: bool = True  # attach a PNG chart of the last 14 days to the daily summary
    nothing_today: bool = True  # post a short "nothing today" summary (False: post nothing)
    grace: Duration = 6 * 3600.0  # a summary missed while down is posted at start within this

    @field_validator("daily")
    @classmethod
    def _times(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(sorted({local_time(v) for v in value}))

    @field_validator("weekly")
    @classmethod
    def _weekly(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        parts = value.strip().lower().split()
        if len(parts) == 2 and parts[0] in _JOURS:  # a French team writes "lundi 09:00"
            parts[0] = WEEKDAYS[_JOURS.index(parts[0])]
        if len(parts) != 2 or parts[0] not in WEEKDAYS:
            raise said("config.weekly", value=repr(value))
        return f"{parts[0]} {local_time(parts[1])}"


class SpikesConfig(Strict):
    """Spike alerts: a brand's hourly volume, or its negative share, far above usual."""

    enabled: bool = True
    sensitivity: Literal["low", "medium", "high"] = "medium"
    min_volume: int = Field(default=5, ge=1)  # mentions in the hour below which nothing is a spike
    min_negative: int = Field(default=3, ge=1)  # negative mentions in the hour for a tone alert
    cooldown: Duration = 3 * 3600.0  # after an alert, the same brand gets no other of that kind
    check_every: Duration = 300.0

    @field_validator("check_every")
    @classmethod
    def _honoured(cls, value: float) -> float:
        if value < MIN_CHECK_EVERY:
            raise said("config.check_every", value=f"{value:g}", least=f"{MIN_CHECK_EVERY:g}")
        return value
