"""Reddit: a search for each brand's terms and the newest posts of chosen subreddits.

With an OAuth client in the environment (REDDIT_CLIENT_ID, REDDIT_CLIENT_SECRET) it reads the
JSON API on oauth.reddit.com (100 requests/minute, reach included); otherwise the public `.rss`
twins of the same listings (about 10 requests/minute). Both name the app in the User-Agent
form Reddit requires; when `X-Ratelimit-Remaining` reaches zero, the shared `HttpFetcher`
holds every request to the host until the reset.

Listings come newest first only. When more posts came since the last poll than a page holds, the
unread stretch (older than the last post read, newer than the old cursor) is kept in the cursor as
the fullname to list `after`, and the next polls read it (see `veille.sources.backlog`). Reddit lists
about 1,000 posts deep at most; when the post to list `after` was deleted meanwhile, the stretch is
read down again from the newest post.
"""

from __future__ import annotations

import base64
import math
import os
import re
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, ClassVar, Literal
from urllib.parse import quote, urlencode

from pydantic import field_validator, model_validator

from veille import __version__
from veille.i18n import Lang, said, t
from veille.model import Item
from veille.sources.api import ANSWER, ApiCursor, as_count, as_dict, as_list, decode_json, parse_time, text_of
from veille.sources.backlog import Stretch, read_burst
from veille.sources.base import FetchError
from veille.sources.feed import parse_feed
from veille.sources.kind import SourceKind
from veille.sources.search_api import SearchApiSource
from veille.sources.settings import BaseUrl, SourceBase
from veille.text.clean import clean_text

PAGE_SIZE = 100
BACKLOG_PAGES = 2  # per listing and poll, after its newest page (about 10 requests/minute without OAuth)
_SUBREDDIT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_]{1,20}$")


@dataclass(frozen=True)
class RedditCredentials:
    client_id: str
    client_secret: str

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> RedditCredentials | None:
        env = os.environ if environ is None else environ
        client_id = env.get("REDDIT_CLIENT_ID", "").strip()
        secret = env.get("REDDIT_CLIENT_SECRET", "").strip()
        return cls(client_id, secret) if client_id and secret else None


def user_agent(username: str | None) -> str:
    """Reddit's form: `<platform>:<app id>:<version> (by /u/<user>)`."""
    who = (
        f"by /u/{username}" if username else "self-hosted brand monitoring; +https://pypi.org/project/veille/"
    )
    return f"python:veille:{__version__} ({who})"


def thing_to_item(thing: Any, source: str, site: str) -> Item | None:
    """A post (t3) or a comment (t1) of a listing."""
    if not isinstance(thing, dict) or not isinstance(thing.get("data"), dict):
        return None
    kind, data = thing.get("kind"), thing["data"]
    permalink = text_of(data.get("permalink"), 2000).split("?", 1)[0]
    url = f"{site}{permalink}" if permalink.startswith("/") else None
    reach: dict[str, int] = {}
    score = as_count(data.get("score"))
    if score is not None:
        reach["points"] = score
    if kind == "t1":
        link_title = clean_text(text_of(data.get("link_title"), 1000))
        title = f"Re: {link_title}" if link_title else ""
        text = clean_text(text_of(data.get("body"), 40_000))[:20_000]
    elif kind == "t3":
        title = clean_text(text_of(data.get("title"), 1000))
        text = clean_text(text_of(data.get("selftext"), 40_000))[:20_000]
        comments = as_count(data.get("num_comments"))
        if comments is not None:
            reach["comments"] = comments
        if not url:
            url = text_of(data.get("url"), 4000) or None
    else:
        return None
    if not title and not text:
        return None
    author = text_of(data.get("author"), 200)
    name = text_of(data.get("name"), 100)
    return Item(
        source=source,
        source_type="reddit",
        title=title,
        text=text,
        url=url,
        guid=name or None,
        author=None if author in ("", "[deleted]") else author,
        published_at=parse_time(data.get("created_utc")),
        reach=reach,
    )


