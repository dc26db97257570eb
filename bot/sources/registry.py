"""Building the adapter for each configured source."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from veille.config import (
    BlueskySourceConfig,
    GitHubSourceConfig,
    GoogleAlertsSourceConfig,
    GoogleNewsSourceConfig,
    HackerNewsSourceConfig,
    LoadedConfig,
    LobstersSourceConfig,
    MastodonSourceConfig,
    RedditSourceConfig,
    RssSourceConfig,
    SourceConfig,
    StackExchangeSourceConfig,
    YoutubeSourceConfig,
)
from veille.sources.base import Source
from veille.sources.bluesky import BlueskySource
from veille.sources.feed import FeedSource
from veille.sources.github import GitHubSource
from veille.sources.google_alerts import GoogleAlertsSource
from veille.sources.google_news import GoogleNewsSource, search_query, with_recency
from veille.sources.hackernews import HackerNewsSource
from veille.sources.http import HttpFetcher
from veille.sources.lobsters import LobstersSource
from veille.sources.mastodon import MastodonSource
from veille.sources.reddit import RedditCredentials, RedditSource
from veille.sources.stackexchange import StackExchangeSource
from veille.sources.youtube import YoutubeSource


def brand_terms(loaded: LoadedConfig) -> list[tuple[str, tuple[str, ...]]]:
    """Each brand with the terms a search API is asked for."""
    return [(brand.name, brand.search_terms) for brand in loaded.config.brands]


def all_brand_terms(loaded: LoadedConfig) -> list[str]:
    """Every brand's search terms once each (search APIs are asked term by term)."""
    seen: set[str] = set()
    terms: list[str] = []
    for brand in loaded.config.brands:
        for term in brand.search_terms:
            if term.casefold() not in seen:
                seen.add(term.casefold())
                terms.append(term)
    return terms


def secret_from_env(name: str) -> str | None:
    """A credential the config names by its environment variable; None when unset or blank."""
    return os.environ.get(name, "").strip() or None


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
        queries = [search_query(terms, source.when) for _, terms in brand_terms(loaded)]
    return GoogleNewsSource(source.key, queries, source.base_url, source.language, source.country, fetcher)


def _youtube(source: YoutubeSourceConfig, loaded: LoadedConfig, fetcher: HttpFetcher) -> Source:
    return YoutubeSource(source.key, source.base_url, source.channel_id, fetcher)


def _hackernews(source: HackerNewsSourceConfig, loaded: LoadedConfig, fetcher: HttpFetcher) -> Source:
    return HackerNewsSource(source.key, brand_terms(loaded), fetcher, source.api_url, source.tags)


def _reddit(source: RedditSourceConfig, loaded: LoadedConfig, fetcher: HttpFetcher) -> Source:
    return RedditSource(
        source.key,
        fetcher,
        brands=brand_terms(loaded) if source.search else [],
        subreddits=source.subreddits,
        username=source.username,
        credentials=RedditCredentials.from_env(),
        base_url=source.base_url,
        oauth_url=source.oauth_url,
    )


def _lobsters(source: LobstersSourceConfig, loaded: LoadedConfig, fetcher: HttpFetcher) -> Source:
    return LobstersSource(source.key, fetcher, source.base_url)


# Each builder receives the config model of its own type (dispatched on `type`).
# -- social and search-API sources (issue 3, part B) --
def _mastodon(source: MastodonSourceConfig, loaded: LoadedConfig, fetcher: HttpFetcher) -> Source:
    return MastodonSource(
        source.key,
        source.instances,
        source.hashtags,
        all_brand_terms(loaded),
        fetcher,
        search=source.search,
        limit=source.limit,
    )


def _bluesky(source: BlueskySourceConfig, loaded: LoadedConfig, fetcher: HttpFetcher) -> Source:
    return BlueskySource(
        source.key,
        source.api_url,
        all_brand_terms(loaded),
        fetcher,
        identifier=secret_from_env(source.identifier_env),
        app_password=secret_from_env(source.app_password_env),
        env_names=(source.identifier_env, source.app_password_env),
        lang=source.lang,
        limit=source.limit,
    )


def _stackexchange(source: StackExchangeSourceConfig, loaded: LoadedConfig, fetcher: HttpFetcher) -> Source:
    return StackExchangeSource(
        source.key,
        source.api_url,
        source.sites,
        all_brand_terms(loaded),
        fetcher,
        key_param=secret_from_env(source.key_env),
        limit=source.limit,
    )


def _github(source: GitHubSourceConfig, loaded: LoadedConfig, fetcher: HttpFetcher) -> Source:
    return GitHubSource(
        source.key,
        source.api_url,
        all_brand_terms(loaded),
        fetcher,
        token=secret_from_env(source.token_env),
        token_env=source.token_env,
        qualifiers=source.qualifiers,
        by=source.by,
        limit=source.limit,
    )


SOCIAL_BUILDERS: dict[str, Callable[[Any, LoadedConfig, HttpFetcher], Source]] = {
    "mastodon": _mastodon,
    "bluesky": _bluesky,
    "stackexchange": _stackexchange,
    "github": _github,
}
# -- end of issue 3 part B --

BUILDERS: dict[str, Callable[[Any, LoadedConfig, HttpFetcher], Source]] = {
    "rss": _rss,
    "google_news": _google_news,
    "google_alerts": _google_alerts,
    "youtube": _youtube,
    "hackernews": _hackernews,
    "reddit": _reddit,
    "lobsters": _lobsters,
    **SOCIAL_BUILDERS,
}
