"""Asking the sources that can search (Hacker News, Reddit, Google News, Mastodon, Bluesky) live,
in parallel, within a deadline: what does not answer in time is reported, never waited for.

Each source reads `OR`, `-` and quotes its own way, or not at all (Hacker News would look for
« recrutement » in `viadeo -recrutement`, and no source reads `OU` or `SAUF`), so a source is
asked plain words and phrases: one query per way to meet the search (`panne OR coupure` asks
`panne`, then `coupure`), and what it answers with a word left out is not shown."""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol, runtime_checkable

from veille.model import Item
from veille.search.history import Found
from veille.store.fulltext import Term, Terms
from veille.text.urls import canonical_url

log = logging.getLogger(__name__)
DEADLINE_SECONDS = 8.0
# Queries asked of each source for one search at most (each one a request under its host's budget).
MAX_QUERIES = 3


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


def live_queries(terms: Terms) -> list[str]:
    """The queries a source is asked for a search: one per way to meet every group, its words as
    typed, a phrase in quotes; the first MAX_QUERIES of them."""
    if not terms:
        return []
    ways = itertools.islice(itertools.product(*terms.groups), MAX_QUERIES)
    return [" ".join(map(_plain, way)) for way in ways]


def _plain(term: Term) -> str:
    typed = term.typed or " ".join(term.words)
    return f'"{typed}"' if len(term.words) > 1 else typed


def search_live(
    sources: Sequence[LiveSearchable],
    terms: Terms,
    since: datetime | None,
    limit: int = 5,
    deadline: float = DEADLINE_SECONDS,
    unseen: Callable[[Sequence[Item]], list[bool]] | None = None,
) -> LiveResults:
    """`unseen` tells which items the store does not hold yet: only those are shown, the others
    are already among the history's results. At most `limit` items per source."""
    results = LiveResults()
    queries = live_queries(terms)
    if not sources or not queries:
        return results
    asked = [(source, query) for source in sources for query in queries]
    pool = ThreadPoolExecutor(max_workers=len(asked), thread_name_prefix="live-search")
    futures = [pool.submit(source.search, [query], since, limit) for source, query in asked]
    _, pending = wait(futures, timeout=deadline)
    pool.shutdown(wait=False, cancel_futures=True)
    answers: dict[str, list[Item]] = {}
    for future, (source, _) in zip(futures, asked, strict=True):
        if source.key in results.failed:
            continue
        if future in pending:
            results.failed.append(source.key)
            continue
        try:
            answers.setdefault(source.key, []).extend(future.result())
        except Exception as error:
            log.info("live search on %s failed: %s", source.key, error)
            results.failed.append(source.key)
    seen: set[str] = set()
    for key, found in answers.items():
        if key in results.failed:
            continue
        shown: list[Item] = []
        for item in found:
            url_key = canonical_url(item.url) if item.url else None
            if (url_key and url_key in seen) or terms.leaves_out(
                f"{item.title} {item.author or ''} {item.text}"
            ):
                continue
            if url_key:
                seen.add(url_key)
            shown.append(item)
            if len(shown) == limit:
                break
        if unseen is not None and shown:
            shown = [item for item, new in zip(shown, unseen(shown), strict=True) if new]
        results.found += [
            Found(item.title, item.url, item.source, item.published_at, author=item.author, live=True)
            for item in shown
        ]
    results.failed.sort()
    return results
