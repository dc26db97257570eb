"""Replicas on one PostgreSQL share the polling: started one after another, each ends up polling
about a third of the sources, and when one stops the others poll its sources within two intervals,
never two of them in one interval.

Three Stores with a Poller each are three replicas; each announces itself with its presence lock,
as its outbox does. Time is the test's: each replica asks for each source once an interval, at a
moment of its own and a little late at times, as its scheduler does with jitter.
"""

from __future__ import annotations

import heapq
import itertools
import random
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from tests.conftest import _postgres_database
from tests.fakes.feeds import FeedEntry, FeedServer, rss
from tests.fakes.net import local_fetcher
from tests.fakes.tone import FixedTone
from veille.config import parse_config
from veille.pipeline.poller import LEASE_EARLY, Poller, ScheduledSource
from veille.pipeline.share import Share
from veille.pipeline.steps import Pipeline
from veille.sources.feed import FeedSource
from veille.sources.polite import HostRate, Politeness
from veille.store import Store
from veille.store.leader import Leadership, presence_key

CONFIG = parse_config({"veille": {"default_channel": "#veille"}, "brands": [{"name": "Viadeo"}]}, "t.toml")
START = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
SOURCES = 30
INTERVAL = 60.0
JITTER = 5.0  # how late a scheduler may ask for a source, at most
PATHS = [f"/farm/{n}.xml" for n in range(SOURCES)]


class Replica:
    """One `veille run`: its store, its poller, its presence, and when it asks for each source."""

    def __init__(self, name: str, url: str, feeds: FeedServer, farm: Farm) -> None:
        self.name = name
        self.store = Store(url)
        self.poller = Poller(
            self.store,
            Pipeline(CONFIG, self.store, FixedTone(), started_at=START),
            clock=lambda: farm.now,
            leases=True,
        )
        fetcher = local_fetcher(politeness=Politeness(default=HostRate(1000, 0.001)))  # a local farm
        self.sources = [ScheduledSource(FeedSource(p, feeds.url(p), fetcher), INTERVAL, "all") for p in PATHS]
        self.presence = Leadership(self.store.engine, presence_key(self.store.replica), "presence")
        self.running = False

    def start(self) -> None:
        assert self.presence.holds()
        self.running = True

    def stop(self) -> None:
        self.running = False
        self.poller.stop()
        self.presence.release()


class Farm:
    """Thirty feeds and the replicas polling them, on the test's clock."""

    def __init__(self, url: str, feeds: FeedServer) -> None:
        for n, path in enumerate(PATHS):
            entry = FeedEntry(f"Billet {n}", "Rien à signaler.", f"https://ex.fr/{n}", str(n))
            feeds.set(path, rss([entry]), etag=f'"{n}"')
        self.now = START
        self.random = random.Random(7)
        self.replicas = {name: Replica(name, url, feeds, self) for name in ("a", "b", "c")}
        self.polls: dict[str, list[tuple[datetime, str]]] = {path: [] for path in PATHS}
        # When a replica asks for a source: a moment after its turn comes (its scheduler's jitter).
        self._asks: list[tuple[datetime, str, int, datetime]] = []

    def start(self, name: str) -> None:
        self.replicas[name].start()
        # It starts within the next interval, and its scheduler's first runs come within 2 s.
        started = self.now + timedelta(seconds=self.random.uniform(0, INTERVAL))
        for n in range(SOURCES):
            first = started + timedelta(seconds=self.random.uniform(0, 2))
            heapq.heappush(self._asks, (first, name, n, first))

    def stop(self, name: str) -> None:
        self.replicas[name].stop()

    def run(self, intervals: int) -> None:
        end = self.now + timedelta(seconds=intervals * INTERVAL)
        while self._asks and self._asks[0][0] < end:
            at, name, n, turn = heapq.heappop(self._asks)
            replica = self.replicas[name]
            if not replica.running:
                continue
            self.now = at
            if replica.poller.poll(replica.sources[n]) is not None:
                self.polls[PATHS[n]].append((at, name))
            turn += timedelta(seconds=INTERVAL)
            heapq.heappush(
                self._asks, (turn + timedelta(seconds=self.random.uniform(0, JITTER)), name, n, turn)
            )
        self.now = end

    def leases(self) -> Counter[str]:
        """How many sources each replica holds the lease of, as the database shows them."""
        store = self.replicas["a"].store
        owners = {name: replica.store.replica for name, replica in self.replicas.items()}
        held = Counter(store.lease_of(path)[0] for path in PATHS)
        return Counter({name: held[owner] for name, owner in owners.items()})

    def close(self) -> None:
        for replica in self.replicas.values():
            replica.stop()
            replica.store.close()


