"""Hacker News through Algolia's `search_by_date`: stories and comments naming each brand.

One search per brand term; the cursor is the newest `created_at_i` seen per brand, so a poll
asks only for what came after it (and a restart resumes there). Algolia sorts newest first only:
when more hits came since the last poll than its pages hold, the unread stretch (after the old
cursor, up to the oldest hit read) is kept in the cursor and read by the next polls with both
bounds in `numericFilters` (see `veille.sources.backlog`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, ClassVar, Literal
from urllib.parse import urlencode

from pydantic import field_validator

from veille.i18n import Lang, said, t
from veille.model import Item
from veille.sources.api import (
    ANSWER,
    ApiCursor,
    as_count,
    as_dict,
    as_int,
    as_list,
    decode_json,
    parse_time,
    text_of,
)
from veille.sources.backlog import Stretch, read_burst
from veille.sources.kind import SourceKind
from veille.sources.search_api import SearchApiSource
from veille.sources.settings import BaseUrl, SourceBase
from veille.text.clean import clean_text
from veille.text.html import html_to_text

ITEM_URL = "https://news.ycombinator.com/item?id="
PAGE_SIZE = 100
MAX_PAGES = 3  # per term and poll for the newest hits, and as many again for an unread backlog


def hit_to_item(hit: dict[str, Any], source: str) -> Item | None:
    object_id = hit.get("objectID")
    if not isinstance(object_id, str | int):
        return None
    raw_tags = hit.get("_tags")
    tags: list[Any] = raw_tags if isinstance(raw_tags, list) else []
    permalink = f"{ITEM_URL}{object_id}"
    reach = {}
    points = as_count(hit.get("points"))
    if points is not None:
        reach["points"] = points
    if "comment" in tags or hit.get("comment_text"):
        story_title = clean_text(text_of(hit.get("story_title"), 1000))
        title = f"Re: {story_title}" if story_title else ""
        text = clean_text(html_to_text(text_of(hit.get("comment_text"), 100_000)))[:20_000]
        url = permalink
    else:
        title = clean_text(text_of(hit.get("title"), 1000))
        text = clean_text(html_to_text(text_of(hit.get("story_text"), 100_000)))[:20_000]
        url = text_of(hit.get("url"), 4000).strip() or permalink
        comments = as_count(hit.get("num_comments"))
        if comments is not None:
            reach["comments"] = comments
    if not title and not text:
        return None
    author = text_of(hit.get("author"), 200) or None
    return Item(
        source=source,
        source_type="hackernews",
        title=title,
        text=text,
        url=url,
        guid=f"hn:{object_id}",
        author=author,
        published_at=parse_time(hit.get("created_at_i")),
        reach=reach,
    )


class HackerNewsSourceConfig(SourceBase):
    """Hacker News stories and comments through Algolia's search, one search per brand term."""

    type: Literal["hackernews"]
    tags: tuple[Literal["story", "comment"], ...] = ("story", "comment")
    api_url: BaseUrl = "https://hn.algolia.com/api/v1"

    default_interval: ClassVar[float | None] = 300.0

    @field_validator("tags")
    @classmethod
    def _tags(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if not value:
            raise said("config.hackernews_tags")
        return value

    def default_key(self) -> str:
        return "hackernews"

    def describe(self, lang: Lang) -> str:
        return t("reads.hackernews", lang, api=self.api_url, tags=", ".join(self.tags))


class HackerNewsSource(SearchApiSource[HackerNewsSourceConfig]):
    type = "hackernews"

    def prepare(self) -> None:
        tags = self.config.tags
        self.tags = tags[0] if len(tags) == 1 else f"({','.join(tags)})"

    @property
    def api_url(self) -> str:
        return self.config.api_url

    def poll(self, cursor: ApiCursor) -> list[Item]:
        # Rebuilt each poll: a query taken out of the config drops its backlog.
        old_backlog, backlog = cursor.backlog, {}
        items: dict[str, Item] = {}
        for brand, terms in self.brands:
            since = as_int(cursor.positions.get(brand))
            newest = since
            for term in terms:
                key = f"{brand}\n{term}"

                def read(low: str | None, high: str | None, pages: int, term: str = term) -> Stretch:
                    return self._read(term, as_int(low), as_int(high), pages)

                found = read_burst(
                    None if since is None else str(since),
                    old_backlog.get(key, []),
                    read,
                    head_pages=MAX_PAGES,
                    backlog_pages=MAX_PAGES,
                    readable=lambda window: all(as_int(bound) is not None for bound in window),
                )
                backlog[key] = found.backlog
                for item in found.items:
                    if item.guid is not None:
                        items.setdefault(item.guid, item)
                top = as_int(found.newest)
                if top is not None and (newest is None or top > newest):
                    newest = top
            if newest is not None:
                cursor.positions[brand] = str(newest)
        cursor.backlog = backlog
        return list(items.values())

    def _read(self, term: str, low: int | None, high: int | None, pages: int) -> Stretch:
        """Hits after `low` and at or before `high` (inclusive: hits of the same second as the
        oldest one read may be on the next page), newest first, `pages` pages at most."""
        filters = [f"created_at_i>{low}"] if low is not None else []
        if high is not None:
            filters.append(f"created_at_i<={high}")
        stretch = Stretch()
        times: list[int] = []
        for page in range(pages):
            params: dict[str, str | int] = {
                "query": term,
                "tags": self.tags,
                "hitsPerPage": PAGE_SIZE,
                "page": page,
            }
            if filters:
                params["numericFilters"] = ",".join(filters)
            response = self.fetcher.get(f"{self.api_url}/search_by_date?{urlencode(params)}")
            stretch.pages += 1
            body = as_dict(decode_json(response, "Hacker News"), ANSWER)
            found = [hit for hit in as_list(body.get("hits"), "hits") if isinstance(hit, dict)]
            for hit in found:
                item = hit_to_item(hit, self.key)
                if item is not None:
                    stretch.items.append(item)
                created = hit.get("created_at_i")
                if isinstance(created, int) and not isinstance(created, bool):
                    times.append(created)
            pages_total = body.get("nbPages")
            if len(found) < PAGE_SIZE or (isinstance(pages_total, int) and page + 1 >= pages_total):
                break
        else:
            if times:  # pages ran out: the rest is at or below the oldest hit read
                oldest = min(times)
                stretch.rest = str(oldest if high is None or oldest < high else high - 1)
        if times:
            stretch.newest = str(max(times))
        return stretch

    def search(self, terms: Sequence[str], since: datetime | None, limit: int) -> list[Item]:
        """Asked live by `/veille search`: the newest stories and comments with these words."""
        params: dict[str, str | int] = {"query": " ".join(terms), "tags": self.tags, "hitsPerPage": limit}
        if since is not None:
            params["numericFilters"] = f"created_at_i>{int(since.timestamp())}"
        response = self.fetcher.get(f"{self.api_url}/search_by_date?{urlencode(params)}")
        body = as_dict(decode_json(response, "Hacker News"), ANSWER)
        hits = as_list(body.get("hits"), "hits")
        found = (hit_to_item(hit, self.key) for hit in hits if isinstance(hit, dict))
        return [item for item in found if item is not None][:limit]


HACKERNEWS = SourceKind(HackerNewsSourceConfig, HackerNewsSource.build)
