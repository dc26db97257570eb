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