@pytest.fixture
def farm(feeds: FeedServer) -> Iterator[Farm]:
    for url in _postgres_database():  # skips without VEILLE_TEST_POSTGRES_URL
        store = Store(url)
        store.create_schema()
        store.close()
        farm = Farm(url, feeds)
        yield farm
        farm.close()


def assert_polled_once_an_interval(farm: Farm, feeds: FeedServer) -> None:
    """No source polled twice in one interval, none left for more than two."""
    for path, polls in farm.polls.items():
        assert len(feeds.requests_to(path)) == len(polls)
        gaps = [(later - earlier).total_seconds() for (earlier, _), (later, _) in itertools.pairwise(polls)]
        assert min(gaps) >= INTERVAL * (1 - LEASE_EARLY), (path, polls)
        assert max(gaps) <= 2 * INTERVAL + JITTER, (path, polls)


def test_a_replica_with_all_the_sources_lets_go_of_what_is_above_its_share():
    replicas = 1
    share = Share(lambda: replicas, LEASE_EARLY)
    share.sources = SOURCES
    until = START + timedelta(seconds=INTERVAL)
    for path in PATHS:
        assert share.terms(path, INTERVAL, START).wait == timedelta(0)
        share.took(path, until, INTERVAL)
    replicas = 3  # two more started
    soon = until - timedelta(seconds=5)
    kept = [path for path in PATHS if share.terms(path, INTERVAL, soon).early is not None]
    assert len(kept) == SOURCES // 3 + 1  # its share, and one more rather than hand sources back and forth
    # At its share, it takes a lease another let run out only once a replica below its share had its turn.
    assert share.terms("/other.xml", INTERVAL, soon).wait == timedelta(seconds=INTERVAL / 2)


def test_replicas_started_one_after_another_end_up_polling_a_third_of_the_sources_each(farm, feeds):
    farm.start("a")
    farm.run(3)
    assert farm.leases() == {"a": SOURCES, "b": 0, "c": 0}  # alone, it polls them all
    farm.start("b")
    farm.run(3)
    farm.start("c")
    farm.run(4)

    leases = farm.leases()
    assert sum(leases.values()) == SOURCES
    assert min(leases.values()) >= SOURCES // 3 - 3, leases
    assert {name for polls in farm.polls.values() for _, name in polls[-2:]} == {"a", "b", "c"}
    assert_polled_once_an_interval(farm, feeds)


def test_when_a_replica_stops_the_others_poll_its_sources_within_two_intervals(farm, feeds):
    for name, intervals in (("a", 1), ("b", 1), ("c", 3)):
        farm.start(name)
        farm.run(intervals)
    leases = farm.leases()
    assert min(leases.values()) >= SOURCES // 3 - 3, leases  # the three share the sources

    stopped_at = farm.now
    its_sources = [path for path, polls in farm.polls.items() if polls[-1][1] == "b"]
    farm.stop("b")
    farm.run(3)

    for path in its_sources:
        last_by_b = max(at for at, name in farm.polls[path] if name == "b")
        after = [at for at, _ in farm.polls[path] if at > stopped_at]
        assert after and after[0] - last_by_b <= timedelta(seconds=2 * INTERVAL + JITTER), (path, after)
    leases = farm.leases()
    assert leases["b"] == 0 and leases["a"] + leases["c"] == SOURCES
    assert min(leases["a"], leases["c"]) >= SOURCES // 2 - 3, leases
    assert_polled_once_an_interval(farm, feeds)
