"""Slack's limits hold whatever the sources send: at most 50 blocks, section text ≤ 3,000
characters, button value ≤ 2,000 — long texts cut at a word with "…", checked by slack_sdk."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from slack_sdk.models.blocks import Block

from veille.handlers.views.search import button_value, read_button_value, render_search
from veille.model import Item
from veille.search.history import Found, Page
from veille.search.live import LiveResults
from veille.search.request import parse_search
from veille.sources.feed import parse_feed


def _longest_shared_items(shared) -> list[Item]:
    items: list[Item] = []
    for path in sorted((shared / "feeds").rglob("*")):
        if path.is_file():
            try:
                items.extend(parse_feed(path.read_bytes(), path.name))
            except Exception:
                continue
    if not items:
        pytest.skip("no readable feed in ../shared/data/feeds")
    return sorted(items, key=lambda i: len(i.title) + len(i.author or "") + len(i.url or ""), reverse=True)


def assert_within_slack_limits(blocks: list[dict[str, Any]]) -> None:
    assert len(blocks) <= 50
    for block in blocks:
        if isinstance(block.get("text"), dict):
            assert len(block["text"]["text"]) <= 3000
        for element in block.get("elements", []):
            assert len(str(element.get("value", ""))) <= 2000
        Block.parse(block).validate_json()  # type: ignore[union-attr]


def test_a_search_answer_built_from_the_longest_shared_items_passes_slack_validation(shared):
    longest = _longest_shared_items(shared)
    found = [
        Found(
            i.title * 3,
            i.url,
            i.source * 5,
            i.published_at or datetime.now(UTC),
            "Viadeo",
            "negative",
            i.author,
        )
        for i in longest[:10]
    ]
    live = LiveResults(
        [Found(i.title * 3, i.url, i.source, i.published_at, live=True) for i in longest[10:40]],
        failed=[i.source * 10 for i in longest[:30]],
    )
    request = parse_search(" ".join(w for i in longest[:200] for w in i.title.split()) + " tone:neg", "fr")
    heading, blocks = render_search(request, Page(found, total=10_000, offset=20), live, "fr", "Europe/Paris")
    assert_within_slack_limits(blocks)
    assert heading.endswith("résultats 21–30 sur 10000")
    assert "…` : " in heading  # the long query is cut at a word

    _, shared_blocks = render_search(request, Page(found, 10, 0), None, "en", "UTC", shared_by="U0PAUL001")
    assert_within_slack_limits(shared_blocks)


def test_a_long_query_full_of_quotes_still_pages_and_shares():
    request = parse_search('viadeo "' + " brand:" + '"' * 990, "fr")
    for offset in (0, 10):
        value = button_value(request, offset)
        assert len(value) <= 2000
        read = read_button_value(value)
        assert read is not None and read[1] == offset and "viadeo" in read[0]
