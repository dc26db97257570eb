"""A YouTube channel's feed (its 15 latest videos), with views and ratings as reach."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from bot.models import Item
from bot.sources.feed import FeedSource
from bot.sources.http import HttpFetcher
from bot.text import clean_text


def channel_feed_url(base_url: str, channel_id: str) -> str:
    return f"{base_url.rstrip('/')}/feeds/videos.xml?channel_id={channel_id}"


def _int(value: Any) -> int | None:
    try:
        return max(0, int(str(value)))
    except (TypeError, ValueError):
        return None


class YoutubeSource(FeedSource):
    type = "youtube"
    complete = True  # media:statistics is only kept by feedparser

    def __init__(self, key: str, base_url: str, channel_id: str, fetcher: HttpFetcher) -> None:
        super().__init__(key, channel_feed_url(base_url, channel_id), fetcher)

    def refine(self, entry: Any, item: Item) -> Item:
        reach: dict[str, int] = {}
        stats = entry.get("media_statistics") or {}
        rating = entry.get("media_starrating") or {}
        views = _int(stats.get("views")) if isinstance(stats, dict) else None
        ratings = _int(rating.get("count")) if isinstance(rating, dict) else None
        if views is not None:
            reach["views"] = views
        if ratings is not None:
            reach["likes"] = ratings
        text = item.text
        description = entry.get("media_description")
        if not text and isinstance(description, str):
            text = clean_text(description)[:20_000]
        return replace(item, reach=reach, text=text)
