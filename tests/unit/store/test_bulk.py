"""Rows sent straight to the driver read back exactly as rows inserted through SQLAlchemy."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from veille.store import Store, bulk
from veille.store.schema import alerts, items, mentions

PARIS = timezone(timedelta(hours=1))


def item_row(n: int, **changes: object) -> dict[str, object]:
    row: dict[str, object] = {
        "source": "blog",
        "source_type": "rss",
        "guid": f"g{n}",
        "url": f"https://blog.fr/{n}",
        "canonical_url": f"https://blog.fr/{n}",
        "title": f"« Viadeo » n°{n} — l'été",
        "text": "Un billet\u00a0: 😀",
        "author": None,
        "published_at": datetime(2026, 3, 1, 9, 30, n, 250, tzinfo=PARIS),
        "fetched_at": datetime(2026, 3, 1, 10, 0, tzinfo=UTC),
        "declared_language": "fr",
        "reach": {"followers": n, "nested": [1, "deux"]} if n % 2 else None,
        "title_key": None,
        "title_key_short": None,
        "duplicate_of": None,
        "search_text": "viadeo",
        "happened_at": datetime(2026, 3, 1, 8, 30, tzinfo=UTC),
    }
    row.update(changes)
    return row


def test_rows_inserted_in_bulk_read_back_as_those_inserted_one_by_one(store: Store) -> None:
    with store.engine.begin() as conn:
        conn.execute(items.insert(), [dict(item_row(n), id=n) for n in (1, 2)])
        bulk.insert_rows(conn, items, [dict(item_row(n), id=n + 10) for n in (1, 2)])
        rows = {row.id: row._asdict() for row in conn.execute(select(items))}
    for n in (1, 2):
        expected = dict(rows[n], id=n + 10)
        assert rows[n + 10] == expected
    assert rows[11]["published_at"] == datetime(2026, 3, 1, 8, 30, 1, 250, tzinfo=UTC)
    assert rows[11]["reach"] == {"followers": 1, "nested": [1, "deux"]}
    assert rows[12]["reach"] is None


def test_a_single_row_tells_the_id_it_was_given_on_sqlite(store: Store) -> None:
    with store.engine.begin() as conn:
        given = bulk.insert_rows(conn, items, [item_row(1)])
        stored = conn.scalar(select(items.c.id))
    if store.backend == "sqlite":
        assert given == stored
    else:
        assert given is None


def test_lists_of_mixed_values_are_stored_as_json(store: Store) -> None:
    with store.engine.begin() as conn:
        bulk.insert_rows(conn, items, [dict(item_row(1), id=1)])
        row = {
            "item_id": 1,
            "brand": "Viadeo",
            "terms": ["Viadeo"],
            "spans": [["title", 2, 8]],
            "language": "fr",
            "tone": "neutral",
            "tone_score": 0.0,
            "tone_confidence": 0.5,
            "created_at": datetime(2026, 3, 1, 10, 0, tzinfo=UTC),
            "relevance": None,
            "relevance_words": None,
        }
        bulk.insert_rows(conn, mentions, [dict(row, id=1), dict(row, id=2, brand="Doctolib")])
        spans = conn.scalars(select(mentions.c.spans).order_by(mentions.c.id)).all()
    assert spans == [[["title", 2, 8]], [["title", 2, 8]]]


def test_rows_leaving_out_a_column_with_a_python_default_are_refused(store: Store) -> None:
    with store.engine.begin() as conn, pytest.raises(ValueError, match="state"):
        bulk.insert_rows(conn, alerts, [{"mention_id": 1, "channel": "C1", "status": "pending"}])