def seconds(position: str | None) -> float | None:
    """A listing's position: the Unix time of its newest post seen."""
    try:
        value = float(position) if position is not None else math.nan
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def listing_page(body: Any, source: str, site: str) -> tuple[list[Item], int, str | None]:
    """The items of a listing, how many things it held, and the fullname to list `after` next."""
    data = as_dict(as_dict(body, ANSWER).get("data"), "data")
    children = as_list(data.get("children"), "data.children")
    items = [item for item in (thing_to_item(c, source, site) for c in children) if item is not None]
    after = data.get("after")
    return items, len(children), after if isinstance(after, str) and after else None


def _seen(item: Item, since: float) -> bool:
    return item.published_at is not None and item.published_at.timestamp() <= since


def _fullname(guid: str | None) -> str | None:
    return guid if guid and guid[:3] in ("t1_", "t3_") else None


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
                raise said("config.subreddit", value=repr(name))
            out.append(bare)
        return tuple(out)

    @field_validator("username")
    @classmethod
    def _username(cls, value: str | None) -> str | None:
        if value is None:
            return None
        bare = value.strip().removeprefix("/").removeprefix("u/")
        if not re.match(r"^[A-Za-z0-9_-]{3,20}$", bare):
            raise said("config.reddit_user", value=repr(value))
        return bare

    @model_validator(mode="after")
    def _something(self) -> RedditSourceConfig:
        if not self.search and not self.subreddits:
            raise said("config.reddit_nothing")
        return self

    def default_key(self) -> str:
        return "reddit" + "".join(f"+r/{s}" for s in self.subreddits)

    def describe(self, lang: Lang) -> str:
        parts = [t("reads.brands_search", lang)] if self.search else []
        parts += [f"r/{s}/new" for s in self.subreddits]
        return t("reads.reddit", lang, base=self.base_url, parts=", ".join(parts))


