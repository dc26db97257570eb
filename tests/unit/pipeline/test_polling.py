"""Polling: backlog rules for a new source, failures kept to their source, no overlapping polls."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest

from tests.fakes.feeds import FeedEntry, rss
from tests.fakes.net import local_fetcher
from tests.fakes.tone import FixedTone
from veille.config import parse_config
from veille.pipeline.poller import Poller, PollScheduler, ScheduledSource, failure_backoff
from veille.pipeline.steps import Pipeline
from veille.sources.feed import FeedSource
from veille.sources.http import HttpLimits
from veille.store import Store

CONFIG = parse_config({"veille": {"default_channel": "#veille"}, "brands": [{"name": "Viadeo"}]}, "t.toml")


def backlog_feed(now: datetime) -> str:
    return rss(
        [
            FeedEntry(
                f"Viadeo billet {n}",
                "Viadeo.",
                f"https://ex.fr/{n}",
                str(n),
                published=now - timedelta(hours=n),
            )
            for n in range(1, 11)
        ]
        + [
            FeedEntry(
                "Après le démarrage : Viadeo",
                "Viadeo.",
                "https://ex.fr/new",
                "new",
                published=now + timedelta(minutes=1),
            )
        ]
    )


def poll_once(store: Store, feeds, backlog, started_at: datetime, force: bool = False):
    pipeline = Pipeline(CONFIG, store, FixedTone(), started_at=started_at)
    source = FeedSource("blog", feeds.url("/f.xml"), local_fetcher())
    return Poller(store, pipeline).poll(ScheduledSource(source, 60, backlog), force=force)


def test_the_first_poll_of_a_new_source_alerts_only_its_newest_items(store, feeds):
    now = datetime.now(UTC)
    feeds.set("/f.xml", backlog_feed(now))
    report = poll_once(store, feeds, 3, now)
    assert report is not None and report.mentions == 11 and report.alerts == 3
    titles = sorted(v.title for v in (store.alert_view(e.alert_id) for e in store.due_alerts(now)) if v)
    assert titles == ["Après le démarrage : Viadeo", "Viadeo billet 1", "Viadeo billet 2"]


def test_since_start_alerts_only_what_was_published_after_the_bot_started(store, feeds):
    now = datetime.now(UTC)
    feeds.set("/f.xml", backlog_feed(now))
    report = poll_once(store, feeds, "since_start", now)
    assert report is not None and report.alerts == 1


def test_later_polls_alert_every_new_item(store, feeds):
    now = datetime.now(UTC)
    feeds.set("/f.xml", backlog_feed(now))
    poll_once(store, feeds, 0, now)
    feeds.set(
        "/f.xml",
        rss(
            [
                FeedEntry(
                    "Viadeo, du nouveau", "Viadeo.", "https://ex.fr/x", "x", published=now - timedelta(days=3)
                )
            ]
        ),
    )
    report = poll_once(store, feeds, 0, now)
    assert report is not None and report.alerts == 1


def test_a_failing_source_is_recorded_and_the_next_attempt_backs_off(store, feeds):
    feeds.set("/f.xml", b"down", status=500)
    now = datetime.now(UTC)
    for _ in range(3):
        poll_once(store, feeds, "all", now, force=True)
    state = store.source_state("blog")
    assert state is not None and state.consecutive_failures == 3
    assert state.last_error == "erreur du site : HTTP 500" and state.failing_since is not None
    assert state.next_attempt_at is not None and state.next_attempt_at > now + timedelta(seconds=200)
    assert failure_backoff(60, 1) == 60 and failure_backoff(60, 3) == 240
    assert failure_backoff(600, 30) == 6 * 3600


def test_retry_after_is_honoured_before_polling_again(store, feeds):
    feeds.set("/f.xml", b"slow down", status=429, headers={"Retry-After": "3600"})
    now = datetime.now(UTC)
    poll_once(store, feeds, "all", now)
    state = store.source_state("blog")
    assert state is not None and state.next_attempt_at is not None
    assert state.next_attempt_at > now + timedelta(minutes=59)
    feeds.set("/f.xml", rss([]))
    assert poll_once(store, feeds, "all", now) is None  # skipped: still asked to wait
    assert len(feeds.requests_to("/f.xml")) == 1


def test_a_hanging_source_does_not_stop_the_others(store, feeds):
    release = threading.Event()
    feeds.set("/slow.xml", rss([]), hold=release)
    feeds.set("/ok.xml", rss([FeedEntry("Viadeo ici", "Viadeo.", "https://ex.fr/ok", "ok")]))
    fetcher = local_fetcher(HttpLimits(read_timeout=30, total_timeout=30))
    pipeline = Pipeline(CONFIG, store, FixedTone())
    alerted = threading.Event()
    poller = Poller(store, pipeline, on_alerts=alerted.set)
    scheduler = PollScheduler(
        poller,
        [
            ScheduledSource(FeedSource("slow", feeds.url("/slow.xml"), fetcher), 3600, "all"),
            ScheduledSource(FeedSource("ok", feeds.url("/ok.xml"), fetcher), 3600, "all"),
        ],
        jitter=0,
    )
    scheduler.start()
    try:
        assert alerted.wait(20), "the healthy source was not polled while the other one hung"
    finally:
        release.set()
        scheduler.stop()


def test_two_polls_of_one_source_never_overlap(store, feeds):
    release = threading.Event()
    feeds.set("/f.xml", rss([]), hold=release)
    pipeline = Pipeline(CONFIG, store, FixedTone())
    poller = Poller(store, pipeline)
    scheduled = ScheduledSource(FeedSource("blog", feeds.url("/f.xml"), local_fetcher()), 60, "all")
    first = threading.Thread(target=poller.poll, args=(scheduled,))
    first.start()
    deadline = datetime.now(UTC) + timedelta(seconds=10)
    while not feeds.requests_to("/f.xml") and datetime.now(UTC) < deadline:
        threading.Event().wait(0.02)
    assert poller.poll(scheduled) is None  # the first poll still runs: this one does nothing
    release.set()
    first.join(10)
    assert len(feeds.requests_to("/f.xml")) == 1


class BuggyAdapter:
    """An adapter with a bug: whatever it is asked, it raises."""

    key = "buggy"
    type = "rss"

    def fetch(self, state: object) -> object:
        raise KeyError("entries")


@pytest.mark.parametrize(
    ("language", "said"),
    [("fr", "erreur interne : KeyError: 'entries'"), ("en", "internal: KeyError: 'entries'")],
)
def test_an_adapter_bug_is_recorded_on_its_source_in_the_teams_language(sqlite_url, language, said):
    config = parse_config(
        {"veille": {"default_channel": "#veille", "language": language}, "brands": [{"name": "Viadeo"}]},
        "t.toml",
    )
    store = Store(sqlite_url)
    store.create_schema()
    Poller(store, Pipeline(config, store, FixedTone())).poll(ScheduledSource(BuggyAdapter(), 60, "all"))
    state = store.source_state("buggy")
    assert state is not None and state.consecutive_failures == 1 and state.last_error == said
    store.close()
