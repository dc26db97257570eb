"""A poll is one batch: a handful of statements whatever its size, and each text read once for its tone."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import event

from tests.fakes.tone import FixedTone
from tests.rigs.stores import fresh_store
from veille.config import parse_config
from veille.model import Item, Tone
from veille.pipeline.steps import Pipeline
from veille.store import Store

CONFIG = parse_config(
    {
        "veille": {"default_channel": "#veille"},
        "brands": [{"name": "Viadeo"}, {"name": "Doctolib", "channel": "#sante"}],
    },
    "test.toml",
)
GLAD = Tone("positive", 0.6, "fr", 0.9)


class CountingTone:
    """An analyzer that reads every text as glad, and remembers the texts it was given."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def analyze(self, text: str, declared_language: str | None = None, names: Collection[str] = ()) -> Tone:
        self.texts.append(text)
        return GLAD


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    yield from fresh_store(database_url)


def post(n: int, source: str = "blog", title: str | None = None, text: str = "Un billet.") -> Item:
    return Item(
        source=source,
        source_type="rss",
        title=title or f"Viadeo, nouvelle numéro {n} de la semaine",
        text=text,
        url=f"https://{source}.example/{n}",
        guid=str(n),
        published_at=datetime(2026, 11, 20, 9, n % 60, tzinfo=UTC),
    )


class Statements:
    """The SQL statements sent to the database while it listens."""

    def __init__(self, store: Store) -> None:
        self.sent: list[str] = []
        event.listen(store.engine, "before_cursor_execute", self._sent)

    def _sent(self, _conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        self.sent.append(statement)


def test_a_post_naming_two_brands_copied_into_two_feeds_is_read_once_for_its_tone(store: Store) -> None:
    analyzer = CountingTone()
    pipeline = Pipeline(CONFIG, store, analyzer)
    # A title too short to be taken for the same story: both copies are stored and alerted.
    copy = {"title": "Viadeo, Doctolib", "text": "Viadeo et Doctolib lancent une offre commune."}
    first = pipeline.process([post(1, "blog-a", **copy)])
    second = pipeline.process([post(2, "blog-b", **copy)])
    assert (first.mentions, second.mentions) == (2, 2)
    assert len(analyzer.texts) == 1
    views = [store.alert_view(e.alert_id) for e in store.due_alerts(datetime.now(UTC))]
    assert len(views) == 4
    assert {(v.source, v.brand, v.tone.label) for v in views if v} == {
        ("blog-a", "Viadeo", "positive"),
        ("blog-a", "Doctolib", "positive"),
        ("blog-b", "Viadeo", "positive"),
        ("blog-b", "Doctolib", "positive"),
    }


def test_texts_that_differ_are_each_read_for_their_tone(store: Store) -> None:
    analyzer = CountingTone()
    pipeline = Pipeline(CONFIG, store, analyzer)
    hiring, closing = (
        post(1, "blog-a", "Viadeo", "Viadeo recrute."),
        post(2, "blog-a", "Viadeo", "Viadeo ferme."),
    )
    pipeline.process([hiring, closing])
    assert len(analyzer.texts) == 2


def test_one_poll_of_twenty_new_items_takes_a_handful_of_statements(store: Store) -> None:
    pipeline = Pipeline(CONFIG, store, FixedTone())
    statements = Statements(store)
    report = pipeline.process([post(n) for n in range(20)])
    assert (report.new_items, report.mentions, report.alerts) == (20, 20, 20)
    assert len(statements.sent) <= 11, statements.sent

    statements.sent.clear()
    again = pipeline.process([post(n) for n in range(20)])
    assert again.new_items == 0
    assert len(statements.sent) <= 3, statements.sent


def test_copies_of_stories_from_another_source_are_recognised_in_a_handful_of_statements(
    store: Store,
) -> None:
    pipeline = Pipeline(CONFIG, store, FixedTone())
    titles = [f"Viadeo annonce une nouveauté numéro {n}" for n in range(20)]
    # The stories' first poll stores them without alerts, so no reply goes under any alert.
    pipeline.process([post(n, "blog", title) for n, title in enumerate(titles)], first_poll=True, backlog=0)
    statements = Statements(store)
    copies = [post(n, "agregateur", f"{title} - Le Journal") for n, title in enumerate(titles)]
    report = pipeline.process(copies)
    assert (report.new_items, report.sightings) == (0, 20)
    # A handful for the batch, the alerts to reply under looked up at once for every sighting.
    assert len(statements.sent) <= 9, statements.sent
    assert store.also_seen(1) == ["agregateur"]


def test_a_poll_of_items_already_stored_reads_the_store_on_one_connection(store: Store) -> None:
    pipeline = Pipeline(CONFIG, store, FixedTone())
    pipeline.process([post(n) for n in range(20)])
    lent: list[object] = []
    event.listen(store.engine.pool, "checkout", lambda *args: lent.append(args[0]))
    again = pipeline.process([post(n) for n in range(20)])
    assert again.new_items == 0
    # What the store knows of the items and whether the team decided anything since: one loan.
    assert len(lent) == 1
