"""A Lemmy instance: `/api/v3/search` for each brand term, posts and comments, newest first.

One request per term and page brings up to `limit` posts and `limit` comments (`type_=All`,
`sort=New`). The cursor of each term is the newest publication time seen; a poll reads pages
while either list is full and still newer than it (`veille.sources.paging`). An instance only
knows the posts its users follow: list the instances where the team's public talks.

A post or comment links to its ActivityPub id (its address on the instance it was written on)
when that address is on its author's instance, else to its copy on the instance searched.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal
from urllib.parse import urlencode, urlsplit

from pydantic import Field

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
    iso,
    json_or_none,
    parse_time,
    text_of,
)
from veille.sources.base import FetchError
from veille.sources.http import HttpResponse
from veille.sources.kind import SourceKind
from veille.sources.paging import CLOCK_SLACK, Page, link_on, read_each_term
from veille.sources.search_api import SearchApiSource
from veille.sources.settings import BaseUrl, SourceBase
from veille.text.clean import clean_text

MAX_TEXT = 20_000
MAX_PAGES = 5  # per term and poll
_RATE_LIMITED = frozenset({"rate_limit_error"})
Kind = Literal["post", "comment"]
_REFUSED = frozenset({"not_logged_in", "instance_is_private", "incorrect_login", "site_ban", "banned"})


def creator_of(view: dict[str, Any]) -> tuple[str | None, str | None]:
    """The author as `@name@instance`, and the host of their instance."""
    creator = as_dict(view.get("creator"))
    name = text_of(creator.get("name"), 100)
    actor = text_of(creator.get("actor_id"), 2000)
    host = urlsplit(actor).hostname if actor.startswith(("http://", "https://")) else None
    if not name:
        return None, host
    return (f"@{name}@{host}" if host else f"@{name}"), host


def view_to_item(view: dict[str, Any], kind: Kind, base: str, source: str) -> Item | None:
    """A `post_view` or `comment_view` of the search answer."""
    thing = as_dict(view.get(kind))
    thing_id = as_int(thing.get("id"))
    if thing_id is None:
        return None
    post_title = clean_text(text_of(as_dict(view.get("post")).get("name"), 1000))
    if kind == "post":
        title, body = post_title, text_of(thing.get("body"), 100_000)
        reach = counts_of(as_dict(view.get("counts")), {"score": "score", "comments": "comments"}, as_count)
    else:
        title, body = (f"Re: {post_title}" if post_title else ""), text_of(thing.get("content"), 100_000)
        reach = counts_of(as_dict(view.get("counts")), {"score": "score", "replies": "child_count"}, as_count)
    # Bodies are Markdown, which Lemmy shows without raw HTML: plain text, kept as written.
    text = clean_text(body)[:MAX_TEXT]
    if not title and not text:
        return None
    author, author_host = creator_of(view)
    return Item(
        source=source,
        source_type="lemmy",
        title=title,
        text=text,
        url=link_on(thing.get("ap_id"), author_host) or f"{base}/{kind}/{thing_id}",
        guid=f"lemmy:{urlsplit(base).netloc}:{kind}:{thing_id}",
        author=author,
        published_at=parse_time(thing.get("published")),
        reach=reach,
    )


class LemmySourceConfig(SourceBase):
    """One Lemmy instance, searched for the brands' terms."""

    type: Literal["lemmy"]
    url: BaseUrl
    limit: int = Field(default=20, ge=1, le=50)

    def default_key(self) -> str:
        return f"lemmy:{urlsplit(self.url).netloc}"

    def describe(self, lang: Lang) -> str:
        return t("reads.lemmy", lang, url=self.url)


class LemmySource(SearchApiSource[LemmySourceConfig]):
    type = "lemmy"

    @property
    def api_url(self) -> str:
        return self.config.url

    def poll(self, cursor: ApiCursor) -> list[Item]:
        ceiling = self.clock() + CLOCK_SLACK
        return read_each_term(
            self.terms, cursor.positions, self._search, parse_time, iso_micro, MAX_PAGES, ceiling
        )

    def _search(self, term: str, page: int) -> Page[datetime]:
        limit = self.config.limit
        params = {"q": term, "type_": "All", "sort": "New", "limit": limit, "page": page}
        data, _ = self.get_json(
            f"{self.api_url}/api/v3/search?{urlencode(params)}", {"Accept": "application/json"}
        )
        body = as_dict(data, ANSWER)
        if "posts" not in body and "comments" not in body:
            raise FetchError("invalid", said("api.answer_lacks_either", one="posts", other="comments")).at(
                self.host
            )
        result: Page[datetime] = Page()
        kinds: tuple[tuple[Kind, str], ...] = (("post", "posts"), ("comment", "comments"))
        for kind, field in kinds:
            views = as_list(body.get(field))
            entries = [
                (published, view_to_item(view, kind, self.api_url, self.key))
                for view in views
                if isinstance(view, dict)
                and (published := parse_time(as_dict(view.get(kind)).get("published"))) is not None
            ]
            result.add_list(entries, limit)
        return result

    def refused(self, response: HttpResponse) -> None:
        """Lemmy names its errors: `{"error": "rate_limit_error"}`."""
        error = text_of(as_dict(json_or_none(response)).get("error"), 100)
        told = f"{self.host}: {error or f'HTTP {response.status}'}"
        if error in _RATE_LIMITED:
            raise FetchError("rate_limited", told)
        if error in _REFUSED or response.status in (401, 403):
            raise FetchError("auth", told)
        check_status(response, self.host, self.clock())


def iso_micro(when: datetime) -> str:
    """A cursor time to the microsecond (Lemmy's own precision), so nothing is read twice."""
    return iso(when) if not when.microsecond else when.isoformat().replace("+00:00", "Z")


LEMMY = SourceKind(LemmySourceConfig, LemmySource.build)
