"""The base of the sources that ask a JSON API (Hacker News, Reddit, Lobsters, Mastodon, Bluesky,
Stack Exchange, GitHub): what they are built from, the `ApiCursor` read from and written back to
their `SourceState`, and the wait an API asked for before the next call.

An adapter keeps only what differs: `poll` (the requests of one poll, moving the cursor), and
where its API has one, `api_url` and `refused` (what an error answer means in its own words).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any, Generic, Self, TypeVar
from urllib.parse import urlsplit

from veille.model import Item, SourceState
from veille.sources.api import ApiCursor, check_status, decode_json, send
from veille.sources.base import FetchResult
from veille.sources.http import HttpFetcher, HttpResponse
from veille.sources.kind import BrandTerms, Loaded, brand_terms
from veille.sources.polite import MAX_SERVER_WAIT
from veille.sources.settings import SourceBase

ConfigT = TypeVar("ConfigT", bound=SourceBase)
Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


def distinct_terms(brands: BrandTerms) -> list[str]:
    """Every brand's search terms once each (search APIs are asked term by term)."""
    seen: set[str] = set()
    terms: list[str] = []
    for _, brand_words in brands:
        for term in brand_words:
            if term.casefold() not in seen:
                seen.add(term.casefold())
                terms.append(term)
    return terms


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
