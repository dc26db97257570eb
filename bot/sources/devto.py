"""DEV (dev.to, or another Forem): the newest articles, matched locally like a feed's items.

`/api/articles/latest?per_page=N&page=P` lists published articles newest first; DEV has no
search API. The cursor is the newest publication time seen, not the newest id: an id is given
when the draft is made, so an article written long ago and published now has an old one. A poll
reads pages while a whole page is newer than the cursor (`veille.sources.paging`). An article's
title, description and tags are matched; its reactions and comments are its reach.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar, Literal
from urllib.parse import urlencode, urlsplit

from pydantic import Field

from veille.i18n import Lang, t
from veille.model import Item
from veille.sources.api import (
    ANSWER,
    ApiCursor,
    as_count,
    as_dict,
    as_int,
    as_list,
    counts_of,
    iso,
    parse_time,
    text_of,
)
from veille.sources.kind import SourceKind
from veille.sources.paging import CLOCK_SLACK, Page, link_on, read_newest
from veille.sources.search_api import SearchApiSource
from veille.sources.settings import ApiUrl, SourceBase
from veille.text.clean import clean_text

MAX_PAGES = 5  # per poll
MAX_TAGS = 10
JSON = {"Accept": "application/json"}


def tags_of(article: dict[str, Any]) -> list[str]:
    """`tag_list` is a list in the listing (a string in some answers), `tags` a string."""
    raw = article.get("tag_list")
    if not isinstance(raw, list):
        raw = text_of(raw if isinstance(raw, str) else article.get("tags"), 1000).split(",")
    tags = (clean_text(tag).lstrip("#").strip() for tag in raw if isinstance(tag, str))
    return [tag for tag in tags if tag][:MAX_TAGS]


def article_to_item(article: dict[str, Any], site: str, source: str) -> Item | None:
    article_id = as_int(article.get("id"))
    if article_id is None:
        return None
    title = clean_text(text_of(article.get("title"), 1000))
    description = clean_text(text_of(article.get("description"), 20_000))
    tags = " ".join(f"#{tag}" for tag in tags_of(article))
    text = f"{description}\n{tags}".strip() if description else tags
    if not title and not text:
        return None
    host = urlsplit(site).hostname
    path = text_of(article.get("path"), 2000)
    url = link_on(article.get("url"), host) or (
        f"{site}{path}" if path[:1] == "/" and path[1:2] != "/" else None
    )
    reach = counts_of(
        article, {"reactions": "positive_reactions_count", "comments": "comments_count"}, as_count
    )
    return Item(
        source=source,
        source_type="devto",
        title=title,
        text=text,
        url=url,
        guid=f"devto:{article_id}",
        author=text_of(as_dict(article.get("user")).get("username"), 200) or None,
        published_at=published(article),
        reach=reach,
    )


def published(article: dict[str, Any]) -> datetime | None:
    return parse_time(article.get("published_at")) or parse_time(article.get("published_timestamp"))


class DevtoSourceConfig(SourceBase):
    """DEV's newest articles, matched locally (DEV has no search API)."""

    type: Literal["devto"]
    api_url: ApiUrl = "https://dev.to/api"
    per_page: int = Field(default=100, ge=1, le=1000)

    default_interval: ClassVar[float | None] = 900.0

    def default_key(self) -> str:
        host = urlsplit(self.api_url).netloc
        return "devto" if host == "dev.to" else f"devto:{host}"

    def describe(self, lang: Lang) -> str:
        return t("reads.devto", lang, api=self.api_url)


class DevtoSource(SearchApiSource[DevtoSourceConfig]):
    type = "devto"

    def prepare(self) -> None:
        parts = urlsplit(self.config.api_url)
        self.site = f"{parts.scheme}://{parts.netloc}"  # where articles live: the API's host

    @property
    def api_url(self) -> str:
        return self.config.api_url

    def poll(self, cursor: ApiCursor) -> list[Item]:
        since = parse_time(cursor.positions.get("published"))
        found = read_newest(self._page, since, MAX_PAGES, self.clock() + CLOCK_SLACK)
        if found.newest is not None:
            cursor.positions["published"] = iso(found.newest)
        return found.items

    def _page(self, page: int) -> Page[datetime]:
        params = {"per_page": self.config.per_page, "page": page}
        data, _ = self.get_json(f"{self.api_url}/articles/latest?{urlencode(params)}", JSON)
        entries = [
            (when, article_to_item(article, self.site, self.key))
            for article in as_list(data, ANSWER)
            if isinstance(article, dict) and (when := published(article)) is not None
        ]
        result: Page[datetime] = Page()
        result.add_list(entries, self.config.per_page)
        return result


DEVTO = SourceKind(DevtoSourceConfig, DevtoSource.build)
