"""What `/veille search` finds in the stored history, on SQLite (FTS5) and PostgreSQL (full text):
every word, "phrases" in order, `prefix*`, accents and case folded, filters, newest first."""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from tests.rigs import release_0_1
from veille.config import parse_config
from veille.model import Item, Tone
from veille.pipeline.steps import Pipeline
from veille.search.history import search_history
from veille.store import Store, items

CONFIG = parse_config(
    {"veille": {"default_channel": "#veille"}, "brands": [{"name": "Viadeo"}, {"name": "Netvibes"}]},
    "test.toml",
)
NOW = datetime.now(UTC)


class FixedTone:
    def analyze(self, text: str, declared_language: str | None = None, names: Collection[str] = ()) -> Tone:
        return Tone("negative" if "panne" in text.lower() else "neutral", 0.0, "fr", 0.5)


def post(n: int, title: str, text: str, source: str = "blog", hours_ago: float = 1) -> Item:
    return Item(
        source=source,
        source_type="rss",
        title=title,
        text=text,
        url=f"https://ex.fr/{n}",
        guid=f"g{n}",
        author="Élodie Dupré",
        published_at=NOW - timedelta(hours=hours_ago),
    )


@pytest.fixture
def store(database_url: str):
    store = Store(database_url)
    store.create_schema()
    Pipeline(CONFIG, store, FixedTone()).process(
        [
            post(
                1, "Viadeo et la Société Générale", "Un partenariat entre Viadeo et la banque.", hours_ago=5
            ),
            post(
                2, "Panne générale chez Viadeo", "Le site Viadeo est en PANNE.", source="forum", hours_ago=3
            ),
            post(3, "Netvibes veille sur vos flux", "Netvibes, outil de veille, revient.", hours_ago=2),
            post(4, "Viadeo: société à suivre", "Générale impression: Viadeo progresse.", hours_ago=80),
        ]
    )
    yield store
    store.close()


def titles(store: Store, query: str, **filters) -> list[str]:
    return [found.title for found in search_history(store, query, **filters).results]


def test_words_are_found_anywhere_accents_and_case_folded(store):
    assert titles(store, "SOCIETE generale") == ["Viadeo et la Société Générale", "Viadeo: société à suivre"]
    assert titles(store, "elodie dupre netvibes") == ["Netvibes veille sur vos flux"]  # the author counts


def test_a_phrase_keeps_its_word_order_and_a_star_finds_a_prefix(store):
    assert titles(store, '"société générale"') == ["Viadeo et la Société Générale"]
    assert titles(store, "veill*") == ["Netvibes veille sur vos flux"]


def test_or_finds_either_term_as_in_a_brand_query(store):
    either = ["Netvibes veille sur vos flux", "Panne générale chez Viadeo"]
    assert titles(store, "netvibes OR panne") == either
    assert titles(store, "netvibes OU panne") == either
    assert titles(store, "(netvibes OR panne) viadeo") == ["Panne générale chez Viadeo"]
    assert titles(store, "netvibes or panne") == []  # in lower case, "or" is a word to find
    assert titles(store, "« société générale » OR “netvibes”") == [
        "Netvibes veille sur vos flux",
        "Viadeo et la Société Générale",
    ]


def test_a_minus_or_not_leaves_out_the_items_that_have_a_word_or_a_phrase(store):
    without_panne = ["Viadeo et la Société Générale", "Viadeo: société à suivre"]
    assert titles(store, "viadeo -panne") == without_panne
    assert titles(store, "viadeo NOT panne") == without_panne
    assert titles(store, "viadeo SAUF panne") == without_panne
    assert titles(store, 'viadeo -"société générale"') == [
        "Panne générale chez Viadeo",
        "Viadeo: société à suivre",
    ]
    assert titles(store, "-viadeo") == ["Netvibes veille sur vos flux"]  # alone: everything else
    assert search_history(store, "-viadeo").total == 1
    # Common words are tested on the newest items in batches: the exclusion holds there too.
    assert titles(store, "viadeo -panne", candidates=1) == without_panne


def test_filters_narrow_by_period_tone_source_and_brand(store):
    assert len(titles(store, "viadeo")) == 3
    assert titles(store, "viadeo", since=NOW - timedelta(hours=24)) == [
        "Panne générale chez Viadeo",
        "Viadeo et la Société Générale",
    ]
    assert titles(store, "viadeo", tone="negative") == ["Panne générale chez Viadeo"]
    assert titles(store, "", source="forum") == ["Panne générale chez Viadeo"]
    assert titles(store, "veille", brand="netvibes") == ["Netvibes veille sur vos flux"]


def test_punctuation_and_query_syntax_typed_by_a_person_never_break_the_search(store):
    for query in [
        '"',
        "viadeo AND",
        "NEAR(",
        "*",
        "'; DROP TABLE items; --",
        "(viadeo",
        "viadeo:",
        "-viadeo",
        "search_text:viadeo",
        "viadeo NEAR(a b)",
        "^",
        "a & b | !c",
        "l'été:*",
    ]:
        search_history(store, query)  # no exception, whatever it finds
    # FTS5 and to_tsquery syntax around a word is read as punctuation: the word is still searched
    for query in [
        "^viadeo",
        "viadeo & !",
        "'viadeo'",
        "viadeo:*",
        "viadeo |",
    ]:
        assert len(titles(store, query)) == 3, query


def test_a_site_name_an_address_or_a_version_is_found_by_its_words_on_both_back_ends(database_url):
    # PostgreSQL's parser keeps "viadeo.com", "contact@netvibes.fr" and "2.5" as single tokens,
    # so neither "viadeo" nor "viadeo.com" found them there, while SQLite FTS5 did.
    store = Store(database_url)
    store.create_schema()
    Pipeline(CONFIG, store, FixedTone()).process(
        [post(7, "Annonce sur viadeo.com", "Écrire à contact@exemple.fr, version 2.5 du /chemin/viadeo")]
    )
    for query in ["viadeo", "viadeo.com", "exemple", "contact@exemple.fr", "2.5", "chemin"]:
        assert titles(store, query) == ["Annonce sur viadeo.com"], query
    store.close()


def test_items_stored_before_full_text_search_existed_are_found_after_an_upgrade(database_url):
    store = Store(database_url)
    inserted = release_0_1.build(store.engine)  # a Veille 0.1 database
    with store.engine.begin() as conn:  # from before search_text was filled
        conn.execute(update(items).values(search_text=None))
    store.close()

    upgraded = Store(database_url)
    upgraded.create_schema()
    titled = [i for i in inserted["items"] if "Société" in i["title"] and i["duplicate_of"] is None]
    assert search_history(upgraded, "societe", limit=1).total == len(titled) > 0
    upgraded.close()


def test_an_article_about_two_watched_brands_is_one_result_naming_both(database_url):
    store = Store(database_url)
    store.create_schema()
    try:
        Pipeline(CONFIG, store, FixedTone()).process(
            [
                post(1, "Viadeo rachète Netvibes", "Viadeo et Netvibes, un rachat surprise.", hours_ago=2),
                post(2, "Netvibes change de logo", "Le logo de Netvibes évolue.", hours_ago=1),
            ]
        )
        page = search_history(store, "netvibes")
        assert [(f.title, f.brand) for f in page.results] == [
            ("Netvibes change de logo", "Netvibes"),
            ("Viadeo rachète Netvibes", "Viadeo, Netvibes"),
        ]
        assert page.total == 2
        assert [f.brand for f in search_history(store, "rachat", brand="viadeo").results] == ["Viadeo"]
        assert search_history(store, "rachat", tone="negative").total == 0
    finally:
        store.close()
