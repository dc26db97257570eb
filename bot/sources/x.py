"""X (Twitter) API v2 recent search: one query per brand, its terms quoted and OR'ed.

The query is `("term one" OR "term two") lang:fr -is:retweet`, cut into several queries when the
terms do not fit the 512 characters the Basic access level allows. Each query keeps the id of the
newest post seen (`since_id` on the next poll). Search lists newest first, paged by `next_token`:
when a burst outgrows a poll's pages, the unread stretch is kept in the cursor and read by the next
polls with `since_id` and `until_id` (see `veille.sources.backlog`).

Two limits are watched. The 15-minute request window: `x-rate-limit-remaining` and
`x-rate-limit-reset` are kept for health, and when none are left the next polls wait for the
reset (a 429 is a rate-limit failure with that wait). The monthly post cap of the project: the
posts read since the cap's reset day are counted in the cursor, polls stop asking once
`monthly_cap` is reached, and a `UsageCapExceeded` answer waits a day before asking again.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from functools import partial
from typing import Any, ClassVar, Literal
from urllib.parse import quote, urlencode

from pydantic import Field, field_validator

from veille.i18n import Lang, said, t
from veille.model import Item
from veille.sources.api import (
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
    post_title,
    reset_wait,
    snowflake_newer,
)
from veille.sources.backlog import Stretch, TokenPage, read_token_pages
from veille.sources.base import FetchError
from veille.sources.http import HttpResponse
from veille.sources.kind import SourceKind
from veille.sources.polite import MAX_SERVER_WAIT
from veille.sources.search_api import SearchApiSource, distinct
from veille.sources.settings import ApiUrl, EnvName, SourceBase
from veille.text.clean import clean_text
from veille.text.html import entities_to_text

MAX_TEXT = 20_000
MAX_PAGES = 5  # per query and poll for the newest posts, and as many again for an unread backlog
MAX_QUERY = 512  # characters in a query on the Basic access level
WEB = "https://x.com"
FIELDS = {
    "tweet.fields": "created_at,lang,public_metrics,author_id",
    "expansions": "author_id",
    "user.fields": "username,name",
}
USAGE_CAPPED = "usage-capped"
_POST_ID = re.compile(r"^\d{1,25}$")
_USERNAME = re.compile(r"^[A-Za-z0-9_]{1,50}$")
_LANG = re.compile(r"^[a-z]{2}$")


class StaleCursor(FetchError):
    """X refuses a `since_id` or `until_id` older than its 7-day search window."""


def post_to_item(post: dict[str, Any], users: dict[str, dict[str, Any]], source: str) -> Item | None:
    post_id = post.get("id")
    if not isinstance(post_id, str) or not _POST_ID.match(post_id):
        return None
    # X escapes &, < and > in post texts: they are text, read back as such.
    text = clean_text(entities_to_text(str(post.get("text") or ""))).strip()[:MAX_TEXT]
    if not text:
        return None
    author_id = post.get("author_id")
    user = users.get(author_id, {}) if isinstance(author_id, str) else {}
    username = user.get("username")
    handle = username if isinstance(username, str) and _USERNAME.match(username) else None
    path = f"{quote(handle)}/status" if handle else "i/web/status"
    lang = post.get("lang")
    reach = counts_of(
        as_dict(post.get("public_metrics")),
        {
            "likes": "like_count",
            "reposts": "retweet_count",
            "replies": "reply_count",
            "quotes": "quote_count",
            "impressions": "impression_count",
        },
        as_count,
    )
    return Item(
        source=source,
        source_type="x",
        title=post_title(text),
        text=text,
        url=f"{WEB}/{path}/{post_id}",
        guid=f"x:{post_id}",
        author=f"@{handle}" if handle else None,
        published_at=parse_time(post.get("created_at")),
        language=lang if isinstance(lang, str) and _LANG.match(lang) else None,
        reach=reach,
    )


def brand_queries(terms: tuple[str, ...], lang: str | None, retweets: bool) -> list[str]:
    """The queries asking for one brand's terms: quoted, OR'ed, as few as fit the length limit."""
    extra = ([f"lang:{lang}"] if lang else []) + ([] if retweets else ["-is:retweet"])
    phrases = [f'"{phrase}"' for term in terms if (phrase := " ".join(term.replace('"', " ").split()))]
    queries: list[str] = []
    group: list[str] = []

    def query(parts: list[str]) -> str:
        ored = " OR ".join(parts)
        return " ".join([f"({ored})" if len(parts) > 1 else ored, *extra])

    for phrase in phrases:
        if group and len(query([*group, phrase])) > MAX_QUERY:
            queries.append(query(group))
            group = []
        group.append(phrase)
    if group:
        queries.append(query(group))
    return [q for q in queries if len(q) <= MAX_QUERY]


def cap_period_start(now: datetime, reset_day: int) -> date:
    """The first day of the monthly cap's current period (it resets on `reset_day`, in UTC)."""
    today = now.astimezone(UTC).date()
    if today.day >= reset_day:
        return today.replace(day=reset_day)
    previous = today.replace(day=1) - timedelta(days=1)
    return previous.replace(day=reset_day)


