"""A Discourse forum: searched for each brand term, or read as a firehose of its latest posts.

- `mode = "search"`: `/search.json?q=TERM order:latest` for each term: posts newest first, their
  topics (titles, slugs) listed beside them. The cursor of each term is the highest post id seen;
  a poll reads pages until it reaches it (`veille.sources.paging`).
- `mode = "latest"`: `/posts.json`, the latest posts of the whole forum, paged back with
  `before`, matched locally like a feed's items. The cursor is the highest post id seen; a burst
  bigger than a poll's pages is kept as a stretch to read by the next polls
  (`veille.sources.backlog`).

Links are built from the forum's own address and the post's ids, never taken from the answer. An
API key is optional (a private forum, or a higher rate limit): it is read from the variables the
source names, so one forum's key is never sent to another.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar, Literal
from urllib.parse import quote, urlencode, urlsplit

from pydantic import model_validator

from veille.i18n import Lang, said, t
from veille.model import Item
from veille.sources.api import (
    ANSWER,
    ApiCursor,
    as_count,
    as_dict,
    as_int,
    as_list,
    check_status,
    counts_of,
    json_or_none,
    parse_time,
    text_of,
)
from veille.sources.backlog import Stretch, read_burst
from veille.sources.base import FetchError
from veille.sources.http import HttpResponse
from veille.sources.kind import SourceKind
from veille.sources.paging import Page, read_each_term
from veille.sources.search_api import SearchApiSource
from veille.sources.settings import BaseUrl, EnvName, SourceBase
from veille.text.clean import clean_text
from veille.text.html import entities_to_text, html_to_text

MAX_TEXT = 20_000
MAX_PAGES = 5  # per query and poll (search pages hold 50 posts, /posts.json pages 50 too)
_SLUG = re.compile(r"[^\w-]+")


def post_link(base: str, slug: Any, topic_id: int, post_number: int | None) -> str:
    """`BASE/t/SLUG/TOPIC/NUMBER`; Discourse redirects a wrong slug to the right one, so an odd
    one is reduced to what a slug may hold."""
    cleaned = _SLUG.sub("", text_of(slug, 200)).strip("-") or "topic"
    link = f"{base}/t/{quote(cleaned, safe='-')}/{topic_id}"
    return f"{link}/{post_number}" if post_number is not None and post_number > 0 else link


def post_to_item(post: dict[str, Any], topic: dict[str, Any], base: str, source: str) -> Item | None:
    """A post from search (text in `blurb`, its topic from `topics[]`) or from `/posts.json`
    (text in `cooked` or `raw`, its topic's title and slug on the post itself)."""
    post_id, topic_id = as_int(post.get("id")), as_int(topic.get("id") or post.get("topic_id"))
    if post_id is None or topic_id is None:
        return None
    title = clean_text(text_of(topic.get("title") or post.get("topic_title"), 1000))
    if not title:
        fancy = topic.get("fancy_title") or post.get("topic_html_title")
        title = clean_text(entities_to_text(text_of(fancy, 1000)))
    html = text_of(post.get("blurb" if "blurb" in post else "cooked"), 100_000)
    text = clean_text(html_to_text(html) if html else text_of(post.get("raw"), 100_000))[:MAX_TEXT]
    if not title and not text:
        return None
    number = as_int(post.get("post_number"))
    slug = topic.get("slug") or post.get("topic_slug")
    reach = counts_of(post, {"likes": "like_count", "replies": "reply_count"}, as_count)
    host = urlsplit(base).netloc
    return Item(
        source=source,
        source_type="discourse",
        title=title if number in (None, 1) or not title else f"Re: {title}",
        text=text,
        url=post_link(base, slug, topic_id, number),
        guid=f"discourse:{host}:{post_id}",
        author=text_of(post.get("username"), 200) or None,
        published_at=parse_time(post.get("created_at")),
        reach=reach,
    )


class DiscourseSourceConfig(SourceBase):
    """One Discourse forum, searched for the brands' terms or read whole."""

    type: Literal["discourse"]
    url: BaseUrl
    mode: Literal["search", "latest"] = "search"
    api_key_env: EnvName | None = None
    api_username_env: EnvName | None = None

    default_interval: ClassVar[float | None] = 900.0

    @model_validator(mode="after")
    def _username_needs_a_key(self) -> DiscourseSourceConfig:
        if self.api_username_env and not self.api_key_env:
            raise said("config.discourse_username")
        return self

    def default_key(self) -> str:
        host = urlsplit(self.url).netloc
        return f"discourse:{host}" if self.mode == "search" else f"discourse:{host}:latest"

    def describe(self, lang: Lang) -> str:
        return t(
            "reads.discourse_search" if self.mode == "search" else "reads.discourse_latest",
            lang,
            url=self.url,
        )


class DiscourseSource(SearchApiSource[DiscourseSourceConfig]):
    type = "discourse"

    def prepare(self) -> None:
        self.headers = {"Accept": "application/json"}
        key = self.secret(self.config.api_key_env) if self.config.api_key_env else None
        if key:
            self.headers["Api-Key"] = key
            user = self.secret(self.config.api_username_env) if self.config.api_username_env else None
            if user:
                self.headers["Api-Username"] = user

    @property
    def api_url(self) -> str:
        return self.config.url

    def poll(self, cursor: ApiCursor) -> list[Item]:
        if self.config.mode == "latest":
            return self._latest(cursor)
        return read_each_term(self.terms, cursor.positions, self._search, as_int, str, MAX_PAGES)

    def _search(self, term: str, page: int) -> Page[int]:
        words = f'"{term}"' if " " in term.strip() else term
        params: dict[str, str | int] = {"q": f"{words} order:latest", "page": page}
        data, _ = self.get_json(f"{self.api_url}/search.json?{urlencode(params)}", self.headers)
        body = as_dict(data, ANSWER)
        topics = {
            topic_id: topic
            for topic in as_list(body.get("topics"))
            if isinstance(topic, dict) and (topic_id := as_int(topic.get("id"))) is not None
        }
        entries: list[tuple[int, Item | None]] = []
        for post in as_list(body.get("posts")):
            post_id = as_int(as_dict(post).get("id"))
            if post_id is None:
                continue
            topic = topics.get(as_int(post.get("topic_id")) or -1, {"id": post.get("topic_id")})
            entries.append((post_id, post_to_item(post, topic, self.api_url, self.key)))
        result: Page[int] = Page()
        grouped = as_dict(body.get("grouped_search_result"))
        more = grouped.get("more_full_page_results") or grouped.get("more_posts")
        # Search pages have no fixed size: the page is "full" when Discourse says more follow.
        result.add_list(entries, len(entries) if more else len(entries) + 1)
        return result

    def _latest(self, cursor: ApiCursor) -> list[Item]:
        found = read_burst(
            cursor.positions.get("latest"),
            cursor.backlog.get("latest", []),
            self._read_latest,
            head_pages=MAX_PAGES,
            backlog_pages=MAX_PAGES,
            readable=lambda window: all(bound.isdigit() for bound in window),
        )
        cursor.backlog["latest"] = found.backlog
        if found.newest is not None:
            cursor.positions["latest"] = found.newest
        return found.items

    def _read_latest(self, low: str | None, high: str | None, pages: int) -> Stretch:
        """Posts newer than `low`, at or below `high`, newest first, `pages` pages at most."""
        floor = as_int(low)
        top = as_int(high)
        before = top + 1 if top is not None else None
        stretch = Stretch()
        ids: list[int] = []
        for _ in range(pages):
            query = f"?{urlencode({'before': before})}" if before is not None else ""
            data, _ = self.get_json(f"{self.api_url}/posts.json{query}", self.headers)
            posts = as_list(as_dict(data, ANSWER).get("latest_posts"), "latest_posts")
            stretch.pages += 1
            page_ids: list[int] = []
            for post in posts:
                post_id = as_int(as_dict(post).get("id"))
                if post_id is None or (before is not None and post_id >= before):
                    continue
                page_ids.append(post_id)
                if floor is not None and post_id <= floor:
                    continue
                item = post_to_item(post, {}, self.api_url, self.key)
                if item is not None:
                    stretch.items.append(item)
            ids += page_ids
            if not page_ids or (floor is not None and min(page_ids) <= floor):
                break
            before = min(page_ids)
        else:
            if ids:  # pages ran out before the cursor: the rest is below the oldest post read
                stretch.rest = str(min(ids) - 1)
        if ids:
            stretch.newest = str(max(ids))
        return stretch

    def refused(self, response: HttpResponse) -> None:
        """Discourse explains a refusal in JSON: `error_type` and, for its rate limit, the wait."""
        error = as_dict(json_or_none(response))
        kind = text_of(error.get("error_type"), 100)
        written = "; ".join(text_of(e, 200) for e in as_list(error.get("errors")) if isinstance(e, str))
        told = f"{self.host}: {written or kind or f'HTTP {response.status}'}"
        if response.status == 429 or kind == "rate_limit":
            wait = as_int(as_dict(error.get("extras")).get("wait_seconds"))
            if wait is None:
                check_status(response, self.host, self.clock())
            raise FetchError("rate_limited", told, float(wait) if wait is not None else None)
        if response.status in (401, 403) or kind in ("invalid_access", "not_logged_in"):
            env = self.config.api_key_env
            raise FetchError("auth", said("api.check_setting", said=told, setting=env) if env else told)
        check_status(response, self.host, self.clock())


DISCOURSE = SourceKind(DiscourseSourceConfig, DiscourseSource.build)
