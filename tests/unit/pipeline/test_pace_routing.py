"""A brand's delivery pace decides whether its mention is alerted at once: an hourly brand's
alerts are held for the digest, a daily brand's kept for the summary, an instant brand's posted as
before; a negative mention reaching the routing's threshold breaks through when the brand asks."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from tests.fakes.tone import FixedTone
from tests.rigs.stores import fresh_store
from veille.config import Config, parse_config
from veille.model import Item, Tone
from veille.pipeline.routing import alert_status, spikes_at_once
from veille.pipeline.steps import Pipeline
from veille.store import Store, alerts, mentions

ANGRY = Tone("negative", -0.8, "fr", 0.9)


def config(**routing: object) -> Config:
    return parse_config(
        {
            "veille": {"default_channel": "#veille"},
            "routing": routing,
            "brands": [
                {"name": "Viadeo", "delivery": "hourly", "break_through": ["negative"]},
                {"name": "Doctolib", "delivery": "daily", "channel": "#sante"},
                {"name": "Netvibes"},
            ],
        },
        "test.toml",
    )


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    yield from fresh_store(database_url)


def post(n: int, brand: str, reach: dict[str, int] | None = None) -> Item:
    return Item(
        source="forum",
        source_type="rss",
        title=f"{brand} fait parler de lui, épisode {n}",
        text=f"Un billet sur {brand}.",
        url=f"https://forum.example/{n}",
        guid=str(n),
        published_at=datetime(2026, 11, 20, 9, n, tzinfo=UTC),
        reach=reach or {},
    )


def statuses(store: Store) -> dict[str, list[str]]:
    query = (
        select(mentions.c.brand, alerts.c.status)
        .select_from(alerts.join(mentions, alerts.c.mention_id == mentions.c.id))
        .order_by(alerts.c.id)
    )
    out: dict[str, list[str]] = {}
    with store.engine.connect() as conn:
        for brand, status in conn.execute(query):
            out.setdefault(brand, []).append(status)
    return out


def test_an_hourly_brand_is_held_a_daily_one_kept_and_an_instant_one_posted(store: Store):
    Pipeline(config(), store, FixedTone()).process(
        [post(1, "Viadeo"), post(2, "Doctolib"), post(3, "Netvibes")]
    )

    assert statuses(store) == {"Viadeo": ["held"], "Doctolib": ["held_daily"], "Netvibes": ["pending"]}
    assert store.count("mentions") == 3 and store.alerts_waiting() == 1


def test_a_negative_mention_breaks_through_at_or_above_the_reach_threshold_only(store: Store):
    Pipeline(config(here_above_reach=100), store, FixedTone(ANGRY)).process(
        [post(1, "Viadeo", {"points": 60, "comments": 40}), post(2, "Viadeo", {"points": 99})]
    )

    assert statuses(store) == {"Viadeo": ["pending", "held"]}


def test_a_brand_that_does_not_ask_holds_even_a_loud_negative_mention():
    settings = config(here_above_reach=100)
    daily = settings.brand("Doctolib")
    assert daily is not None
    assert alert_status(settings, daily, "negative", {"points": 5000}) == "held_daily"


def test_without_a_threshold_every_negative_mention_of_a_breaking_brand_goes_at_once():
    settings = config()
    hourly = settings.brand("Viadeo")
    assert hourly is not None
    assert alert_status(settings, hourly, "negative", {}) == "pending"
    assert alert_status(settings, hourly, "neutral", {"points": 5000}) == "held"


def test_the_veille_table_sets_the_pace_of_brands_that_do_not_say():
    settings = parse_config(
        {
            "veille": {"default_channel": "#veille", "delivery": "hourly"},
            "brands": [{"name": "Viadeo"}, {"name": "Netvibes", "delivery": "instant"}],
        },
        "test.toml",
    )
    viadeo, netvibes = settings.brands
    assert alert_status(settings, viadeo, "neutral", {}) == "held"
    assert alert_status(settings, netvibes, "neutral", {}) == "pending"


def test_a_paced_brand_gets_spike_alerts_only_when_it_lets_them_through():
    settings = parse_config(
        {
            "veille": {"default_channel": "#veille"},
            "brands": [
                {"name": "Viadeo", "delivery": "hourly"},
                {"name": "Doctolib", "delivery": "daily", "break_through": ["spike"]},
                {"name": "Netvibes"},
            ],
        },
        "test.toml",
    )
    assert [spikes_at_once(settings, brand) for brand in settings.brands] == [False, True, True]
