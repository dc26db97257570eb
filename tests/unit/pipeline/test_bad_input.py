"""Whatever a source's server does wrong, the poll ends as a recorded error and a health change:
never a crash, never a hang, never a stalled poll of the other sources."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from tests.fakes.feeds import FeedEntry, FeedServer, SilentServer, rss
from tests.fakes.net import local_fetcher
from tests.fakes.tone import FixedTone
from veille.config import parse_config
from veille.pipeline.health import health_label
from veille.pipeline.poller import Poller, PollScheduler, ScheduledSource
from veille.pipeline.steps import Pipeline
from veille.sources.base import Source
from veille.sources.feed import FeedSource
from veille.sources.hackernews import HackerNewsSource, HackerNewsSourceConfig
from veille.sources.http import HttpFetcher, HttpLimits
from veille.sources.lobsters import LobstersSource, LobstersSourceConfig

CONFIG = parse_config({"veille": {"default_channel": "#veille"}, "brands": [{"name": "Viadeo"}]}, "t.toml")
LIMITS = HttpLimits(connect_timeout=1, read_timeout=1, total_timeout=3)
JSON = "application/json"


@dataclass
class Misbehaviour:
    """One broken server, the adapter pointed at it, and the failure the team should see."""

    name: str
    serve: Callable[[FeedServer], None]
    kind: str
    adapter: str = "hackernews"
    error: str = ""


def hn(source: str, base: str, fetcher: HttpFetcher) -> Source:
    config = HackerNewsSourceConfig(type="hackernews", api_url=f"{base}/api/v1")
    return HackerNewsSource(source, config, fetcher, [("Viadeo", ("Viadeo",))])


def lobsters(source: str, base: str, fetcher: HttpFetcher) -> Source:
    return LobstersSource(source, LobstersSourceConfig(type="lobsters", base_url=base), fetcher)


def feed(source: str, base: str, fetcher: HttpFetcher) -> Source:
    return FeedSource(source, f"{base}/feed.xml", fetcher)


ADAPTERS = {"hackernews": hn, "lobsters": lobsters, "rss": feed}
SEARCH = "/api/v1/search_by_date"

CASES = [
    Misbehaviour(
        "html-for-json",
        lambda s: s.set(
            SEARCH, "<!DOCTYPE html><html><body>Bienvenue !</body></html>", content_type="text/html"
        ),
        "invalid",
        error="JSON attendu, reçu une page HTML",
    ),
    Misbehaviour(
        "ten-megabytes",
        lambda s: s.set("/newest.json", b"[" + b'{"title": "x"},' * 700_000 + b"{}]", content_type=JSON),
        "too_large",
        adapter="lobsters",
    ),
    Misbehaviour(
        "never-ending-body",
        lambda s: s.set("/feed.xml", b"<rss><channel><item><title>x</title></item>", endless=0.05),
        "timeout",
        adapter="rss",
    ),
    Misbehaviour(
        "never-ending-flood",
        lambda s: s.set("/newest.json", b"", content_type=JSON, endless=0),
        "too_large",
        adapter="lobsters",
    ),
    Misbehaviour(
        "invalid-utf8",
        lambda s: s.set(
            SEARCH, b'{"hits": [{"objectID": "1", "title": "Viadeo \xff\xfe caf\xe9"}]}', content_type=JSON
        ),
        "invalid",
        error="le JSON n'est pas en UTF-8",
    ),
    Misbehaviour(
        "redirect-loop",
        lambda s: (
            s.set(SEARCH, b"", status=302, headers={"Location": "/loop"}),
            s.set("/loop", b"", status=302, headers={"Location": SEARCH}),
        ),
        "redirects",
    ),
    Misbehaviour("unauthorized", lambda s: s.set(SEARCH, b"{}", status=401, content_type=JSON), "auth"),
    Misbehaviour("forbidden", lambda s: s.set("/feed.xml", b"no", status=403), "auth", adapter="rss"),
    Misbehaviour(
        "rate-limited",
        lambda s: s.set(SEARCH, b"{}", status=429, content_type=JSON, headers={"Retry-After": "120"}),
        "rate_limited",
    ),
    Misbehaviour(
        "server-error", lambda s: s.set("/newest.json", b"oops", status=500), "http", adapter="lobsters"
    ),
    Misbehaviour(
        "truncated-json",
        lambda s: s.set(
            SEARCH, json.dumps({"hits": [{"objectID": "1", "title": "Viadeo"}]})[:25], content_type=JSON
        ),
        "invalid",
        error="JSON tronqué",
    ),
    Misbehaviour(
        "empty-json", lambda s: s.set("/newest.json", b"", content_type=JSON), "invalid", adapter="lobsters"
    ),
    Misbehaviour(
        "empty-feed", lambda s: s.set("/feed.xml", b""), "invalid", adapter="rss", error="réponse vide"
    ),
]


@pytest.fixture
def servers() -> Iterator[Callable[[], FeedServer]]:
    started: list[FeedServer] = []

    def start() -> FeedServer:
        server = FeedServer().start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


def bad_source(case: Misbehaviour, server: FeedServer, fetcher: HttpFetcher) -> Source:
    case.serve(server)
    return ADAPTERS[case.adapter](case.name, server.url(""), fetcher)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_a_misbehaving_server_is_a_recorded_error_and_a_health_change(case, store, servers):
    poller = Poller(store, Pipeline(CONFIG, store, FixedTone()))
    source = bad_source(case, servers(), local_fetcher(LIMITS))
    before = datetime.now(UTC)
    assert poller.poll(ScheduledSource(source, 60, "all"), force=True) is None
    state = store.source_state(case.name)
    assert state is not None and state.consecutive_failures == 1
    assert state.last_error_kind == case.kind, state.last_error
    assert case.error in (state.last_error or "")
    assert health_label(state) == ("failing" if case.kind == "auth" else "degraded")
    assert (datetime.now(UTC) - before).total_seconds() < 10
    if case.kind == "rate_limited":
        assert state.next_attempt_at is not None and state.next_attempt_at > before + timedelta(seconds=110)


def test_a_server_that_accepts_and_never_answers_times_out(store):
    silent = SilentServer()
    try:
        poller = Poller(store, Pipeline(CONFIG, store, FixedTone()))
        source = hn("silent", silent.url(""), local_fetcher(LIMITS))
        poller.poll(ScheduledSource(source, 60, "all"), force=True)
    finally:
        silent.close()
    state = store.source_state("silent")
    assert state is not None and state.last_error_kind == "timeout"
    assert health_label(state) == "degraded"


def test_all_of_them_at_once_do_not_delay_a_healthy_source(store, servers):
    fetcher = local_fetcher(LIMITS)  # one fetcher for all, as in the bot
    scheduled = [ScheduledSource(bad_source(c, servers(), fetcher), 3600, "all") for c in CASES]
    silent = SilentServer()
    scheduled.append(ScheduledSource(hn("silent", silent.url(""), fetcher), 3600, "all"))
    healthy = servers()
    healthy.set("/feed.xml", rss([FeedEntry("Viadeo recrute", "Viadeo.", "https://ex.fr/ok", "ok")]))
    scheduled.append(ScheduledSource(feed("healthy", healthy.url(""), fetcher), 3600, "all"))
    alerted = threading.Event()
    poller = Poller(store, Pipeline(CONFIG, store, FixedTone()), on_alerts=alerted.set)
    scheduler = PollScheduler(poller, scheduled, jitter=0)
    scheduler.start()
    try:
        assert alerted.wait(15), "the healthy source waited behind the broken ones"
        deadline = datetime.now(UTC) + timedelta(seconds=20)
        while datetime.now(UTC) < deadline and len(store.all_source_states()) < len(scheduled):
            threading.Event().wait(0.1)
    finally:
        scheduler.stop()
        silent.close()
    states = {s.source: s for s in store.all_source_states()}
    assert health_label(states["healthy"]) == "ok"
    broken = [c.name for c in CASES] + ["silent"]
    assert {name: health_label(states.get(name)) for name in broken} == {
        name: ("failing" if name in ("unauthorized", "forbidden") else "degraded") for name in broken
    }
