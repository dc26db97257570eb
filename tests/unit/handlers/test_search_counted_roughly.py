"""A search whose count stopped early says "more than" in the reader's language, and still offers
the next page."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from veille.handlers.views.search import render_search
from veille.search.history import Found, Page
from veille.search.request import parse_search

FOUND = [
    Found(f"Google, épisode {n}", f"https://ex.fr/{n}", "blog", datetime(2026, 12, 1, 9, n, tzinfo=UTC))
    for n in range(10)
]


@pytest.mark.parametrize(
    ("lang", "said"),
    [("fr", "résultats 1–10 sur plus de 1\u202f000"), ("en", "results 1–10 of more than 1,000")],
)
def test_a_count_that_stopped_at_the_cap_says_more_than(lang, said):
    heading, blocks = render_search(
        parse_search("the", lang), Page(FOUND, 1000, 0, at_least=True), None, lang, "UTC"
    )

    assert said in heading
    buttons = [e["text"]["text"] for b in blocks if b["type"] == "actions" for e in b["elements"]]
    assert ("Suite" if lang == "fr" else "More") in buttons


def test_an_exact_count_is_said_as_before():
    heading, _ = render_search(parse_search("the", "en"), Page(FOUND, 12, 0), None, "en", "UTC")
    assert "results 1–10 of 12" in heading
    assert "more than" not in heading


@pytest.mark.parametrize(
    ("lang", "count", "said"),
    [
        (
            "fr",
            1,
            "⚠️ 1 élément parmi les plus récents n'a pas encore pu être cherché : la base était occupée.",
        ),
        ("fr", 42, "⚠️ 42 éléments parmi les plus récents n'ont pas encore pu être cherchés : la base"),
        ("en", 1, "⚠️ 1 item among the newest could not be searched yet: the database was busy."),
        ("en", 42, "⚠️ 42 items among the newest could not be searched yet: the database was busy."),
    ],
)
def test_items_the_index_could_not_take_in_first_are_said_not_searched(lang, count, said):
    _, blocks = render_search(
        parse_search("google", lang), Page(FOUND, 10, 0, unsearched=count), None, lang, "UTC"
    )

    notes = [e["text"] for b in blocks if b["type"] == "context" for e in b["elements"]]
    assert len(notes) == 1 and notes[0].startswith(said)


@pytest.mark.parametrize(
    ("typed", "echoed"),
    [
        ("veill* -panne", "🔎 `veill* -panne since:30d` : résultats 1–10 sur 12"),
        ("*rupture* `stock`", "🔎 `*rupture* ˋstockˋ since:30d` : résultats 1–10 sur 12"),
        ("<!channel> panne", "🔎 `&lt;!channel&gt; panne since:30d` : résultats"),
    ],
)
def test_the_search_is_typed_back_as_written_whatever_stars_or_backticks_it_holds(typed, echoed):
    heading, _ = render_search(parse_search(typed, "fr"), Page(FOUND, 12, 0), None, "fr", "UTC")
    assert heading.startswith(echoed)
