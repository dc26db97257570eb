"""Polls fetched at once are processed a few at a time: one on SQLite (one writer), two beside
PostgreSQL; every item is still stored once."""

from __future__ import annotations

import threading
import time
from collections.abc import Collection, Iterator
from datetime import UTC, datetime

import pytest

from tests.rigs.stores import fresh_store
from veille.config import parse_config
from veille.model import Item, Tone
from veille.pipeline.steps import Pipeline
from veille.store import Store

CONFIG = parse_config({"veille": {"default_channel": "#veille"}, "brands": [{"name": "Viadeo"}]}, "test.toml")
POLLS = 6


class SlowTone:
    """Takes a while over each text, and remembers how many texts it read at once at most."""

    def __init__(self) -> None:
        self.reading = 0
        self.most = 0
        self._lock = threading.Lock()

    def analyze(self, text: str, declared_language: str | None = None, names: Collection[str] = ()) -> Tone:
        with self._lock:
            self.reading += 1
            self.most = max(self.most, self.reading)
        time.sleep(0.05)
        with self._lock:
            self.reading -= 1
        return Tone("positive", 0.5, "fr", 0.9)


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    yield from fresh_store(database_url)


def post(feed: int) -> Item:
    return Item(
        source=f"blog-{feed}",
        source_type="rss",
        title=f"Viadeo ouvre un bureau, billet {feed}",
        text="Une nouvelle qui parle de Viadeo.",
        url=f"https://blog{feed}.example/viadeo",
        guid=str(feed),
        published_at=datetime(2026, 11, 20, 9, feed, tzinfo=UTC),
    )


def test_polls_that_arrive_together_are_processed_a_few_at_a_time(store: Store) -> None:
    tone = SlowTone()
    pipeline = Pipeline(CONFIG, store, tone)
    reports = []
    polls = [
        threading.Thread(target=lambda n=n: reports.append(pipeline.process([post(n)]))) for n in range(POLLS)
    ]
    for poll in polls:
        poll.start()
    for poll in polls:
        poll.join()

    assert tone.most <= (1 if store.backend == "sqlite" else 2)
    assert sorted(r.new_items for r in reports) == [1] * POLLS
    assert store.count("items") == POLLS
