"""Each new mention is judged by what the team's triage taught about its brand, and goes where the
brand's `relevance` mode says: posted with a warning, set aside for the summary, or only stored."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from tests.fakes.tone import FixedTone
from tests.rigs.relevance import NEXT_FRUIT, NEXT_OPERATOR, item, items, triage_all
from tests.rigs.stores import fresh_store
from veille.config import Config, parse_config
from veille.model import BrandMatch, Tone
from veille.pipeline.relevance import RelevanceJudge, mention_example
from veille.pipeline.steps import Pipeline
from veille.store import Store, alerts, mentions
from veille.store import items as items_table


def config(**orange: Any) -> Config:
    brand = {"name": "Orange", "terms": ["Orange"], **orange}
    return parse_config({"veille": {"default_channel": "#veille"}, "brands": [brand]}, "test.toml")


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    yield from fresh_store(database_url)


def later() -> datetime:
    return datetime.now(UTC) + timedelta(hours=1)


def taught(store: Store, pipeline: Pipeline) -> None:
    """Ten fruit posts marked not relevant, ten operator posts handled."""
    assert pipeline.process(items()).alerts == 20
    triage_all(store, [e.alert_id for e in store.due_alerts(later(), 100)])


def stored(store: Store, title: str) -> tuple[str, float | None, list[str] | None]:
    """(alert status, relevance, words) of the mention of the item titled `title`."""
    query = (
        select(alerts.c.status, mentions.c.relevance, mentions.c.relevance_words)
        .select_from(alerts.join(mentions, alerts.c.mention_id == mentions.c.id))
        .join(items_table, mentions.c.item_id == items_table.c.id)
        .where(items_table.c.title == title)
    )
    with store.engine.connect() as conn:
        rows = conn.execute(query).all()
    assert len(rows) == 1, rows
    return rows[0][0], rows[0][1], rows[0][2]


def test_until_the_team_has_decided_enough_every_mention_is_alerted_unjudged(store: Store):
    pipeline = Pipeline(config(relevance="quiet"), store, FixedTone())
    pipeline.process(items()[:4])
    triage_all(store, [e.alert_id for e in store.due_alerts(later(), 100)])

    pipeline.process([item(50, *NEXT_FRUIT, "cuisine")])

    assert stored(store, NEXT_FRUIT[0]) == ("pending", None, None)


@pytest.mark.parametrize(
    ("mode", "status"), [("show", "pending"), ("quiet", "set_aside"), ("drop", "dropped")]
)
def test_a_fruit_post_after_the_teams_triage_goes_where_the_mode_says(store: Store, mode: str, status: str):
    pipeline = Pipeline(config(relevance=mode), store, FixedTone())
    taught(store, pipeline)

    report = pipeline.process([item(50, *NEXT_FRUIT, "cuisine"), item(51, *NEXT_OPERATOR, "telecom")])

    assert report.mentions == 2
    fruit_status, fruit_relevance, words = stored(store, NEXT_FRUIT[0])
    assert fruit_status == status
    assert fruit_relevance is not None and fruit_relevance < 0.5
    assert words and "recette" in words
    operator_status, operator_relevance, operator_words = stored(store, NEXT_OPERATOR[0])
    assert operator_status == "pending" and operator_words is None
    assert operator_relevance is not None and operator_relevance > 0.5
    due = [store.alert_view(e.alert_id) for e in store.due_alerts(later(), 100)]
    titles = {view.title for view in due if view is not None}
    assert (NEXT_FRUIT[0] in titles) == (mode == "show")


def test_a_lower_threshold_lets_a_doubtful_post_through(store: Store):
    taught(store, Pipeline(config(relevance="quiet"), store, FixedTone()))
    fruit = item(50, *NEXT_FRUIT, "cuisine")
    match = BrandMatch("Orange", ("Orange",), ())
    doubt = RelevanceJudge(store).judge(mention_example(fruit, match, Tone("neutral", 0.0, "fr"))).probability
    assert doubt < 0.5
    pipeline = Pipeline(config(relevance="quiet", relevance_threshold=doubt / 2), store, FixedTone())

    pipeline.process([fruit])

    status, relevance, words = stored(store, NEXT_FRUIT[0])
    assert (status, words) == ("pending", None)
    assert relevance == pytest.approx(doubt)


def test_the_model_is_rebuilt_only_after_a_new_decision(store: Store, monkeypatch: pytest.MonkeyPatch):
    pipeline = Pipeline(config(relevance="quiet"), store, FixedTone())
    taught(store, pipeline)
    reads: list[str] = []
    decisions = store.decisions
    monkeypatch.setattr(store, "decisions", lambda brand: reads.append(brand) or decisions(brand))

    pipeline.process([item(50, *NEXT_FRUIT, "cuisine")])
    pipeline.process([item(51, *NEXT_OPERATOR, "telecom")])
    assert reads == ["Orange"]  # built once, then kept

    fresh = max(e.alert_id for e in store.due_alerts(later(), 100))
    store.set_alert_state(fresh, "handled", "U0MARIE01", datetime.now(UTC))
    pipeline.process([item(52, "Orange ouvre une boutique", "Une boutique Orange à Nantes.", "telecom")])
    assert reads == ["Orange", "Orange"]


def test_a_second_replica_judges_from_the_same_stored_decisions(store: Store):
    first = Pipeline(config(relevance="quiet"), store, FixedTone())
    taught(store, first)
    second = Pipeline(config(relevance="quiet"), store, FixedTone())

    second.process([item(50, *NEXT_FRUIT, "cuisine")])

    assert stored(store, NEXT_FRUIT[0])[0] == "set_aside"
