"""The base of the sources that ask a JSON API (Hacker News, Reddit, Lobsters, Mastodon, Bluesky,
Stack Exchange, GitHub, X, YouTube search): what they are built from, the `ApiCursor` read from and
written back to their `SourceState`, the wait an API asked for before the next call, and for the
searches that list newest first, each query read from its own position and backlog.

An adapter keeps only what differs: `poll` (the requests of one poll, moving the cursor), and
where its API has one, `api_url` and `refused` (what an error answer means in its own words).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any, Generic, Self, TypeVar
from urllib.parse import urlsplit

from veille.model import Item, SourceState
from veille.sources.api import ApiCursor, check_status, decode_json, iso, parse_time, send
from veille.sources.backlog import ReadRange, Window, read_burst
from veille.sources.base import FetchResult
from veille.sources.http import HttpFetcher, HttpResponse
from veille.sources.kind import BrandTerms, Loaded, brand_terms
from veille.sources.polite import MAX_SERVER_WAIT
from veille.sources.settings import SourceBase

ConfigT = TypeVar("ConfigT", bound=SourceBase)
Clock = Callable[[], datetime]
Errors = tuple[type[Exception], ...]


def utc_now() -> datetime:
    return datetime.now(UTC)


def distinct(queries: Iterable[str]) -> list[str]:
    """Each query once, whatever its case (the first spelling is kept)."""
    seen: set[str] = set()
    kept: list[str] = []
    for query in queries:
        if query.casefold() not in seen:
            seen.add(query.casefold())
            kept.append(query)
    return kept


def distinct_terms(brands: BrandTerms) -> list[str]:
    """Every brand's search terms once each (search APIs are asked term by term)."""
    return distinct(term for _, brand_words in brands for term in brand_words)


def times_readable(window: Window) -> bool:
    """Whether both bounds of a stored stretch are times (the positions of a search by date)."""
    return all(parse_time(bound) is not None for bound in window)


def later_time(newest: str | None, since: str | None) -> str | None:
    """The next position of a search by date: the newest time read when it is past `since`, else
    None (the position stays)."""
    found, before = parse_time(newest), parse_time(since)
    return iso(found) if found is not None and (before is None or found > before) else None


class SearchApiSource(Generic[ConfigT]):
    type: str

    def __init__(
        self,
        key: str,
        config: ConfigT,
        fetcher: HttpFetcher,
        brands: BrandTerms | None = None,
        *,
        environ: Mapping[str, str] | None = None,
        clock: Clock = utc_now,
    ) -> None:
        self.key = key
        self.config = config
        self.fetcher = fetcher
        self.brands = list(brands or [])
        self.terms = distinct_terms(self.brands)
        self.environ = environ  # where credentials are read (None: the process environment)
        self.clock = clock
        self.prepare()

    @classmethod
    def build(cls, config: ConfigT, loaded: Loaded, fetcher: HttpFetcher) -> Self:
        """The adapter for a configured source, asking for every brand's terms."""
        return cls(config.key, config, fetcher, brand_terms(loaded))

    def prepare(self) -> None:
        """State an adapter keeps beyond its settings (a session, a lock); none by default."""

    @property
    def api_url(self) -> str:
        """The API's base URL; empty for a source that asks several hosts."""
        return ""

    @property
    def host(self) -> str:
        """The API's host, named in every error."""
        return urlsplit(self.api_url).netloc

    def secret(self, name: str) -> str | None:
        """A credential the config names by its environment variable; None when unset or blank."""
        env = os.environ if self.environ is None else self.environ
        return env.get(name, "").strip() or None

    def fetch(self, state: SourceState | None) -> FetchResult:
        cursor = ApiCursor.load(state.cursor if state else None)
        if self.waiting(cursor):  # the API asked us to back off: not a failure
            return FetchResult(items=[], cursor=cursor.dump())
        cursor.next_allowed = None
        return FetchResult(items=self.poll(cursor), cursor=cursor.dump())

    def poll(self, cursor: ApiCursor) -> list[Item]:
        """The items of one poll; moves the cursor's positions past them."""
        raise NotImplementedError

    def read_queries(
        self,
        cursor: ApiCursor,
        queries: Iterable[tuple[str, ReadRange]],
        *,
        pages: int,
        readable: Callable[[Window], bool],
        moved: Callable[[str | None, str | None], str | None],
        stale: Errors = (),
    ) -> list[Item]:
        """Each query (its key in the cursor, and how to read a range of it) read by `read_burst`
        from its own position and backlog, `pages` pages for the newest and as many for the
        backlog; an item two queries found comes once. `moved(newest, since)` is the query's next
        position (None: it stays). A `stale` error means the API no longer accepts the query's
        position: that query starts over as on a first poll."""
        # Rebuilt each poll: a query taken out of the config drops its backlog.
        old_backlog, backlog = cursor.backlog, {}
        burst = partial(read_burst, head_pages=pages, backlog_pages=pages, readable=readable)
        items: list[Item] = []
        seen: set[str] = set()
        for key, read in queries:
            since = cursor.positions.get(key)
            try:
                found = burst(since, old_backlog.get(key, []), read)
            except stale:
                since = None
                cursor.positions.pop(key, None)
                found = burst(None, [], read)
            backlog[key] = found.backlog
            for item in found.items:
                if item.guid and item.guid not in seen:
                    seen.add(item.guid)
                    items.append(item)
            position = moved(found.newest, since)
            if position is not None:
                cursor.positions[key] = position
        cursor.backlog = backlog
        return items

    def waiting(self, cursor: ApiCursor) -> bool:
        """Whether the API asked for no call before a time still to come."""
        return cursor.waiting(self.clock())

    def hold(self, cursor: ApiCursor, seconds: float) -> None:
        """The API asked for no call for `seconds` (a day at most): the next polls wait."""
        cursor.next_allowed = self.clock() + timedelta(seconds=min(seconds, MAX_SERVER_WAIT))

    def get_json(self, url: str, headers: dict[str, str]) -> tuple[Any, HttpResponse]:
        """GET from the API's host: the JSON answer and the response (for its headers). An error
        answer goes through `refused` first, then `check_status`."""
        response = send(self.fetcher, self.host, "GET", url, headers)
        if response.status >= 400:
            self.refused(response)
        return decode_json(check_status(response, self.host, self.clock()), self.host), response

    def refused(self, response: HttpResponse) -> None:
        """Raise the FetchError an error answer means in the API's own words; by default its
        status says it all."""
