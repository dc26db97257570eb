"""Polling: each source at its interval, with jitter, never two polls of one source at once.

A failed poll is recorded on its source (and logged) and never stops the others. A source that
keeps failing waits twice as long after each failure in a row (up to 6 h), and never less than
a server asked (Retry-After): a source answering 429 again and again backs off like any other
failing source. The next attempt time is stored, and the scheduler runs the poll at that time.

Stopping cancels the fetches in flight: their sources record nothing (no failure, no cursor)
and are simply polled again at the next start.

While the database is away nothing is fetched (what was fetched could not be stored); a poll it
cuts short records nothing either, so its items come again at the next poll, which is due as soon
as the database answers again rather than an interval later.

Replicas sharing a PostgreSQL database each schedule every source, and take turns through a lease
per source (veille.store.source_store): the replica that takes it polls, and keeps it for the
rest of the interval; the others skip the source meanwhile. Each replica takes and keeps about
its fair share of the leases (veille.pipeline.share), so the replicas share the polling. A dead
replica's leases run out, so its sources are polled by the others within two intervals.
"""

from __future__ import annotations

import contextlib
import logging
import random
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.base import JobLookupError
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger

from veille import metrics
from veille.config import Backlog
from veille.i18n import Said, said
from veille.logs import log_context
from veille.model import SourceState
from veille.pipeline.health import SourceWatch, health_label
from veille.pipeline.share import Share
from veille.pipeline.steps import Pipeline, PollReport
from veille.sources.base import FetchCancelled, FetchDeferred, FetchError, FetchResult, Source
from veille.store import DatabaseWatch, Store, is_database_away
from veille.store.leader import replicas_alive

log = logging.getLogger(__name__)

MAX_FAILURE_BACKOFF = 6 * 3600.0
# The part of its interval by which a replica's next poll of a source may come early (its
# scheduler is late once, on time the next): sooner than that, the source is not polled again.
LEASE_EARLY = 0.2


@dataclass(frozen=True)
class ScheduledSource:
    source: Source
    interval: float
    backlog: Backlog


class Pushed(Protocol):
    """What the poller asks of WebSub push (veille.pipeline.push): whether a scheduled poll may
    rest because a hub pushes the source, and what a successful poll found."""

    def resting(self, scheduled: ScheduledSource, state: SourceState | None, now: datetime) -> bool: ...

    def polled(self, scheduled: ScheduledSource, result: FetchResult) -> None: ...


def failure_backoff(interval: float, failures: int) -> float:
    """Wait before the next attempt after `failures` failed polls in a row."""
    if failures <= 1:
        return interval
    return min(MAX_FAILURE_BACKOFF, interval * 2.0 ** (failures - 1))


def next_wait(interval: float, failures: int, retry_after: float | None) -> float:
    """The exponential backoff, never shorter than the wait the server asked for."""
    return max(retry_after or 0.0, failure_backoff(interval, failures))


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _counted(source: Source, started: float, outcome: str, kind: str = "") -> None:
    metrics.POLLS.labels(source.type, outcome, kind).inc()
    if outcome in ("ok", "not_modified", "failed"):
        metrics.POLL_SECONDS.labels(source.type).observe(time.monotonic() - started)


