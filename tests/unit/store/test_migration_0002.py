"""Revision 0002: a database at revision 0001 is upgraded with every item dated and still found,
newest first, by /veille search — on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from tests.rigs import release_0_1
from tests.rigs.stores import release_0_1_at
from veille.search.history import search_history
from veille.store import Store
from veille.store.migrate import current, head, upgrade


@pytest.fixture
def store_at_0001(database_url: str) -> Iterator[tuple[Store, dict[str, list[dict[str, Any]]]]]:
    """A database made by Veille 0.1, adopted at revision 0001 and left there, and its rows."""
    yield from release_0_1_at(database_url, "0001")


def _happened(item: dict[str, Any]) -> datetime:
    published, fetched = item["published_at"], item["fetched_at"]
    moment = published if published is not None and published < fetched else fetched
    return moment.replace(tzinfo=UTC)


def _originals(inserted: dict[str, list[dict[str, Any]]], word: str) -> list[dict[str, Any]]:
    found = [i for i in inserted["items"] if word in i["search_text"].split() and i["duplicate_of"] is None]
    return sorted(found, key=lambda i: (_happened(i), i["id"]), reverse=True)


def test_items_stored_at_0001_are_dated_and_found_newest_first_after_the_upgrade(store_at_0001: Any):
    store, inserted = store_at_0001

    upgrade(store.engine)

    assert current(store.engine) == head()
    with store.engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT id, happened_at FROM items")).all()
    dated = {item_id: at for item_id, at in rows}
    # Every item stored before the upgrade is dated: published, unless missing or after it was seen.
    assert len(dated) == len(inserted["items"])
    for item in inserted["items"]:
        stored = dated[item["id"]]
        stored = datetime.fromisoformat(stored) if isinstance(stored, str) else stored
        assert stored.replace(tzinfo=UTC) == _happened(item), item["id"]
    for _, word in release_0_1.WORDS:
        expected = _originals(inserted, word)
        page = search_history(store, word, limit=500)
        assert page.total == len(expected) > 0, word
        assert not page.at_least
        assert [found.url for found in page.results] == [i["url"] for i in expected], word
        assert [found.when for found in page.results] == [_happened(i) for i in expected], word


def test_the_since_filter_reads_the_backfilled_date(store_at_0001: Any):
    store, inserted = store_at_0001
    upgrade(store.engine)
    expected = _originals(inserted, "viadeo")
    middle = _happened(expected[len(expected) // 2])

    page = search_history(store, "viadeo", since=middle, limit=500)

    assert [found.url for found in page.results] == [i["url"] for i in expected if _happened(i) >= middle]
    assert search_history(store, "viadeo", since=middle + timedelta(days=3650)).total == 0


def test_the_upgrade_replaces_the_postgresql_expression_index_by_a_stored_vector(store_at_0001: Any):
    store, _ = store_at_0001
    if store.backend != "postgresql":
        pytest.skip("PostgreSQL only: SQLite keeps its FTS5 index")

    upgrade(store.engine)

    with store.engine.connect() as conn:
        indexes = dict(
            conn.execute(
                sa.text("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'items'")
            ).all()
        )
        generated = conn.scalar(
            sa.text(
                "SELECT generation_expression FROM information_schema.columns"
                " WHERE table_name = 'items' AND column_name = 'search_vector'"
            )
        )
    assert "ix_items_search_text" not in indexes
    assert "gin (search_vector)" in indexes["ix_items_search_vector"]
    assert "to_tsvector('simple'" in str(generated)
