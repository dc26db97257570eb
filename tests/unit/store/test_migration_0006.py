"""Revision 0006: a database at revision 0005 is upgraded with every row intact and an empty
`deliveries` queue, then queues a new mention's deliveries with it — on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from tests.rigs.stores import database_at, upgraded_intact
from veille.config import parse_config
from veille.model import BrandMatch, Item, Span, Tone
from veille.pipeline.steps import item_keys
from veille.store import NewItem, NewMention
from veille.store.migrate import upgrade

TABLES = ("items", "mentions", "alerts", "notices", "audit")


store_at_0005 = database_at("0005")


def test_a_0005_database_is_upgraded_without_losing_or_changing_a_row(store_at_0005: Any):
    store, inserted = store_at_0005
    present = [table for table in TABLES if inserted.get(table)]
    assert {"items", "mentions", "alerts"} <= set(present)

    upgraded_intact(store, inserted, present)

    assert store.delivery_queue.waiting() == 0
    columns = {c["name"] for c in sa.inspect(store.engine).get_columns("deliveries")}
    assert {"key", "output", "event", "mention_id", "body", "status", "sending_by", "http_status"} <= columns


def test_after_the_upgrade_a_new_mention_is_queued_for_the_outputs(store_at_0005: Any):
    store, _ = store_at_0005
    upgrade(store.engine)
    config = parse_config(
        {
            "veille": {"default_channel": "#veille"},
            "brands": [{"name": "Orange"}],
            "outputs": [{"name": "crm", "url": "https://crm.example/hook", "secret_env": "CRM_SECRET"}],
        },
        "veille.toml",
    )
    store.set_outputs(config.outputs)
    item = Item(
        source="Cuisine",
        source_type="rss",
        title="Orange ouvre une boutique",
        text="Orange ouvre une boutique à Lyon.",
        url="https://actu.example.fr/orange-lyon",
    )
    keys, canonical = item_keys(item)
    match = BrandMatch("Orange", ("orange",), (Span("title", 0, 6),))
    new = NewMention(match, Tone("neutral", 0.0, "fr"), ("#veille",))

    (saved,) = store.save_items([NewItem(item, keys, canonical, (new,))], at=datetime.now(UTC))

    assert saved is not None
    (delivery,) = store.deliveries_of("crm")
    assert (delivery.key, delivery.status, delivery.mention_id) == (
        f"crm:mention:{saved.mention_ids[0]}",
        "pending",
        saved.mention_ids[0],
    )
