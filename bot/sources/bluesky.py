"""Bluesky: `app.bsky.feed.searchPosts` for each brand term, under an app-password session.

Public unauthenticated search closed in January 2025, so the source logs in with an identifier
and an app password read from the environment (never from the config file). The session lives in
memory only: an expired access token is refreshed with the refresh token, and when that one has
expired too, the source logs in again. Each term keeps the newest post time it saw, passed as
`since` on the next poll. Search lists newest first only: when more posts came since the last poll
than its pages hold, the unread stretch (from the old `since` until the oldest post read) is kept
in the cursor and read by the next polls with `since` and `until` (see `veille.sources.backlog`).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any, Literal
from urllib.parse import quote, urlencode

from pydantic import Field

from veille.i18n import Lang, said, t
from veille.model import Item
from veille.sources.api import (
    ApiCursor,
    as_dict,
    as_list,
    check_status,
    counts_of,
    decode_json,
    iso,
    json_or_none,
    parse_time,
    post_title,
    send,
)
from veille.sources.backlog import Stretch
from veille.sources.base import FetchError
from veille.sources.http import HttpResponse
from veille.sources.kind import SourceKind
from veille.sources.search_api import SearchApiSource, later_time, times_readable
from veille.sources.settings import ApiUrl, EnvName, SourceBase
from veille.text.clean import clean_text

MAX_TEXT = 20_000
MAX_PAGES = 5  # per term and poll for the newest posts, and as many again for an unread backlog
EXPIRED = frozenset({"ExpiredToken", "InvalidToken"})
WEB = "https://bsky.app"


@dataclass(frozen=True)
class Session:
    access: str
    refresh: str


def post_url(uri: str, handle: str | None) -> str | None:
    """The bsky.app page of a post: at://DID/app.bsky.feed.post/RKEY → /profile/HANDLE/post/RKEY."""
    if not uri.startswith("at://"):
        return None
    parts = uri[5:].split("/")
    if len(parts) != 3 or parts[1] != "app.bsky.feed.post" or not parts[2]:
        return None
    who = handle if handle and handle != "handle.invalid" else parts[0]
    return f"{WEB}/profile/{quote(who, safe=':.')}/post/{quote(parts[2], safe='')}"


def post_to_item(post: dict[str, Any], source: str) -> Item | None:
    record = as_dict(post.get("record"))
    text = clean_text(str(record.get("text") or "")).strip()[:MAX_TEXT]
    if not text:
        return None
    author = as_dict(post.get("author"))
    handle = str(author.get("handle") or "") or None
    uri = str(post.get("uri") or "")
    langs = [lang for lang in as_list(record.get("langs")) if isinstance(lang, str) and lang]
    reach = counts_of(
        post,
        {"likes": "likeCount", "reposts": "repostCount", "replies": "replyCount", "quotes": "quoteCount"},
    )
    return Item(
        source=source,
        source_type="bluesky",
        title=post_title(text),
        text=text,
        url=post_url(uri, handle),
        guid=uri[:2000] or None,
        author=f"@{handle}"[:200] if handle else None,
        published_at=parse_time(record.get("createdAt")) or parse_time(post.get("indexedAt")),
        language=langs[0][:20] if langs else None,
        reach=reach,
    )


class BlueskySourceConfig(SourceBase):
    type: Literal["bluesky"]
    api_url: ApiUrl = "https://bsky.social"
    identifier_env: EnvName = "BLUESKY_IDENTIFIER"
    app_password_env: EnvName = "BLUESKY_APP_PASSWORD"
    lang: str | None = None  # only posts in this language (e.g. "fr")
    limit: int = Field(default=50, ge=1, le=100)

    def default_key(self) -> str:
        return "bluesky" if self.lang is None else f"bluesky:{self.lang}"

    def describe(self, lang: Lang) -> str:
        return t("reads.bluesky", lang, api=self.api_url, env=self.identifier_env)

    def missing_secrets(self, environ: Mapping[str, str]) -> tuple[str, ...]:
        names = (self.identifier_env, self.app_password_env)
        return tuple(name for name in names if not environ.get(name, "").strip())


