"""Durations as people write them in a config file: "90s", "10m", "1h30m", "2d" or seconds."""

from __future__ import annotations

import math
import re
from datetime import timedelta

from veille.i18n import said

_PART = re.compile(r"(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)", re.IGNORECASE)
_UNITS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}
MAX_DAYS = 3650  # ten years: past it a duration is a typo, and no timer takes infinity


def parse_duration(value: object) -> float:
    """Seconds in `value`; ValueError with a hint when it is not a duration."""
    seconds = _seconds(value)
    if not math.isfinite(seconds) or abs(seconds) > MAX_DAYS * 86400:
        raise said("config.duration_too_long", value=repr(value), days=MAX_DAYS)
    return seconds


def _seconds(value: object) -> float:
    if isinstance(value, bool):
        raise said("config.duration_expected", value=repr(value))
    if isinstance(value, int | float):
        return float(value)
    if not isinstance(value, str):
        raise said("config.duration_expected", value=repr(value))
    text = value.strip().replace(" ", "")
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return float(text)
    total = 0.0
    position = 0
    for part in _PART.finditer(text):
        if part.start() != position:
            break
        total += float(part.group(1)) * _UNITS[part.group(2).lower()]
        position = part.end()
    if position != len(text) or not text:
        raise said("config.duration", value=value)
    return total


def format_duration(seconds: float) -> str:
    seconds = round(seconds)
    if seconds % 3600 == 0 and seconds >= 3600:
        return f"{seconds // 3600}h"
    if seconds % 60 == 0 and seconds >= 60:
        return f"{seconds // 60}m"
    return f"{seconds}s"


_LOOKBACK = re.compile(r"(\d{1,5})\s*(m|min|h|d|j|w|sem)?", re.IGNORECASE)
_LOOKBACK_UNITS = {"m": 60, "min": 60, "h": 3600, "d": 86400, "j": 86400, "w": 604800, "sem": 604800}
MAX_LOOKBACK_DAYS = 3650


class ZeroLookback(ValueError):
    """A period of zero (`0d`, `0h`): understood, but it covers no time."""


def parse_lookback(value: str) -> timedelta:
    """How far back a person asks to look, as typed in Slack: `90m`, `24h`, `7d`/`7j`, `2w`, or a
    bare number of days. ValueError when it is none of these, ZeroLookback when it is zero."""
    found = _LOOKBACK.fullmatch(value.strip())
    if not found:
        raise ValueError(value)
    if int(found.group(1)) == 0:
        raise ZeroLookback(value)
    seconds = int(found.group(1)) * _LOOKBACK_UNITS[(found.group(2) or "d").lower()]
    return timedelta(seconds=min(seconds, MAX_LOOKBACK_DAYS * 86400))
