"""Prometheus metrics: what a team graphs and alerts on (polls, alerts, Slack calls, the outbox).

Every metric lives in `REGISTRY` (served on /metrics). Labels stay few: a source's type, never its
URL; a brand's name (from the config); a Slack method and HTTP status. What lives in the database
(the outbox backlog, each source's health) is read at scrape time through a reader the running
app hands over (`OUTBOX.read_with`, `SOURCES.read_with`): one query per scrape each.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.metrics_core import Metric
from prometheus_client.registry import Collector

log = logging.getLogger(__name__)

REGISTRY = CollectorRegistry()

POLLS = Counter(
    "veille_polls",
    "Polls of a source by its type and outcome: ok, not_modified, failed (with failure_kind), "
    "deferred (the host may not be asked yet) or cancelled (the bot was stopping).",
    ["source_type", "outcome", "failure_kind"],
    registry=REGISTRY,
)
LAST_POLL_SUCCESS = Gauge(
    "veille_last_poll_success_timestamp_seconds",
    "When a source of this type was last polled successfully (Unix time).",
    ["source_type"],
    registry=REGISTRY,
)
POLL_SECONDS = Histogram(
    "veille_poll_duration_seconds",
    "How long one poll of a source takes: fetch, match, tone and store.",
    ["source_type"],
    buckets=(0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0),
    registry=REGISTRY,
)
ITEMS_FETCHED = Counter(
    "veille_items_fetched", "Items fetched from sources.", ["source_type"], registry=REGISTRY
)
ITEMS_NEW = Counter(
    "veille_items_new", "Fetched items never seen before, stored.", ["source_type"], registry=REGISTRY
)
MENTIONS = Counter(
    "veille_mentions", "New mentions found, by brand and tone.", ["brand", "tone"], registry=REGISTRY
)
ALERTS_QUEUED = Counter("veille_alerts_queued", "Alerts queued for Slack.", registry=REGISTRY)
ALERTS_POSTED = Counter("veille_alerts_posted", "Alerts posted to Slack.", registry=REGISTRY)
ALERTS_FAILED = Counter(
    "veille_alerts_failed",
    "Attempts to post an alert that failed (it stays queued and is tried again), by reason: "
    "rate_limited, no_answer, needs_attention, refused or unavailable.",
    ["reason"],
    registry=REGISTRY,
)
SLACK_CALLS = Counter(
    "veille_slack_api_calls",
    "Calls to Slack's Web API by method and HTTP status (no_answer: none came).",
    ["method", "status"],
    registry=REGISTRY,
)
SLACK_ERRORS = Counter(
    "veille_slack_api_errors",
    "Slack Web API answers with ok=false, by method and Slack's error code.",
    ["method", "error"],
    registry=REGISTRY,
)
SEARCH_SECONDS = Histogram(
    "veille_search_duration_seconds",
    "How long /veille search takes: in the stored history, and asking live sources.",
    ["part"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
    registry=REGISTRY,
)

HEALTH_STATES = ("new", "ok", "degraded", "failing")


@dataclass(frozen=True)
class Backlog:
    """Alerts not yet in Slack, and how long the oldest of them has waited."""

    pending: int
    oldest_age: float | None


class _ReadAtScrape(Collector):
    """Metrics read from the running app when scraped; nothing while no app hands a reader."""

    def __init__(self) -> None:
        self._reader: Callable[[], Iterator[Metric]] | None = None
        self._owner: object = None
        self._lock = threading.Lock()

    def _set(self, reader: Callable[[], Iterator[Metric]] | None, owner: object) -> None:
        with self._lock:
            self._reader = reader
            self._owner = owner

    def stop_reading(self, owner: object) -> None:
        """Forget the reader `owner` gave (a newer app's reader stays)."""
        with self._lock:
            if self._owner is owner:
                self._reader = None

    def collect(self) -> Iterator[Metric]:
        with self._lock:
            reader = self._reader
        if reader is None:
            return iter(())
        try:
            return iter(list(reader()))
        except Exception as error:  # the database away: the scrape still answers
            log.debug("metrics: could not read %s: %s", type(self).__name__, error)
            return iter(())


class OutboxMetrics(_ReadAtScrape):
    def read_with(self, read: Callable[[], Backlog], owner: object) -> None:
        def metrics() -> Iterator[Metric]:
            backlog = read()
            yield GaugeMetricFamily(
                "veille_outbox_pending_alerts", "Alerts queued and not yet in Slack.", value=backlog.pending
            )
            yield GaugeMetricFamily(
                "veille_outbox_oldest_pending_age_seconds",
                "How long the oldest alert not yet in Slack has waited (0: none waits).",
                value=backlog.oldest_age or 0.0,
            )

        self._set(metrics, owner)


class SourceMetrics(_ReadAtScrape):
    def read_with(self, read: Callable[[], Mapping[str, int]], owner: object) -> None:
        def metrics() -> Iterator[Metric]:
            counts = read()
            family = GaugeMetricFamily(
                "veille_sources",
                "Configured sources by health: new, ok, degraded, failing.",
                labels=["state"],
            )
            for state in HEALTH_STATES:
                family.add_metric([state], counts.get(state, 0))
            yield family

        self._set(metrics, owner)


OUTBOX = OutboxMetrics()
SOURCES = SourceMetrics()
REGISTRY.register(OUTBOX)
REGISTRY.register(SOURCES)
