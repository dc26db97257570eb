"""Every kind of source by its `type`: its config model and the builder of its adapter.

Adding a source is one module (its adapter, its config model on `SourceBase`, its `SourceKind`)
and one line here; `veille.config` builds the `[[sources]]` union from this table.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Annotated, Any, Union

from pydantic import Field

from veille.sources.appstore import APPSTORE
from veille.sources.base import Source
from veille.sources.bluesky import BLUESKY
from veille.sources.devto import DEVTO
from veille.sources.discourse import DISCOURSE
from veille.sources.feed import RSS
from veille.sources.github import GITHUB
from veille.sources.google_alerts import GOOGLE_ALERTS
from veille.sources.google_news import GOOGLE_NEWS
from veille.sources.hackernews import HACKERNEWS
from veille.sources.http import HttpFetcher
from veille.sources.jetstream import BLUESKY_JETSTREAM
from veille.sources.kind import Loaded, SourceKind
from veille.sources.lemmy import LEMMY
from veille.sources.lobsters import LOBSTERS
from veille.sources.mastodon import MASTODON
from veille.sources.reddit import REDDIT
from veille.sources.settings import SourceBase
from veille.sources.stackexchange import STACKEXCHANGE
from veille.sources.x import X
from veille.sources.youtube import YOUTUBE
from veille.sources.youtube_search import YOUTUBE_SEARCH

# In this order in the messages that list the known types.
SOURCE_KINDS: Mapping[str, SourceKind[Any]] = {
    "rss": RSS,
    "google_news": GOOGLE_NEWS,
    "google_alerts": GOOGLE_ALERTS,
    "youtube": YOUTUBE,
    "hackernews": HACKERNEWS,
    "reddit": REDDIT,
    "lobsters": LOBSTERS,
    "mastodon": MASTODON,
    "bluesky": BLUESKY,
    "bluesky_jetstream": BLUESKY_JETSTREAM,
    "stackexchange": STACKEXCHANGE,
    "github": GITHUB,
    "x": X,
    "youtube_search": YOUTUBE_SEARCH,
    "discourse": DISCOURSE,
    "lemmy": LEMMY,
    "devto": DEVTO,
    "appstore": APPSTORE,
}
SOURCE_TYPES: tuple[str, ...] = tuple(SOURCE_KINDS)

if TYPE_CHECKING:
    SourceConfig = SourceBase
else:
    # One [[sources]] table: the model its `type` names.
    SourceConfig = Annotated[
        Union[tuple(kind.model for kind in SOURCE_KINDS.values())],  # noqa: UP007
        Field(discriminator="type"),
    ]


def build_source(source: SourceBase, loaded: Loaded, fetcher: HttpFetcher) -> Source:
    kind = SOURCE_KINDS.get(source.type)
    if kind is None:  # config validation lists the same types; this is a programming error
        raise ValueError(f"no adapter for source type {source.type!r}")
    return kind.build(source, loaded, fetcher)
