"""Questions asked of the stored history: search, counts, open mentions."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, cast
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, desc, exists, func, select
from sqlalchemy.sql import ColumnElement

from veille.model import ToneLabel
from veille.reports.data import counted_since, happened_at
from veille.store import Store, alerts, fulltext, items, mentions

_TONE: ColumnElement[str] = func.coalesce(mentions.c.tone_corrected, mentions.c.tone)


@dataclass(frozen=True)
class Found:
    """One search result, from the stored history or from a live source."""

    title: str
    url: str | None
    source: str
    when: datetime | None
    brand: str | None = None
    tone: ToneLabel | None = None
    author: str | None = None
    live: bool = False


@dataclass(frozen=True)
class Page:
    results: list[Found]
    total: int
    offset: int


def search_history(
    store: Store,
    query: str,
    *,
    since: datetime | None = None,
    tone: ToneLabel | None = None,
    source: str | None = None,
    brand: str | None = None,
    unassigned: bool = False,
    offset: int = 0,
    limit: int = 10,
) -> Page:
    """Stored items that contain every word of `query`, newest first."""
    terms = fulltext.terms_of(query)
    conditions: list[ColumnElement[bool]] = [items.c.duplicate_of.is_(None)]
    if terms:
        conditions.append(fulltext.matches(store.backend, items, terms))
    # The item's side of `happened_at`: publication, unless missing or after Veille found it.
    when = case(
        (
            (items.c.published_at.is_not(None)) & (items.c.published_at < items.c.fetched_at),
            items.c.published_at,
        ),
        else_=items.c.fetched_at,
    )
    if since is not None:
        conditions.append(when >= since)
    if source is not None:
        conditions.append(
            (func.lower(items.c.source) == source.lower()) | (items.c.source_type == source.lower())
        )
    # An article that mentions two brands is one result: brand and tone narrow which articles
    # match, and the brands it mentions are listed together.
    about: list[ColumnElement[bool]] = []
    if tone is not None:
        about.append(_TONE.in_([tone]))
    if brand is not None:
        about.append(func.lower(mentions.c.brand) == brand.lower())
    if about:
        conditions.append(exists().where(mentions.c.item_id == items.c.id, *about))
    if unassigned:
        conditions.append(
            exists()
            .select_from(alerts.join(mentions, alerts.c.mention_id == mentions.c.id))
            .where(mentions.c.item_id == items.c.id, *_open(None))
        )
    rows_query = (
        select(items.c.id, items.c.title, items.c.url, items.c.source, when.label("when"), items.c.author)
        .where(and_(*conditions))
        .order_by(desc(when), desc(items.c.id))
        .offset(offset)
        .limit(limit)
    )
    count_query = select(func.count()).select_from(items).where(and_(*conditions))
    with store.engine.connect() as conn:
        total = int(conn.scalar(count_query) or 0)
        rows = conn.execute(rows_query).all()
        said: dict[int, list[tuple[str, str]]] = {}
        if rows:
            for item_id, said_brand, said_tone in conn.execute(
                select(mentions.c.item_id, mentions.c.brand, _TONE)
                .where(mentions.c.item_id.in_([r.id for r in rows]), *about)
                .order_by(mentions.c.id)
            ):
                said.setdefault(item_id, []).append((said_brand, said_tone))
    results = []
    for r in rows:
        found = said.get(r.id, [])
        brands = ", ".join(dict.fromkeys(b for b, _ in found)) or None
        first_tone = cast(ToneLabel, found[0][1]) if found else None
        results.append(Found(r.title, r.url, r.source, store_time(r.when), brands, first_tone, r.author))
    return Page(results, total, offset)


def store_time(value: Any) -> datetime | None:
    """A time read through a SQL expression (coalesce) comes back without the UTC type's help."""
    if value is None:
        return None
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    if not isinstance(moment, datetime):
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


@dataclass(frozen=True)
class Stats:
    by_brand_tone: dict[str, Counter[str]]
    by_source: Counter[str]

    @property
    def total(self) -> int:
        return sum(self.by_source.values())


def mention_stats(store: Store, since: datetime) -> Stats:
    """Mentions that happened since a moment (the date summaries and export use), by brand ×
    tone and by source."""
    joined = mentions.join(items, mentions.c.item_id == items.c.id)
    by_brand = (
        select(mentions.c.brand, _TONE, func.count())
        .select_from(joined)
        .where(*counted_since(since))
        .group_by(mentions.c.brand, _TONE)
    )
    by_source = (
        select(items.c.source, func.count())
        .select_from(joined)
        .where(*counted_since(since))
        .group_by(items.c.source)
    )
    brands: dict[str, Counter[str]] = {}
    with store.engine.connect() as conn:
        for brand, tone, count in conn.execute(by_brand):
            brands.setdefault(brand, Counter())[tone] += int(count)
        sources = Counter({source: int(count) for source, count in conn.execute(by_source)})
    return Stats(brands, sources)


OPEN_CANDIDATES = 500  # the newest open mentions read to order a day's negatives first


@dataclass(frozen=True)
class OpenAlert:
    alert_id: int
    brand: str
    title: str
    url: str | None
    source: str
    tone: ToneLabel
    channel_id: str | None
    ts: str | None
    assignee: str | None
    mention_id: int
    at: datetime  # when it happened (publication, else when found)


def _open(assignee: str | None) -> list[ColumnElement[bool]]:
    who = alerts.c.assignee.is_(None) if assignee is None else alerts.c.assignee == assignee
    return [alerts.c.state == "new", alerts.c.status == "posted", who]


def open_alerts(
    store: Store, *, assignee: str | None, limit: int = 10, timezone: str = "UTC"
) -> list[OpenAlert]:
    """Unhandled mentions assigned to someone, or (assignee None) to nobody: the newest first by
    the day they happened (in the team's time zone), the negative ones first within a day."""
    when = happened_at()
    query = (
        select(
            alerts.c.id,
            mentions.c.brand,
            items.c.title,
            items.c.url,
            items.c.source,
            _TONE.label("tone"),
            alerts.c.channel_id,
            alerts.c.ts,
            alerts.c.assignee,
            mentions.c.id.label("mention_id"),
            when.label("at"),
        )
        .select_from(alerts.join(mentions, alerts.c.mention_id == mentions.c.id))
        .join(items, mentions.c.item_id == items.c.id)
        .where(*_open(assignee))
        .order_by(desc(when), desc(alerts.c.id))
        .limit(OPEN_CANDIDATES)
    )
    zone = ZoneInfo(timezone)
    seen: set[int] = set()
    found: list[OpenAlert] = []
    with store.engine.connect() as conn:
        for row in conn.execute(query):
            if row.mention_id in seen:  # one line per mention, even when alerted in two channels
                continue
            seen.add(row.mention_id)
            at = store_time(row.at) or datetime.now(UTC)
            found.append(OpenAlert(*row[:-1], at=at))  # type: ignore[misc]
    found.sort(key=lambda a: (a.at.astimezone(zone).date(), a.tone == "negative", a.at), reverse=True)
    return found[:limit]


def count_open(store: Store, *, assignee: str | None) -> int:
    """How many mentions `open_alerts` could list, all of them."""
    query = select(func.count(func.distinct(alerts.c.mention_id))).select_from(alerts).where(*_open(assignee))
    with store.engine.connect() as conn:
        return int(conn.scalar(query) or 0)
