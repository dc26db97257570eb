"""Which channels a mention's alert goes to, whether it says @here, and whether it goes at once or
waits for its brand's digest or summary (its delivery pace)."""

from __future__ import annotations

from collections.abc import Mapping

from veille.config import BrandConfig, Config
from veille.config.brands import BreakThrough, DeliveryPace
from veille.model import REVIEW_STARS, ToneLabel
from veille.store.pace_store import HELD, HELD_DAILY


def reach_total(reach: Mapping[str, int]) -> int:
    """One number for how visible a mention is: the sum of what the source counts."""
    return sum(max(0, int(v)) for k, v in reach.items() if k != REVIEW_STARS)


def route(
    config: Config, brand: BrandConfig, tone: ToneLabel, reach: Mapping[str, int]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(channels to alert, channels where the alert pings @here)."""
    home = config.channel_for(brand)
    routing = config.routing
    if tone != "negative" or routing.escalation_channel is None:
        return (home,), ()
    escalation = routing.escalation_channel
    channels = (escalation,) if routing.negative == "instead" else tuple(dict.fromkeys((home, escalation)))
    loud = routing.here_above_reach is not None and reach_total(reach) >= routing.here_above_reach
    return channels, ((escalation,) if loud else ())


def pace_of(config: Config, brand: BrandConfig) -> DeliveryPace:
    """The brand's `delivery`, else [veille]'s."""
    return brand.delivery or config.veille.delivery


def breaks_through(config: Config, brand: BrandConfig) -> tuple[BreakThrough, ...]:
    """The brand's `break_through`, else [veille]'s."""
    return brand.break_through if brand.break_through is not None else config.veille.break_through


def alert_status(config: Config, brand: BrandConfig, tone: ToneLabel, reach: Mapping[str, int]) -> str:
    """The status an alert is stored with, by its brand's pace: "pending" (posted at once),
    "held" for the hourly digest or "held_daily" for the daily summary. A negative mention
    breaks through a pace whose `break_through` names "negative" when its reach is at or above
    [routing] here_above_reach (any negative mention when no threshold is set)."""
    pace = pace_of(config, brand)
    if pace == "instant":
        return "pending"
    threshold = config.routing.here_above_reach
    if (
        tone == "negative"
        and "negative" in breaks_through(config, brand)
        and (threshold is None or reach_total(reach) >= threshold)
    ):
        return "pending"
    return HELD if pace == "hourly" else HELD_DAILY


def spikes_at_once(config: Config, brand: BrandConfig) -> bool:
    """Whether the brand's spike alerts are posted: always at the instant pace, else only when its
    `break_through` names "spike" (its digest and summary show the volume)."""
    return pace_of(config, brand) == "instant" or "spike" in breaks_through(config, brand)
