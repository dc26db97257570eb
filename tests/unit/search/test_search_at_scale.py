"""Searching a large history: a word in many items is searched newest first and counted up to a
cap ("more than 1,000"), finding what a rare word's search would; dates are the items' own."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from veille.config import parse_config
from veille.model import Item, Tone
from veille.pipeline.steps import Pipeline
from veille.search.history import search_history
from veille.store import Store

CONFIG = parse_config(
    {"veille": {"default_channel": "#veille"}, "brands": [{"name": "Viadeo"}, {"name": "Netvibes"}]},
    "test.toml",
)
NOW = datetime.now(UTC)
ARTICLES = 60


class ToneOfWords:
    def analyze(self, text: str, declared_language: str | None = None, names: Collection[str] = ()) -> Tone:
        return Tone("negative" if "panne" in text.lower() else "positive", 0.0, "fr", 0.5)


def article(n: int) -> Item:
    """Every article says "le" and names Viadeo; one in three is about an outage, every fourth
    also names Netvibes; they were published an hour apart, the first one the newest."""
    outage = "en panne" if n % 3 == 0 else "en forme"
    other = " avec Netvibes" if n % 4 == 0 else ""
    return Item(
        source="forum" if n % 2 else "blog",
        source_type="rss",
        title=f"Le réseau Viadeo {outage}, épisode {n}",
        text=f"Le service client de Viadeo{other} répond, épisode {n}.",
        url=f"https://ex.fr/{n}",
        guid=f"g{n}",
        published_at=NOW - timedelta(hours=n + 1),
    )


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    store = Store(database_url)
    store.create_schema()
    Pipeline(CONFIG, store, ToneOfWords()).process([article(n) for n in range(ARTICLES)])
    yield store
    store.close()


def test_a_word_in_most_articles_is_found_newest_first_and_counted_up_to_the_cap(store: Store):
    # "le" is in every article: more than `candidates`, so items are read newest first.
    page = search_history(store, "le", candidates=10, count_cap=25)

    assert [found.url for found in page.results] == [f"https://ex.fr/{n}" for n in range(10)]
    assert (page.total, page.at_least) == (25, True)
    further = search_history(store, "le", candidates=10, count_cap=25, offset=50)
    assert [found.url for found in further.results] == [f"https://ex.fr/{n}" for n in range(50, 60)]


def test_a_count_under_the_cap_is_exact(store: Store):
    page = search_history(store, "le", candidates=10, count_cap=1000)
    assert (page.total, page.at_least) == (ARTICLES, False)


@pytest.mark.parametrize(
    ("query", "filters"),
    [
        ("le", {}),
        ("viadeo panne", {}),
        ('"service client"', {}),
        ("reseau viad*", {}),
        ("le", {"tone": "negative"}),
        ("le", {"brand": "netvibes"}),
        ("le", {"source": "forum", "since": NOW - timedelta(hours=30)}),
        ("le", {"source": "rss", "tone": "positive", "brand": "VIADEO"}),
    ],
)
def test_common_and_rare_words_find_the_same_articles_in_the_same_order(
    store: Store, query: str, filters: dict[str, Any]
):
    read_newest_first = search_history(store, query, candidates=0, count_cap=1000, limit=100, **filters)
    from_the_index = search_history(store, query, candidates=1000, limit=100, **filters)

    assert read_newest_first.results == from_the_index.results
    assert read_newest_first.total == from_the_index.total == len(from_the_index.results) > 0


def test_an_article_dated_after_it_was_found_is_listed_when_it_was_found(database_url: str):
    store = Store(database_url)
    store.create_schema()
    future = NOW + timedelta(days=2)
    pipeline = Pipeline(CONFIG, store, ToneOfWords())
    pipeline.process([article(1)])
    before = datetime.now(UTC)
    pipeline.process([replace(article(2), published_at=future)])
    after = datetime.now(UTC)

    page = search_history(store, "viadeo", since=NOW - timedelta(hours=1))

    assert [found.url for found in page.results] == ["https://ex.fr/2"]  # article 1 is 2 hours old
    when = page.results[0].when
    assert when is not None and before <= when <= after
    store.close()


def test_a_long_history_read_newest_first_in_batches_misses_nothing(tmp_path):
    # Beyond one batch of items read newest first; some articles were found long after they were
    # published, so the order by date is not the order they were stored in.
    store = Store(f"sqlite:///{tmp_path / 'veille.db'}")
    store.create_schema()
    pipeline = Pipeline(CONFIG, store, ToneOfWords())
    many = [replace(article(n), published_at=NOW - timedelta(hours=(n * 7) % 900)) for n in range(900)]
    pipeline.process(many)

    read_newest_first = search_history(store, "le panne", candidates=0, count_cap=1000, limit=400)
    from_the_index = search_history(store, "le panne", candidates=10_000, limit=400)

    assert len(from_the_index.results) == 300
    assert read_newest_first.results == from_the_index.results
    assert read_newest_first.total == from_the_index.total == 300
    deep = search_history(store, "le", candidates=0, count_cap=100, offset=600, limit=10)
    assert [f.url for f in deep.results] == [f.url for f in search_history(store, "le", offset=600).results]
    store.close()


@pytest.mark.parametrize("candidates", [10, 10_000])  # read newest first, or from the index
def test_a_more_button_forged_with_a_huge_page_number_answers_an_empty_page(store: Store, candidates: int):
    # Someone replays the "More" button with an offset past the database's integers.
    for offset in (2**63, 10**30):
        page = search_history(store, "viadeo", candidates=candidates, offset=offset)
        assert (page.results, page.total) == ([], ARTICLES)


def test_a_negative_page_number_starts_from_the_newest(store: Store):
    page = search_history(store, "viadeo", offset=-5)
    assert [found.url for found in page.results] == [f"https://ex.fr/{n}" for n in range(10)]


def test_a_brand_or_source_filter_with_a_nul_character_finds_what_it_names(store: Store):
    # Slack lets "\u0000" through; PostgreSQL refuses it in any text it is given.
    assert search_history(store, "panne", brand="Netvi\x00bes").total == 5
    assert search_history(store, "panne", source="fo\x00rum").total == 10
