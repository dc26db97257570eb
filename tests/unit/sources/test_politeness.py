"""Veille is polite to the hosts it polls: a budget per host, and a pause when a host asks for one."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest

from tests.fakes.clock import Clock
from tests.fakes.feeds import FeedEntry, rss
from tests.fakes.net import local_fetcher
from tests.fakes.tone import FixedTone
from veille.config import parse_config
from veille.pipeline.poller import Poller, ScheduledSource
from veille.pipeline.steps import Pipeline
from veille.sources.base import FetchError
from veille.sources.feed import FeedSource
from veille.sources.polite import HostRate, Politeness, TokenBucket, ratelimit_pause
from veille.store import Store

CONFIG = parse_config({"veille": {"default_channel": "#veille"}, "brands": [{"name": "Viadeo"}]}, "t.toml")


def test_a_host_gets_a_burst_then_one_request_per_period():
    clock = Clock()
    bucket = TokenBucket(HostRate(burst=2, per_request=5), clock)
    assert [bucket.reserve(), bucket.reserve()] == [0, 0]
    assert bucket.reserve() == pytest.approx(5)
    clock.now += 10
    assert bucket.reserve() == pytest.approx(0)


def test_requests_to_one_host_are_spaced_and_other_hosts_are_not_slowed():
    clock = Clock()
    polite = Politeness({"a.example": HostRate(1, 2)}, clock=clock, sleep=clock.sleep)
    polite.before_request("https://a.example/1")
    polite.before_request("https://a.example/2")
    assert clock.slept == [pytest.approx(2)]
    polite.before_request("https://b.example/1")
    assert clock.slept == [pytest.approx(2)]


def test_a_spent_budget_is_a_rate_limit_with_the_time_to_wait_not_a_long_sleep():
    clock = Clock()
    polite = Politeness({"a.example": HostRate(1, 60)}, clock=clock, sleep=clock.sleep, max_wait=10)
    polite.before_request("https://a.example/1")
    with pytest.raises(FetchError) as caught:
        polite.before_request("https://a.example/2")
    assert caught.value.kind == "rate_limited" and caught.value.retry_after == pytest.approx(60)
    assert clock.slept == []


def test_retry_after_from_one_source_holds_back_every_source_on_that_host(feeds, sqlite_url):
    feeds.set("/a.xml", b"slow down", status=429, headers={"Retry-After": "600"})
    feeds.set("/b.xml", rss([FeedEntry("Viadeo", "Viadeo.", "https://ex.fr/1", "1")]))
    fetcher = local_fetcher()
    store = Store(sqlite_url)
    store.create_schema()
    poller = Poller(store, Pipeline(CONFIG, store, FixedTone()))
    now = datetime.now(UTC)
    for name, path in (("a", "/a.xml"), ("b", "/b.xml")):
        poller.poll(ScheduledSource(FeedSource(name, feeds.url(path), fetcher), 60, "all"))
    assert feeds.requests_to("/b.xml") == []  # never asked: the host said to wait
    state = store.source_state("b")
    assert state is not None and state.consecutive_failures == 0  # held back by us: not its failure
    assert state.next_attempt_at is not None and state.next_attempt_at > now + timedelta(minutes=9)
    store.close()


def test_an_exhausted_quota_header_means_waiting_for_its_reset():
    assert ratelimit_pause({"x-ratelimit-remaining": "0.0", "x-ratelimit-reset": "42"}) == 42
    assert ratelimit_pause({"x-ratelimit-remaining": "57", "x-ratelimit-reset": "42"}) is None
    assert ratelimit_pause({}) is None
    in_a_minute = str(int(time.time()) + 60)  # GitHub gives the reset as a Unix time
    assert 55 < (ratelimit_pause({"x-ratelimit-remaining": "0", "x-ratelimit-reset": in_a_minute}) or 0) <= 60


def test_a_quota_reset_given_as_a_date_or_under_the_drafts_name_is_waited_for_too():
    in_four_minutes = (datetime.now(UTC) + timedelta(minutes=4)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    mastodon = {"x-ratelimit-remaining": "0", "x-ratelimit-reset": in_four_minutes}
    assert 230 < (ratelimit_pause(mastodon) or 0) <= 240
    assert ratelimit_pause({**mastodon, "x-ratelimit-remaining": "299"}) is None
    assert ratelimit_pause({"ratelimit-remaining": "0", "ratelimit-reset": "30"}) == 30
    assert ratelimit_pause({"x-ratelimit-remaining": "0", "x-ratelimit-reset": "bientôt"}) is None
    assert ratelimit_pause({"x-ratelimit-remaining": "0", "x-ratelimit-reset": "2020-01-01T00:00:00Z"}) == 1.0
    past_9999 = "9999-12-31T23:59:59-05:00"  # a year 10000 once in UTC: no reset, not a crash
    assert ratelimit_pause({"x-ratelimit-remaining": "0", "x-ratelimit-reset": past_9999}) is None
