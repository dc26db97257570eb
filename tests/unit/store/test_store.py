"""The store remembers what was seen and alerted, on SQLite and on PostgreSQL."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from tests.fakes.tone import FixedTone
from veille.config import parse_config
from veille.model import Item
from veille.pipeline.steps import Pipeline
from veille.store import Store

CONFIG = parse_config(
    {
        "veille": {"default_channel": "#veille"},
        "brands": [{"name": "Viadeo"}, {"name": "Netvibes", "channel": "#netvibes"}],
    },
    "test.toml",
)


def item(guid: str | None, url: str | None, title: str = "Viadeo recrute", source: str = "blog") -> Item:
    return Item(
        source=source,
        source_type="rss",
        title=title,
        text="Un billet.",
        url=url,
        guid=guid,
        published_at=datetime(2026, 11, 20, 9, 0, tzinfo=UTC),
    )


def pipeline(store: Store) -> Pipeline:
    return Pipeline(CONFIG, store, FixedTone())


def test_the_same_item_is_alerted_once_even_across_a_restart(store, database_url):
    first = pipeline(store).process([item("g1", "https://ex.fr/a")])
    assert (first.new_items, first.mentions, first.alerts) == (1, 1, 1)
    store.close()
    reopened = Store(database_url)
    reopened.create_schema()
    again = pipeline(reopened).process([item("g1", "https://ex.fr/a")])
    assert again.new_items == 0 and again.alerts == 0
    assert reopened.count("alerts") == 1
    reopened.close()


def test_a_republished_item_with_a_new_guid_or_date_is_not_alerted_again(store):
    pipeline(store).process([item("g1", "https://ex.fr/a?utm_source=rss")])
    moved = Item(
        source="blog",
        source_type="rss",
        title="Viadeo recrute",
        text="Un billet.",
        url="https://EX.fr/a#top",
        guid="g1-bis",
        published_at=datetime.now(UTC),
    )
    assert pipeline(store).process([moved]).alerts == 0


def test_the_same_guid_with_a_new_link_is_the_same_item(store):
    pipeline(store).process([item("g1", "https://ex.fr/a")])
    assert pipeline(store).process([item("g1", "https://ex.fr/a-renamed")]).alerts == 0


def test_the_same_guid_in_two_different_feeds_is_two_items(store):
    pipeline(store).process([item("1", None, source="blog-a")])
    assert pipeline(store).process([item("1", None, source="blog-b")]).alerts == 1


def test_one_item_naming_two_brands_alerts_each_brand_in_its_channel(store):
    report = pipeline(store).process([item("g", "https://ex.fr/x", title="Viadeo et Netvibes")])
    assert report.mentions == 2 and report.alerts == 2
    channels = sorted(e.channel for e in store.due_alerts(datetime.now(UTC)))
    assert channels == ["#netvibes", "#veille"]


def test_unmatched_items_are_remembered_but_not_alerted(store):
    report = pipeline(store).process([item("g", "https://ex.fr/y", title="Rien à voir")])
    assert (report.new_items, report.mentions, report.alerts) == (1, 0, 0)
    assert pipeline(store).process([item("g", "https://ex.fr/y", title="Rien à voir")]).new_items == 0


def test_the_outbox_moves_pending_to_sending_to_posted_and_a_claim_is_taken_once(store):
    pipeline(store).process([item("g1", "https://ex.fr/a")])
    (entry,) = store.due_alerts(datetime.now(UTC))
    now = datetime.now(UTC)
    assert store.mark_sending(entry.alert_id, now)
    assert not store.mark_sending(entry.alert_id, now)  # a second worker cannot take it
    assert [e.alert_id for e in store.sending_alerts()] == [entry.alert_id]
    store.mark_posted(entry.alert_id, "C0VEILLE1", "1.000001", now)
    assert store.due_alerts(now) == [] and store.sending_alerts() == []
    assert store.alert_location(entry.alert_id) == ("C0VEILLE1", "1.000001", "posted")


def test_a_failed_post_waits_for_its_retry_time(store):
    pipeline(store).process([item("g1", "https://ex.fr/a")])
    (entry,) = store.due_alerts(datetime.now(UTC))
    store.mark_sending(entry.alert_id, datetime.now(UTC))
    store.mark_retry(entry.alert_id, "HTTP 500", datetime.now(UTC) + timedelta(minutes=5))
    assert store.due_alerts(datetime.now(UTC)) == []
    assert [e.alert_id for e in store.due_alerts(datetime.now(UTC) + timedelta(minutes=6))] == [
        entry.alert_id
    ]


def test_two_people_clicking_at_once_end_in_one_consistent_state(store):
    pipeline(store).process([item("g1", "https://ex.fr/a")])
    (entry,) = store.due_alerts(datetime.now(UTC))
    store.mark_sending(entry.alert_id, datetime.now(UTC))
    store.mark_posted(entry.alert_id, "C1", "1.1", datetime.now(UTC))
    results: list[bool] = []
    barrier = threading.Barrier(2)

    def click(user: str) -> None:
        barrier.wait()
        results.append(store.set_alert_state(entry.alert_id, "handled", user, datetime.now(UTC)))

    threads = [threading.Thread(target=click, args=(u,)) for u in ("U0MARIE01", "U0PAUL001")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False, True]
    view = store.alert_view(entry.alert_id)
    assert view is not None and view.state == "handled" and view.actor in ("U0MARIE01", "U0PAUL001")


def test_a_source_keeps_its_validators_and_failure_count(store):
    now = datetime.now(UTC)
    store.record_poll_success("blog", now, etag='"1"', last_modified="Sun", new_items=3)
    assert store.record_poll_failure("blog", now, "timeout: no answer", None) == 1
    assert store.record_poll_failure("blog", now, "timeout: no answer", now + timedelta(minutes=1)) == 2
    state = store.source_state("blog")
    assert state is not None
    assert (state.etag, state.consecutive_failures, state.items_seen) == ('"1"', 2, 3)
    assert state.failing_since is not None and state.last_error == "timeout: no answer"
    store.record_poll_success("blog", now, keep_validators=True)
    state = store.source_state("blog")
    assert (
        state is not None
        and state.consecutive_failures == 0
        and state.etag == '"1"'
        and state.failing_since is None
    )
