"""Building the adapter for each configured source."""

from __future__ import annotations

import os
from collections.abc import Callable

from bot.config import (
    BlueskySourceConfig,
    GitHubSourceConfig,
    LoadedConfig,
    MastodonSourceConfig,
    RssSourceConfig,
    SourceConfig,
    StackExchangeSourceConfig,
)
from bot.sources.base import Source
from bot.sources.bluesky import BlueskySource
from bot.sources.feed import FeedSource
from bot.sources.github import GitHubSource
from bot.sources.http import HttpFetcher
from bot.sources.mastodon import MastodonSource
from bot.sources.stackexchange import StackExchangeSource


def build_source(source: SourceConfig, loaded: LoadedConfig, fetcher: HttpFetcher) -> Source:
    builder = BUILDERS.get(source.type)
    if builder is None:  # config validation lists the same types; this is a programming error
        raise ValueError(f"no adapter for source type {source.type!r}")
    return builder(source, loaded, fetcher)


def _rss(source: SourceConfig, loaded: LoadedConfig, fetcher: HttpFetcher) -> Source:
    assert isinstance(source, RssSourceConfig)
    return FeedSource(source.key, loaded.resolve_url(source.url), fetcher)


# -- social and search-API sources (issue 3, part B) --
def brand_terms(loaded: LoadedConfig) -> list[str]:
    """Every brand's search terms once each (search APIs are asked term by term)."""
    seen: set[str] = set()
    terms: list[str] = []
    for brand in loaded.config.brands:
        for term in brand.search_terms:
            if term.casefold() not in seen:
                seen.add(term.casefold())
                terms.append(term)
    return terms


def _mastodon(source: SourceConfig, loaded: LoadedConfig, fetcher: HttpFetcher) -> Source:
    assert isinstance(source, MastodonSourceConfig)
    return MastodonSource(
        source.key,
        source.instances,
        source.hashtags,
        brand_terms(loaded),
        fetcher,
        search=source.search,
        limit=source.limit,
    )


def _bluesky(source: SourceConfig, loaded: LoadedConfig, fetcher: HttpFetcher) -> Source:
    assert isinstance(source, BlueskySourceConfig)
    return BlueskySource(
        source.key,
        source.api_url,
        brand_terms(loaded),
        fetcher,
        identifier=os.environ.get(source.identifier_env, "").strip() or None,
        app_password=os.environ.get(source.app_password_env, "").strip() or None,
        env_names=(source.identifier_env, source.app_password_env),
        lang=source.lang,
        limit=source.limit,
    )


def _stackexchange(source: SourceConfig, loaded: LoadedConfig, fetcher: HttpFetcher) -> Source:
    assert isinstance(source, StackExchangeSourceConfig)
    return StackExchangeSource(
        source.key,
        source.api_url,
        source.sites,
        brand_terms(loaded),
        fetcher,
        key_param=os.environ.get(source.key_env, "").strip() or None,
        limit=source.limit,
    )


def _github(source: SourceConfig, loaded: LoadedConfig, fetcher: HttpFetcher) -> Source:
    assert isinstance(source, GitHubSourceConfig)
    return GitHubSource(
        source.key,
        source.api_url,
        brand_terms(loaded),
        fetcher,
        token=os.environ.get(source.token_env, "").strip() or None,
        token_env=source.token_env,
        qualifiers=source.qualifiers,
        by=source.by,
        limit=source.limit,
    )


SOCIAL_BUILDERS: dict[str, Callable[[SourceConfig, LoadedConfig, HttpFetcher], Source]] = {
    "mastodon": _mastodon,
    "bluesky": _bluesky,
    "stackexchange": _stackexchange,
    "github": _github,
}
# -- end of issue 3 part B --

BUILDERS: dict[str, Callable[[SourceConfig, LoadedConfig, HttpFetcher], Source]] = {
    "rss": _rss,
    **SOCIAL_BUILDERS,
}
