"""Where the work behind an acked Slack request runs: off the threads that answer Slack, bounded.

Slack wants each request answered within 3 s. Bolt runs a listener on a small executor of its
own, and in HTTP mode the thread that received the request waits there for the listener's
`ack()`; a search that takes seconds on that executor holds back the ack of every request queued
behind it, and past 3 s Slack gives up. So every listener acks, then hands its work to one of two
bounded pools: `slow` for what may take seconds over a large store (search, stats, export,
summary, query tests), `quick` for the rest (clicks on alerts, help, mutes, App Home), so that a
burst of searches never holds a click back. When a pool and its queue are full the work is
refused at once and the listener tells the person, privately and in their language, that Veille
is busy and to try again: nothing is dropped in silence.

Bolt's lazy listeners would not do: they run on the same executor, unbounded. Acking first also
keeps `process_before_response` off, as Bolt needs it in HTTP mode and Socket Mode alike.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

log = logging.getLogger(__name__)

Work = Callable[[], None]


class WorkPool:
    """`workers` threads and room for `waiting` more pieces of work; `submit` never blocks."""

    def __init__(self, name: str, workers: int, waiting: int) -> None:
        if workers < 1 or waiting < 0:
            raise ValueError("a pool needs at least one worker and a queue of zero or more")
        self.name = name
        self.capacity = workers + waiting
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix=f"veille-{name}")
        self._changed = threading.Condition()
        self._in_flight = 0
        self._dropped = 0
        self._closed = False

    def submit(self, work: Work) -> bool:
        """Runs `work` on the pool; False, and `work` is not run, when the pool is full or stopped."""
        with self._changed:
            if self._closed or self._in_flight >= self.capacity:
                return False
            self._in_flight += 1
        try:
            future = self._executor.submit(self._run, work)
        except RuntimeError:  # stopped between the check and the submit
            self._finished()
            return False
        future.add_done_callback(self._finished)  # also called when a stop cancels it unstarted
        return True

    def _run(self, work: Work) -> None:
        try:
            work()
        except Exception:
            log.exception("work on the %s pool failed", self.name)

    def _finished(self, future: Future[None] | None = None) -> None:
        with self._changed:
            self._in_flight -= 1
            if future is not None and future.cancelled():
                self._dropped += 1
            self._changed.notify_all()

    @property
    def in_flight(self) -> int:
        """Work accepted and not finished: running or waiting for a worker."""
        with self._changed:
            return self._in_flight

    def close(self) -> None:
        """Refuses new work from now on and drops the work that has not started."""
        with self._changed:
            self._closed = True
        self._executor.shutdown(wait=False, cancel_futures=True)

    def wait_idle(self, timeout: float) -> bool:
        """Waits up to `timeout` seconds for the work running to end; True when none is left."""
        deadline = time.monotonic() + timeout
        with self._changed:
            if self._dropped:
                log.warning("%d request(s) dropped unstarted from the %s pool", self._dropped, self.name)
                self._dropped = 0
            while self._in_flight:
                left = deadline - time.monotonic()
                if left <= 0:
                    log.warning("%d request(s) still running on the %s pool", self._in_flight, self.name)
                    return False
                self._changed.wait(left)
        return True

    def stop(self, timeout: float) -> bool:
        self.close()
        return self.wait_idle(timeout)


SLOW_WORKERS = 2
"""Searches over a large SQLite store keep a core busy each: more at once only fight over the
cores and the interpreter's lock, answer no sooner, and delay the acks (benchmarks/acks.py)."""
SLOW_WAITING = 30
QUICK_WORKERS = 4
QUICK_WAITING = 64


@dataclass(frozen=True)
class Lanes:
    """The two pools the listeners hand their work to."""

    slow: WorkPool
    quick: WorkPool

    @classmethod
    def default(cls) -> Lanes:
        return cls(
            WorkPool("slow", SLOW_WORKERS, SLOW_WAITING), WorkPool("quick", QUICK_WORKERS, QUICK_WAITING)
        )

    def submit(self, work: Work, *, slow: bool) -> bool:
        return (self.slow if slow else self.quick).submit(work)

    def stop(self, timeout: float) -> bool:
        """Both pools stopped within `timeout` seconds in all; True when no work is left running."""
        deadline = time.monotonic() + timeout
        for pool in (self.slow, self.quick):
            pool.close()
        idle = [pool.wait_idle(max(0.0, deadline - time.monotonic())) for pool in (self.slow, self.quick)]
        return all(idle)
