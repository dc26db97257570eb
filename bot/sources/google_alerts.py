"""Google Alerts delivered as a feed: real links instead of Google's redirects, no <b> in titles."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any, Literal
from urllib.parse import parse_qs, urlsplit

from veille.model import Item
from veille.sources.feed import FeedSource, RssSourceConfig
from veille.sources.http import HttpFetcher
from veille.sources.kind import Loaded, SourceKind

_BOLD = re.compile(r"</?b>", re.IGNORECASE)


def unwrap_google_redirect(url: str | None) -> str | None:
    """`https://www.google.com/url?...&url=REAL&...` → REAL; any other URL unchanged."""
    if not url:
        return url
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if not (host == "google.com" or host.startswith("www.google.")) or parts.path != "/url":
        return url
    params = parse_qs(parts.query)
    for name in ("url", "q"):
        for value in params.get(name, []):
            if value.lower().startswith(("http://", "https://")):
                return value
    return url


def strip_bold(text: str) -> str:
    return _BOLD.sub("", text)


class GoogleAlertsSource(FeedSource):
    type = "google_alerts"

    def refine(self, entry: Any, item: Item) -> Item:
        return replace(
            item,
            url=unwrap_google_redirect(item.url),
            title=strip_bold(item.title),
            text=strip_bold(item.text),
        )


class GoogleAlertsSourceConfig(RssSourceConfig):
    """A Google Alert delivered as a feed: its links are unwrapped from Google's redirects."""

    type: Literal["google_alerts"]  # type: ignore[assignment]


def build(source: GoogleAlertsSourceConfig, loaded: Loaded, fetcher: HttpFetcher) -> GoogleAlertsSource:
    return GoogleAlertsSource(source.key, loaded.resolve_url(source.url), fetcher)


GOOGLE_ALERTS = SourceKind(GoogleAlertsSourceConfig, build)
