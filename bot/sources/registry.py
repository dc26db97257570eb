"""Building the adapter for each configured source."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.config import (
    GoogleAlertsSourceConfig,
    GoogleNewsSourceConfig,
    HackerNewsSourceConfig,
    LoadedConfig,
    LobstersSourceConfig,
    RedditSourceConfig,
    RssSourceConfig,
    SourceConfig,
    YoutubeSourceConfig,
)
from bot.sources.base import Source
from bot.sources.feed import FeedSource
from bot.sources.google_alerts import GoogleAlertsSource
from bot.sources.google_news import GoogleNewsSource, search_query, with_recency
from bot.sources.hackernews import HackerNewsSource
from bot.sources.http import HttpFetcher
from bot.sources.jsonapi import brand_terms
from bot.sources.lobsters import LobstersSource
from bot.sources.reddit import RedditCredentials, RedditSource
from bot.sources.youtube import YoutubeSource


def build_source(source: SourceConfig, loaded: LoadedConfig, fetcher: HttpFetcher) -> Source:
    builder = BUILDERS.get(source.type)
    if builder is None:  # config validation lists the same types; this is a programming error
        raise ValueError(f"no adapter for source type {source.type!r}")
    return builder(source, loaded, fetcher)


def _rss(source: RssSourceConfig, loaded: LoadedConfig, fetcher: HttpFetcher) -> Source:
    return FeedSource(source.key, loaded.resolve_url(source.url), fetcher)


def _google_alerts(source: GoogleAlertsSourceConfig, loaded: LoadedConfig, fetcher: HttpFetcher) -> Source:
    return GoogleAlertsSource(source.key, loaded.resolve_url(source.url), fetcher)


def _google_news(source: GoogleNewsSourceConfig, loaded: LoadedConfig, fetcher: HttpFetcher) -> Source:
    if source.query:
        queries = [with_recency(source.query, source.when)]
    else:
        queries = [search_query(terms, source.when) for _, terms in brand_terms(loaded.config)]
    return GoogleNewsSource(source.key, queries, source.base_url, source.language, source.country, fetcher)


def _youtube(source: YoutubeSourceConfig, loaded: LoadedConfig, fetcher: HttpFetcher) -> Source:
    return YoutubeSource(source.key, source.base_url, source.channel_id, fetcher)


def _hackernews(source: HackerNewsSourceConfig, loaded: LoadedConfig, fetcher: HttpFetcher) -> Source:
    return HackerNewsSource(source.key, brand_terms(loaded.config), fetcher, source.api_url, source.tags)


def _reddit(source: RedditSourceConfig, loaded: LoadedConfig, fetcher: HttpFetcher) -> Source:
    return RedditSource(
        source.key,
        fetcher,
        brands=brand_terms(loaded.config) if source.search else [],
        subreddits=source.subreddits,
        username=source.username,
        credentials=RedditCredentials.from_env(),
        base_url=source.base_url,
        oauth_url=source.oauth_url,
    )


def _lobsters(source: LobstersSourceConfig, loaded: LoadedConfig, fetcher: HttpFetcher) -> Source:
    return LobstersSource(source.key, fetcher, source.base_url)


# Each builder receives the config model of its own type (dispatched on `type`).
BUILDERS: dict[str, Callable[[Any, LoadedConfig, HttpFetcher], Source]] = {
    "rss": _rss,
    "google_news": _google_news,
    "google_alerts": _google_alerts,
    "youtube": _youtube,
    "hackernews": _hackernews,
    "reddit": _reddit,
    "lobsters": _lobsters,
}
