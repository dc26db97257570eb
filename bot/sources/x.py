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
from typing import Any, ClassVar, Literal
from urllib.parse import quote, urlencode

from pydantic import Field, field_validator

from veille.model import Item
from veille.sources.api import (
    ApiCursor,
    as_count,
    as_dict,
    as_int,
    as_list,
    check_status,
    iso,
    json_or_none,
    parse_time,
    post_title,
    reset_wait,
    snowflake_newer,
)
from veille.sources.backlog import BurstRead, ReadRange, Stretch, read_burst
from veille.sources.base import FetchError
from veille.sources.http import HttpResponse
from veille.sources.kind import SourceKind
from veille.sources.polite import MAX_SERVER_WAIT
from veille.sources.search_api import SearchApiSource
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
    metrics = as_dict(post.get("public_metrics"))
    reach = {
        name: count
        for name, field in (
            ("likes", "like_count"),
            ("reposts", "retweet_count"),
            ("replies", "reply_count"),
            ("quotes", "quote_count"),
            ("impressions", "impression_count"),
        )
        if (count := as_count(metrics.get(field))) is not None
    }
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
            raise ValueError(f'{value!r} is not a language code: use two letters, e.g. "fr"')
        return value

    def default_key(self) -> str:
        return "x" if self.lang is None else f"x:{self.lang}"

    def missing_secrets(self, environ: Mapping[str, str]) -> tuple[str, ...]:
        return () if environ.get(self.token_env, "").strip() else (self.token_env,)

    def describe(self) -> str:
        return f"tweets/search/recent for the brands' terms ({self.api_url}, token in ${self.token_env})"


class XSource(SearchApiSource[XSourceConfig]):
    type = "x"

    def prepare(self) -> None:
        self.token = self.secret(self.config.token_env)
        seen: set[str] = set()
        self.queries: list[str] = []
        for _, terms in self.brands:
            for query in brand_queries(terms, self.config.lang, self.config.retweets):
                if query.casefold() not in seen:
                    seen.add(query.casefold())
                    self.queries.append(query)

    @property
    def api_url(self) -> str:
        return self.config.api_url

    def poll(self, cursor: ApiCursor) -> list[Item]:
        if not self.token:
            raise FetchError(
                "auth",
                f"X needs a bearer token: set {self.config.token_env} in the environment"
                " (developer console → your app → Keys and tokens → Bearer token)",
            )
        self._count_posts(cursor, 0)
        old_backlog, backlog = cursor.backlog, {}
        items: list[Item] = []
        seen: set[str] = set()
        for query in self.queries:
            since = cursor.positions.get(query)

            def read(low: str | None, high: str | None, pages: int, query: str = query) -> Stretch:
                return self._read(query, low, high, pages, cursor)

            try:
                found = self._burst(since, old_backlog.get(query, []), read)
            except StaleCursor:
                # Veille was away longer than the search window: start this query over.
                since = None
                cursor.positions.pop(query, None)
                found = self._burst(None, [], read)
            backlog[query] = found.backlog
            for item in found.items:
                if item.guid and item.guid not in seen:
                    seen.add(item.guid)
                    items.append(item)
            if found.newest is not None and snowflake_newer(found.newest, since):
                cursor.positions[query] = found.newest
        cursor.backlog = backlog
        return items

    @staticmethod
    def _burst(since: str | None, backlog: list[tuple[str, str]], read: ReadRange) -> BurstRead:
        return read_burst(
            since,
            backlog,
            read,
            head_pages=MAX_PAGES,
            backlog_pages=MAX_PAGES,
            readable=lambda window: all(_POST_ID.match(bound) for bound in window),
        )

    def _read(
        self, query: str, since: str | None, until: str | None, pages: int, cursor: ApiCursor
    ) -> Stretch:
        """Posts newer than `since` and older than `until`, newest first, `pages` pages at most."""
        stretch = Stretch()
        newest: str | None = None
        oldest: str | None = None
        token: str | None = None
        for _ in range(pages):
            if self._held(cursor):
                break
            data = self._search(query, since, until, token, cursor)
            stretch.pages += 1
            users = {
                str(user["id"]): user
                for user in as_list(as_dict(data.get("includes")).get("users"))
                if isinstance(user, dict) and isinstance(user.get("id"), str)
            }
            for post in as_list(data.get("data")):
                post_id = post.get("id") if isinstance(post, dict) else None
                if not isinstance(post, dict) or not isinstance(post_id, str) or not _POST_ID.match(post_id):
                    continue
                # The cursor moves past a post Veille cannot use too: it is not asked for again.
                if snowflake_newer(post_id, newest):
                    newest = post_id
                if oldest is None or snowflake_newer(oldest, post_id):
                    oldest = post_id
                item = post_to_item(post, users, self.key)
                if item is not None:
                    stretch.items.append(item)
            next_token = as_dict(data.get("meta")).get("next_token")
            token = next_token if isinstance(next_token, str) and next_token else None
            if token is None:
                break
        if token is not None or (stretch.pages == 0 and until is not None):
            # Pages ran out (or the limits held the read back): what is older is read later.
            stretch.rest = oldest or until
        stretch.newest = newest
        return stretch

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
            raise FetchError("invalid", f"{self.host}: the search answer is not an object with meta")
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
        said = f"{self.host}: {detail[:200]}" if detail else f"{self.host}: HTTP {response.status}"
        if kind.endswith(USAGE_CAPPED) or problem.get("title") == "UsageCapExceeded":
            until = next_cap_reset(now, self.config.cap_reset_day)
            raise FetchError(
                "rate_limited",
                f"{said}: the project's monthly post cap is reached (it resets on"
                f" {until:%Y-%m-%d} if cap_reset_day = {self.config.cap_reset_day}); asking again in a day",
                min((until - now).total_seconds(), MAX_SERVER_WAIT),
            )
        if response.status == 429:
            raise FetchError(
                "rate_limited", f"{said}: rate limit reached, asked to wait", self._window_wait(response)
            )
        if response.status == 401:
            raise FetchError("auth", f"{said}: the bearer token was refused: check {self.config.token_env}")
        if response.status == 403:
            raise FetchError(
                "auth", f"{said} (HTTP 403: the app's access level or project does not allow search)"
            )
        named = {str(name) for e in errors for name in as_dict(e.get("parameters"))}
        if response.status == 400 and named & {"since_id", "until_id"}:
            raise StaleCursor("invalid", f"{said} (HTTP 400: the cursor is past the search window)")
        if response.status == 400:
            raise FetchError("invalid", f"{said} (HTTP 400: the search was refused)")
        check_status(response, self.host, now)


X = SourceKind(XSourceConfig, XSource.build)
