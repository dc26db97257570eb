"""The TOML configuration, validated into typed objects.

Everything but secrets lives in the file; secrets come from the environment only. A problem is
reported as `ConfigError(file, key, problem)` and the bot refuses to start.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from veille.text.durations import parse_duration

SOURCE_TYPES: tuple[str, ...] = (
    "rss",
    "google_news",
    "google_alerts",
    "youtube",
    "hackernews",
    "reddit",
    "lobsters",
    "mastodon",
    "bluesky",
    "stackexchange",
    "github",
)
SECRET_KEYS = frozenset(
    {"token", "bot_token", "app_token", "signing_secret", "password", "app_password", "secret", "api_key"}
)
MIN_INTERVAL = 1.0


class ConfigError(Exception):
    """A configuration problem: which file, which key, what is wrong."""

    def __init__(self, file: str, key: str, problem: str) -> None:
        super().__init__(f"{file}: {key}: {problem}" if key else f"{file}: {problem}")
        self.file = file
        self.key = key
        self.problem = problem


def _duration(value: object) -> float:
    seconds = parse_duration(value)
    if seconds < MIN_INTERVAL:
        raise ValueError(f"{value!r} is too short: use at least {MIN_INTERVAL:g} second")
    return seconds


def _jitter(value: object) -> float:
    seconds = parse_duration(value)
    if seconds < 0:
        raise ValueError("must not be negative")
    return seconds


Duration = Annotated[float, BeforeValidator(_duration)]
Jitter = Annotated[float, BeforeValidator(_jitter)]

Backlog = int | Literal["all", "since_start"]
"""What the first poll of a new source alerts: the newest N matching items, all, or only items
published after the bot started."""


def _backlog(value: object) -> object:
    if isinstance(value, bool):
        raise ValueError('expected a number of items, "all" or "since_start"')
    if isinstance(value, int):
        if value < 0:
            raise ValueError("must be 0 or more")
        return value
    if value in ("all", "since_start"):
        return value
    raise ValueError(f'{value!r}: expected a number of items, "all" or "since_start"')


BacklogField = Annotated[Backlog, BeforeValidator(_backlog)]

_CHANNEL_NAME = re.compile(r"^#?[a-z0-9][a-z0-9_\-\u00e0-\u00ff]{0,79}$")
_CHANNEL_ID = re.compile(r"^[CGD][A-Z0-9]{6,}$")


def normalize_channel(value: str) -> str:
    value = value.strip()
    if _CHANNEL_ID.match(value):
        return value
    if not _CHANNEL_NAME.match(value):
        raise ValueError(
            f'{value!r} is not a Slack channel: use a name like "#veille-marque" (lower case, no spaces)'
            ' or a channel id like "C0123ABCD"'
        )
    return value if value.startswith("#") else f"#{value}"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class GeneralConfig(_Strict):
    language: Literal["fr", "en"] = "fr"
    timezone: str = "Europe/Paris"
    database: str = "veille.db"
    default_channel: str | None = None
    notify_channel: str | None = None
    poll_interval: Duration = 600.0
    jitter: Jitter = 30.0
    backlog: BacklogField = 5

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f'unknown timezone {value!r}: use an IANA name such as "Europe/Paris"') from None
        return value

    @field_validator("default_channel", "notify_channel")
    @classmethod
    def _channel(cls, value: str | None) -> str | None:
        return None if value is None else normalize_channel(value)

    @field_validator("database")
    @classmethod
    def _database(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must name a SQLite file or a database URL")
        return value.strip()


TERM_WEIGHT_LIMIT = 3.0


class ToneConfig(_Strict):
    positive: float = Field(default=0.1, ge=-1.0, le=1.0)
    negative: float = Field(default=-0.1, ge=-1.0, le=1.0)
    # The team's own words: a weight from -3 (strongly negative) to 3 (strongly positive).
    terms: dict[str, float] = Field(default_factory=dict)

    @field_validator("terms", mode="before")
    @classmethod
    def _terms(cls, value: object) -> object:
        if not isinstance(value, dict):
            raise _KeyedError("tone.terms", "expected a table of words and weights, e.g. killer = 2")
        for term, weight in value.items():
            key = f"tone.terms.{term}"
            if not str(term).strip():
                raise _KeyedError("tone.terms", "a term is empty")
            if isinstance(weight, bool) or not isinstance(weight, int | float):
                raise _KeyedError(key, f"{weight!r} is not a number: use a weight from -3 to 3")
            if not -TERM_WEIGHT_LIMIT <= weight <= TERM_WEIGHT_LIMIT:
                raise _KeyedError(key, f"{weight} is out of range: use a weight from -3 to 3")
        return value

    @model_validator(mode="after")
    def _ordered(self) -> ToneConfig:
        if self.negative >= self.positive:
            raise ValueError(f"negative ({self.negative}) must be below positive ({self.positive})")
        return self


_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")
_GROUP_ID = re.compile(r"^S[A-Z0-9]{2,}$")


class SlackConfig(_Strict):
    mode: Literal["auto", "socket", "http"] = "auto"
    http_host: str = "0.0.0.0"
    http_port: int = Field(default=3000, ge=0, le=65535)
    admins: tuple[str, ...] = ()  # who may mute and exclude from Slack (empty: everybody)
    admin_group: str | None = None  # or the members of this user group

    @field_validator("admins")
    @classmethod
    def _admins(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for user in value:
            if not _USER_ID.match(user):
                raise ValueError(f'{user!r} is not a Slack user id: use an id like "U0123ABCD"')
        return value

    @field_validator("admin_group")
    @classmethod
    def _group(cls, value: str | None) -> str | None:
        if value is not None and not _GROUP_ID.match(value):
            raise ValueError(f'{value!r} is not a Slack user group id: use an id like "S0123ABCD"')
        return value


class RoutingConfig(_Strict):
    escalation_channel: str | None = None  # where negative mentions also (or instead) go
    negative: Literal["also", "instead"] = "also"
    here_above_reach: int | None = Field(default=None, ge=1)  # @here in the escalation channel above this

    @field_validator("escalation_channel")
    @classmethod
    def _channel(cls, value: str | None) -> str | None:
        return None if value is None else normalize_channel(value)


_LOCAL_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
WEEKDAYS: tuple[str, ...] = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_JOURS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


def _local_time(value: str) -> str:
    match = _LOCAL_TIME.match(value.strip()) if isinstance(value, str) else None
    if match is None:
        raise ValueError(f'{value!r} is not a time of day: use 24-hour HH:MM such as "08:30"')
    return f"{int(match.group(1)):02d}:{match.group(2)}"


class ReportsConfig(_Strict):
    """The daily and weekly summaries (issue 6)."""

    daily: tuple[str, ...] = ("08:30",)  # local times (veille.timezone); empty: no daily summary
    weekly: str | None = "monday 09:00"  # local day and time; None or "": no weekly summary
    chart: bool = True  # attach a PNG chart of the last 14 days to the daily summary
    nothing_today: bool = True  # post a short "nothing today" summary (False: post nothing)
    grace: Duration = 6 * 3600.0  # a summary missed while down is posted at start within this

    @field_validator("daily")
    @classmethod
    def _times(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(sorted({_local_time(v) for v in value}))

    @field_validator("weekly")
    @classmethod
    def _weekly(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        parts = value.strip().lower().split()
        if len(parts) == 2 and parts[0] in _JOURS:  # a French team writes "lundi 09:00"
            parts[0] = WEEKDAYS[_JOURS.index(parts[0])]
        if len(parts) != 2 or parts[0] not in WEEKDAYS:
            raise ValueError(f'{value!r}: use a weekday and a time such as "monday 09:00" or "lundi 09:00"')
        return f"{parts[0]} {_local_time(parts[1])}"


class SpikesConfig(_Strict):
    """Spike alerts: a brand's hourly volume, or its negative share, far above usual (issue 6)."""

    enabled: bool = True
    sensitivity: Literal["low", "medium", "high"] = "medium"
    min_volume: int = Field(default=5, ge=1)  # mentions in the hour below which nothing is a spike
    min_negative: int = Field(default=3, ge=1)  # negative mentions in the hour for a tone alert
    cooldown: Duration = 3 * 3600.0  # after an alert, the same brand gets no other of that kind
    check_every: Duration = 300.0


