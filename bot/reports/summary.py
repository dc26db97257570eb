"""Daily and weekly summaries, computed from mentions: pure functions, no store, no Slack."""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from veille.model import ToneLabel
from veille.reports.data import AsideRecord, MentionRecord, Point
from veille.reports.paced import Kept

Window = tuple[datetime, datetime]
TOP_SOURCES = 3
TOP_MENTIONS = 3
ASIDE_LINES = 5


@dataclass(frozen=True)
class ToneSplit:
    positive: int = 0
    neutral: int = 0
    negative: int = 0

    @property
    def total(self) -> int:
        return self.positive + self.neutral + self.negative

    def count(self, tone: ToneLabel) -> int:
        return int(getattr(self, tone, 0))

    def share(self, tone: ToneLabel) -> float:
        return self.count(tone) / self.total if self.total else 0.0


def split_of(tones: Sequence[ToneLabel]) -> ToneSplit:
    counts = Counter(tones)
    return ToneSplit(counts["positive"], counts["neutral"], counts["negative"])


@dataclass(frozen=True)
class BrandDay:
    brand: str
    tones: ToneSplit
    previous: int  # the window before
    average: float  # mean of the 7 windows before
    top_sources: tuple[tuple[str, int], ...]
    top_positive: tuple[MentionRecord, ...]
    top_negative: tuple[MentionRecord, ...]
    unhandled_negative: int = 0

    @property
    def total(self) -> int:
        return self.tones.total


@dataclass(frozen=True)
class Aside:
    """What the relevance filter kept out of the channels over a window."""

    set_aside: int = 0  # alerts set aside, brought back since or not
    brought_back: int = 0  # of those, the ones the team brought back and kept as relevant
    dropped: int = 0
    waiting: tuple[AsideRecord, ...] = ()  # still set aside: the likeliest to be relevant first

    @property
    def empty(self) -> bool:
        return not (self.set_aside or self.dropped)

    @property
    def miss_rate(self) -> float | None:
        """The share of the set-aside mentions the team found relevant after all."""
        return self.brought_back / self.set_aside if self.set_aside else None


def aside_of(records: Sequence[AsideRecord], window: Window, limit: int = ASIDE_LINES) -> Aside:
    mine = [r for r in records if _inside(r.at, window)]
    kept = [r for r in mine if r.status != "dropped"]
    waiting = [r for r in kept if r.status == "set_aside"]
    waiting.sort(key=lambda r: (r.relevance or 0.0, r.at), reverse=True)
    return Aside(
        set_aside=len(kept),
        brought_back=sum(1 for r in kept if r.relevant),
        dropped=len(mine) - len(kept),
        waiting=tuple(waiting[:limit]),
    )


@dataclass(frozen=True)
class DailySummary:
    window: Window
    brands: tuple[BrandDay, ...]
    failing_sources: tuple[str, ...] = ()
    # brand → one ToneSplit per window of the chart, oldest first
    history: dict[str, tuple[ToneSplit, ...]] = field(default_factory=dict)
    history_windows: tuple[Window, ...] = ()
    aside: Aside = Aside()
    kept: Kept = field(default_factory=Kept)  # what daily paces and snoozes kept out of the channels

    @property
    def total(self) -> int:
        return sum(b.total for b in self.brands)

    @property
    def quiet(self) -> bool:
        return self.total == 0


def change(now: float, before: float) -> float | None:
    """Relative change; None when there is nothing to compare with."""
    if before <= 0:
        return None
    return (now - before) / before


def _inside(moment: datetime, window: Window) -> bool:
    return window[0] <= moment < window[1]


def bucket(
    points: Sequence[Point], brands: Sequence[str], windows: Sequence[Window]
) -> dict[str, list[ToneSplit]]:
    """Per brand, the tone split of each window (windows sorted, not overlapping)."""
    counts: dict[str, list[Counter[str]]] = {b: [Counter() for _ in windows] for b in brands}
    if windows:
        starts = [w[0] for w in windows]
        end = windows[-1][1]
        for point in points:
            per_brand = counts.get(point.brand)
            if per_brand is None or point.at < starts[0] or point.at >= end:
                continue
            index = bisect_right(starts, point.at) - 1
            if point.at < windows[index][1]:
                per_brand[index][point.tone] += point.count
    return {
        b: [ToneSplit(c["positive"], c["neutral"], c["negative"]) for c in per_window]
        for b, per_window in counts.items()
    }


