"""Asking the sources that can search (Hacker News, Reddit, Google News, Mastodon, Bluesky) live,
in parallel, within a deadline: what does not answer in time is reported, never waited for."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol, runtime_checkable

from veille.model import Item
from veille.search.history import Found
from veille.text.urls import canonical_url

log = logging.getLogger(__name__)
DEADLINE_SECONDS = 8.0


@runtime_checkable
class LiveSearchable(Protocol):
    key: str

    def search(self, terms: Sequence[str], since: datetime | None, limit: int) -> list[Item]: ...


@dataclass
class LiveResults:
    found: list[Found] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # sources that erred or did not answer in time


def searchable(sources: Sequence[object]) -> list[LiveSearchable]:
    return [s for s in sources if isinstance(s, LiveSearchable)]


def search_live(
    sources: Sequence[LiveSearchable],
    terms: Sequence[str],
    since: datetime | None,
    limit: int = 5,
    deadline: float = DEADLINE_SECONDS,
    unseen: Callable[[Sequence[Item]], list[bool]] | None = None,
) -> LiveResults:
    """`unseen` tells which items the store does not hold yet: only those are shown, the others
    are already among the history's results."""
    results = LiveResults()
    if not sources or not terms:
        return results
    pool = ThreadPoolExecutor(max_workers=len(sources), thread_name_prefix="live-search")
    futures: dict[Future[list[Item]], str] = {
        pool.submit(source.search, terms, since, limit): source.key for source in sources
    }
    _, pending = wait(futures, timeout=deadline)
    pool.shutdown(wait=False, cancel_futures=True)
    seen: set[str] = set()
    for future, key in futures.items():
        if future in pending:
            results.failed.append(key)
            continue
        try:
            found = future.result()
        except Exception as error:
            log.info("live search on %s failed: %s", key, error)
            results.failed.append(key)
            continue
        found = found[:limit]
        if unseen is not None and found:
            found = [item for item, new in zip(found, unseen(found), strict=True) if new]
        for item in found:
            url_key = canonical_url(item.url) if item.url else None
            if url_key and url_key in seen:
                continue
            if url_key:
                seen.add(url_key)
            results.found.append(
                Found(item.title, item.url, item.source, item.published_at, author=item.author, live=True)
            )
    results.failed.sort()
    return results
