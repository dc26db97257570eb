"""Feeds as they are in the wild: every shared feed parses, and fetching is careful."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fakes.feeds import FeedEntry, rss
from tests.fakes.net import local_fetcher
from veille.model import SourceState
from veille.sources.base import FetchError
from veille.sources.feed import FeedSource, parse_feed
from veille.sources.http import HttpLimits


def state(etag: str | None = None, last_modified: str | None = None) -> SourceState:
    return SourceState("s", etag, last_modified, None, None, None, None, None, None, None, 0, None, 0)


def test_every_shared_feed_goes_through_the_parsing_path_without_an_exception_escaping(shared):
    files = [p for p in sorted((shared / "feeds").rglob("*")) if p.is_file()]
    assert len(files) > 100
    parsed = refused = items = 0
    for path in files:
        try:
            found = parse_feed(path.read_bytes(), path.name)
        except FetchError as error:  # "not a feed" is a recorded error, not a crash
            assert error.kind == "invalid"
            refused += 1
            continue
        parsed += 1
        items += len(found)
        for item in found:
            assert item.title or item.text
            assert item.published_at is None or item.published_at.tzinfo is not None
    assert parsed > refused
    assert items > 1000


def test_a_bozo_feed_that_still_carries_entries_is_accepted():
    body = (
        b"\n" + rss([FeedEntry("Viadeo", "texte", "https://ex.fr/1", "1")]).encode()
    )  # newline before <?xml
    items = parse_feed(body, "bozo")
    assert [i.title for i in items] == ["Viadeo"]


def test_google_alerts_links_are_plain_urls_and_titles_plain_text(shared):
    path = shared / "feeds" / "feedjira" / "sample_feeds" / "google_alerts_atom.xml"
    items = parse_feed(path.read_bytes(), "alerts")
    assert items and all("&amp;" not in (i.url or "") for i in items)
    assert all("<b>" not in i.title for i in items)


def test_unescaped_html_in_descriptions_does_not_lose_the_text(shared):
    path = shared / "feeds" / "rss-parser" / "input" / "reddit-atom.rss"
    items = parse_feed(path.read_bytes(), "reddit")
    assert items and all(i.text for i in items)


def test_html_is_not_a_feed():
    with pytest.raises(FetchError) as caught:
        parse_feed(b"<!DOCTYPE html><html><body>Bonjour</body></html>", "page")
    assert "HTML" in caught.value.message


def test_conditional_get_sends_the_validators_back_and_304_means_nothing_new(feeds):
    feeds.set(
        "/f.xml",
        rss([FeedEntry("Viadeo", "x", "https://ex.fr/1", "1")]),
        etag='"abc"',
        last_modified="Sun, 22 Nov 2026 10:00:00 GMT",
    )
    source = FeedSource("f", feeds.url("/f.xml"), local_fetcher())
    first = source.fetch(None)
    assert len(first.items) == 1 and first.etag == '"abc"'
    second = source.fetch(state(first.etag, first.last_modified))
    assert second.not_modified and second.items == []
    headers = feeds.requests_to("/f.xml")[-1].headers
    assert headers["If-None-Match"] == '"abc"'
    assert headers["If-Modified-Since"] == "Sun, 22 Nov 2026 10:00:00 GMT"


def test_the_user_agent_names_veille(feeds):
    feeds.set("/f.xml", rss([]))
    FeedSource("f", feeds.url("/f.xml"), local_fetcher()).fetch(None)
    assert feeds.requests_to("/f.xml")[0].headers["User-Agent"].startswith("Veille/")


def test_a_body_over_the_cap_is_refused(feeds):
    feeds.set("/big.xml", b"<rss>" + b"x" * 200_000 + b"</rss>")
    fetcher = local_fetcher(HttpLimits(max_bytes=100_000))
    with pytest.raises(FetchError) as caught:
        FeedSource("big", feeds.url("/big.xml"), fetcher).fetch(None)
    assert caught.value.kind == "too_large"


def test_a_redirect_loop_is_cut_short(feeds):
    feeds.set("/a", b"", status=302, headers={"Location": "/b"})
    feeds.set("/b", b"", status=302, headers={"Location": "/a"})
    with pytest.raises(FetchError) as caught:
        FeedSource("loop", feeds.url("/a"), local_fetcher(HttpLimits(max_redirects=3))).fetch(None)
    assert caught.value.kind == "redirects"
    assert len(feeds.requests) <= 4


@pytest.mark.parametrize(("status", "kind"), [(401, "auth"), (403, "auth"), (404, "http"), (500, "http")])
def test_http_errors_become_recorded_failures(feeds, status, kind):
    feeds.set("/f.xml", b"nope", status=status)
    with pytest.raises(FetchError) as caught:
        FeedSource("f", feeds.url("/f.xml"), local_fetcher()).fetch(None)
    assert caught.value.kind == kind


def test_429_tells_how_long_to_wait(feeds):
    feeds.set("/f.xml", b"slow down", status=429, headers={"Retry-After": "120"})
    with pytest.raises(FetchError) as caught:
        FeedSource("f", feeds.url("/f.xml"), local_fetcher()).fetch(None)
    assert caught.value.kind == "rate_limited" and caught.value.retry_after == 120


def test_a_server_that_never_answers_times_out(feeds):
    import threading

    feeds.set("/f.xml", rss([]), hold=threading.Event())
    fetcher = local_fetcher(HttpLimits(read_timeout=0.5, connect_timeout=0.5, total_timeout=2))
    with pytest.raises(FetchError) as caught:
        FeedSource("f", feeds.url("/f.xml"), fetcher).fetch(None)
    assert caught.value.kind == "timeout"


def test_local_sample_files_are_read_with_file_urls(tmp_path: Path):
    path = tmp_path / "demo.xml"
    path.write_text(rss([FeedEntry("Netvibes", "x", "https://ex.fr/n", "n")]), encoding="utf-8")
    items = FeedSource("demo", path.as_uri(), local_fetcher()).fetch(None).items
    assert [i.title for i in items] == ["Netvibes"]
    with pytest.raises(FetchError):
        FeedSource("demo", (tmp_path / "missing.xml").as_uri(), local_fetcher()).fetch(None)