class RedditSource(SearchApiSource[RedditSourceConfig]):
    type = "reddit"

    def prepare(self) -> None:
        self.credentials = RedditCredentials.from_env(self.environ)
        self.base_url = self.config.base_url
        self.oauth_url = self.config.oauth_url
        self.user_agent = user_agent(self.config.username)
        self._token: tuple[str, float] | None = None
        self._token_lock = threading.Lock()

    @property
    def uses_oauth(self) -> bool:
        return self.credentials is not None

    def listings(self) -> list[tuple[str, str]]:
        """(cursor key, URL) of each listing a poll reads."""
        out: list[tuple[str, str]] = []
        json_mode = self.uses_oauth
        root = self.oauth_url if json_mode else self.base_url
        suffix = "" if json_mode else ".rss"
        extra = {"raw_json": "1"} if json_mode else {}
        for brand, terms in self.brands if self.config.search else []:
            query = " OR ".join(f'"{t}"' if " " in t else t for t in terms)
            params = urlencode({"q": query, "sort": "new", "limit": PAGE_SIZE, **extra})
            out.append((brand, f"{root}/search{suffix}?{params}"))
        for sub in self.config.subreddits:
            params = urlencode({"limit": PAGE_SIZE, **extra})
            out.append((f"r/{sub}", f"{root}/r/{quote(sub)}/new{suffix}?{params}"))
        return out

    def poll(self, cursor: ApiCursor) -> list[Item]:
        # Rebuilt each poll: a query taken out of the config drops its backlog.
        old_backlog, backlog = cursor.backlog, {}
        items: list[Item] = []
        for cursor_key, url in self.listings():

            def read(low: str | None, high: str | None, pages: int, url: str = url) -> Stretch:
                return self._read_range(url, seconds(low), high, pages)

            since = cursor.positions.get(cursor_key)
            found = read_burst(
                since,
                old_backlog.get(cursor_key, []),
                read,
                head_pages=1,
                backlog_pages=BACKLOG_PAGES,
                readable=lambda window: seconds(window[0]) is not None and _fullname(window[1]) is not None,
            )
            backlog[cursor_key] = found.backlog
            newest = seconds(found.newest)
            if newest is not None:
                cursor.positions[cursor_key] = str(max(newest, seconds(since) or 0))
            items += found.items
        cursor.backlog = backlog
        return items

    def _read_range(self, url: str, since: float | None, after: str | None, pages: int) -> Stretch:
        """Posts newer than `since` and older than the post `after` names, newest first."""
        stretch = Stretch()
        newest: float | None = None
        for _ in range(pages):
            found, count, next_after = self._page(f"{url}&{urlencode({'after': after})}" if after else url)
            stretch.pages += 1
            if count == 0 and after is not None and stretch.pages == 1:
                # The post that anchored this stretch left the listing (deleted, removed): read down
                # from the newest again rather than drop the stretch; what was read is deduped.
                found, count, next_after = self._page(url)
                stretch.pages += 1
            times = [i.published_at.timestamp() for i in found if i.published_at is not None]
            reached = since is not None and any(t <= since for t in times)
            stretch.items += [i for i in found if since is None or not _seen(i, since)]
            newest = max([*times, *([newest] if newest is not None else [])], default=None)
            if reached or count < PAGE_SIZE or not next_after:
                break
            after = next_after
        else:
            stretch.rest = after
        stretch.newest = None if newest is None else str(newest)
        return stretch

    def search(self, terms: Sequence[str], since: datetime | None, limit: int) -> list[Item]:
        """Asked live by `/veille search`: Reddit's newest posts with these words."""
        json_mode = self.uses_oauth
        root = self.oauth_url if json_mode else self.base_url
        params = {
            "q": " ".join(terms),
            "sort": "new",
            "limit": limit,
            **({"raw_json": "1"} if json_mode else {}),
        }
        found = self._read(f"{root}/search{'' if json_mode else '.rss'}?{urlencode(params)}")
        if since is not None:
            found = [i for i in found if i.published_at is None or i.published_at >= since]
        return found[:limit]

    def _read(self, url: str) -> list[Item]:
        return self._page(url)[0]

    def _page(self, url: str) -> tuple[list[Item], int, str | None]:
        """One page of a listing: its items, how many things it held, the fullname to list after."""
        headers = {"User-Agent": self.user_agent}
        if self.uses_oauth:
            headers["Authorization"] = f"Bearer {self._access_token()}"
        try:
            response = self.fetcher.get(url, headers)
        except FetchError as error:
            if error.kind == "auth":
                self._token = None  # an expired or revoked token: ask for a new one next time
            raise
        if self.uses_oauth:
            return listing_page(decode_json(response, "Reddit"), self.key, self.base_url)
        items = parse_feed(response.body, self.key, "reddit", response.headers.get("content-type"))
        return [self._from_rss(i) for i in items], len(items), _fullname(items[-1].guid) if items else None

    def _from_rss(self, item: Item) -> Item:
        # RSS text ends with "submitted by /u/x [link] [comments]": that line names the author.
        return replace(item, author=item.author.removeprefix("/u/") if item.author else None)

    def _access_token(self) -> str:
        with self._token_lock:
            if self._token is not None and self._token[1] > time.monotonic():
                return self._token[0]
            assert self.credentials is not None
            basic = base64.b64encode(
                f"{self.credentials.client_id}:{self.credentials.client_secret}".encode()
            ).decode()
            response = self.fetcher.post(
                f"{self.base_url}/api/v1/access_token",
                {"grant_type": "client_credentials"},
                {"Authorization": f"Basic {basic}", "User-Agent": self.user_agent},
            )
            body = as_dict(decode_json(response, "Reddit OAuth"), ANSWER)
            token = body.get("access_token")
            if not isinstance(token, str) or not token:
                error = text_of(body.get("error"), 200)
                refused = (
                    said("api.reddit_client_refused", reason=error) if error else said("api.reddit_no_token")
                )
                raise FetchError("auth", refused)
            lifetime = body.get("expires_in")
            seconds = float(lifetime) if isinstance(lifetime, int | float) else 3600.0
            self._token = (token, time.monotonic() + max(60.0, seconds - 60.0))
            return token


REDDIT = SourceKind(RedditSourceConfig, RedditSource.build)
