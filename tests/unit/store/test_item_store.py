"""Items stored and recognised a batch at a time, on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import event

from veille.model import Item
from veille.pipeline.steps import item_keys
from veille.store import NewItem, Store
from veille.text.stories import title_keys

SINCE = datetime.now(UTC) - timedelta(days=3)
LAUNCH = "Viadeo ouvre son réseau aux indépendants"
MERGER = "Viadeo et Doctolib annoncent un rapprochement"


def entry(source: str, n: int, title: str) -> NewItem:
    item = Item(
        source=source, source_type="rss", title=title, text="Un billet.", url=f"https://{source}.fr/{n}"
    )
    keys, canonical = item_keys(item)
    return NewItem(item, keys, canonical, title_keys=title_keys(title))


def test_the_stories_a_batch_of_titles_names_are_found_at_once_each_in_another_source(store: Store) -> None:
    blog, news, other = store.save_items(
        [entry("blog", 1, LAUNCH), entry("news", 2, f"{LAUNCH} - Le Journal"), entry("blog", 3, MERGER)]
    )
    assert blog and news and other
    wanted = [
        (title_keys(LAUNCH), "radio"),  # the first item of the story, whatever its source
        (title_keys(LAUNCH), "blog"),  # not from the asking source: the next one
        (title_keys(f"{MERGER} | Radio"), "radio"),  # named without the publisher's part
        (title_keys(MERGER), "blog"),  # only seen in the asking source
        (title_keys("Viadeo"), "radio"),  # too short to name a story
        (title_keys("Rien de tout cela ne fut jamais publié"), "radio"),
    ]
    statements: list[str] = []
    event.listen(store.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    found = store.find_stories(wanted, SINCE)
    assert found == [blog.item_id, news.item_id, other.item_id, None, None, None]
    assert len(statements) == 1
    assert [store.find_story(keys, SINCE, source) for keys, source in wanted] == found


def test_a_story_older_than_the_window_is_not_found(store: Store) -> None:
    (old,) = store.save_items([entry("blog", 1, LAUNCH)], at=datetime.now(UTC) - timedelta(days=5))
    assert old is not None
    assert store.find_stories([(title_keys(LAUNCH), "news")], SINCE) == [None]


def test_the_sources_of_several_stories_are_read_at_once(store: Store) -> None:
    launch, merger = store.save_items([entry("blog", 1, LAUNCH), entry("blog", 2, MERGER)])
    assert launch and merger
    sighting = entry("news", 3, f"{LAUNCH} - Le Journal")
    store.save_items(
        [NewItem(sighting.item, sighting.keys, sighting.canonical_url, duplicate_of=launch.item_id)]
    )
    assert store.sources_of_stories([launch.item_id, merger.item_id]) == {
        launch.item_id: {"blog", "news"},
        merger.item_id: {"blog"},
    }
    assert store.sources_of_story(launch.item_id) == {"blog", "news"}


def raced_save(store: Store, known: Collection[str] | None = None) -> tuple[list[bool], list[str]]:
    """Five posts saved while another replica stores the third just before our items go in: which
    were saved, and the statements sent."""
    other_replica = Store(store.url)
    batch = [entry("blog", n, f"Billet numéro {n} sur Viadeo et la suite") for n in range(5)]
    raced = batch[2]
    statements: list[str] = []

    def store_it_first(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        statements.append(statement)
        if statement.startswith("INSERT INTO items") and not other_replica.known_items(raced.keys):
            other_replica.save_items([raced])

    event.listen(store.engine, "before_cursor_execute", store_it_first)
    saved = store.save_items(batch, known=known)
    event.remove(store.engine, "before_cursor_execute", store_it_first)
    other_replica.close()
    return [s is not None for s in saved], statements


def test_an_item_another_replica_stored_meanwhile_is_dropped_and_the_rest_of_the_batch_kept(
    store: Store,
) -> None:
    saved, _ = raced_save(store)
    assert saved == [True, True, False, True, True]
    assert store.count("items") == 5 and store.count("dedup_keys") == 5


def test_keys_the_caller_looked_up_are_not_asked_again_and_a_stale_look_up_loses_nothing(
    store: Store,
) -> None:
    saved, statements = raced_save(store, known=())  # looked up when nothing was known yet

    # The batch failed on the raced key; item by item, only that one is dropped.
    assert saved == [True, True, False, True, True]
    assert store.count("items") == 5 and store.count("dedup_keys") == 5
    first_try = statements[: next(i for i, s in enumerate(statements) if s.startswith("INSERT INTO items"))]
    assert not any("FROM dedup_keys" in s for s in first_try)
