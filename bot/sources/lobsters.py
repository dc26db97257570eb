"""Lobsters' newest stories (`newest.json`); the site has no search API, so they are matched
locally like a feed's items."""

from __future__ import annotations

from typing import Any

from veille.model import Item
from veille.sources.api import as_count, as_list, counts_of, decode_json, parse_time, text_of
from veille.sources.base import FetchResult
from veille.sources.http import HttpFetcher
from veille.store import SourceState
from veille.text.clean import clean_text, html_to_text


def story_to_item(story: Any, source: str) -> Item | None:
    if not isinstance(story, dict):
        return None
    title = clean_text(text_of(story.get("title"), 1000))
    plain = text_of(story.get("description_plain"), 40_000)
    text = clean_text(plain or html_to_text(text_of(story.get("description"), 40_000)))[:20_000]
    if not title and not text:
        return None
    submitter = story.get("submitter_user")
    if isinstance(submitter, dict):  # older answers nest the user
        submitter = submitter.get("username")
    reach = counts_of(story, {"points": "score", "comments": "comment_count"}, as_count)
    link = text_of(story.get("url"), 4000).strip() or text_of(story.get("short_id_url"), 4000) or None
    short_id = text_of(story.get("short_id"), 100)
    return Item(
        source=source,
        source_type="lobsters",
        title=title,
        text=text,
        url=link,
        guid=f"lobsters:{short_id}" if short_id else None,
        author=text_of(submitter, 200) or None,
        published_at=parse_time(story.get("created_at")),
        reach=reach,
    )


class LobstersSource:
    type = "lobsters"

    def __init__(self, key: str, fetcher: HttpFetcher, base_url: str = "https://lobste.rs") -> None:
        self.key = key
        self.fetcher = fetcher
        self.url = f"{base_url.rstrip('/')}/newest.json"

    def fetch(self, state: SourceState | None) -> FetchResult:
        headers: dict[str, str] = {}
        if state is not None and state.etag:
            headers["If-None-Match"] = state.etag
        response = self.fetcher.get(self.url, headers)
        if response.status == 304:
            return FetchResult(not_modified=True, etag=state.etag if state else None)
        stories = as_list(decode_json(response, "Lobsters"), "the answer")
        items = [item for item in (story_to_item(s, self.key) for s in stories) if item is not None]
        return FetchResult(items=items, etag=response.headers.get("etag"))