def most_visible(
    records: Sequence[MentionRecord], tone: ToneLabel, limit: int = TOP_MENTIONS
) -> tuple[MentionRecord, ...]:
    """The mentions of a tone with the most reach, then the strongest tone, then the newest."""
    chosen = [r for r in records if r.tone == tone]
    chosen.sort(key=lambda r: (r.reach, abs(r.tone_score or 0.0), r.at), reverse=True)
    return tuple(chosen[:limit])


def compute_daily(
    brands: Sequence[str],
    windows: Sequence[Window],
    points: Sequence[Point],
    records: Sequence[MentionRecord],
    *,
    unhandled: dict[str, int] | None = None,
    failing: Sequence[str] = (),
    chart_days: int = 14,
    aside: Sequence[AsideRecord] = (),
) -> DailySummary:
    """The summary of the last of `windows` (at least 8: it, the one before, and 7 for the average).

    `points` cover every window; `records` are the full mentions of the last window.
    """
    per_brand = bucket(points, brands, windows)
    day = windows[-1]
    out: list[BrandDay] = []
    for brand in brands:
        splits = per_brand[brand]
        mine = [r for r in records if r.brand == brand and _inside(r.at, day)]
        week = [s.total for s in splits[-8:-1]]
        sources = Counter(r.source for r in mine).most_common(TOP_SOURCES)
        out.append(
            BrandDay(
                brand=brand,
                tones=splits[-1],
                previous=splits[-2].total if len(splits) > 1 else 0,
                average=sum(week) / len(week) if week else 0.0,
                top_sources=tuple(sources),
                top_positive=most_visible(mine, "positive"),
                top_negative=most_visible(mine, "negative"),
                unhandled_negative=(unhandled or {}).get(brand, 0),
            )
        )
    return DailySummary(
        window=day,
        brands=tuple(out),
        failing_sources=tuple(failing),
        history={b: tuple(per_brand[b][-chart_days:]) for b in brands},
        history_windows=tuple(windows[-chart_days:]),
        aside=aside_of([r for r in aside if r.brand in brands], day),
    )


@dataclass(frozen=True)
class BrandWeek:
    brand: str
    tones: ToneSplit
    previous: ToneSplit
    share_of_voice: float | None  # of all watched brands' mentions this week; None with one brand
    previous_share: float | None


@dataclass(frozen=True)
class WeeklySummary:
    window: Window
    brands: tuple[BrandWeek, ...]  # every watched brand, for share of voice
    shown: tuple[str, ...]  # the brands of the channel the summary goes to
    aside: Aside = Aside()  # of the shown brands, this week

    @property
    def quiet(self) -> bool:
        return all(b.tones.total == 0 and b.previous.total == 0 for b in self.brands if b.brand in self.shown)


def compute_weekly(
    all_brands: Sequence[str],
    shown: Sequence[str],
    week: Window,
    before: Window,
    points: Sequence[Point],
    aside: Sequence[AsideRecord] = (),
) -> WeeklySummary:
    per_brand = bucket(points, all_brands, [before, week])
    total_now = sum(per_brand[b][1].total for b in all_brands)
    total_before = sum(per_brand[b][0].total for b in all_brands)
    several = len(all_brands) > 1
    out = []
    for brand in all_brands:
        previous, now = per_brand[brand]
        out.append(
            BrandWeek(
                brand=brand,
                tones=now,
                previous=previous,
                share_of_voice=(now.total / total_now if total_now else 0.0) if several else None,
                previous_share=(previous.total / total_before if total_before else 0.0) if several else None,
            )
        )
    mine = aside_of([r for r in aside if r.brand in shown], week, limit=0)
    return WeeklySummary(week, tuple(out), tuple(shown), mine)
