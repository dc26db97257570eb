"""Google News search as RSS: the search URL built from a query (or each brand's terms),
publisher names as authors, and links unwrapped from Google's redirects where they can be."""

from __future__ import annotations

import base64
import binascii
import math
import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any, ClassVar, Literal
from urllib.parse import quote_plus, urlsplit

from pydantic import field_validator

from veille.i18n import Lang, said, t
from veille.model import Item, SourceState
from veille.sources.base import FetchResult
from veille.sources.feed import parse_feed
from veille.sources.google_alerts import unwrap_google_redirect
from veille.sources.http import HttpFetcher
from veille.sources.kind import Loaded, SourceKind, brand_terms
from veille.sources.settings import BaseUrl, SourceBase

_URL_IN_BYTES = re.compile(rb"https?://[\x21-\x7e]+")


def search_query(terms: tuple[str, ...], when: str | None) -> str:
    """`a OR "b c" when:1d`: a brand's terms, those of several words as phrases."""
    return with_recency(" OR ".join(f'"{term}"' if " " in term else term for term in terms), when)


def with_recency(query: str, when: str | None) -> str:
    """A query in Google's own syntax, limited to the last `when` (1h, 1d, 7d…)."""
    return f"{query} when:{when}" if when else query


def search_url(base_url: str, query: str, language: str, country: str) -> str:
    """hl, gl and ceid must agree, or Google answers another edition."""
    return (
        f"{base_url.rstrip('/')}/rss/search?q={quote_plus(query)}"
        f"&hl={language}&gl={country}&ceid={country}:{language.split('-')[0]}"
    )


def unwrap_news_link(url: str | None) -> str | None:
    """Older Google News article ids carry the publisher's URL in base64; newer ones do not
    (those stay Google links, still unique per article, so dedup by URL keeps working)."""
    if not url:
        return url
    url = unwrap_google_redirect(url)
    assert url is not None
    parts = urlsplit(url)
    if not (parts.hostname or "").endswith("news.google.com"):
        return url
    match = re.search(r"/articles/([A-Za-z0-9_-]+)", parts.path)
    if not match:
        return url
    token = match.group(1)
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except (binascii.Error, ValueError):
        return url
    found = _URL_IN_BYTES.search(raw)
    return found.group(0).decode("ascii") if found else url


class GoogleNewsSource:
    type = "google_news"

    def __init__(
        self,
        key: str,
        queries: list[str],
        base_url: str,
        language: str,
        country: str,
        fetcher: HttpFetcher,
    ) -> None:
        self.key = key
        self.base_url, self.full_language, self.country = base_url, language, country
        self.urls = [search_url(base_url, q, language, country) for q in queries]
        self.language = language.split("-")[0]
        self.fetcher = fetcher

    def fetch(self, state: SourceState | None) -> FetchResult:
        return FetchResult(items=[item for url in self.urls for item in self._read(url)])

    def search(self, terms: Sequence[str], since: datetime | None, limit: int) -> list[Item]:
        """Asked live by `/veille search`: Google News articles with these words."""
        when = None
        if since is not None:
            # Whole days, rounded up: `when:1d` for a search since 36 hours would drop 12 of them.
            days = max(1, math.ceil((datetime.now(UTC) - since).total_seconds() / 86_400))
            when = f"{days}d"
        found = self._read(
            search_url(self.base_url, with_recency(" ".join(terms), when), self.full_language, self.country)
        )
        found.sort(key=lambda i: i.published_at or datetime.min.replace(tzinfo=UTC), reverse=True)
        return found[:limit]

    def _read(self, url: str) -> list[Item]:
        response = self.fetcher.get(url)
        return parse_feed(
            response.body,
            self.key,
            self.type,
            response.headers.get("content-type"),
            refine=self.refine,
            complete=True,
        )

    def refine(self, entry: Any, item: Item) -> Item:
        publisher = entry.get("source") or {}
        name = publisher.get("title") if isinstance(publisher, dict) else None
        title = item.title
        author = item.author
        if isinstance(name, str) and name.strip():
            author = name.strip()[:200]
            suffix = f" - {author}"
            if title.endswith(suffix) and len(title) > len(suffix):
                title = title[: -len(suffix)]
        return replace(
            item,
            url=unwrap_news_link(item.url),
            title=title,
            author=author,
            language=item.language or self.language,
        )


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
            raise said("config.google_news_query")
        return None if value is None else value.strip()

    @field_validator("language")
    @classmethod
    def _language(cls, value: str) -> str:
        if not re.match(r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$", value.strip()):
            raise said("config.google_news_language", value=repr(value))
        return value.strip()

    @field_validator("country")
    @classmethod
    def _country(cls, value: str) -> str:
        if not re.match(r"^[A-Za-z]{2}$", value.strip()):
            raise said("config.country_code", value=repr(value))
        return value.strip().upper()

    @field_validator("when")
    @classmethod
    def _when(cls, value: str | None) -> str | None:
        if value and not re.match(r"^\d+[hdmy]$", value.strip()):
            raise said("config.google_news_when", value=repr(value))
        return value.strip() if value else None

    def default_key(self) -> str:
        return f"google_news:{self.query or 'brands'}:{self.language}-{self.country}"

    def describe(self, lang: Lang) -> str:
        where = {"base": self.base_url, "language": self.language, "country": self.country}
        if self.query:
            return t("reads.google_news_query", lang, query=repr(self.query), **where)
        return t("reads.google_news", lang, **where)


def build(source: GoogleNewsSourceConfig, loaded: Loaded, fetcher: HttpFetcher) -> GoogleNewsSource:
    if source.query:
        queries = [with_recency(source.query, source.when)]
    else:
        queries = [search_query(terms, source.when) for _, terms in brand_terms(loaded)]
    return GoogleNewsSource(source.key, queries, source.base_url, source.language, source.country, fetcher)


GOOGLE_NEWS = SourceKind(GoogleNewsSourceConfig, build)
