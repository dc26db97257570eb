"""Stream sources (Bluesky's Jetstream): each on its own thread, its batches through the pipeline.

A stream brings every post of a network, tens a second; only those the brands' rules match go
through `Pipeline.process` (deduplication, mutes, tone, routing, store), so the store keeps the
mentions, not the firehose. The position the stream reached and its health are stored in its
`SourceState` at most every `CHECKPOINT_EVERY` seconds and once more at stop: a restart resumes
there. A stream disconnected for longer than its interval records a failed attempt, once per
interval, so it turns degraded, then failing (with its notice to the team) like a polled source;
the first checkpoint after it reconnects records its recovery.

A batch the pipeline could not take (the database away) is refused: the stream reconnects from the
last position stored and reads it again.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta

from veille import metrics
from veille.i18n import t
from veille.logs import log_context
from veille.matching.matcher import Matcher
from veille.model import Item
from veille.pipeline.health import SourceWatch
from veille.pipeline.poller import ScheduledSource
from veille.pipeline.steps import Pipeline, rules_from_config
from veille.sources.stream import StreamHealth, StreamSource, stored_position
from veille.store import DatabaseWatch, Store

log = logging.getLogger(__name__)

CHECKPOINT_EVERY = 5.0


def _utc_now() -> datetime:
    return datetime.now(UTC)


class StreamRunner:
    """Runs every stream source until `stop`."""

    def __init__(
        self,
        store: Store,
        pipeline: Pipeline,
        sources: Sequence[ScheduledSource],
        on_alerts: Callable[[], None] = lambda: None,
        watch: SourceWatch | None = None,
        *,
        database: DatabaseWatch | None = None,
        checkpoint_every: float = CHECKPOINT_EVERY,
    ) -> None:
        self.store = store
        self.pipeline = pipeline
        self.sources = list(sources)
        self.on_alerts = on_alerts
        self.watch = watch
        self.database = database or DatabaseWatch(store.engine)
        self.checkpoint_every = checkpoint_every
        # The brands' rules without the word mutes: it finds a superset of what the pipeline's
        # matcher finds, so nothing it lets by is missed, and the pipeline has the last word.
        self.prefilter = Matcher(rules_from_config(pipeline.config))
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    @staticmethod
    def streams(sources: Sequence[ScheduledSource]) -> list[ScheduledSource]:
        return [s for s in sources if isinstance(s.source, StreamSource)]

    def start(self) -> None:
        for scheduled in self.sources:
            thread = threading.Thread(
                target=self._run, args=(scheduled,), name=f"veille-stream-{scheduled.source.key}", daemon=True
            )
            thread.start()
            self._threads.append(thread)

    def stop(self) -> None:
        """Every stream stops reading within a fraction of a second and stores where it stopped."""
        self._stop.set()

    def wait(self, timeout: float) -> bool:
        """Wait for the streams to end; False when some still run after `timeout`."""
        deadline = time.monotonic() + timeout
        for thread in self._threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        return not any(thread.is_alive() for thread in self._threads)

    def _run(self, scheduled: ScheduledSource) -> None:
        source = scheduled.source
        assert isinstance(source, StreamSource)
        with log_context(source=source.key):
            feed = Feed(self, scheduled)
            try:
                start = self._start_position(source.key)
                if start is None and self._stop.is_set():
                    return
                source.run(start, feed, self._stop)
            except Exception:
                log.exception("source %s: the stream stopped on an unexpected error", source.key)
            finally:
                feed.close()

    def _start_position(self, key: str) -> int | None:
        """The stored position, once the database answers."""
        while True:
            try:
                state = self.store.source_state(key)
                return stored_position(state.cursor if state else None)
            except Exception as error:
                if not self.database.failed(error):
                    raise
            if self._stop.wait(self.database.probe_every):
                return None


class Feed:
    """One stream's sink: matches its batches, runs the matches through the pipeline, stores the
    position and health."""

    def __init__(self, runner: StreamRunner, scheduled: ScheduledSource) -> None:
        self.runner = runner
        self.key = scheduled.source.key
        self.type = scheduled.source.type
        self.interval = scheduled.interval
        self.health: StreamHealth | None = None
        self._stored_at: float | None = None
        self._failed_at: float | None = None
        self._new_items = 0

    def deliver(self, items: Sequence[Item], health: StreamHealth) -> None:
        runner = self.runner
        candidates = [item for item in items if runner.prefilter.match(item)]
        if candidates:
            try:
                report = runner.pipeline.process(candidates)
            except Exception as error:
                if not runner.database.failed(error):
                    log.exception("source %s: processing a batch failed", self.key)
                raise
            self._new_items += report.new_items
            metrics.ITEMS_NEW.labels(self.type).inc(report.new_items)
            if report.alerts or report.refreshed_stories:
                log.info("source %s: %d mention(s), %d alert(s)", self.key, report.mentions, report.alerts)
                runner.on_alerts()
        metrics.ITEMS_FETCHED.labels(self.type).inc(len(items))
        self.health = health
        now = time.monotonic()
        if self._stored_at is None or now - self._stored_at >= runner.checkpoint_every:
            self._store(health, now)

    def close(self) -> None:
        """At stop: the position reached, with the stream shown as stopped. A stream disconnected
        at stop stored its position at its last checkpoint (it has not moved since)."""
        if self.health is None or not self.health.connected:
            return
        stopped = dataclasses.replace(
            self.health, connected=False, events_per_second=0.0, lag=None, down_since=_utc_now()
        )
        self._store(stopped, time.monotonic(), final=True)

    def _store(self, health: StreamHealth, now: float, final: bool = False) -> None:
        runner = self.runner
        at = _utc_now()
        down_for = timedelta(0) if health.down_since is None else at - health.down_since
        try:
            if final or health.connected or down_for < timedelta(seconds=self.interval):
                self._stored_at = now
                self._succeeded(health, at)
            elif self._failed_at is None or now - self._failed_at >= self.interval:
                self._stored_at = self._failed_at = now
                self._failed(health, at, down_for)
        except Exception as error:  # stored at the next checkpoint
            if not runner.database.failed(error):
                log.exception("source %s: could not store the stream's position", self.key)

    def _succeeded(self, health: StreamHealth, at: datetime) -> None:
        store = self.runner.store
        before = store.source_state(self.key)
        store.record_poll_success(self.key, at, cursor=health.dump(), new_items=self._new_items)
        self._new_items = 0
        self._failed_at = None
        metrics.LAST_POLL_SUCCESS.labels(self.type).set_to_current_time()
        if before is not None and before.consecutive_failures and health.connected:
            log.info("source %s: the stream is back", self.key)
        watch = self.runner.watch
        if health.connected and watch is not None and watch.after_success(self.key, before):
            self.runner.on_alerts()

    def _failed(self, health: StreamHealth, at: datetime, down_for: timedelta) -> None:
        seconds, lang = f"{down_for.total_seconds():.0f}", self.runner.pipeline.config.veille.language
        reason = health.error.detail(lang) if health.error else t("fetch.silent", lang)
        error = t("fetch.disconnected", lang, seconds=seconds, reason=reason)
        self.runner.store.record_poll_failure(self.key, at, error, health.next_try, "network")
        english = health.error.message if health.error else "no answer"
        log.warning("source %s: disconnected for %s s (%s)", self.key, seconds, english)
        watch = self.runner.watch
        if watch is not None and watch.after_failure(self.key):
            self.runner.on_alerts()
