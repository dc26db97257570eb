"""Which channels a mention's alert goes to, and whether it says @here."""

from __future__ import annotations

from collections.abc import Mapping

from veille.config import BrandConfig, Config
from veille.model import REVIEW_STARS, ToneLabel


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
