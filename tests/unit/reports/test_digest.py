"""The hourly digest: a channel's held alerts in one message at the hour, stories together, split
in parts Slack takes (50 blocks), queued once with its alerts marked digested in one transaction."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from slack_sdk.models.blocks import Block

from tests.fakes.tone import FixedTone
from tests.rigs.stores import fresh_store
from veille.config import Config, parse_config
from veille.handlers.views.digest import story_blocks
from veille.model import Item
from veille.pipeline.steps import Pipeline
from veille.reports.digest import Digester, Story, group_stories, hour_start, pack
from veille.store import Store, alerts, notices
from veille.store.pace_store import HeldAlert

CONFIG = parse_config(
    {
        "veille": {"default_channel": "#veille", "timezone": "Europe/Paris"},
        "brands": [
            {"name": "Viadeo", "delivery": "hourly"},
            {"name": "Netvibes", "delivery": "hourly"},
            {"name": "Doctolib", "delivery": "hourly", "channel": "#sante"},
        ],
    },
    "test.toml",
)


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    yield from fresh_store(database_url)


def post(n: int, title: str, source: str = "forum") -> Item:
    return Item(
        source=source,
        source_type="rss",
        title=title,
        text="Un billet.",
        url=f"https://{source}.example/{n}",
        guid=f"{source}-{n}",
        published_at=datetime(2026, 11, 20, 9, n % 60, tzinfo=UTC),
    )


def held(store: Store, items: list[Item], config: Config = CONFIG) -> None:
    Pipeline(config, store, FixedTone()).process(items)


def digests(store: Store) -> list[dict[str, Any]]:
    with store.engine.connect() as conn:
        rows = conn.execute(
            sa.select(notices).where(notices.c.key.startswith("digest:")).order_by(notices.c.id)
        )
        return [dict(row._mapping) for row in rows]


def statuses(store: Store) -> list[str]:
    with store.engine.connect() as conn:
        return list(conn.scalars(sa.select(alerts.c.status).order_by(alerts.c.id)))


def shown(blocks: list[dict[str, Any]]) -> str:
    return "\n".join(
        block["text"]["text"]
        if "text" in block
        else " ".join(e.get("text", "") for e in block.get("elements", []) if isinstance(e.get("text"), str))
        for block in blocks
    )


def next_hour() -> datetime:
    return hour_start(datetime.now(UTC), "Europe/Paris") + timedelta(hours=1, minutes=1)


def test_at_the_hour_each_channel_gets_one_digest_of_its_held_mentions(store: Store):
    held(
        store,
        [
            post(1, "Viadeo lance une offre pour les indépendants"),
            post(2, "Netvibes change de tableau de bord"),
            post(3, "Viadeo recrute cinquante ingénieurs à Paris"),
            post(4, "Doctolib ouvre la téléconsultation aux kinés"),
        ],
    )
    digester = Digester(CONFIG, store, story_blocks)

    assert digester.due(datetime.now(UTC)) == 0  # nothing was held before this hour began
    assert digester.due(next_hour()) == 2

    veille, sante = digests(store)
    assert (veille["channel"], sante["channel"]) == ("#veille", "#sante")
    text = shown(veille["blocks"])
    assert "3 nouvelles mentions" in text and "Viadeo (2), Netvibes (1)" in text
    assert "offre pour les indépendants" in text and "cinquante ingénieurs" in text
    assert "téléconsultation" not in text and "téléconsultation" in shown(sante["blocks"])
    actions = [b for b in veille["blocks"] if b["type"] == "actions"]
    assert [a["elements"][0]["action_id"] for a in actions] == ["veille_handled"] * 3
    assert statuses(store) == ["digested"] * 4
    assert digester.due(next_hour()) == 0 and len(digests(store)) == 2


def test_mentions_of_one_story_are_shown_together(store: Store):
    config = parse_config(
        {
            "veille": {"default_channel": "#veille"},
            "brands": [{"name": "Viadeo", "delivery": "hourly"}, {"name": "Netvibes", "delivery": "hourly"}],
        },
        "test.toml",
    )
    held(
        store,
        [
            post(1, "Viadeo et Netvibes fusionnent leurs équipes produit"),
            post(2, "Une autre nouvelle sans rapport pour Viadeo"),
            post(3, "Viadeo et Netvibes fusionnent leurs équipes produit"),
        ],
        config,
    )
    held(store, [post(4, "Viadeo et Netvibes fusionnent leurs équipes produit", source="blog")], config)
    Digester(config, store, story_blocks).due(next_hour())

    (digest,) = digests(store)
    texts = [shown([b]) for b in digest["blocks"]]
    story = next(i for i, text in enumerate(texts) if "Une même histoire : 4 mentions" in text)
    fused = [i for i, text in enumerate(texts) if "fusionnent" in text]
    other = next(i for i, text in enumerate(texts) if "sans rapport" in text)
    assert len(fused) == 4 and story < min(fused) and max(fused) < other
    assert "Vu aussi sur : blog" in texts[story]


def line(n: int, story: int) -> HeldAlert:
    return HeldAlert(
        alert_id=n,
        channel="#veille",
        brand="Viadeo",
        item_id=n,
        story_id=story,
        title=f"Viadeo, nouvelle numéro {n}",
        url=f"https://forum.example/{n}",
        source="forum",
        author=None,
        tone="neutral",
        reach={},
        state="new",
        created_at=datetime(2026, 11, 20, 9, tzinfo=UTC),
    )


def test_a_long_digest_is_split_in_messages_slack_takes_never_inside_a_line():
    stories = group_stories([line(n, n) for n in range(1, 61)])
    parts = pack([story_blocks(story, "fr", "Europe/Paris") for story in stories], 49)

    assert len(parts) == 3 and all(len(part) <= 49 for part in parts)
    for part in parts:
        assert part[0]["type"] == "section" and part[-1]["type"] == "actions"
        for block in part:
            parsed = Block.parse(block)
            assert parsed is not None
            parsed.validate_json()
    assert sum(1 for part in parts for block in part if block["type"] == "actions") == 60


def test_a_story_stays_in_one_message_when_it_fits():
    lines = [line(n, 100 if n > 20 else n) for n in range(1, 31)]  # 20 alone, then a story of 10
    stories = group_stories(lines)
    parts = pack([story_blocks(story, "fr", "Europe/Paris") for story in stories], 49)
    assert [len(story.lines) for story in stories] == [1] * 20 + [10]
    assert len(parts) == 2 and sum(1 for b in parts[1] if b["type"] == "actions") == 10


def test_the_digest_parts_say_which_part_they_are(store: Store):
    held(store, [post(n, f"Viadeo, nouvelle numéro {n} de la semaine") for n in range(1, 31)])
    assert Digester(CONFIG, store, story_blocks).due(next_hour()) == 2

    first, second = digests(store)
    assert "(1/2)" in shown(first["blocks"][:1]) and "(2/2)" in shown(second["blocks"][:1])
    assert len(first["blocks"]) <= 50 and len(second["blocks"]) <= 50
    assert first["key"].endswith(":#veille:1") and second["key"].endswith(":#veille:2")


def test_a_failure_while_marking_the_alerts_queues_no_digest_and_loses_no_alert(store: Store):
    held(store, [post(1, "Viadeo lance une offre pour les indépendants")])
    digester = Digester(CONFIG, store, story_blocks)

    def fail_on_marking(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith("UPDATE ALERTS"):
            raise RuntimeError("the process died here")

    sa.event.listen(store.engine, "before_cursor_execute", fail_on_marking)
    try:
        with pytest.raises(Exception, match="the process died here"):
            digester.due(next_hour())
    finally:
        sa.event.remove(store.engine, "before_cursor_execute", fail_on_marking)

    assert digests(store) == [] and statuses(store) == ["held"]
    assert digester.due(next_hour()) == 1
    assert statuses(store) == ["digested"]


def test_a_story_heading_names_the_other_sources():
    story = Story((line(1, 1),), also_seen=("blog-fr", "presse"))
    (heading, *_), *_ = story_blocks(story, "en", "Europe/Paris")
    assert "blog-fr, presse" in shown([heading])
