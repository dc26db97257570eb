"""A mute or a snooze taken in Slack applies from the next poll on, and a poll does not read the
team's mutes again while nobody decided anything: polling costs the same with many mutes."""

from __future__ import annotations

import time
from collections.abc import Collection, Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event, func, insert, select

from tests.rigs.stores import fresh_store
from veille.config import parse_config
from veille.matching.noise import normalize
from veille.model import Item, Tone
from veille.pipeline.decisions import READ_AGAIN_AFTER
from veille.pipeline.steps import Pipeline
from veille.store import Store
from veille.store.schema import alerts, mutes

CONFIG = parse_config({"veille": {"default_channel": "#veille"}, "brands": [{"name": "Qonto"}]}, "test.toml")


class PlainTone:
    def analyze(self, text: str, declared_language: str | None = None, names: Collection[str] = ()) -> Tone:
        return Tone("neutral", 0.0, "fr", 0.9)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    yield from fresh_store(database_url)


def post(number: int, author: str = "Léa Martin") -> Item:
    return Item(
        source="blog-fintech",
        source_type="rss",
        title=f"Qonto ouvre un bureau à Lyon, billet {number}",
        text="Une nouvelle qui parle de Qonto.",
        url=f"https://fintech.example/qonto-{number}",
        guid=str(number),
        author=author,
        published_at=datetime.now(UTC) - timedelta(minutes=5),
    )


def reads_of_mutes(store: Store) -> list[str]:
    seen: list[str] = []

    @event.listens_for(store.engine, "before_cursor_execute")
    def note(conn: object, cursor: object, statement: str, *args: object) -> None:
        if statement.startswith("SELECT mutes.id, mutes.kind"):  # the whole list, not a look-up
            seen.append(statement)

    return seen


def posted(pipeline: Pipeline, item: Item) -> bool:
    """Whether the poll of `item` queued an alert to post (a snoozed one is kept for the digest)."""
    with pipeline.store.engine.connect() as conn:
        before = conn.scalar(select(func.count()).where(alerts.c.status == "pending"))
    pipeline.process([item])
    with pipeline.store.engine.connect() as conn:
        return bool(conn.scalar(select(func.count()).where(alerts.c.status == "pending")) != before)


def pipeline_with_clock(store: Store) -> tuple[Pipeline, Clock]:
    pipeline = Pipeline(CONFIG, store, PlainTone())
    clock = Clock()
    pipeline.decisions.clock = clock
    return pipeline, clock


def test_a_mute_taken_in_slack_applies_from_the_next_poll(store: Store) -> None:
    pipeline, _ = pipeline_with_clock(store)
    assert posted(pipeline, post(1))
    store.add_mute(
        "author", normalize("author", "Léa Martin"), "Léa Martin", None, "U0MARIE01", datetime.now(UTC)
    )
    assert not posted(pipeline, post(2))
    assert posted(pipeline, post(3, author="Hugo Petit"))


def test_polls_do_not_read_the_mutes_again_while_nobody_decides(store: Store) -> None:
    for number in range(50):
        store.add_mute("author", f"auteur {number}", f"Auteur {number}", None, "U0MARIE01", datetime.now(UTC))
    pipeline, _ = pipeline_with_clock(store)
    reads = reads_of_mutes(store)
    for number in range(10):
        pipeline.process([post(number, author=f"Plume {number}")])
    assert len(reads) == 1
    store.snooze(
        "site",
        "fintech.example",
        "fintech.example",
        datetime.now(UTC) + timedelta(hours=1),
        "U0MARIE01",
        datetime.now(UTC),
    )
    assert not posted(pipeline, post(20, author="Plume 20"))
    assert len(reads) == 2


def test_a_snooze_that_runs_out_between_polls_stops_applying(store: Store) -> None:
    pipeline, _ = pipeline_with_clock(store)
    ends = datetime.now(UTC) + timedelta(seconds=0.5)
    store.snooze("site", "fintech.example", "fintech.example", ends, "U0MARIE01", datetime.now(UTC))
    assert not posted(pipeline, post(1))
    reads = reads_of_mutes(store)
    time.sleep((ends - datetime.now(UTC)).total_seconds() + 0.01)
    assert posted(pipeline, post(2))
    assert reads == []


def test_a_mute_the_marker_did_not_show_applies_within_a_minute(store: Store) -> None:
    """Two decisions committed out of the order of their audit ids leave the marker still."""
    pipeline, clock = pipeline_with_clock(store)
    assert posted(pipeline, post(1))
    with store.engine.begin() as conn:
        conn.execute(
            insert(mutes).values(
                kind="author",
                value=normalize("author", "Léa Martin"),
                display="Léa Martin",
                brand=None,
                created_by="U0MARIE01",
                created_at=datetime.now(UTC),
                until=None,
            )
        )
    assert posted(pipeline, post(2))  # not seen yet: nothing told the pipeline
    clock.now += READ_AGAIN_AFTER
    assert not posted(pipeline, post(3))
