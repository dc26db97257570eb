"""Lobsters' newest stories (`newest.json`); the site has no search API, so they are matched
locally like a feed's items."""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from veille.i18n import Lang
from veille.model import Item, SourceState
from veille.sources.api import ANSWER, as_count, as_list, counts_of, decode_json, parse_time, text_of
from veille.sources.base import FetchResult
from veille.sources.kind import SourceKind
from veille.sources.search_api import SearchApiSource
from veille.sources.settings import BaseUrl, SourceBase
from veille.text.clean import clean_text
from veille.text.html import html_to_text


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


class LobstersSourceConfig(SourceBase):
    """Lobsters' newest stories, matched locally (the site has no search API)."""

    type: Literal["lobsters"]
    base_url: BaseUrl = "https://lobste.rs"

    default_interval: ClassVar[float | None] = 1800.0

    def default_key(self) -> str:
        return "lobsters"

    def describe(self, lang: Lang) -> str:
        return f"{self.base_url}/newest.json"


class LobstersSource(SearchApiSource[LobstersSourceConfig]):
    """Not a cursor but the listing's ETag: an unchanged page costs nothing."""

    type = "lobsters"

    @property
    def api_url(self) -> str:
        return self.config.base_url

    def fetch(self, state: SourceState | None) -> FetchResult:
        headers: dict[str, str] = {}
        if state is not None and state.etag:
            headers["If-None-Match"] = state.etag
        response = self.fetcher.get(f"{self.api_url}/newest.json", headers)
        if response.status == 304:
            return FetchResult(not_modified=True, etag=state.etag if state else None)
        stories = as_list(decode_json(response, "Lobsters"), ANSWER)
        items = [item for item in (story_to_item(s, self.key) for s in stories) if item is not None]
        return FetchResult(items=items, etag=response.headers.get("etag"))


LOBSTERS = SourceKind(LobstersSourceConfig, LobstersSource.build)
