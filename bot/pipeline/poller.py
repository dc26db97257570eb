"""Polling: each source at its interval, with jitter, never two polls of one source at once.

A failed poll is recorded on its source (and logged) and never stops the others. A source that
asked us to wait (Retry-After) or keeps failing is skipped until its next attempt time, which
grows exponentially with consecutive failures.
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger

from veille.config import Backlog
from veille.pipeline.health import SourceWatch
from veille.pipeline.steps import Pipeline, PollReport
from veille.sources.base import FetchError, Source
from veille.store import Store

log = logging.getLogger(__name__)

MAX_FAILURE_BACKOFF = 6 * 3600.0


@dataclass(frozen=True)
class ScheduledSource:
    source: Source
    interval: float
    backlog: Backlog


def failure_backoff(interval: float, failures: int) -> float:
    """Wait before the next attempt after `failures` failed polls in a row."""
    if failures <= 1:
        return interval
    return min(MAX_FAILURE_BACKOFF, interval * 2.0 ** (failures - 1))


class Poller:
    """One poll of one source: fetch, run the pipeline, record the outcome."""

    def __init__(
        self,
        store: Store,
        pipeline: Pipeline,
        on_alerts: Callable[[], None] = lambda: None,
        watch: SourceWatch | None = None,
    ) -> None:
        self.store = store
        self.pipeline = pipeline
        self.on_alerts = on_alerts
        self.watch = watch
        self._locks: dict[str, threading.Lock] = {}

    def poll(self, scheduled: ScheduledSource, *, force: bool = False) -> PollReport | None:
        source = scheduled.source
        lock = self._locks.setdefault(source.key, threading.Lock())
        if not lock.acquire(blocking=False):
            return None  # the previous poll of this source is still running
        try:
            return self._poll(scheduled, force)
        finally:
            lock.release()

    def _poll(self, scheduled: ScheduledSource, force: bool) -> PollReport | None:
        source = scheduled.source
        now = datetime.now(UTC)
        state = self.store.source_state(source.key)
        if not force and state is not None and state.next_attempt_at and state.next_attempt_at > now:
            return None
        try:
            result = source.fetch(state)
        except FetchError as error:
            self._failed(scheduled, now, str(error), error.retry_after, error.kind)
            return None
        except Exception as error:  # an adapter bug: record it like any failure
            log.exception("source %s: unexpected error", source.key)
            self._failed(scheduled, now, f"internal: {type(error).__name__}: {error}", None)
            return None
        first_poll = state is None or state.first_polled_at is None
        try:
            report = self.pipeline.process(result.items, first_poll=first_poll, backlog=scheduled.backlog)
        except Exception as error:
            log.exception("source %s: processing failed", source.key)
            self._failed(scheduled, now, f"processing: {type(error).__name__}: {error}", None)
            return None
        self.store.record_poll_success(
            source.key,
            now,
            etag=result.etag,
            last_modified=result.last_modified,
            cursor=result.cursor,
            new_items=report.new_items,
            keep_validators=result.not_modified,
        )
        if state is not None and state.consecutive_failures:
            log.info("source %s: recovered after %d failed poll(s)", source.key, state.consecutive_failures)
        log.info(
            "source %s: %s, %d new item(s), %d mention(s), %d alert(s)",
            source.key,
            "not modified" if result.not_modified else f"{report.fetched} item(s)",
            report.new_items,
            report.mentions,
            report.alerts,
        )
        told = self.watch is not None and self.watch.after_success(source.key, state)
        if report.alerts or report.refreshed_stories or told:
            self.on_alerts()
        return report

    def _failed(
        self,
        scheduled: ScheduledSource,
        now: datetime,
        error: str,
        retry_after: float | None,
        kind: str | None = None,
    ) -> None:
        source = scheduled.source
        state = self.store.source_state(source.key)
        failures = (state.consecutive_failures if state else 0) + 1
        wait = retry_after if retry_after is not None else failure_backoff(scheduled.interval, failures)
        next_attempt = now + timedelta(seconds=wait) if (retry_after is not None or failures > 1) else None
        self.store.record_poll_failure(source.key, now, error, next_attempt, kind)
        log.warning(
            "source %s: poll failed (%s); %d failure(s) in a row%s",
            source.key,
            error,
            failures,
            f", next try in {wait:.0f} s" if next_attempt else "",
        )
        if self.watch is not None and self.watch.after_failure(source.key):
            self.on_alerts()


class PollScheduler:
    def __init__(
        self, poller: Poller, sources: Sequence[ScheduledSource], jitter: float, workers: int = 8
    ) -> None:
        self.poller = poller
        self.sources = list(sources)
        self.jitter = jitter
        self._scheduler = BackgroundScheduler(
            executors={"default": ThreadPoolExecutor(max(1, min(workers, len(self.sources) or 1)))},
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
            timezone=UTC,
        )

    def start(self) -> None:
        now = datetime.now(UTC)
        for scheduled in self.sources:
            first_run = now + timedelta(seconds=random.uniform(0, min(self.jitter, 2.0)))
            self._scheduler.add_job(
                self.poller.poll,
                IntervalTrigger(seconds=scheduled.interval, jitter=int(self.jitter) or None, timezone=UTC),
                args=[scheduled],
                id=scheduled.source.key,
                name=f"poll {scheduled.source.key}",
                next_run_time=first_run,
            )
        self._scheduler.start()

    def stop(self) -> None:
        if self._scheduler.running:
            self._scheduler.shutdown(wait=True)
