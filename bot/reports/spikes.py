"""Spike detection: a brand's last hour against its usual volume, and its negative share.

The usual volume is the larger of two baselines: the same hour on each of the past 14 days
(daily rhythm) and the 12 hours before (today's level, so a slow rise is not a spike). An hour
is a spike when it clears a minimum volume, a multiple of the usual volume and a margin of
a few standard deviations of a Poisson count (so a brand with 0.3 mentions an hour does not
alert on 2). A separate alert fires when the negative share jumps well above its 14-day level.
After an alert, a cooldown keeps the same brand from alerting again for the same reason.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from veille.matching.noise import COMMON_WORDS
from veille.reports.data import MentionRecord, Point
from veille.reports.summary import ToneSplit
from veille.text.clean import fold

SpikeKind = Literal["volume", "negative"]
HOUR = timedelta(hours=1)
SAME_HOUR_DAYS = 14
RECENT_HOURS = 12


@dataclass(frozen=True)
class Sensitivity:
    ratio: float  # the hour must be at least this multiple of the usual volume
    sigmas: float  # and this many Poisson standard deviations above it
    share_jump: float  # negative share: this many points above its usual level


SENSITIVITIES: dict[str, Sensitivity] = {
    "low": Sensitivity(4.0, 4.0, 0.35),
    "medium": Sensitivity(3.0, 3.0, 0.25),
    "high": Sensitivity(2.0, 2.0, 0.15),
}


@dataclass(frozen=True)
class SpikeSettings:
    sensitivity: str = "medium"
    min_volume: int = 5
    min_negative: int = 3
    cooldown: float = 3 * 3600.0


@dataclass(frozen=True)
class HourStats:
    """A brand's last hour and its baselines, counted from points."""

    brand: str
    now: ToneSplit
    same_hour: tuple[int, ...]  # the same hour on each of the past 14 days
    recent: tuple[int, ...]  # each of the 12 hours before the last one
    baseline_negative: int  # negative mentions over the baseline period (14 days before the hour)
    baseline_total: int

    @property
    def usual(self) -> float:
        same = sum(self.same_hour) / len(self.same_hour) if self.same_hour else 0.0
        recent = sum(self.recent) / len(self.recent) if self.recent else 0.0
        return max(same, recent)

    @property
    def usual_negative_share(self) -> float:
        return self.baseline_negative / self.baseline_total if self.baseline_total else 0.0


@dataclass(frozen=True)
class Spike:
    kind: SpikeKind
    brand: str
    count: int
    usual: float
    tones: ToneSplit
    usual_negative_share: float
    top_terms: tuple[tuple[str, int], ...] = ()
    top_sources: tuple[tuple[str, int], ...] = ()

    @property
    def negative(self) -> int:
        return self.tones.negative

    @property
    def negative_share(self) -> float:
        return self.tones.share("negative")


def hour_stats(brand: str, points: Sequence[Point], now: datetime) -> HourStats:
    """Count a brand's points into the last hour and its baseline windows ending at `now`."""
    start = now - HOUR
    same = [0] * SAME_HOUR_DAYS
    recent = [0] * RECENT_HOURS
    tones: Counter[str] = Counter()
    base_negative = base_total = 0
    horizon = start - timedelta(days=SAME_HOUR_DAYS)
    for point in points:
        if point.brand != brand or point.at >= now or point.at < horizon:
            continue
        if point.at >= start:
            tones[point.tone] += point.count
            continue
        base_total += point.count
        base_negative += point.count if point.tone == "negative" else 0
        back = start - point.at  # > 0
        hours = int(back / HOUR)  # 0: the hour just before the last one
        if hours < RECENT_HOURS:
            recent[hours] += point.count
        days, rest = divmod(back + HOUR, timedelta(days=1))  # same hour d days ago: back + 1h ≈ d days
        if 1 <= days <= SAME_HOUR_DAYS and rest < HOUR:
            same[days - 1] += point.count
    now_split = ToneSplit(tones["positive"], tones["neutral"], tones["negative"])
    return HourStats(brand, now_split, tuple(same), tuple(recent), base_negative, base_total)


def threshold(usual: float, sensitivity: Sensitivity, min_volume: int) -> float:
    return max(
        float(min_volume), usual * sensitivity.ratio, usual + sensitivity.sigmas * math.sqrt(max(usual, 1.0))
    )


def detect(stats: HourStats, settings: SpikeSettings) -> list[Spike]:
    """The spikes in a brand's last hour (at most one of each kind), cooldown not applied."""
    sensitivity = SENSITIVITIES[settings.sensitivity]
    found: list[Spike] = []
    count = stats.now.total
    if count >= threshold(stats.usual, sensitivity, settings.min_volume):
        found.append(Spike("volume", stats.brand, count, stats.usual, stats.now, stats.usual_negative_share))
    usual_share = stats.usual_negative_share
    share = stats.now.share("negative")
    if (
        stats.now.negative >= settings.min_negative
        and share >= usual_share + sensitivity.share_jump
        and share >= 2 * usual_share
    ):
        found.append(Spike("negative", stats.brand, count, stats.usual, stats.now, usual_share))
    return found


def _words(text: str) -> list[str]:
    """The words of a title worth showing (lower case, accents kept), without common words."""
    found = re.findall(r"[^\W\d_][\w'’-]{3,}", text.lower())
    return [w for w in found if fold(w) not in COMMON_WORDS and not any(c.isdigit() for c in w)]


def in_cooldown(last_alert: datetime | None, now: datetime, cooldown: float) -> bool:
    return last_alert is not None and now - last_alert < timedelta(seconds=cooldown)


def spike_mentions(spike: Spike, records: Sequence[MentionRecord]) -> list[MentionRecord]:
    """The mentions that made a spike (the negative ones for a negative spike), the most visible
    first: the widest reach, then the strongest tone, then the newest."""
    chosen = [
        r for r in records if r.brand == spike.brand and (spike.kind == "volume" or r.tone == "negative")
    ]
    chosen.sort(key=lambda r: (r.reach, abs(r.tone_score or 0.0), r.at), reverse=True)
    return chosen


def explain(spike: Spike, records: Sequence[MentionRecord]) -> Spike:
    """Add the top terms and sources of the hour's mentions (those of the spike's tone for a
    negative spike)."""
    chosen = spike_mentions(spike, records)
    brand_words = {fold(w) for r in chosen for term in r.terms for w in _words(term)}
    brand_words |= {fold(w) for w in _words(spike.brand)}
    terms: Counter[str] = Counter()
    shown: dict[str, str] = {}
    for r in chosen:
        for word in dict.fromkeys(_words(r.title)):
            key = fold(word)
            if key not in brand_words:
                terms[key] += 1
                shown.setdefault(key, word)
    sources = Counter(r.source for r in chosen)
    return Spike(
        spike.kind,
        spike.brand,
        spike.count,
        spike.usual,
        spike.tones,
        spike.usual_negative_share,
        tuple((shown[key], n) for key, n in terms.most_common(5)),
        tuple(sources.most_common(3)),
    )