def next_cap_reset(now: datetime, reset_day: int) -> datetime:
    start = cap_period_start(now, reset_day)
    following = (start.replace(day=1) + timedelta(days=32)).replace(day=reset_day)
    return datetime(following.year, following.month, following.day, tzinfo=UTC)


def _later_id(newest: str | None, since: str | None) -> str | None:
    """A query's next position: the newest post id read when it is past `since`."""
    return newest if newest is not None and snowflake_newer(newest, since) else None


class XSourceConfig(SourceBase):
    type: Literal["x"]
    api_url: ApiUrl = "https://api.x.com"
    token_env: EnvName = "X_BEARER_TOKEN"
    lang: str | None = None  # only posts X tags with this language, e.g. "fr"
    retweets: bool = False  # reposts too (by default `-is:retweet`)
    limit: int = Field(default=100, ge=10, le=100)  # max_results
    monthly_cap: int | None = Field(default=None, ge=1)  # posts a month the plan allows
    cap_reset_day: int = Field(default=1, ge=1, le=28)

    default_interval: ClassVar[float | None] = 900.0  # the rate-limit window

    @field_validator("lang")
    @classmethod
    def _lang(cls, value: str | None) -> str | None:
        if value is not None and not re.match(r"^[a-z]{2,3}$", value):
            raise said("config.language_code", value=repr(value))
        return value

    def default_key(self) -> str:
        return "x" if self.lang is None else f"x:{self.lang}"

    def missing_secrets(self, environ: Mapping[str, str]) -> tuple[str, ...]:
        return () if environ.get(self.token_env, "").strip() else (self.token_env,)

    def describe(self, lang: Lang) -> str:
        return t("reads.x", lang, api=self.api_url, env=self.token_env)


