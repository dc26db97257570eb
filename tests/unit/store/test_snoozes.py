"""Snoozes: an author, a site or a story kept out of the alerts until a given time. Its mentions
are stored "snoozed" (searchable, counted), the snooze ends by itself, and a mute for good wins."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from tests.fakes.tone import FixedTone
from tests.rigs.stores import fresh_store
from veille.config import parse_config
from veille.matching.noise import snoozed
from veille.model import Item, Mute
from veille.pipeline.steps import Pipeline
from veille.store import Store, alerts, mutes
from veille.text.stories import title_keys

CONFIG = parse_config({"veille": {"default_channel": "#veille"}, "brands": [{"name": "Viadeo"}]}, "test.toml")
NOW = datetime.now(UTC)


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    yield from fresh_store(database_url)


def post(n: int, author: str = "Camille", title: str | None = None, site: str = "forum.example") -> Item:
    return Item(
        source="forum",
        source_type="rss",
        title=title or f"Viadeo, billet numéro {n} de la semaine",
        text="Un billet.",
        url=f"https://{site}/{n}",
        guid=str(n),
        author=author,
        published_at=datetime(2026, 11, 20, 9, n, tzinfo=UTC),
    )


def statuses(store: Store) -> list[str]:
    with store.engine.connect() as conn:
        return list(conn.scalars(sa.select(alerts.c.status).order_by(alerts.c.id)))


def test_a_snoozed_authors_next_post_is_stored_not_alerted_until_the_snooze_ends(store: Store):
    snooze = store.snooze("author", "camille", "Camille", NOW + timedelta(days=1), "U0MARIE01", NOW)
    assert snooze is not None and snooze.until == NOW + timedelta(days=1)
    pipeline = Pipeline(CONFIG, store, FixedTone())

    pipeline.process([post(1), post(2, author="Léa")])
    assert statuses(store) == ["snoozed", "pending"]
    assert store.count("mentions") == 2

    with store.engine.begin() as conn:  # a day later
        conn.execute(sa.update(mutes).values(until=NOW - timedelta(minutes=1)))
    pipeline.decisions.clock = lambda: time.monotonic() + timedelta(days=1).total_seconds()
    pipeline.process([post(3)])
    assert statuses(store) == ["snoozed", "pending", "pending"]


def test_snoozes_are_listed_apart_from_mutes_and_expire(store: Store):
    store.snooze("site", "spam.example", "spam.example", NOW + timedelta(hours=1), "U0MARIE01", NOW)
    store.add_mute("author", "lea", "Léa", None, "U0MARIE01", NOW)

    assert [m.display for m in store.mutes()] == ["Léa"]
    assert [(m.display, m.until) for m in store.snoozes(NOW)] == [("spam.example", NOW + timedelta(hours=1))]
    assert store.snoozes(NOW + timedelta(hours=2)) == []


def test_snoozing_again_moves_the_end_and_a_mute_for_good_wins(store: Store):
    first = store.snooze("author", "camille", "Camille", NOW + timedelta(hours=1), "U0MARIE01", NOW)
    again = store.snooze("author", "camille", "Camille", NOW + timedelta(days=7), "U0PAUL001", NOW)
    assert first is not None and again is not None and again.id == first.id
    assert [m.until for m in store.snoozes(NOW)] == [NOW + timedelta(days=7)]

    assert store.add_mute("author", "camille", "Camille", None, "U0MARIE01", NOW)
    assert store.snoozes(NOW) == [] and [m.display for m in store.mutes()] == ["Camille"]
    assert store.snooze("author", "camille", "Camille", NOW + timedelta(hours=1), "U0MARIE01", NOW) is None


def test_an_unsnooze_lets_the_author_through_again(store: Store):
    snooze = store.snooze("author", "camille", "Camille", NOW + timedelta(days=1), "U0MARIE01", NOW)
    assert snooze is not None
    assert store.remove_mute(snooze.id, "U0MARIE01", NOW) is not None

    Pipeline(CONFIG, store, FixedTone()).process([post(1)])
    assert statuses(store) == ["pending"]


def test_a_story_snooze_covers_the_same_title_from_any_source():
    keys = title_keys("Viadeo ferme son bureau de Lyon - Le Progrès")
    value = " ".join(sorted({key for key in keys if key}))
    story = Mute(1, "story", value, "Viadeo ferme son bureau de Lyon", None, "U0MARIE01", NOW, NOW)
    again = post(1, title="Viadeo ferme son bureau de Lyon - Lyon Capitale")
    other = post(2, title="Viadeo ouvre un bureau à Nantes cette année")

    assert snoozed(again, title_keys(again.title), [story]) == story
    assert snoozed(other, title_keys(other.title), [story]) is None


def test_a_site_snooze_covers_its_subdomains():
    site = Mute(1, "site", "spam.example", "spam.example", None, "U0MARIE01", NOW, NOW)
    assert snoozed(post(1, site="blog.spam.example"), (None, None), [site]) == site
    assert snoozed(post(2, site="ham.example"), (None, None), [site]) is None
