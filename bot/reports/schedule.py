"""When summaries are due, in the team's time zone, right across daylight-saving changes.

A schedule is a list of local times; each one names one instant per local day. A day's window
runs from the previous day's instant to this one, so it is 23 or 25 hours long on the days the
clocks change and no mention is counted twice or missed.
"""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from veille.config import WEEKDAYS


def local_instant(day: date, at: str, timezone: str) -> datetime:
    """The UTC instant of `at` ("HH:MM") on local `day`. A time skipped by a spring-forward
    change happens an hour later; a repeated autumn time happens at its first occurrence."""
    hour, minute = (int(part) for part in at.split(":"))
    zone = ZoneInfo(timezone)
    naive = datetime.combine(day, time(hour, minute))
    # fold=0: the offset in force before a change, which gives exactly that (PEP 495).
    return naive.replace(tzinfo=zone, fold=0).astimezone(UTC)


def latest_daily(now: datetime, times: tuple[str, ...], timezone: str) -> tuple[date, str, datetime] | None:
    """The most recent (local date, time, instant) of the daily schedule at or before `now`."""
    today = now.astimezone(ZoneInfo(timezone)).date()
    best: tuple[date, str, datetime] | None = None
    for day in (today - timedelta(days=1), today):
        for at in times:
            instant = local_instant(day, at, timezone)
            if instant <= now and (best is None or instant > best[2]):
                best = (day, at, instant)
    return best


def latest_weekly(now: datetime, weekly: str | None, timezone: str) -> tuple[date, datetime] | None:
    """The most recent (local date, instant) of the weekly schedule ("monday 09:00")."""
    if not weekly:
        return None
    weekday, at = weekly.split()
    wanted = WEEKDAYS.index(weekday)
    today = now.astimezone(ZoneInfo(timezone)).date()
    for back in range(8):
        day = today - timedelta(days=back)
        if day.weekday() == wanted:
            instant = local_instant(day, at, timezone)
            if instant <= now:
                return day, instant
    return None


def day_windows(end_day: date, at: str, timezone: str, count: int) -> list[tuple[datetime, datetime]]:
    """`count` consecutive local-day windows, oldest first, the last one ending at `at` on `end_day`."""
    instants = [local_instant(end_day - timedelta(days=back), at, timezone) for back in range(count, -1, -1)]
    return list(itertools.pairwise(instants))


def due(slot: datetime, now: datetime, grace: float) -> bool:
    """A slot is still worth posting `grace` seconds after its time (a bot down at that time)."""
    return timedelta(0) <= now - slot <= timedelta(seconds=grace)