class XSource(SearchApiSource[XSourceConfig]):
    type = "x"

    def prepare(self) -> None:
        self.token = self.secret(self.config.token_env)
        self.queries = distinct(
            query
            for _, terms in self.brands
            for query in brand_queries(terms, self.config.lang, self.config.retweets)
        )

    @property
    def api_url(self) -> str:
        return self.config.api_url

    def poll(self, cursor: ApiCursor) -> list[Item]:
        if not self.token:
            raise FetchError("auth", said("api.x_needs_token", setting=self.config.token_env))
        self._count_posts(cursor, 0)
        return self.read_queries(
            cursor,
            [(query, partial(self._read, cursor, query)) for query in self.queries],
            pages=MAX_PAGES,
            readable=lambda window: all(_POST_ID.match(bound) for bound in window),
            moved=_later_id,
            # Veille was away longer than the search window: the query starts over.
            stale=(StaleCursor,),
        )

    def _read(
        self, cursor: ApiCursor, query: str, since: str | None, until: str | None, pages: int
    ) -> Stretch:
        """Posts newer than `since` and older than `until`, newest first, `pages` pages at most."""
        page = partial(self._page, cursor, query, since, until)
        return read_token_pages(page, pages, until, order=lambda post_id: (len(post_id), post_id), stored=str)

    def _page(
        self, cursor: ApiCursor, query: str, since: str | None, until: str | None, token: str | None
    ) -> TokenPage[str] | None:
        """One page of posts and their ids; None when the limits hold the read back."""
        if self._held(cursor):
            return None
        data = self._search(query, since, until, token, cursor)
        users = {
            str(user["id"]): user
            for user in as_list(as_dict(data.get("includes")).get("users"))
            if isinstance(user, dict) and isinstance(user.get("id"), str)
        }
        posts = [
            post
            for post in as_list(data.get("data"))
            if isinstance(post, dict) and isinstance(post.get("id"), str) and _POST_ID.match(post["id"])
        ]
        results = [(post_to_item(post, users, self.key), str(post["id"])) for post in posts]
        return TokenPage(results, as_dict(data.get("meta")).get("next_token"))

    def _held(self, cursor: ApiCursor) -> bool:
        """Whether the next request must wait: the rate-limit window or the monthly cap is spent."""
        if self.waiting(cursor):
            return True
        cap = self.config.monthly_cap
        read = as_int(cursor.facts.get("posts_read")) or 0
        if cap is not None and read >= cap:
            until = next_cap_reset(self.clock(), self.config.cap_reset_day)
            self.hold(cursor, (until - self.clock()).total_seconds())
            return True
        return False

    def _count_posts(self, cursor: ApiCursor, count: int) -> None:
        """Posts read in the cap's current period (a new period starts from zero)."""
        start = cap_period_start(self.clock(), self.config.cap_reset_day).isoformat()
        if cursor.facts.get("posts_since") != start:
            cursor.facts["posts_since"] = start
            cursor.facts["posts_read"] = 0
        cursor.facts["posts_read"] = (as_int(cursor.facts.get("posts_read")) or 0) + count
        if self.config.monthly_cap is not None:
            cursor.facts["posts_cap"] = self.config.monthly_cap

    def _search(
        self, query: str, since: str | None, until: str | None, token: str | None, cursor: ApiCursor
    ) -> dict[str, Any]:
        params: dict[str, str | int] = {"query": query, "max_results": self.config.limit, **FIELDS}
        if since:
            params["since_id"] = since
        if until:
            params["until_id"] = until
        if token:
            params["next_token"] = token
        headers = {"Authorization": f"Bearer {self.token}", "Accept": "application/json"}
        data, response = self.get_json(f"{self.api_url}/2/tweets/search/recent?{urlencode(params)}", headers)
        if not isinstance(data, dict) or not isinstance(data.get("meta", {}), dict):
            raise FetchError("invalid", said("api.answer_lacks_object", field="meta")).at(self.host)
        self._count_posts(cursor, len(as_list(data.get("data"))))
        remaining = as_int(response.headers.get("x-rate-limit-remaining"))
        reset = as_int(response.headers.get("x-rate-limit-reset"))
        if remaining is not None:
            cursor.facts["rate_remaining"] = remaining
        if reset is not None and 10**9 <= reset < 10**11:
            cursor.facts["rate_reset"] = iso(datetime.fromtimestamp(reset, UTC))
        if remaining == 0:
            self.hold(cursor, self._window_wait(response) or 60.0)
        return data

    def _window_wait(self, response: HttpResponse) -> float | None:
        """Seconds until the request window reopens: `x-rate-limit-reset` (an epoch), else the
        usual headers."""
        reset = as_int(response.headers.get("x-rate-limit-reset"))
        if reset is not None and reset >= 10**9:
            return min(max(1.0, reset - self.clock().timestamp()), MAX_SERVER_WAIT)
        return reset_wait(response, self.clock())

    def refused(self, response: HttpResponse) -> None:
        now = self.clock()
        problem = as_dict(json_or_none(response))
        errors = [e for e in as_list(problem.get("errors")) if isinstance(e, dict)]
        kind = str(problem.get("type") or "")
        detail = str(problem.get("detail") or problem.get("title") or "")
        messages = " ".join(str(e.get("message") or "") for e in errors)[:300]
        if errors and (not detail or response.status == 400):
            detail = messages or detail
        told = f"{self.host}: {detail[:200]}" if detail else f"{self.host}: HTTP {response.status}"
        if kind.endswith(USAGE_CAPPED) or problem.get("title") == "UsageCapExceeded":
            until = next_cap_reset(now, self.config.cap_reset_day)
            capped = said(
                "api.x_cap_reached", said=told, until=f"{until:%Y-%m-%d}", day=self.config.cap_reset_day
            )
            raise FetchError("rate_limited", capped, min((until - now).total_seconds(), MAX_SERVER_WAIT))
        if response.status == 429:
            limited = said("api.x_rate_limited", said=told)
            raise FetchError("rate_limited", limited, self._window_wait(response))
        if response.status == 401:
            raise FetchError("auth", said("api.x_token_refused", said=told, setting=self.config.token_env))
        if response.status == 403:
            raise FetchError("auth", said("api.x_search_not_allowed", said=told))
        named = {str(name) for e in errors for name in as_dict(e.get("parameters"))}
        if response.status == 400 and named & {"since_id", "until_id"}:
            raise StaleCursor("invalid", said("api.x_cursor_past_window", said=told))
        if response.status == 400:
            raise FetchError("invalid", said("api.search_refused_400", said=told))
        check_status(response, self.host, now)


X = SourceKind(XSourceConfig, XSource.build)
