"""What a query would have found: run it over what Veille fetched recently, before saving it.

Every fetched item is stored (matched or not), so the last 30 days of items are the stored
mentions plus everything else the sources brought; copies of a story already seen elsewhere are
left out, as the pipeline leaves them out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from veille.matching.matcher import BrandRule, Matcher
from veille.model import Span
from veille.store import Store, items

PREVIEW_DAYS = 30
PREVIEW_SCAN_LIMIT = 20_000
PREVIEW_EXAMPLES = 5


@dataclass(frozen=True)
class Example:
    title: str
    text: str
    url: str | None
    source: str
    published_at: datetime | None
    spans: tuple[Span, ...]


@dataclass(frozen=True)
class Preview:
    query: str
    scanned: int
    matched: int
    examples: tuple[Example, ...]
    days: int


@dataclass(frozen=True)
class _Row:
    title: str
    text: str
    url: str | None
    author: str | None
    source: str
    source_type: str
    language: str | None
    published_at: datetime | None


def recent_items(store: Store, since: datetime, limit: int = PREVIEW_SCAN_LIMIT) -> list[_Row]:
    """The items fetched since `since`, newest first (at most `limit`)."""
    query = (
        select(
            items.c.title,
            items.c.text,
            items.c.url,
            items.c.author,
            items.c.source,
            items.c.source_type,
            items.c.declared_language,
            items.c.published_at,
        )
        .where(items.c.fetched_at >= since, items.c.duplicate_of.is_(None))
        .order_by(items.c.fetched_at.desc(), items.c.id.desc())
        .limit(limit)
    )
    with store.engine.connect() as conn:
        return [_Row(*row) for row in conn.execute(query)]


def preview(
    store: Store,
    query: str,
    *,
    context: Sequence[str] = (),
    exclude: Sequence[str] = (),
    now: datetime | None = None,
    days: int = PREVIEW_DAYS,
    examples: int = PREVIEW_EXAMPLES,
) -> Preview:
    """How many recent items the query matches, and the newest few; raises QueryError when the
    query cannot be understood."""
    matcher = Matcher([BrandRule("preview", query=query, context=tuple(context), exclude=tuple(exclude))])
    since = (now or datetime.now(UTC)) - timedelta(days=days)
    rows = recent_items(store, since)
    matched = 0
    shown: list[Example] = []
    for row in rows:
        found = matcher.match_item(row.title, row.text, row.author, row.url, row.source_type, row.language)
        if not found:
            continue
        matched += 1
        if len(shown) < examples:
            shown.append(Example(row.title, row.text, row.url, row.source, row.published_at, found[0].spans))
    return Preview(query, len(rows), matched, tuple(shown), days)
