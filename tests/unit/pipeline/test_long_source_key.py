"""A feed configured by its URL alone is stored under that URL, however long: a search feed whose
query string runs past 200 characters is polled, its items stored and its state recorded on
PostgreSQL, which enforces column lengths (SQLite never did)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.conftest import _postgres_database, write_config
from tests.fakes.feeds import FeedEntry, FeedServer, rss
from tests.fakes.net import local_fetcher
from tests.fakes.tone import FixedTone
from veille.pipeline.poller import Poller, ScheduledSource
from veille.pipeline.source_report import sources_status
from veille.pipeline.steps import Pipeline
from veille.sources.registry import build_source
from veille.store import Store

QUERY = (
    "?q=%22Viadeo%22+OR+%22Viadeo+Pro%22+OR+%22r%C3%A9seau+Viadeo%22+-emploi+-offre"
    "&sort=date&lang=fr&region=FR&from=now-1d&format=rss&utm_source=veille&utm_medium=feed"
    "&utm_campaign=surveillance-de-marque-viadeo-2026&client=veille-bot&safe=off&num=100"
)


@pytest.fixture
def postgres_url() -> Iterator[str]:
    yield from _postgres_database()


def test_a_feed_named_by_a_url_longer_than_200_characters_is_polled_and_recorded(
    tmp_path: Path, feeds: FeedServer, postgres_url: str
):
    now = datetime.now(UTC)
    feeds.set(
        "/search/rss",
        rss(
            [
                FeedEntry("Viadeo lance une offre pour les indépendants", "Viadeo.", "https://ex.fr/1", "1"),
                FeedEntry("Le réseau Viadeo recrute", "Viadeo recrute.", "https://ex.fr/2", "2"),
            ]
        ),
    )
    url = feeds.url("/search/rss" + QUERY)
    assert len(url) > 200
    feed = {"type": "rss", "url": url}
    loaded = write_config(tmp_path, database=postgres_url, language="en", sources=[feed])
    store = Store(loaded.database_url())
    store.create_schema()
    config = loaded.config
    (source,) = config.sources
    assert source.key == url  # no name: the feed is known by its URL
    poller = Poller(store, Pipeline(config, store, FixedTone()))
    scheduled = ScheduledSource(build_source(source, loaded, local_fetcher()), 60, "all")
    try:
        first = poller.poll(scheduled)
        again = poller.poll(scheduled, force=True)

        assert first is not None and (first.new_items, first.alerts) == (2, 2)
        assert again is not None and again.new_items == 0
        views = [store.alert_view(entry.alert_id) for entry in store.due_alerts(now)]
        titles = {view.title for view in views if view}
        assert titles == {"Viadeo lance une offre pour les indépendants", "Le réseau Viadeo recrute"}
        assert store.items_per_source(now - timedelta(hours=1)) == {url: 2}
        state = store.source_state(url)
        assert state is not None and state.last_success_at is not None
        assert (state.consecutive_failures, state.items_seen, state.last_error) == (0, 2, None)
        line = next(line for line in sources_status(loaded, store).splitlines() if line.startswith(url))
        assert line.split()[1:4] == ["rss", "🟢", "ok"] and line.split()[5] == "2"
    finally:
        store.close()