class Poller:
    """One poll of one source: fetch, run the pipeline, record the outcome."""

    def __init__(
        self,
        store: Store,
        pipeline: Pipeline,
        on_alerts: Callable[[], None] = lambda: None,
        watch: SourceWatch | None = None,
        clock: Callable[[], datetime] = _utc_now,
        *,
        database: DatabaseWatch | None = None,
        leases: bool | None = None,
    ) -> None:
        self.store = store
        # Replicas on one PostgreSQL take turns through a lease per source; one instance on a
        # SQLite file has no one to take turns with.
        self.leases = store.backend == "postgresql" if leases is None else leases
        self._held: dict[str, tuple[float, datetime]] = {}  # source → (interval, lease last set)
        self.share = Share(lambda: replicas_alive(store.engine, store.replica), LEASE_EARLY)
        self._keeper: threading.Thread | None = None
        self._held_changed = threading.Condition()
        self.pipeline = pipeline
        self.push: Pushed | None = None
        self.on_alerts = on_alerts
        self.watch = watch
        self.clock = clock
        self.database = database or DatabaseWatch(store.engine)
        self._waiting_for_database: set[str] = set()
        self._locks: dict[str, threading.Lock] = {}
        self._retry_at: dict[str, datetime] = {}
        self._stopping = threading.Event()
        self._running = 0
        self._idle = threading.Condition()

    def poll(self, scheduled: ScheduledSource, *, force: bool = False) -> PollReport | None:
        source = scheduled.source
        lock = self._locks.setdefault(source.key, threading.Lock())
        if self._stopping.is_set() or not lock.acquire(blocking=False):
            return None  # stopping, or the previous poll of this source is still running
        with self._idle:
            self._running += 1
        try:
            if self.database.is_down and not self.database.probe():
                log.debug("source %s: not polled while the database is away", source.key)
                self._waiting_for_database.add(source.key)
                return None
            try:
                with log_context(source=source.key):
                    report = self._poll(scheduled, force)
            except Exception as error:
                if not self.database.failed(error):
                    raise
                log.debug("source %s: poll cut short by the database going away", source.key)
                self._waiting_for_database.add(source.key)
                return None
            self._waiting_for_database.discard(source.key)
            return report
        finally:
            lock.release()
            with self._idle:
                self._running -= 1
                self._idle.notify_all()

    def stop(self) -> None:
        """Start no new poll, and store nothing of a fetch that ends from now on."""
        self._stopping.set()

    @property
    def stopping(self) -> bool:
        return self._stopping.is_set()

    def waiting_for_database(self, source: str) -> bool:
        """Whether the last poll of `source` was skipped or cut short by the database being away."""
        return source in self._waiting_for_database

    def retry_at(self, source: str) -> datetime | None:
        """When a source that failed in this process is to be polled again (None: at its interval)."""
        return self._retry_at.get(source)

    def wait_idle(self, timeout: float) -> bool:
        """Wait for the polls in flight to end; False when some still run after `timeout`."""
        deadline = time.monotonic() + timeout
        with self._idle:
            while self._running:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._idle.wait(left)
        return True

    def _poll(self, scheduled: ScheduledSource, force: bool) -> PollReport | None:
        if not self.leases:
            return self._poll_leased(scheduled, force, self.store.source_state(scheduled.source.key))
        state = self._take_lease(scheduled, force)
        if state is None:
            log.debug("source %s: polled by another replica in this interval", scheduled.source.key)
            return None
        try:
            return self._poll_leased(scheduled, force, state)
        finally:
            self._done_with_lease(scheduled)

    def _poll_leased(
        self, scheduled: ScheduledSource, force: bool, state: SourceState | None
    ) -> PollReport | None:
        source = scheduled.source
        now = self.clock()
        if not force and state is not None and state.next_attempt_at and state.next_attempt_at > now:
            if self.leases:
                self._release(source.key)  # not polled: others may
            return None
        if not force and self.push is not None and self.push.resting(scheduled, state, now):
            if self.leases:
                self._release(source.key)
            return None
        started = time.monotonic()
        try:
            result = source.fetch(state)
        except FetchCancelled:
            _counted(source, started, "cancelled")
            log.info("source %s: fetch cancelled; it is polled again at the next start", source.key)
            return None
        except FetchDeferred as error:
            _counted(source, started, "deferred")
            self._deferred(scheduled, now, error)
            return None
        except FetchError as error:
            if self._stopping.is_set():
                _counted(source, started, "cancelled")
                return None
            _counted(source, started, "failed", error.kind)
            self._failed(scheduled, now, error, error.retry_after, error.kind)
            return None
        except Exception as error:  # an adapter bug: record it like any failure
            if self._stopping.is_set():
                _counted(source, started, "cancelled")
                return None
            _counted(source, started, "failed", "internal")
            log.exception("source %s: unexpected error", source.key)
            self._failed(
                scheduled, now, said("fetch.internal", error=f"{type(error).__name__}: {error}"), None
            )
            return None
        if self._stopping.is_set():
            _counted(source, started, "cancelled")
            return None  # polled again at the next start: its validators and cursor did not move
        self._fetched(scheduled)
        first_poll = state is None or state.first_polled_at is None
        try:
            report = self.pipeline.process(result.items, first_poll=first_poll, backlog=scheduled.backlog)
        except Exception as error:
            if is_database_away(error):
                raise  # not the source's failure: nothing recorded, its items come again
            _counted(source, started, "failed", "processing")
            log.exception("source %s: processing failed", source.key)
            self._failed(
                scheduled, now, said("fetch.processing", error=f"{type(error).__name__}: {error}"), None
            )
            return None
        self._retry_at.pop(source.key, None)
        self.store.record_poll_success(
            source.key,
            now,
            etag=result.etag,
            last_modified=result.last_modified,
            cursor=result.cursor,
            new_items=report.new_items,
            keep_validators=result.not_modified,
        )
        _counted(source, started, "not_modified" if result.not_modified else "ok")
        metrics.LAST_POLL_SUCCESS.labels(source.type).set_to_current_time()
        metrics.ITEMS_FETCHED.labels(source.type).inc(report.fetched)
        metrics.ITEMS_NEW.labels(source.type).inc(report.new_items)
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
        if self.push is not None:
            self.push.polled(scheduled, result)
        told = self.watch is not None and self.watch.after_success(source.key, state)
        if report.alerts or report.refreshed_stories or told:
            self.on_alerts()
        return report

    # -- leases (replicas) ----------------------------------------------------------------------

    def _take_lease(self, scheduled: ScheduledSource, force: bool = False) -> SourceState | None:
        """Lease the source for its interval: held while it is polled (renewed by the keeper
        thread), then for the rest of the interval, so no other replica polls it again in it.
        A forced poll may come back within its own replica's interval, never another's; so may
        a poll the database cut short (it stored nothing). The source's state when leased, else
        None."""
        now = self.clock()
        key = scheduled.source.key
        until = now + timedelta(seconds=scheduled.interval)
        terms = self.share.terms(key, scheduled.interval, now)
        early, wait = terms.early, terms.wait
        if force or key in self._waiting_for_database:
            early, wait = timedelta(seconds=scheduled.interval), timedelta(0)
        state = self.store.take_lease(key, self.store.replica, now, until, early, wait)
        if state is None:
            return None
        self.share.took(key, until, scheduled.interval)
        with self._held_changed:
            self._held[key] = (scheduled.interval, now)
            if self._keeper is None:
                self._keeper = threading.Thread(target=self._keep_leases, name="veille-leases", daemon=True)
                self._keeper.start()
            self._held_changed.notify_all()
        return state

    def _done_with_lease(self, scheduled: ScheduledSource) -> None:
        """The poll ended: the lease runs out on its own at the end of the interval, or is given
        back at once when this replica is stopping (another one polls the source next)."""
        if not self.leases:
            return
        key = scheduled.source.key
        with self._held_changed:
            self._held.pop(key, None)
        if self._stopping.is_set():
            with contextlib.suppress(Exception):  # it runs out on its own all the same
                self._release(key)

    def _release(self, key: str) -> None:
        self.share.gave_back(key)
        self.store.release_lease(key, self.store.replica)

    def _fetched(self, scheduled: ScheduledSource) -> None:
        """The interval counts from the request at the latest (a fetch may have waited for its
        host's turn): the lease lasts at least that long after the answer."""
        if not self.leases:
            return
        key = scheduled.source.key
        now = self.clock()
        until = now + timedelta(seconds=scheduled.interval * (1 - LEASE_EARLY))
        with self._held_changed:
            _, since = self._held.get(key, (0.0, now))
        if until <= since + timedelta(seconds=scheduled.interval):
            return  # a quick answer: the lease taken covers it
        try:
            self.store.renew_leases([key], self.store.replica, until)
            self.share.kept([key], until, scheduled.interval)
        except Exception as error:  # the lease taken stays: it still covers the interval
            if not self.database.failed(error):
                log.exception("source %s: could not extend its lease", key)

    def _keep_leases(self) -> None:
        """Renew the leases of polls still running past half their interval, so a slow poll is
        never polled a second time by another replica meanwhile."""
        while not self._stopping.is_set():
            with self._held_changed:
                if not self._held:
                    self._held_changed.wait(1.0)
                    continue
                shortest = min(interval for interval, _ in self._held.values())
                self._held_changed.wait(min(max(shortest / 4, 0.05), 30.0))
                now = self.clock()
                due = {
                    key: interval
                    for key, (interval, since) in self._held.items()
                    if now - since >= timedelta(seconds=interval / 2)
                }
                for key, interval in due.items():
                    self._held[key] = (interval, now)
            for interval in set(due.values()):
                keys = [key for key, value in due.items() if value == interval]
                try:
                    self.store.renew_leases(keys, self.store.replica, now + timedelta(seconds=interval))
                    self.share.kept(keys, now + timedelta(seconds=interval), interval)
                except Exception as error:
                    if not self.database.failed(error):
                        log.exception("could not renew the leases of %d source(s)", len(keys))

    def _deferred(self, scheduled: ScheduledSource, now: datetime, error: FetchDeferred) -> None:
        """Nothing was sent: the source is tried again once its host may be asked, no failure counted."""
        key = scheduled.source.key
        next_attempt = max(now, self.clock()) + timedelta(seconds=max(1.0, error.retry_after or 0.0))
        self.store.defer_poll(key, next_attempt)
        if self.leases:
            self._release(key)  # not polled: whoever comes next may
        self._retry_at[key] = next_attempt
        log.info(
            "source %s: not polled yet (%s); next try in %.0f s", key, error.message, error.retry_after or 0
        )

    def _failed(
        self,
        scheduled: ScheduledSource,
        now: datetime,
        error: FetchError | Said,
        retry_after: float | None,
        kind: str | None = None,
    ) -> None:
        """Record a failed poll, in the team's language; the log says it in English."""
        source = scheduled.source
        state = self.store.source_state(source.key)
        failures = (state.consecutive_failures if state else 0) + 1
        wait = next_wait(scheduled.interval, failures, retry_after)
        # Counted from the answer, as the server's Retry-After and the host's polite pause are.
        next_attempt = max(now, self.clock()) + timedelta(seconds=wait)
        lang = self.pipeline.config.veille.language
        told = error.said(lang) if isinstance(error, FetchError) else error.translations[lang]
        self.store.record_poll_failure(source.key, now, told, next_attempt, kind)
        self._retry_at[source.key] = next_attempt
        log.warning(
            "source %s: poll failed (%s); %d failure(s) in a row, next try in %.0f s",
            source.key,
            error,
            failures,
            wait,
        )
        if self.watch is not None and self.watch.after_failure(source.key):
            self.on_alerts()