class BrandConfig(_Strict):
    name: str
    terms: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    channel: str | None = None
    query: str | None = None  # the query language (veille.matching.query), instead of terms
    context: tuple[str, ...] = ()  # one of these words must be near the brand's words
    context_window: int = Field(default=15, ge=1, le=200)  # how near, in words

    @field_validator("query")
    @classmethod
    def _query(cls, value: str | None) -> str | None:
        from veille.matching.query import QueryError, parse_query

        if value is None:
            return None
        try:
            parse_query(value)
        except QueryError as error:
            raise ValueError(error.describe(value, "en")) from None
        return value.strip()

    @field_validator("context")
    @classmethod
    def _context(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return _literal_terms(value)

    @model_validator(mode="after")
    def _query_or_terms(self) -> BrandConfig:
        if self.query is not None and self.terms:
            raise ValueError(
                f"brand {self.name!r} has both terms and query: keep one (a query can say"
                ' "a OR b" for several terms)'
            )
        return self

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("a brand needs a name")
        return value.strip()

    @field_validator("terms", "exclude")
    @classmethod
    def _terms(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for term in value:
            if not term.strip() or not any(ch.isalnum() for ch in term):
                raise ValueError(f"{term!r} is empty: each term needs at least one letter or digit")
        return _literal_terms(value)

    @field_validator("channel")
    @classmethod
    def _channel(cls, value: str | None) -> str | None:
        return None if value is None else normalize_channel(value)

    @property
    def search_terms(self) -> tuple[str, ...]:
        return self.terms or (self.name,)


def _literal_terms(value: tuple[str, ...]) -> tuple[str, ...]:
    """Words or phrases (a trailing * on a word makes it a prefix), as written."""
    from veille.matching.query import QueryError, literal_term

    for index, term in enumerate(value):
        try:
            literal_term(term)
        except QueryError as error:
            raise ValueError(
                f"entry {index + 1} ({term.strip()[:40]!r}): {error.describe(term, 'en')}"
            ) from None
    return tuple(term.strip() for term in value)


class SourceBase(_Strict):
    """Settings every source type shares; each type adds its own in a subclass."""

    name: str | None = None
    interval: Duration | None = None
    backlog: BacklogField | None = None
    # Without its own interval, a source never polls more often than this (an API's daily quota).
    slowest_default: ClassVar[float] = 0.0

    default_interval: ClassVar[float | None] = None  # None: [veille] poll_interval

    @property
    def key(self) -> str:
        """The name under which this source's state is stored."""
        return self.name or self.default_key()

    def default_key(self) -> str:
        raise NotImplementedError

    def describe(self) -> str:
        """What this source reads, in one line for `veille check`."""
        return ""


class RssSourceConfig(SourceBase):
    type: Literal["rss"]
    url: str

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        value = value.strip()
        if not re.match(r"^(https?://[^\s/]+|file:)", value, re.IGNORECASE):
            raise ValueError(f"{value!r} is not a feed URL: use http(s)://… or file:path/to/feed.xml")
        return value

    def default_key(self) -> str:
        return self.url

    def describe(self) -> str:
        return self.url


# -- source adapters (issue 3): types beyond rss --


def _base_url(value: str) -> str:
    value = value.strip().rstrip("/")
    if not re.match(r"^https?://[^\s/]+", value, re.IGNORECASE):
        raise ValueError(f"{value!r} is not a base URL: use http(s)://host[/path]")
    return value


BaseUrl = Annotated[str, BeforeValidator(lambda v: _base_url(str(v)))]


class GoogleNewsSourceConfig(SourceBase):
    """Google News search as RSS; without `query`, one search per brand with its terms."""

    type: Literal["google_news"]
    query: str | None = None
    language: str = "fr"
    country: str = "FR"
    when: str | None = "1d"  # Google's own recency filter: "1h", "1d", "7d"; "" for none
    base_url: BaseUrl = "https://news.google.com"

    default_interval: ClassVar[float | None] = 900.0

    @field_validator("query")
    @classmethod
    def _query(cls, value: str | None) -> str | None:
        if value is not None and not any(ch.isalnum() for ch in value):
            raise ValueError(
                "the query needs at least one letter or digit (or leave it out to search each brand)"
            )
        return None if value is None else value.strip()

    @field_validator("language")
    @classmethod
    def _language(cls, value: str) -> str:
        if not re.match(r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$", value.strip()):
            raise ValueError(f'{value!r} is not a language code: use "fr", "en", "pt-BR"…')
        return value.strip()

    @field_validator("country")
    @classmethod
    def _country(cls, value: str) -> str:
        if not re.match(r"^[A-Za-z]{2}$", value.strip()):
            raise ValueError(f'{value!r} is not a country code: use two letters such as "FR" or "US"')
        return value.strip().upper()

    @field_validator("when")
    @classmethod
    def _when(cls, value: str | None) -> str | None:
        if value and not re.match(r"^\d+[hdmy]$", value.strip()):
            raise ValueError(f'{value!r}: use a number and h, d, m or y, such as "1d"')
        return value.strip() if value else None

    def default_key(self) -> str:
        return f"google_news:{self.query or 'brands'}:{self.language}-{self.country}"

    def describe(self) -> str:
        what = repr(self.query) if self.query else "each brand's terms"
        return f"{self.base_url} search for {what} ({self.language}, {self.country})"


class GoogleAlertsSourceConfig(RssSourceConfig):
    """A Google Alert delivered as a feed: its links are unwrapped from Google's redirects."""

    type: Literal["google_alerts"]  # type: ignore[assignment]


class YoutubeSourceConfig(SourceBase):
    """A YouTube channel's feed of its latest videos."""

    type: Literal["youtube"]
    channel_id: str
    base_url: BaseUrl = "https://www.youtube.com"

    default_interval: ClassVar[float | None] = 3600.0

    @field_validator("channel_id")
    @classmethod
    def _channel_id(cls, value: str) -> str:
        if not re.match(r"^UC[A-Za-z0-9_-]{22}$", value.strip()):
            raise ValueError(
                f"{value!r} is not a YouTube channel id: it starts with UC and has 24 characters"
                " (on the channel page: Share channel → Copy channel ID)"
            )
        return value.strip()

    def default_key(self) -> str:
        return f"youtube:{self.channel_id}"

    def describe(self) -> str:
        return f"{self.base_url}/feeds/videos.xml?channel_id={self.channel_id}"


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
            raise ValueError('list at least one of "story" and "comment"')
        return value

    def default_key(self) -> str:
        return "hackernews"

    def describe(self) -> str:
        return f"{self.api_url}/search_by_date ({', '.join(self.tags)}) for each brand's terms"


_SUBREDDIT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_]{1,20}$")


class RedditSourceConfig(SourceBase):
    """Reddit search for each brand's terms, and the newest posts of some subreddits."""

    type: Literal["reddit"]
    search: bool = True
    subreddits: tuple[str, ...] = ()
    username: str | None = None  # the Reddit account named in the User-Agent, as Reddit asks
    base_url: BaseUrl = "https://www.reddit.com"
    oauth_url: BaseUrl = "https://oauth.reddit.com"

    default_interval: ClassVar[float | None] = 600.0

    @field_validator("subreddits")
    @classmethod
    def _subreddits(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        out = []
        for name in value:
            bare = name.strip().removeprefix("/").removeprefix("r/")
            if not _SUBREDDIT.match(bare):
                raise ValueError(f'{name!r} is not a subreddit name: use "france" or "r/france"')
            out.append(bare)
        return tuple(out)

    @field_validator("username")
    @classmethod
    def _username(cls, value: str | None) -> str | None:
        if value is None:
            return None
        bare = value.strip().removeprefix("/").removeprefix("u/")
        if not re.match(r"^[A-Za-z0-9_-]{3,20}$", bare):
            raise ValueError(f'{value!r} is not a Reddit user name: use "mybot" or "u/mybot"')
        return bare

    @model_validator(mode="after")
    def _something(self) -> RedditSourceConfig:
        if not self.search and not self.subreddits:
            raise ValueError("nothing to fetch: keep search = true or list subreddits")
        return self

    def default_key(self) -> str:
        return "reddit" + "".join(f"+r/{s}" for s in self.subreddits)

    def describe(self) -> str:
        parts = ["search for each brand's terms"] if self.search else []
        parts += [f"r/{s}/new" for s in self.subreddits]
        return f"{self.base_url}: {', '.join(parts)}"


class LobstersSourceConfig(SourceBase):
    """Lobsters' newest stories, matched locally (the site has no search API)."""

    type: Literal["lobsters"]
    base_url: BaseUrl = "https://lobste.rs"

    default_interval: ClassVar[float | None] = 1800.0

    def default_key(self) -> str:
        return "lobsters"

    def describe(self) -> str:
        return f"{self.base_url}/newest.json"


# -- social and search-API sources (issue 3, part B) --
_HTTP_URL = re.compile(r"^https?://[^\s/?#]+(/[^\s?#]*)?$", re.IGNORECASE)
_HASHTAG = re.compile(r"^\w{1,100}$")
_SE_SITE = re.compile(r"^[a-z0-9][a-z0-9.\-]{0,99}$")


def _api_url(value: str) -> str:
    value = value.strip().rstrip("/")
    if not _HTTP_URL.match(value):
        raise ValueError(f"{value!r} is not a base URL: use https://host (no query string)")
    return value


def _env_name(value: str) -> str:
    if not re.match(r"^[A-Z_][A-Z0-9_]{0,99}$", value):
        raise ValueError(f"{value!r} is not an environment variable name: use letters, digits and _")
    return value


class MastodonSourceConfig(SourceBase):
    type: Literal["mastodon"]
    instances: tuple[str, ...] = Field(min_length=1)
    hashtags: tuple[str, ...] = ()
    search: bool = False  # also search each instance's statuses for the brands' terms
    limit: int = Field(default=40, ge=1, le=40)

    @field_validator("instances")
    @classmethod
    def _instances(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        out = []
        for url in value:
            url = url.strip()
            if "://" not in url:
                url = f"https://{url}"
            out.append(_api_url(url))
        return tuple(out)

    @field_validator("hashtags")
    @classmethod
    def _hashtags(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        out = []
        for tag in value:
            tag = tag.strip().lstrip("#")
            if not _HASHTAG.match(tag):
                raise ValueError(f"{tag!r} is not a hashtag: letters, digits and _ only, without spaces")
            out.append(tag)
        return tuple(out)

    @model_validator(mode="after")
    def _something_to_read(self) -> MastodonSourceConfig:
        if not self.hashtags and not self.search:
            raise ValueError("nothing to read: list hashtags, or set search = true")
        return self

    def default_key(self) -> str:
        hosts = ",".join(url.split("://", 1)[1] for url in self.instances)
        tags = ",".join(f"#{tag}" for tag in self.hashtags)
        return f"mastodon:{hosts}" + (f":{tags}" if tags else "") + (":search" if self.search else "")

    def describe(self) -> str:
        what = [f"#{tag}" for tag in self.hashtags]
        if self.search:
            what.append("search for the brands' terms")
        return f"{', '.join(what)} on {', '.join(self.instances)}"


class BlueskySourceConfig(SourceBase):
    type: Literal["bluesky"]
    api_url: Annotated[str, BeforeValidator(_api_url)] = "https://bsky.social"
    identifier_env: Annotated[str, BeforeValidator(_env_name)] = "BLUESKY_IDENTIFIER"
    app_password_env: Annotated[str, BeforeValidator(_env_name)] = "BLUESKY_APP_PASSWORD"
    lang: str | None = None  # only posts in this language (e.g. "fr")
    limit: int = Field(default=50, ge=1, le=100)

    def default_key(self) -> str:
        return "bluesky" if self.lang is None else f"bluesky:{self.lang}"

    def describe(self) -> str:
        return f"searchPosts for the brands' terms on {self.api_url} (as ${self.identifier_env})"


class StackExchangeSourceConfig(SourceBase):
    slowest_default: ClassVar[float] = 1800.0  # 300 requests a day without a key

    type: Literal["stackexchange"]
    sites: tuple[str, ...] = ("stackoverflow",)
    api_url: Annotated[str, BeforeValidator(_api_url)] = "https://api.stackexchange.com/2.3"
    key_env: Annotated[str, BeforeValidator(_env_name)] = "STACKEXCHANGE_KEY"
    limit: int = Field(default=50, ge=1, le=100)

    @field_validator("sites")
    @classmethod
    def _sites(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if not value:
            raise ValueError('list at least one site, e.g. ["stackoverflow"]')
        for site in value:
            if not _SE_SITE.match(site):
                raise ValueError(f"{site!r} is not a Stack Exchange site name (e.g. stackoverflow)")
        return value

    def default_key(self) -> str:
        return "stackexchange:" + ",".join(self.sites)

    def describe(self) -> str:
        return f"search/advanced for the brands' terms on {', '.join(self.sites)} ({self.api_url})"


class GitHubSourceConfig(SourceBase):
    type: Literal["github"]
    api_url: Annotated[str, BeforeValidator(_api_url)] = "https://api.github.com"
    token_env: Annotated[str, BeforeValidator(_env_name)] = "GITHUB_TOKEN"
    qualifiers: str = ""  # added to every query, e.g. "is:issue -org:our-org"
    by: Literal["created", "updated"] = "created"
    limit: int = Field(default=50, ge=1, le=100)

    def default_key(self) -> str:
        return "github" + (f":{self.qualifiers.strip()}" if self.qualifiers.strip() else "")

    def describe(self) -> str:
        extra = f" {self.qualifiers.strip()}" if self.qualifiers.strip() else ""
        return f"search/issues for the brands' terms{extra}, by {self.by} date ({self.api_url})"


# -- end of issue 3 part B source types --


SourceConfig = Annotated[
    RssSourceConfig
    | GoogleNewsSourceConfig
    | GoogleAlertsSourceConfig
    | YoutubeSourceConfig
    | HackerNewsSourceConfig
    | RedditSourceConfig
    | LobstersSourceConfig
    | MastodonSourceConfig
    | BlueskySourceConfig
    | StackExchangeSourceConfig
    | GitHubSourceConfig,
    Field(discriminator="type"),
]


class Config(_Strict):
    veille: GeneralConfig = GeneralConfig()
    tone: ToneConfig = ToneConfig()
    slack: SlackConfig = SlackConfig()
    routing: RoutingConfig = RoutingConfig()
    reports: ReportsConfig = ReportsConfig()
    spikes: SpikesConfig = SpikesConfig()
    brands: tuple[BrandConfig, ...]
    sources: tuple[SourceConfig, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> Config:
        seen_brands: set[str] = set()
        for index, brand in enumerate(self.brands):
            if brand.name.casefold() in seen_brands:
                raise _KeyedError(f"brands[{index}].name", f"brand {brand.name!r} is listed twice")
            seen_brands.add(brand.name.casefold())
            if brand.channel is None and self.veille.default_channel is None:
                raise _KeyedError(
                    f"brands[{index}].channel",
                    f'brand {brand.name!r} has no channel: set channel = "#…" on the brand'
                    " or default_channel in [veille]",
                )
        seen_sources: set[str] = set()
        for index, source in enumerate(self.sources):
            if source.key in seen_sources:
                raise _KeyedError(
                    f"sources[{index}]", f"source {source.key!r} is listed twice: give it a name"
                )
            seen_sources.add(source.key)
        return self

    @property
    def notify_channel(self) -> str:
        """Where the team hears about Veille itself (a source failing, recovering…)."""
        return self.veille.notify_channel or self.veille.default_channel or self.channel_for(self.brands[0])

    def channel_for(self, brand: BrandConfig) -> str:
        channel = brand.channel or self.veille.default_channel
        assert channel is not None  # guaranteed by validation
        return channel

    def brand(self, name: str) -> BrandConfig | None:
        return next((b for b in self.brands if b.name == name), None)

    def source_interval(self, source: SourceConfig) -> float:
        if source.interval is not None:
            return source.interval
        return max(source.default_interval or self.veille.poll_interval, source.slowest_default)

    def source_backlog(self, source: SourceConfig) -> Backlog:
        return source.backlog if source.backlog is not None else self.veille.backlog


class _KeyedError(ValueError):
    def __init__(self, key: str, problem: str) -> None:
        super().__init__(problem)
        self.key = key
        self.problem = problem


@dataclass(frozen=True)
class LoadedConfig:
    """A validated config plus where it came from (relative paths resolve against its folder)."""

    config: Config
    path: Path

    @property
    def folder(self) -> Path:
        return self.path.parent

    def database_url(self, environ: Mapping[str, str] | None = None) -> str:
        env = os.environ if environ is None else environ
        override = env.get("VEILLE_DATABASE_URL")
        return resolve_database_url(override or self.config.veille.database, self.folder)

    def resolve_url(self, url: str) -> str:
        """`file:relative/path` becomes an absolute file URL against the config folder."""
        if url.lower().startswith("file:") and not url.lower().startswith("file://"):
            path = Path(url[5:])
            if not path.is_absolute():
                path = (self.folder / path).resolve()
            return path.as_uri()
        return url


def resolve_database_url(value: str, folder: Path) -> str:
    if "://" in value:
        if value.startswith("postgresql://") or value.startswith("postgres://"):
            return "postgresql+psycopg://" + value.split("://", 1)[1]
        return value
    path = Path(value).expanduser()
    if not path.is_absolute():
        path = folder / path
    return f"sqlite:///{path}"


def _location(loc: tuple[int | str, ...]) -> str:
    out = ""
    for index, part in enumerate(loc):
        if part in SOURCE_TYPES and index > 0 and isinstance(loc[index - 1], int):
            continue  # the discriminated union's tag: sources[0].rss.url is sources[0].url
        if isinstance(part, int):
            out += f"[{part}]"
        elif part.startswith("function-") or part in ("int", "str", "literal['all','since_start']"):
            continue
        elif part in SOURCE_TYPES and out.startswith("sources["):
            continue  # the source union's tag names the type, not a key the user wrote
        else:
            out += f".{part}" if out else part
    return out


def _message(error: Any) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        return "unknown key (check its spelling against config.example.toml)"
    if kind == "missing":
        return "required key is missing"
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        return f"{error.get('input')!r} is not allowed: expected {expected}"
    message = str(error["msg"])
    return message.removeprefix("Value error, ")


def _find_secret_key(data: Any, prefix: str = "") -> str | None:
    if isinstance(data, dict):
        for key, value in data.items():
            path = f"{prefix}.{key}" if prefix else str(key)
            if str(key).lower() in SECRET_KEYS:
                return path
            found = _find_secret_key(value, path)
            if found:
                return found
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found = _find_secret_key(value, f"{prefix}[{index}]")
            if found:
                return found
    return None


def parse_config(data: dict[str, Any], file: str) -> Config:
    secret = _find_secret_key(data)
    if secret:
        raise ConfigError(
            file,
            secret,
            "secrets are not read from the config file: set them in the environment"
            " (SLACK_BOT_TOKEN, SLACK_APP_TOKEN, SLACK_SIGNING_SECRET, …)",
        )
    if "brands" not in data or not data.get("brands"):
        raise ConfigError(file, "brands", "no brand to watch: add at least one [[brands]] table with a name")
    for index, source in enumerate(data.get("sources") or []):
        if not isinstance(source, dict):
            raise ConfigError(file, f"sources[{index}]", "each source must be a [[sources]] table")
        kind = source.get("type")
        if kind is None:
            raise ConfigError(file, f"sources[{index}].type", f"missing: one of {', '.join(SOURCE_TYPES)}")
        if kind not in SOURCE_TYPES:
            raise ConfigError(
                file,
                f"sources[{index}].type",
                f"unknown source type {kind!r} (known: {', '.join(SOURCE_TYPES)})",
            )
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        ctx_error = first.get("ctx", {}).get("error")
        if isinstance(ctx_error, _KeyedError):
            raise ConfigError(file, ctx_error.key, ctx_error.problem) from None
        raise ConfigError(file, _location(tuple(first["loc"])), _message(first)) from None


def load_config(path: str | os.PathLike[str]) -> LoadedConfig:
    file = Path(path)
    shown = str(path)
    try:
        raw = file.read_bytes()
    except FileNotFoundError:
        raise ConfigError(shown, "", "file not found (copy config.example.toml to start)") from None
    except OSError as exc:
        raise ConfigError(shown, "", f"cannot read: {exc.strerror}") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(shown, "", "not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(shown, "", f"not valid TOML: {exc}") from None
    return LoadedConfig(parse_config(data, shown), file.resolve())


def config_path(cli_value: str | None, environ: Mapping[str, str] | None = None) -> str:
    env = os.environ if environ is None else environ
    if cli_value:
        return cli_value
    if env.get("VEILLE_CONFIG"):
        return env["VEILLE_CONFIG"]
    if Path("config.toml").exists():
        return "config.toml"
    raise ConfigError(
        "config.toml",
        "",
        "no configuration found: pass --config FILE or set VEILLE_CONFIG"
        " (cp config.example.toml config.toml to start)",
    )


@dataclass(frozen=True)
class Secrets:
    """What only the environment may hold."""

    slack_bot_token: str | None
    slack_app_token: str | None
    slack_signing_secret: str | None
    slack_api_url: str | None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Secrets:
        env = os.environ if environ is None else environ

        def get(name: str) -> str | None:
            value = env.get(name, "").strip()
            return value or None

        return cls(
            slack_bot_token=get("SLACK_BOT_TOKEN"),
            slack_app_token=get("SLACK_APP_TOKEN"),
            slack_signing_secret=get("SLACK_SIGNING_SECRET"),
            slack_api_url=get("VEILLE_SLACK_API_URL"),
        )
