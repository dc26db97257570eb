"""A feed reader follows each brand's mentions at /feeds/<brand>.json?token=…: JSON Feed 1.1, the
newest first, only with the right token, cached with an ETag — asked over real HTTP."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.fakes.tone import FixedTone
from veille.config import parse_config
from veille.handlers.feeds import feeds
from veille.handlers.http import HttpServer, routes
from veille.model import Item, Tone
from veille.pipeline.steps import Pipeline
from veille.status import Readiness
from veille.store import Store

TOKEN = "feed-token-0123456789"
HOSTILE = '<script>alert("x")</script> & <b>Viadeo</b>'
CONFIG = parse_config(
    {"veille": {"default_channel": "#veille"}, "brands": [{"name": "Viadeo"}, {"name": "Qonto"}]}, "t.toml"
)


def item(title: str, n: int, hours_ago: int) -> Item:
    return Item(
        source="Tech blog",
        source_type="rss",
        title=title,
        text=f"{title}. Un article de plus.",
        url=f"https://blog.example/{n}",
        guid=str(n),
        author="Zoé",
        published_at=datetime.now(UTC) - timedelta(hours=hours_ago),
    )


@pytest.fixture
def server(store: Store) -> Iterator[str]:
    Pipeline(CONFIG, store, FixedTone(Tone("positive", 0.6, "fr", 0.9))).process(
        [
            item("Viadeo recrute", 1, hours_ago=5),
            item(HOSTILE, 2, hours_ago=1),
            item("Qonto lève des fonds", 3, hours_ago=2),
        ]
    )
    app = routes(lambda: Readiness(()), feeds=feeds(store, ["Viadeo", "Qonto"], TOKEN))
    http = HttpServer(app, "127.0.0.1", 0)
    yield f"http://127.0.0.1:{http.port}"
    http.close()


def get(url: str, **headers: str) -> tuple[int, Any, bytes]:
    """Status, headers (any case) and body."""
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=5) as answer:
            return answer.status, answer.headers, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_a_brand_feed_lists_its_mentions_newest_first_as_json_feed(server: str):
    status, headers, body = get(f"{server}/feeds/Viadeo.json?token={TOKEN}")

    assert status == 200
    assert headers["Content-Type"].startswith("application/feed+json")
    feed: dict[str, Any] = json.loads(body)
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert "Viadeo" in feed["title"]
    assert [i["title"] for i in feed["items"]] == [HOSTILE, "Viadeo recrute"]
    first = feed["items"][0]
    assert first["url"] == "https://blog.example/2"
    assert first["authors"] == [{"name": "Zoé"}] and first["tags"] == ["positive"]
    assert first["_veille"]["tone"] == "positive" and first["_veille"]["score"] == pytest.approx(0.6)
    assert first["_veille"]["source"] == "Tech blog"
    assert first["date_published"].endswith("Z") and first["id"].startswith("veille:mention:")
    assert "content_html" not in first  # a hostile title stays text: nothing is markup
    assert first["content_text"].startswith(HOSTILE)


def test_without_the_right_token_or_for_an_unknown_brand_there_is_no_feed(server: str):
    assert get(f"{server}/feeds/Viadeo.json")[0] == 401
    assert get(f"{server}/feeds/Viadeo.json?token=wrong")[0] == 403
    assert get(f"{server}/feeds/Nobody.json?token={TOKEN}")[0] == 404
    assert get(f"{server}/feeds/qonto.json?token={TOKEN}")[0] == 200


def test_a_reader_that_has_the_feed_gets_304_until_it_changes(server: str):
    _, headers, _ = get(f"{server}/feeds/Viadeo.json?token={TOKEN}")
    assert headers["ETag"] and headers["Last-Modified"].endswith("GMT")

    status, _, body = get(f"{server}/feeds/Viadeo.json?token={TOKEN}", **{"If-None-Match": headers["ETag"]})
    assert (status, body) == (304, b"")
    assert get(f"{server}/feeds/Qonto.json?token={TOKEN}", **{"If-None-Match": headers["ETag"]})[0] == 200


def test_a_brand_with_accents_or_a_slash_in_its_name_has_its_feed(store: Store):
    app = routes(lambda: Readiness(()), feeds=feeds(store, ["Crédit Agricole", "AC/DC"], TOKEN))
    http = HttpServer(app, "127.0.0.1", 0)
    try:
        base = f"http://127.0.0.1:{http.port}/feeds"
        for brand in ("Crédit Agricole", "AC/DC"):
            status, _, body = get(f"{base}/{urllib.parse.quote(brand, safe='')}.json?token={TOKEN}")
            assert status == 200, brand
            assert json.loads(body)["title"] == f"Veille — {brand}"
        assert get(f"{base}/cr%C3%A9dit%20agricole.json?token={TOKEN}")[0] == 200
        assert get(f"{base}/Cr%E9dit%20Agricole.json?token={TOKEN}")[0] == 404  # not UTF-8
    finally:
        http.close()
