"""Each replica's fair share of the sources, so that replicas sharing a database share the polling.

Every replica schedules every source, and the one that takes a source's lease polls it
(veille.store.source_store). Left at that, the first replica to poll a source would keep it for
ever (its next poll comes a moment before its lease ends). So each replica counts the replicas
alive (their presence locks, veille.store.leader) and the leases it holds, and compares the two
with its fair share, the number of sources over the number of replicas:

- below its share, it takes any lease that is free;
- at its share or above, it takes a lease that ran out only once it has been out for `FREE_FOR`
  of the interval, so a replica below its share that asks meanwhile gets it first;
- above its share (by `SLACK` or more), it does not take its own leases again, one after another
  until it is back to its share: they run out and go to a replica below its share.

No lease is ever taken from another replica before it runs out, so handing a source over never
polls it twice in one interval. Every replica asks for every source at each interval: a lease that
ran out is taken by the first replica below its share to ask, or else by the first to ask once
`FREE_FOR` has passed, at the latest by the replica that let it go, an interval after; so a source
is polled at most about two intervals apart, even when every replica counts itself full (a
replica counted alive that no longer polls).
"""

from __future__ import annotations

import logging
import math
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

log = logging.getLogger(__name__)

# A replica at its share or above takes a lease that ran out only once it has been out this part
# of its interval: a replica below its share that asks meanwhile takes it first. The replica that
# let it run out asks an interval later, so it takes it back by then if no one else did.
FREE_FOR = 0.5
# How many leases above its share a replica keeps: fewer would hand sources back and forth.
SLACK = 1
# A lease counts as held for this part of an interval after it ran out: its holder's next poll,
# late by its jitter, takes it again.
HELD_AFTER = 0.5
# How often the replicas alive are counted (at most; at each interval for shorter intervals).
COUNT_EVERY = 5.0


@dataclass(frozen=True)
class Terms:
    """How a replica may take a source's lease: its own one `early` (None: only as anyone's),
    anyone's once it has been out for `wait`."""

    early: timedelta | None
    wait: timedelta


class Share:
    """The leases this replica holds, and which it may take, given the replicas alive."""

    def __init__(self, alive: Callable[[], int], early: float) -> None:
        self.alive = alive  # counts the replicas alive, this one included (a query)
        self.early = early  # the part of its interval by which a holder's next poll may come early
        self.sources = 0  # how many sources every replica schedules (0: those asked for so far)
        self._asked: set[str] = set()
        self._held: dict[str, datetime] = {}  # source → until when it counts as this replica's
        self._replicas = 1
        self._counted_at: datetime | None = None
        self._lock = threading.Lock()
        self._counting = threading.Lock()

    def terms(self, source: str, interval: float, now: datetime) -> Terms:
        replicas = self._replicas_at(now, interval)
        with self._lock:
            self._asked.add(source)
            fair = math.ceil(max(self.sources, len(self._asked)) / replicas)
            held = self._holding(now, source)
            keep = held < fair + SLACK
            if not keep:
                self._held.pop(source, None)  # let go: the next source is weighed without it
        early = timedelta(seconds=interval * self.early) if keep else None
        wait = timedelta(seconds=interval * FREE_FOR) if held >= fair else timedelta(0)
        return Terms(early, wait)

    def took(self, source: str, until: datetime, interval: float) -> None:
        with self._lock:
            self._held[source] = until + timedelta(seconds=interval * HELD_AFTER)

    def kept(self, sources: list[str], until: datetime, interval: float) -> None:
        counts_until = until + timedelta(seconds=interval * HELD_AFTER)
        with self._lock:
            for source in sources:
                if source in self._held:
                    self._held[source] = max(self._held[source], counts_until)

    def gave_back(self, source: str) -> None:
        with self._lock:
            self._held.pop(source, None)

    def _holding(self, now: datetime, besides: str) -> int:
        for source in [source for source, until in self._held.items() if until <= now]:
            del self._held[source]
        return len(self._held) - int(besides in self._held)

    def _replicas_at(self, now: datetime, interval: float) -> int:
        every = timedelta(seconds=min(COUNT_EVERY, interval))
        with self._counting:
            if self._counted_at is not None and self._counted_at <= now < self._counted_at + every:
                return self._replicas
            try:
                replicas = max(1, self.alive())
            except Exception:  # the last count serves: a wrong one shifts the shares, nothing more
                log.debug("could not count the replicas alive", exc_info=True)
            else:
                if replicas != self._replicas:
                    log.info("%d replica(s) alive share the sources", replicas)
                self._replicas = replicas
            self._counted_at = now
            return self._replicas
