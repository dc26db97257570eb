"""Building the adapter for each configured source."""

from __future__ import annotations

from collections.abc import Callable

from bot.config import LoadedConfig, SourceConfig
from bot.sources.base import Source
from bot.sources.feed import FeedSource
from bot.sources.http import HttpFetcher


def build_source(source: SourceConfig, loaded: LoadedConfig, fetcher: HttpFetcher) -> Source:
    builder = BUILDERS.get(source.type)
    if builder is None:  # config validation lists the same types; this is a programming error
        raise ValueError(f"no adapter for source type {source.type!r}")
    return builder(source, loaded, fetcher)


def _rss(source: SourceConfig, loaded: LoadedConfig, fetcher: HttpFetcher) -> Source:
    return FeedSource(source.key, loaded.resolve_url(source.url), fetcher)


BUILDERS: dict[str, Callable[[SourceConfig, LoadedConfig, HttpFetcher], Source]] = {"rss": _rss}