class PollScheduler:
    """Runs each source's poll at its interval, or at its stored next attempt when that is later.

    Polls run on `workers` threads (`[veille] fetches_in_flight`, as many as the fetcher sends
    requests at once): a poll spends most of its time waiting for an answer, so the threads are
    what lets that many fetches be in flight. APScheduler keeps one job per source; its cost with
    a thousand jobs is negligible next to the polls."""

    def __init__(
        self, poller: Poller, sources: Sequence[ScheduledSource], jitter: float, workers: int = 8
    ) -> None:
        self.poller = poller
        self.sources = list(sources)
        poller.share.sources = len(self.sources)
        self.jitter = jitter
        self._scheduler = BackgroundScheduler(
            executors={"default": ThreadPoolExecutor(max(1, min(workers, len(self.sources) or 1)))},
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
            timezone=UTC,
        )

    @property
    def running(self) -> bool:
        return bool(self._scheduler.running)

    def start(self) -> None:
        now = datetime.now(UTC)
        stored = {state.source: state.next_attempt_at for state in self.poller.store.all_source_states()}
        for scheduled in self.sources:
            first_run = now + timedelta(seconds=random.uniform(0, min(self.jitter, 2.0)))
            self._scheduler.add_job(
                self._run,
                IntervalTrigger(seconds=scheduled.interval, jitter=int(self.jitter) or None, timezone=UTC),
                args=[scheduled],
                id=scheduled.source.key,
                name=f"poll {scheduled.source.key}",
                next_run_time=max(first_run, stored.get(scheduled.source.key) or first_run),
            )
        self._scheduler.start()
        metrics.SOURCES.read_with(self._health_counts, self)

    def _health_counts(self) -> dict[str, int]:
        """How many of the sources are in each health state (one query)."""
        states = {state.source: state for state in self.poller.store.all_source_states()}
        return dict(Counter(health_label(states.get(s.source.key)) for s in self.sources))

    def _run(self, scheduled: ScheduledSource) -> None:
        self.poller.poll(scheduled)
        key = scheduled.source.key
        if self.poller.stopping:
            return
        job = self._scheduler.get_job(key)
        if job is None or job.next_run_time is None:
            return
        if self.poller.waiting_for_database(key):
            # Asked again soon (a cheap probe until it answers), not an interval later.
            when = datetime.now(UTC) + timedelta(seconds=self.poller.database.probe_every)
        else:
            later = self.poller.retry_at(key)
            if later is None or job.next_run_time >= later:
                return
            when = later
        with contextlib.suppress(JobLookupError):  # the scheduler is shutting down
            job.modify(next_run_time=when)

    def stop(self, timeout: float = 30.0) -> bool:
        """Schedule nothing more and wait at most `timeout` for the polls in flight (cancel their
        fetches first to make that quick); False when some still run."""
        self.poller.stop()
        metrics.SOURCES.stop_reading(self)
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)
        return self.poller.wait_idle(timeout)
