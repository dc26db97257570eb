"""A source that answers 429 again and again waits twice as long after each answer, never less than
the server asked (Retry-After), however often the scheduler looks at it; `veille sources` says so.

The poller's "now" and the politeness clock are simulated: minutes pass without sleeping.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import write_config
from tests.fakes.feeds import FeedEntry, FeedServer, rss
from tests.fakes.net import local_fetcher
from tests.fakes.tone import FixedTone
from veille.cli.main import main
from veille.config import LoadedConfig
from veille.model import SourceState
from veille.pipeline.health import health_label
from veille.pipeline.poller import Poller, ScheduledSource
from veille.pipeline.source_report import sources_status
from veille.pipeline.steps import Pipeline
from veille.sources.polite import Politeness
from veille.sources.registry import build_source
from veille.store import Store


class SimulatedTime:
    """Moved by the test, and by the polite pauses the fetcher takes."""

    def __init__(self) -> None:
        self.start = datetime.now(UTC).replace(microsecond=0)
        self.elapsed = 0.0

    def now(self) -> datetime:
        return self.start + timedelta(seconds=self.elapsed)

    def monotonic(self) -> float:
        return self.elapsed

    def sleep(self, seconds: float) -> None:
        self.elapsed += seconds

    def move_to(self, moment: datetime) -> None:
        self.elapsed = max(self.elapsed, (moment - self.start).total_seconds())


@dataclass
class Rig:
    loaded: LoadedConfig
    store: Store
    time: SimulatedTime
    poller: Poller
    scheduled: ScheduledSource

    def state(self) -> SourceState:
        state = self.store.source_state("limited")
        assert state is not None
        return state

    def wait_asked(self) -> float:
        """How long the source waits after its last poll, as stored."""
        state = self.state()
        assert state.next_attempt_at is not None and state.last_polled_at is not None
        return (state.next_attempt_at - state.last_polled_at).total_seconds()


@pytest.fixture
def rigs(tmp_path: Path, feeds: FeedServer):
    stores: list[Store] = []

    def make(interval: str, retry_after: str, *, simulated_now: bool = True) -> Rig:
        feeds.set("/limited.xml", b"slow down", status=429, headers={"Retry-After": retry_after})
        loaded = write_config(
            tmp_path,
            database=f"sqlite:///{tmp_path / 'veille.db'}",
            language="en",
            sources=[
                {"type": "rss", "name": "limited", "url": feeds.url("/limited.xml"), "interval": interval}
            ],
        )
        store = Store(loaded.database_url())
        store.create_schema()
        stores.append(store)
        time = SimulatedTime()
        fetcher = local_fetcher(politeness=Politeness(clock=time.monotonic, sleep=time.sleep))
        config = loaded.config
        source = config.sources[0]
        adapter = build_source(source, loaded, fetcher)
        scheduled = ScheduledSource(adapter, config.source_interval(source), "all")
        pipeline = Pipeline(config, store, FixedTone())
        poller = Poller(store, pipeline, clock=time.now) if simulated_now else Poller(store, pipeline)
        return Rig(loaded, store, time, poller, scheduled)

    yield make
    for store in stores:
        store.close()


def test_each_429_in_a_row_doubles_the_wait_before_the_next_try(rigs, feeds):
    rig = rigs("60s", retry_after="1")
    waits = []
    for _ in range(6):
        rig.poller.poll(rig.scheduled)
        waits.append(rig.wait_asked())
        next_attempt = rig.state().next_attempt_at
        assert next_attempt is not None
        rig.time.move_to(next_attempt - timedelta(seconds=1))
        assert rig.poller.poll(rig.scheduled) is None  # a second early: nothing is asked
        rig.time.move_to(next_attempt)
    assert waits == [60, 120, 240, 480, 960, 1920]
    assert len(feeds.requests_to("/limited.xml")) == 6
    assert rig.state().consecutive_failures == 6


def test_a_retry_after_longer_than_the_backoff_is_the_wait(rigs):
    rig = rigs("60s", retry_after="3600")
    waits = []
    for _ in range(8):
        rig.poller.poll(rig.scheduled)
        waits.append(rig.wait_asked())
        next_attempt = rig.state().next_attempt_at
        assert next_attempt is not None
        rig.time.move_to(next_attempt)
    assert waits == [3600] * 6 + [3840, 7680]


def test_polled_every_second_for_160_s_a_source_answering_429_is_asked_a_handful_of_times(rigs, feeds):
    rig = rigs("1s", retry_after="1")
    for second in range(160):
        rig.time.move_to(rig.time.start + timedelta(seconds=second))
        rig.poller.poll(rig.scheduled)
    asked = len(feeds.requests_to("/limited.xml"))
    assert asked <= 8, f"{asked} requests in 160 s"
    assert rig.wait_asked() >= 64


def test_veille_sources_shows_the_source_backing_off(rigs, capsys):
    rig = rigs("60s", retry_after="1", simulated_now=False)
    for _ in range(4):
        rig.poller.poll(rig.scheduled, force=True)
        rig.time.sleep(2)  # the host's polite pause is over: each poll really asks the server
    assert 480 <= rig.wait_asked() < 490  # 60 s doubled three times, counted from the answer
    next_attempt = rig.state().next_attempt_at
    assert next_attempt is not None
    shown = f"{next_attempt.astimezone(ZoneInfo('Europe/Paris')):%H:%M:%S}"

    assert main(["--config", str(rig.loaded.path), "sources"]) == 0
    line = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("limited"))
    assert "failing" in line
    assert f"rate limited by the server, 4 times in a row; next try at {shown} (backing off)" in line

    in_french = sources_status(rig.loaded, rig.store, lang="fr")
    assert f"limitée par le serveur, 4 fois de suite ; prochain essai à {shown}" in in_french
    assert "(attente doublée à chaque échec)" in in_french


def test_a_source_held_back_by_its_hosts_pause_is_not_counted_as_failing(tmp_path, feeds):
    feeds.set("/limited.xml", b"slow down", status=429, headers={"Retry-After": "120"})
    feeds.set(
        "/neighbour.xml",
        rss([FeedEntry("Viadeo recrute", "Viadeo recrute 30 personnes", "https://example.com/a")]),
    )
    loaded = write_config(
        tmp_path,
        database=f"sqlite:///{tmp_path / 'veille.db'}",
        language="en",
        sources=[
            {"type": "rss", "name": "limited", "url": feeds.url("/limited.xml"), "interval": "60s"},
            {"type": "rss", "name": "neighbour", "url": feeds.url("/neighbour.xml"), "interval": "60s"},
        ],
    )
    store = Store(loaded.database_url())
    store.create_schema()
    time = SimulatedTime()
    fetcher = local_fetcher(politeness=Politeness(clock=time.monotonic, sleep=time.sleep))
    config = loaded.config
    poller = Poller(store, Pipeline(config, store, FixedTone()), clock=time.now)
    limited, neighbour = (
        ScheduledSource(build_source(source, loaded, fetcher), config.source_interval(source), "all")
        for source in config.sources
    )

    poller.poll(limited)  # the host answers 429: every source on it waits 120 s
    assert poller.poll(neighbour) is None

    held = store.source_state("neighbour")
    assert held is not None and held.next_attempt_at is not None
    assert held.consecutive_failures == 0 and held.last_error is None
    assert 119 <= (held.next_attempt_at - time.now()).total_seconds() <= 121
    assert health_label(held) != "degraded" and health_label(held) != "failing"
    assert feeds.requests_to("/neighbour.xml") == []  # nothing was sent

    time.move_to(held.next_attempt_at)
    report = poller.poll(neighbour)
    assert report is not None and report.new_items == 1
    store.close()
