"""When the outbox may call Slack again: the pace of each channel, its pauses, and outages.

Slack takes about one message a second per channel. A 429 says when to come back: the channel
waits that long and nothing is held against it. A failure that concerns Slack as a whole (a 5xx,
a network error, an answer that never came, a token Slack refuses) closes one gate in front of
every channel; a failure that concerns one channel (the bot is not in it, it was archived) closes
that channel's gate. A closed gate opens again for one message, the oldest of its queue: when it
gets through, the rest follows at Slack's pace, in order. Outages back off exponentially with
jitter but are capped low (`outage_max`), so a recovered Slack is noticed within seconds, and
setup problems wait `attention` between tries. What is wrong with one message only (blocks Slack
refuses, a text too long) is that row's own backoff and holds nothing else back.

The gates live in memory: after a restart each channel is simply tried once more.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from veille.delivery.poster import DeliveryError

SLACK = "*"  # the gate in front of every channel


class Clock(Protocol):
    """Wall time for the store, monotonic time for waiting, and a wait a stop or a wake cuts short."""

    def now(self) -> datetime: ...

    def monotonic(self) -> float: ...

    def wait(self, event: threading.Event, seconds: float) -> bool:
        """Wait until `event` is set or `seconds` pass; whether it is set."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)

    def monotonic(self) -> float:
        return time.monotonic()

    def wait(self, event: threading.Event, seconds: float) -> bool:
        return event.wait(max(0.0, seconds))


@dataclass
class Backoff:
    base: float = 2.0  # the first wait, doubled on each failure in a row
    row_max: float = 900.0  # a message Slack refuses for its own content
    outage_max: float = 30.0  # Slack down or unreachable
    attention: float = 300.0  # a setup problem a person must fix

    def exponential(self, failures: int, cap: float) -> float:
        return min(cap, self.base * 2.0 ** max(0, failures - 1))


@dataclass
class _Gate:
    closed_until: float = 0.0
    failures: int = 0  # in a row, since the last message that got through
    last_call: float | None = None


class Pace:
    """The gates in front of Slack and its channels, shared by the outbox's workers."""

    def __init__(
        self,
        clock: Clock,
        interval: float,
        backoff: Backoff,
        jitter: Callable[[], float] = random.random,
    ) -> None:
        self.clock = clock
        self.interval = interval
        self.backoff = backoff
        self._jitter = jitter
        self._gates: dict[str, _Gate] = {}
        self._lock = threading.Lock()

    def _gate(self, key: str) -> _Gate:
        return self._gates.setdefault(key, _Gate())

    def closed(self, key: str) -> bool:
        """Whether `key`'s channel, or Slack as a whole, is waiting out a failure."""
        now = self.clock.monotonic()
        with self._lock:
            return self._gate(SLACK).closed_until > now or self._gate(key).closed_until > now

    def ready(self, key: str) -> bool:
        """Whether a message may be posted to `key` now: its gates open and its pace respected."""
        if self.closed(key):
            return False
        with self._lock:
            last = self._gate(key).last_call
        return last is None or self.clock.monotonic() - last >= self.interval

    def next_open(self) -> float | None:
        """The monotonic time the next closed gate or paced channel opens, if any."""
        now = self.clock.monotonic()
        with self._lock:
            times = [g.closed_until for g in self._gates.values()]
            times += [g.last_call + self.interval for g in self._gates.values() if g.last_call is not None]
        future = [t for t in times if t > now]
        return min(future) if future else None

    def called(self, key: str) -> None:
        """A call reached `key` (whatever the answer): it counts against the channel's pace."""
        with self._lock:
            self._gate(key).last_call = self.clock.monotonic()

    def succeeded(self, *keys: str) -> None:
        """A message got through: its channel (under each of its names) and Slack are well."""
        now = self.clock.monotonic()
        with self._lock:
            for key in keys:
                gate = self._gate(key)
                gate.closed_until, gate.failures, gate.last_call = 0.0, 0, now
            self._gate(SLACK).failures = 0

    def failed(self, key: str, error: DeliveryError) -> float | None:
        """Close the gate `error` concerns; how long, in seconds (None: only the message is at fault)."""
        if error.retry_after is not None:
            # Slack said when to come back: honoured, and not counted as a failure.
            return self._close(key, max(0.5, error.retry_after), count=False)
        scope = error.scope
        if scope == "message":
            return None
        gate = SLACK if scope == "slack" else key
        if error.needs_attention:
            return self._close(gate, self.backoff.attention, count=True)
        with self._lock:
            failures = self._gate(gate).failures + 1
        cap = min(self.backoff.outage_max, self.backoff.row_max)
        # Jitter spreads the probes of several channels and processes over the second half.
        delay = self.backoff.exponential(failures, cap) * (0.5 + 0.5 * self._jitter())
        return self._close(gate, delay, count=True)

    def _close(self, key: str, delay: float, *, count: bool) -> float:
        now = self.clock.monotonic()
        with self._lock:
            gate = self._gate(key)
            gate.closed_until = max(gate.closed_until, now + delay)
            if count:
                gate.failures += 1
        return delay

    def row_delay(self, attempts: int, error: DeliveryError) -> float:
        """How long a row waits after its own failure (its `attempts`-th), holding nothing else."""
        delay = self.backoff.exponential(attempts, self.backoff.row_max)
        return max(delay, self.backoff.attention) if error.needs_attention else delay
