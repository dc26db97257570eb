"""The daily summary shows what paces and snoozes kept out of the channels: a daily brand's
mentions listed, the negative first, and the snoozed ones counted."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from tests.fakes.tone import FixedTone
from tests.rigs.stores import fresh_store
from veille.config import parse_config
from veille.model import Item, Tone
from veille.pipeline.steps import Pipeline
from veille.reports.jobs import Reporter
from veille.store import Store

CONFIG = parse_config(
    {
        "veille": {"default_channel": "#veille"},
        "brands": [{"name": "Doctolib", "delivery": "daily"}, {"name": "Viadeo"}],
    },
    "test.toml",
)


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    yield from fresh_store(database_url)


def post(n: int, title: str, author: str = "Claire") -> Item:
    return Item(
        source="forum",
        source_type="rss",
        title=title,
        text="Un billet.",
        url=f"https://forum.example/{n}",
        guid=str(n),
        author=author,
        published_at=datetime.now(UTC) - timedelta(minutes=n),
    )


def said(blocks: list[dict]) -> str:
    return "\n".join(block["text"]["text"] for block in blocks if "text" in block)


def test_the_daily_summary_lists_a_daily_brands_mentions_and_counts_the_snoozed_ones(store: Store):
    now = datetime.now(UTC)
    store.snooze("author", "camille", "Camille", now + timedelta(days=1), "U0MARIE01", now)
    Pipeline(CONFIG, store, FixedTone()).process(
        [post(1, "Doctolib ouvre la téléconsultation aux kinés"), post(2, "Viadeo recrute", "Camille")]
    )
    Pipeline(CONFIG, store, FixedTone(Tone("negative", -0.7, "fr", 0.9))).process(
        [post(3, "Doctolib en panne toute la matinée")]
    )

    text = said(Reporter(CONFIG, store).summary_now(now=now + timedelta(minutes=1)).blocks)

    assert "💤 Gardé pour le résumé" in text
    assert "2 mentions des marques au rythme quotidien, 1 mention mise en sourdine" in text
    kept = text.split("Gardé pour le résumé", 1)[1]
    assert kept.index("en panne toute la matinée") < kept.index("téléconsultation aux kinés")
    assert "Viadeo recrute" not in kept
