"""Sources that stream instead of being polled: what they hand over, and how their cursor and health
are kept in their `SourceState`.

A stream source runs on its own thread (`veille.pipeline.streams`): it connects, reads, and hands
its items over in small batches to a `StreamSink`, with a `StreamHealth` saying where it stands. It
never moves its cursor past a batch the sink did not take: a batch that raises is read again after
a reconnect (deduplication makes the replay harmless).
"""

from __future__ import annotations

import random
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, runtime_checkable

from veille.model import Item
from veille.sources.api import ApiCursor, iso
from veille.sources.base import FetchError

RECONNECT_FIRST = 1.0
RECONNECT_MAX = 60.0


@dataclass(frozen=True)
class StreamHealth:
    """Where a stream stands when it hands a batch over."""

    cursor: int | None  # the stream's own position (Jetstream: time_us), None before any event
    connected: bool
    endpoint: str  # the host connected to, or last tried
    events_per_second: float = 0.0
    lag: float | None = None  # seconds between now and the newest event read
    error: FetchError | None = None  # why the last connection ended or failed
    down_since: datetime | None = None  # disconnected since (None while connected)
    next_try: datetime | None = None  # the next connection attempt while disconnected

    def dump(self) -> str:
        """The state's cursor: the position, and the facts `veille sources` shows."""
        facts: dict[str, int | str] = {
            "stream": "connected" if self.connected else "disconnected",
            "stream_endpoint": self.endpoint[:200],
            "stream_rate": round(self.events_per_second),
        }
        if self.lag is not None:
            facts["stream_lag"] = round(self.lag)
        if self.down_since is not None:
            facts["stream_down_since"] = iso(self.down_since)
        positions = {} if self.cursor is None else {"stream": str(self.cursor)}
        return ApiCursor(positions, facts=facts).dump()


def stored_position(raw: str | None) -> int | None:
    """The position a stream stored in its state's cursor, if any."""
    value = ApiCursor.load(raw).positions.get("stream", "")
    return int(value) if value.isascii() and value.isdigit() else None


class StreamSink(Protocol):
    def deliver(self, items: Sequence[Item], health: StreamHealth) -> None:
        """Take a batch (maybe empty: the health alone); raising refuses it, and the stream reads it
        again from its last accepted position."""


@runtime_checkable
class StreamSource(Protocol):
    key: str
    type: str

    def run(self, start: int | None, sink: StreamSink, stop: threading.Event) -> None:
        """Stream from position `start` (None: from now) into `sink` until `stop` is set."""


class Backoff:
    """Exponential reconnect delays with full jitter, starting over after a connection that worked."""

    def __init__(self, first: float = RECONNECT_FIRST, most: float = RECONNECT_MAX) -> None:
        self.first = first
        self.most = most
        self.failures = 0

    def next_delay(self) -> float:
        ceiling = min(self.most, self.first * 2.0**self.failures)
        self.failures += 1
        return random.uniform(ceiling / 2, ceiling)

    def reset(self) -> None:
        self.failures = 0
