"""Politeness toward the hosts we poll: a token bucket per host and a pause when a host asks for one.

Every request of every source goes through one `Politeness` (the shared `HttpFetcher` holds it),
so two sources on the same host share its budget, and a `Retry-After` or an exhausted
`X-Ratelimit-*` quota answered to one of them also holds back the others. A request that would
have to wait too long is not sent: it fails as `rate_limited` with the time to wait, and the
scheduler stores that as the source's next attempt (see `veille.pipeline.poller.failure_backoff` for the
exponential backoff after repeated failures, and `SourceState.next_attempt_at`).
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

from veille.sources.base import FetchDeferred


@dataclass(frozen=True)
class HostRate:
    """`burst` requests at once, then one every `per_request` seconds."""

    burst: float
    per_request: float

    @classmethod
    def per_second(cls, rate: float, burst: float) -> HostRate:
        """`rate` requests per second after a burst of `burst` (a `[[hosts]]` table)."""
        return cls(burst, 1.0 / rate)


# Documented budgets (../shared/SOURCES.md), kept a little under the limit.
KNOWN_HOSTS: Mapping[str, HostRate] = {
    "hn.algolia.com": HostRate(10, 0.5),  # about 10,000 requests / hour
    "www.reddit.com": HostRate(3, 7.0),  # about 10 requests / minute without OAuth
    "oauth.reddit.com": HostRate(10, 0.7),  # 100 requests / minute with OAuth
    "news.google.com": HostRate(5, 2.0),  # unofficial: stay gentle
    "www.google.com": HostRate(5, 2.0),
    "www.youtube.com": HostRate(5, 1.0),
    "lobste.rs": HostRate(3, 5.0),
    "api.stackexchange.com": HostRate(10, 0.2),  # no more than 30 / second, quota per day
    "api.github.com": HostRate(5, 6.5),  # search: 10 / minute without a token
    "bsky.social": HostRate(10, 0.2),
    "public.api.bsky.app": HostRate(10, 0.2),
    "api.x.com": HostRate(5, 2.0),  # recent search: a few hundred requests / 15 minutes
    "www.googleapis.com": HostRate(5, 1.0),  # YouTube search: the daily quota is the real limit
    "dev.to": HostRate(5, 1.0),
    "itunes.apple.com": HostRate(3, 3.0),  # about 20 requests / minute
}
DEFAULT_RATE = HostRate(20, 0.1)  # any other host: a guard against hammering, not a real limit
MAX_WAIT = 15.0  # wait this long at most for a token; longer means "come back later"
MAX_SERVER_WAIT = 24 * 3600.0  # a host asking for a longer wait is asked again after a day


class TokenBucket:
    def __init__(self, rate: HostRate, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self._clock = clock
        self._tokens = rate.burst
        self._at = clock()

    def reserve(self) -> float:
        """Take a token; returns how long to wait before using it (0: now)."""
        now = self._clock()
        self._tokens = min(self.rate.burst, self._tokens + (now - self._at) / self.rate.per_request)
        self._at = now
        self._tokens -= 1
        return 0.0 if self._tokens >= 0 else -self._tokens * self.rate.per_request

    def give_back(self) -> None:
        self._tokens = min(self.rate.burst, self._tokens + 1)


def host_of(url: str) -> str:
    """The budget's key: host, and port when one is given (two local servers are two hosts)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    if not host or not port:
        return host
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def _name(host: str) -> str:
    """The name part of a budget's key (`host_of`): without its port."""
    if host.startswith("["):
        return host[1 : host.index("]")]
    return host.rpartition(":")[0] if host.count(":") == 1 else host


def rate_for(host: str, rates: Mapping[str, HostRate], default: HostRate) -> HostRate:
    """The budget of `host` (no port): its own entry, else that of the closest `*.domain` entry
    it falls under, else `default`."""
    rate = rates.get(host)
    if rate is not None:
        return rate
    labels = host.split(".")
    for start in range(1, len(labels)):
        rate = rates.get("*." + ".".join(labels[start:]))
        if rate is not None:
            return rate
    return default


