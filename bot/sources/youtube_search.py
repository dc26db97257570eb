"""YouTube Data API v3 `search.list`: the newest videos naming each brand, within the daily quota.

One search per brand (its terms quoted and joined with `|`, YouTube's OR), newest first, with
`publishedAfter` = the newest publication time seen for that search. Each call costs 100 units of
the Google project's daily quota (10,000 by default), which resets at midnight Pacific time: the
units spent today are counted in the cursor, a poll that would go past the quota waits for the
reset instead, and so does a `quotaExceeded` refusal (the project's quota may be shared). The
config check (`quota_problem`) refuses brands × interval that cannot fit the quota. When a burst
outgrows a poll's pages, the unread stretch is kept and read by the next polls with
`publishedBefore` (see `veille.sources.backlog`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from datetime import datetime, time, timedelta
from functools import partial
from typing import Any, ClassVar, Literal
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from pydantic import Field, field_validator

from veille.i18n import Lang, Said, said, t
from veille.model import Item
from veille.sources.api import (
    ApiCursor,
    as_dict,
    as_int,
    as_list,
    check_status,
    iso,
    json_or_none,
    parse_time,
    reset_wait,
)
from veille.sources.backlog import Stretch, TokenPage, read_token_pages
from veille.sources.base import FetchError
from veille.sources.http import HttpResponse
from veille.sources.kind import SourceKind
from veille.sources.search_api import SearchApiSource, distinct, later_time, times_readable
from veille.sources.settings import ApiUrl, EnvName, QuotaProblem, SourceBase
from veille.text.clean import clean_text
from veille.text.durations import format_duration
from veille.text.html import entities_to_text

MAX_TEXT = 20_000
MAX_PAGES = 2  # per search and poll for the newest videos, and as many again for a backlog
SEARCH_COST = 100  # quota units of one search.list call
PACIFIC = ZoneInfo("America/Los_Angeles")
WATCH = "https://www.youtube.com/watch?v="
_VIDEO_ID = re.compile(r"^[A-Za-z0-9_-]{6,20}$")
AUTH_REASONS = frozenset({"keyInvalid", "accessNotConfigured", "forbidden", "ipRefererBlocked", "keyExpired"})
QUOTA_REASONS = frozenset({"quotaExceeded", "dailyLimitExceeded"})
RATE_REASONS = frozenset({"rateLimitExceeded", "userRateLimitExceeded"})


def video_to_item(result: dict[str, Any], source: str) -> Item | None:
    video_id = as_dict(result.get("id")).get("videoId")
    if not isinstance(video_id, str) or not _VIDEO_ID.match(video_id):
        return None
    snippet = as_dict(result.get("snippet"))
    # Search snippets come HTML-escaped (`&#39;`, `&quot;`): text, not markup.
    title = clean_text(entities_to_text(str(snippet.get("title") or ""))).strip()[:1000]
    text = clean_text(entities_to_text(str(snippet.get("description") or ""))).strip()[:MAX_TEXT]
    if not title and not text:
        return None
    channel = snippet.get("channelTitle")
    author = clean_text(entities_to_text(channel)).strip()[:200] if isinstance(channel, str) else ""
    return Item(
        source=source,
        source_type="youtube_search",
        title=title,
        text=text,
        url=f"{WATCH}{video_id}",
        guid=f"yt:video:{video_id}",
        author=author or None,
        published_at=parse_time(snippet.get("publishedAt")),
    )


def brand_query(terms: tuple[str, ...]) -> str:
    """One brand's terms as one search: quoted phrases joined with YouTube's OR (`|`)."""
    cleaned = (" ".join(term.replace('"', " ").replace("|", " ").split()) for term in terms)
    return "|".join(f'"{phrase}"' for phrase in cleaned if phrase)


def quota_day(now: datetime) -> str:
    """The day the quota is counted in: Google resets it at midnight Pacific time."""
    return now.astimezone(PACIFIC).date().isoformat()


def next_quota_reset(now: datetime) -> datetime:
    tomorrow = now.astimezone(PACIFIC).date() + timedelta(days=1)
    return datetime.combine(tomorrow, time(0), PACIFIC)


def distinct_queries(terms: Sequence[tuple[str, ...]]) -> list[str]:
    return distinct(query for brand_terms in terms if (query := brand_query(brand_terms)))


class YoutubeSearchSourceConfig(SourceBase):
    type: Literal["youtube_search"]
    api_url: ApiUrl = "https://www.googleapis.com/youtube/v3"
    key_env: EnvName = "YOUTUBE_API_KEY"
    language: str | None = None  # relevanceLanguage, e.g. "fr"
    daily_quota: int = Field(default=10_000, ge=SEARCH_COST)  # the Google project's units a day

    # 3 brands hourly: 72 searches, 7,200 of the 10,000 units, room left for bursts and checks.
    slowest_default: ClassVar[float] = 3600.0

    @field_validator("language")
    @classmethod
    def _language(cls, value: str | None) -> str | None:
        if value is not None and not re.match(r"^[a-z]{2}(-[A-Za-z]{2,4})?$", value):
            raise said("config.language_code", value=repr(value))
        return value

    def default_key(self) -> str:
        return "youtube_search" if self.language is None else f"youtube_search:{self.language}"

    def missing_secrets(self, environ: Mapping[str, str]) -> tuple[str, ...]:
        return () if environ.get(self.key_env, "").strip() else (self.key_env,)

    def describe(self, lang: Lang) -> str:
        return t("reads.youtube_search", lang, api=self.api_url, env=self.key_env)

    def quota_problem(self, terms: Sequence[tuple[str, ...]], interval: float) -> QuotaProblem | None:
        searches = len(distinct_queries(terms))
        polls = math.ceil(86_400 / interval)
        units = searches * polls * SEARCH_COST
        if units <= self.daily_quota:
            return None
        most_polls = self.daily_quota // (searches * SEARCH_COST)
        shortest = math.ceil(86_400 / most_polls / 60) * 60 if most_polls else 86_400
        return (
            "config.youtube_search.quota",
            {
                "count": searches,
                "interval": format_duration(interval),
                "searches": searches * polls,
                "units": units,
                "quota": self.daily_quota,
                "shortest": format_duration(shortest),
            },
        )


class YoutubeSearchSource(SearchApiSource[YoutubeSearchSourceConfig]):
    type = "youtube_search"

    def prepare(self) -> None:
        self.api_key = self.secret(self.config.key_env)
        self.queries = distinct_queries([terms for _, terms in self.brands])

    @property
    def api_url(self) -> str:
        return self.config.api_url

    def poll(self, cursor: ApiCursor) -> list[Item]:
        if not self.api_key:
            raise FetchError("auth", said("api.youtube_needs_key", setting=self.config.key_env))
        self._spend(cursor, 0)
        return self.read_queries(
            cursor,
            [(query, partial(self._read, cursor, query)) for query in self.queries],
            pages=MAX_PAGES,
            readable=times_readable,
            moved=later_time,
        )

    def _read(
        self, cursor: ApiCursor, query: str, since: str | None, until: str | None, pages: int
    ) -> Stretch:
        """Videos published from `since` until `until` (both included), newest first."""
        page = partial(self._page, cursor, query, since, until)
        return read_token_pages(page, pages, until, order=lambda when: when, stored=iso)

    def _page(
        self, cursor: ApiCursor, query: str, since: str | None, until: str | None, token: str | None
    ) -> TokenPage[datetime] | None:
        """One page of videos and their publication times; None when the quota holds the read back."""
        data = self._search(query, since, until, token, cursor) if self._affordable(cursor) else None
        if data is None:
            return None
        results = [
            (video_to_item(result, self.key), parse_time(as_dict(result.get("snippet")).get("publishedAt")))
            for result in as_list(data.get("items"))
            if isinstance(result, dict)
        ]
        return TokenPage(results, data.get("nextPageToken"))

    def _affordable(self, cursor: ApiCursor) -> bool:
        """Whether one more search fits today's quota; if not, the next polls wait for its reset."""
        if self.waiting(cursor):
            return False
        self._spend(cursor, 0)
        if (as_int(cursor.facts.get("units_used")) or 0) + SEARCH_COST <= self.config.daily_quota:
            return True
        self._wait_for_reset(cursor)
        return False

    def _wait_for_reset(self, cursor: ApiCursor) -> None:
        now = self.clock()
        self.hold(cursor, (next_quota_reset(now) - now).total_seconds())

    def _spend(self, cursor: ApiCursor, units: int) -> None:
        """Units spent today (Pacific time); a new day starts from zero."""
        day = quota_day(self.clock())
        if cursor.facts.get("units_day") != day:
            cursor.facts["units_day"] = day
            cursor.facts["units_used"] = 0
        used = (as_int(cursor.facts.get("units_used")) or 0) + units
        cursor.facts["units_used"] = min(used, self.config.daily_quota)
        cursor.facts["units_max"] = self.config.daily_quota

    def _search(
        self, query: str, since: str | None, until: str | None, token: str | None, cursor: ApiCursor
    ) -> dict[str, Any] | None:
        """One page of results; None when Google says the day's quota is spent."""
        params: dict[str, str | int] = {
            "part": "snippet",
            "type": "video",
            "order": "date",
            "q": query,
            "maxResults": 50,
        }
        if since:
            params["publishedAfter"] = since
        if until:
            params["publishedBefore"] = until
        if self.config.language:
            params["relevanceLanguage"] = self.config.language
        if token:
            params["pageToken"] = token
        params["key"] = self.api_key or ""
        self._spend(cursor, SEARCH_COST)  # spent whatever the answer
        try:
            data, _ = self.get_json(
                f"{self.api_url}/search?{urlencode(params)}", {"Accept": "application/json"}
            )
        except QuotaSpent:
            cursor.facts["units_used"] = self.config.daily_quota
            self._wait_for_reset(cursor)
            return None
        if not isinstance(data, dict) or not isinstance(data.get("items", []), list):
            raise FetchError("invalid", said("api.answer_lacks_list", field="items")).at(self.host)
        return data

    def refused(self, response: HttpResponse) -> None:
        """Google's errors: {"error": {"code", "message", "errors": [{"reason"}]}}."""
        error = as_dict(as_dict(json_or_none(response)).get("error"))
        reasons = {str(e.get("reason")) for e in as_list(error.get("errors")) if isinstance(e, dict)}
        reasons |= {str(d.get("reason")) for d in as_list(error.get("details")) if isinstance(d, dict)}
        message = re.sub(r"<[^>]*>", "", str(error.get("message") or ""))[:200]
        told = f"{self.host}: {message}" if message else f"{self.host}: HTTP {response.status}"
        if reasons & QUOTA_REASONS:
            raise QuotaSpent(said("api.youtube_quota_spent", said=told))
        if reasons & RATE_REASONS:
            wait = reset_wait(response, self.clock()) or 60.0
            raise FetchError(
                "rate_limited", said("api.too_many_requests", said=told, status=response.status), wait
            )
        if reasons & AUTH_REASONS or "API_KEY_INVALID" in reasons or response.status in (401, 403):
            checked = said(
                "api.status_check_setting", said=told, status=response.status, setting=self.config.key_env
            )
            raise FetchError("auth", checked)
        if response.status == 400:
            raise FetchError("invalid", said("api.search_refused_400", said=told))
        check_status(response, self.host, self.clock())


class QuotaSpent(FetchError):
    """Google refused the search for the day's quota: the source waits for the reset."""

    def __init__(self, message: str | Said) -> None:
        super().__init__("rate_limited", message)


YOUTUBE_SEARCH = SourceKind(YoutubeSearchSourceConfig, YoutubeSearchSource.build)
