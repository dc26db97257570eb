"""The `[[hosts]]` tables: a request budget per host, over the built-in ones, and how many fetches
are in flight at once (`[veille] fetches_in_flight`).

Every host has a budget (`veille.sources.polite`): the documented limits of the APIs Veille knows,
and a guard of 10 requests per second after a burst of 20 for any other. A `[[hosts]]` table sets
a host's budget, higher for a host serving many feeds of one team (its own sites), lower for a
fragile one; `name = "*.example.com"` sets it for every host under that domain. The problems are
reported in French and in English (`KeyedError.said`).
"""

from __future__ import annotations

import ipaddress
import math
import re
from collections.abc import Mapping
from typing import Any

from veille.config.base import KeyedError
from veille.sources.polite import KNOWN_HOSTS, HostRate
from veille.sources.settings import Strict

HOST_KEYS = ("name", "rate", "burst")
MAX_RATE = 10_000.0
MAX_IN_FLIGHT = 256
_LABEL = r"(?!-)[a-z0-9-]{1,63}(?<!-)"
_HOST_NAME = re.compile(rf"^(?:\*\.)?{_LABEL}(?:\.{_LABEL})*$")


class HostConfig(Strict):
    name: str
    rate: float  # requests per second, after the burst
    burst: int  # requests that may go at once

    def host_rate(self) -> HostRate:
        return HostRate.per_second(self.rate, self.burst)


def _name(value: object, key: str) -> str:
    text = value.strip().lower().rstrip(".") if isinstance(value, str) else ""
    try:
        ipaddress.ip_address(text)
    except ValueError:
        if not _HOST_NAME.match(text):
            raise KeyedError.said(key, "config.hosts.name", value=_shown(value)) from None
    return text


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        number = float(value)
    except OverflowError:  # a whole number past what a float holds
        return None
    return number if math.isfinite(number) else None


def _rate(value: object, key: str) -> float:
    rate = _number(value)
    if rate is None or not 0 < rate <= MAX_RATE:
        raise KeyedError.said(key, "config.hosts.rate", value=_shown(value), most=f"{MAX_RATE:g}")
    return rate


def _burst(value: object, key: str) -> int:
    burst = _number(value)
    if burst is None or burst != int(burst) or not 1 <= burst <= MAX_RATE:
        raise KeyedError.said(key, "config.hosts.burst", value=_shown(value), most=f"{MAX_RATE:g}")
    return int(burst)


def _shown(value: object, most: int = 40) -> str:
    text = value if isinstance(value, str) else str(value).lower() if isinstance(value, bool) else repr(value)
    text = text if len(text) <= most else text[: most - 1] + "…"
    return f'"{text}"' if isinstance(value, str) else text


def parse_hosts(value: object) -> tuple[HostConfig, ...]:
    """The `[[hosts]]` tables, each checked key by key so that every problem names its key and
    says what to write instead."""
    if not isinstance(value, list | tuple):
        raise KeyedError.said("hosts", "config.hosts.table")
    hosts: list[HostConfig] = []
    seen: dict[str, int] = {}
    for index, table in enumerate(value):
        where = f"hosts[{index}]"
        if isinstance(table, HostConfig):
            hosts.append(table)
            continue
        if not isinstance(table, Mapping):
            raise KeyedError.said(where, "config.hosts.table")
        hosts.append(_host(table, where))
        name = hosts[-1].name
        if name in seen:
            raise KeyedError.said(
                f"{where}.name", "config.hosts.twice", name=name, first=f"hosts[{seen[name]}]"
            )
        seen[name] = index
    return tuple(hosts)


def _host(table: Mapping[str, Any], where: str) -> HostConfig:
    for key in table:
        if key not in HOST_KEYS:
            raise KeyedError.said(f"{where}.{key}", "config.hosts.unknown_key", found=key)
    if "name" not in table:
        raise KeyedError.said(f"{where}.name", "config.hosts.name_missing")
    if "rate" not in table:
        raise KeyedError.said(f"{where}.rate", "config.hosts.rate_missing")
    name = _name(table["name"], f"{where}.name")
    rate = _rate(table["rate"], f"{where}.rate")
    burst = _burst(table["burst"], f"{where}.burst") if "burst" in table else max(1, round(rate))
    return HostConfig(name=name, rate=rate, burst=burst)


def host_rates(hosts: tuple[HostConfig, ...]) -> dict[str, HostRate]:
    """The built-in budgets, with those of the `[[hosts]]` tables over them."""
    return {**KNOWN_HOSTS, **{host.name: host.host_rate() for host in hosts}}


def parse_in_flight(value: object) -> int | None:
    if value is None:
        return None
    number = _number(value)
    if number is None or number != int(number) or not 1 <= number <= MAX_IN_FLIGHT:
        raise KeyedError.said(
            "veille.fetches_in_flight", "config.fetches_in_flight", value=_shown(value), most=MAX_IN_FLIGHT
        )
    return int(number)


DEFAULT_MOST_IN_FLIGHT = 32


def default_in_flight(sources: int) -> int:
    """Fetches in flight when the config does not say: one for every ten sources, so that a poll
    cycle waits about ten round trips whatever the number of sources; at least 8, and at most 32.
    Past that, parsing and storing, not waiting, set the pace: on two cores a 1,000-feed cycle
    took as long with 64 as with 32 and a fifth more CPU (the threads contend for the interpreter
    and the database connections; benchmarks/poll_cycle.py --in-flight N)."""
    return min(DEFAULT_MOST_IN_FLIGHT, max(8, math.ceil(sources / 10)))