class Politeness:
    """Per-host token buckets and pauses, shared by every source; thread-safe.

    `rates` maps a host name (`blog.example.com`), or every name under a domain
    (`*.example.com`), to its budget; a name and a port (two local servers) are two hosts with
    the budget of the name."""

    def __init__(
        self,
        rates: Mapping[str, HostRate] | None = None,
        default: HostRate = DEFAULT_RATE,
        max_wait: float = MAX_WAIT,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.rates = dict(KNOWN_HOSTS if rates is None else rates)
        self.default = default
        self.max_wait = max_wait
        self._clock = clock
        self._sleep = sleep
        self._buckets: dict[str, TokenBucket] = {}
        self._paused_until: dict[str, float] = {}
        self._lock = threading.Lock()

    def before_request(self, url: str) -> None:
        """Wait for the host's turn, or raise `rate_limited` when that would take too long."""
        host = host_of(url)
        if not host:
            return
        with self._lock:
            paused = self._paused_until.get(host, 0.0) - self._clock()
            if paused > 0:
                raise FetchDeferred(f"{host} asked us to wait {paused:.0f} s more", paused)
            bucket = self._buckets.get(host)
            if bucket is None:
                rate = rate_for(_name(host), self.rates, self.default)
                bucket = self._buckets[host] = TokenBucket(rate, self._clock)
            wait = bucket.reserve()
            if wait > self.max_wait:
                bucket.give_back()
                raise FetchDeferred(f"request budget for {host} used up for {wait:.0f} s", wait)
        if wait > 0:
            self._sleep(wait)

    def pause(self, url_or_host: str, seconds: float) -> None:
        """The host said to wait (Retry-After, an exhausted quota): no request to it until then."""
        host = host_of(url_or_host) if "/" in url_or_host else url_or_host.lower()
        if not host or seconds <= 0:
            return
        with self._lock:
            until = self._clock() + seconds
            self._paused_until[host] = max(until, self._paused_until.get(host, 0.0))

    def paused_for(self, url_or_host: str) -> float:
        host = host_of(url_or_host) if "/" in url_or_host else url_or_host.lower()
        with self._lock:
            return max(0.0, self._paused_until.get(host, 0.0) - self._clock())


def ratelimit_pause(headers: Mapping[str, str]) -> float | None:
    """Seconds to wait when `X-Ratelimit-Remaining` (or the IETF draft's `RateLimit-Remaining`)
    says the quota is spent (None: go on), until the reset `reset_after` reads."""
    for prefix in ("x-ratelimit-", "ratelimit-"):
        remaining = _number(headers.get(prefix + "remaining"))
        if remaining is None:
            continue
        reset = reset_after(headers.get(prefix + "reset"), time.time())
        if remaining >= 1 or reset is None:
            return None
        return max(1.0, reset)
    return None


def reset_after(value: str | None, now: float) -> float | None:
    """Seconds from `now` (a Unix time) until the time a `*ratelimit-reset` header gives, at most
    MAX_SERVER_WAIT; None when it gives none. Reddit and the IETF draft (Bluesky) send seconds
    from now, GitHub a Unix time (a value past 10^9 can only be one), Mastodon an ISO 8601 time."""
    if value is None:
        return None
    number = _number(value)
    if number is not None:
        if not math.isfinite(number):
            return None
        seconds = number - now if number > 1e9 else number
    else:
        when = iso_time(value)
        if when is None:
            return None
        seconds = when.timestamp() - now
    return min(max(0.0, seconds), MAX_SERVER_WAIT)


def iso_time(value: str) -> datetime | None:
    """An aware UTC datetime from an ISO 8601 string (a `Z` for UTC, no zone read as UTC)."""
    try:
        when = datetime.fromisoformat(value.strip().replace("Z", "+00:00").replace("z", "+00:00"))
        return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)
    except (ValueError, OverflowError):  # not a time, or one past year 9999 once in UTC
        return None


def _number(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return float(value.strip())
    except ValueError:
        return None