class BlueskySource(SearchApiSource[BlueskySourceConfig]):
    type = "bluesky"

    def prepare(self) -> None:
        self.identifier = self.secret(self.config.identifier_env)
        self.app_password = self.secret(self.config.app_password_env)
        self._session: Session | None = None
        self._lock = threading.Lock()

    @property
    def api_url(self) -> str:
        return self.config.api_url

    def poll(self, cursor: ApiCursor) -> list[Item]:
        return self.read_queries(
            cursor,
            [(term.casefold(), partial(self._read, term)) for term in self.terms],
            pages=MAX_PAGES,
            readable=times_readable,
            moved=later_time,
        )

    def _read(self, term: str, since: str | None, until: str | None, pages: int) -> Stretch:
        """Posts from `since` (inclusive) until `until` (exclusive), newest first, following the
        search cursor for `pages` pages at most."""
        stretch = Stretch()
        newest: datetime | None = None
        oldest: datetime | None = None
        page: str | None = None
        for _ in range(pages):
            data = self._search(term, since, page, until)
            stretch.pages += 1
            posts = [p for p in data["posts"] if isinstance(p, dict)]
            for post in posts:
                item = post_to_item(post, self.key)
                if item is not None and item.guid:
                    stretch.items.append(item)
                indexed = parse_time(post.get("indexedAt"))
                created = parse_time(as_dict(post.get("record")).get("createdAt"))
                when = indexed or created
                if when is not None and (newest is None or when > newest):
                    newest = when
                # Search sorts on sortAt, the earlier of the two times.
                sort_at = min((t for t in (indexed, created) if t is not None), default=None)
                if sort_at is not None and (oldest is None or sort_at < oldest):
                    oldest = sort_at
            page = data.get("cursor") if isinstance(data.get("cursor"), str) else None
            if not page or len(posts) < self.config.limit:
                break
        else:
            stretch.rest = _until_after(oldest, parse_time(until))
        stretch.newest = iso(newest) if newest is not None else None
        return stretch

    def search(self, terms: Sequence[str], since: datetime | None, limit: int) -> list[Item]:
        """Asked live by `/veille search`: Bluesky's newest posts with these words."""
        data = self._search(" ".join(terms), iso(since) if since else None, None)
        found = (post_to_item(p, self.key) for p in data["posts"] if isinstance(p, dict))
        return [item for item in found if item is not None][:limit]

    def _search(
        self, term: str, since: str | None, page: str | None, until: str | None = None
    ) -> dict[str, Any]:
        params: dict[str, str | int] = {"q": term, "sort": "latest", "limit": self.config.limit}
        if since:
            params["since"] = since
        if until:
            params["until"] = until
        if page:
            params["cursor"] = page
        if self.config.lang:
            params["lang"] = self.config.lang
        url = f"{self.api_url}/xrpc/app.bsky.feed.searchPosts?{urlencode(params)}"
        response = self._authorized_get(url)
        data = decode_json(check_status(response, self.host, self.clock()), self.host)
        if not isinstance(data, dict) or not isinstance(data.get("posts"), list):
            raise FetchError("invalid", said("api.answer_lacks_list", field="posts")).at(self.host)
        return data

    def _authorized_get(self, url: str) -> HttpResponse:
        # The lock guards the session only: a live search must not wait behind a poll's requests.
        with self._lock:
            session = self._session or self._login()
        response = send(self.fetcher, self.host, "GET", url, _bearer(session.access))
        if not _expired(response):
            return response
        with self._lock:  # renewed once, whichever of a poll and a search saw it expire first
            current = self._session
            session = current if current is not None and current is not session else self._refresh(session)
        response = send(self.fetcher, self.host, "GET", url, _bearer(session.access))
        if _expired(response):
            self._session = None
            raise FetchError("auth", said("api.session_refused_after_renewal", status=response.status)).at(
                self.host
            )
        return response

    def _login(self) -> Session:
        if not self.identifier or not self.app_password:
            ident, password = self.config.identifier_env, self.config.app_password_env
            raise FetchError("auth", said("api.bluesky_needs_account", handle=ident, password=password))
        response = send(
            self.fetcher,
            self.host,
            "POST",
            f"{self.api_url}/xrpc/com.atproto.server.createSession",
            {"Accept": "application/json"},
            json={"identifier": self.identifier, "password": self.app_password},
        )
        if response.status in (400, 401):
            reason = as_dict(json_or_none(response)).get("message") or f"HTTP {response.status}"
            refused = said(
                "api.login_refused",
                host=self.host,
                who=self.identifier,
                reason=str(reason)[:200],
                handle=self.config.identifier_env,
                password=self.config.app_password_env,
            )
            raise FetchError("auth", refused)
        return self._keep(check_status(response, self.host, self.clock()))

    def _refresh(self, session: Session) -> Session:
        response = send(
            self.fetcher,
            self.host,
            "POST",
            f"{self.api_url}/xrpc/com.atproto.server.refreshSession",
            _bearer(session.refresh),
        )
        if _expired(response) or response.status in (400, 401):
            self._session = None
            return self._login()
        return self._keep(check_status(response, self.host, self.clock()))

    def _keep(self, response: HttpResponse) -> Session:
        data = as_dict(decode_json(response, self.host))
        access, refresh = data.get("accessJwt"), data.get("refreshJwt")
        if not isinstance(access, str) or not isinstance(refresh, str) or not access:
            raise FetchError("invalid", said("api.session_lacks_tokens")).at(self.host)
        self._session = Session(access, refresh)
        return self._session


def _until_after(oldest: datetime | None, until: datetime | None) -> str | None:
    """`until` for what is left below the oldest post read: the next whole second (`until` excludes
    it; posts of that second read twice are deduped), always below the previous `until`."""
    if oldest is None:
        return None
    bound = oldest.replace(microsecond=0) + timedelta(seconds=1)
    if until is not None and bound >= until:
        bound = until - timedelta(seconds=1)
    return iso(bound)


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", "Accept": "application/json"}


def _expired(response: HttpResponse) -> bool:
    """An access token past its life: 400 ExpiredToken, or a 401 on a request that carried one."""
    if response.status == 401:
        return True
    if response.status != 400:
        return False
    return as_dict(json_or_none(response)).get("error") in EXPIRED


BLUESKY = SourceKind(BlueskySourceConfig, BlueskySource.build)
