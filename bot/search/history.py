"""Questions asked of the stored history: search, counts, open mentions."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, cast
from zoneinfo import ZoneInfo

from sqlalchemy import Select, String, desc, exists, func, select, tuple_, type_coerce
from sqlalchemy.engine import Connection
from sqlalchemy.exc import OperationalError
from sqlalchemy.sql import ColumnElement

from veille.model import ToneLabel
from veille.reports.data import counted_since, happened_at
from veille.store import DROPPED, SET_ASIDE, Store, alerts, fulltext, items, mentions
from veille.store.pace_store import HELD, HELD_DAILY, SNOOZED

log = logging.getLogger(__name__)

KEPT_OUT = (SET_ASIDE, DROPPED, HELD, HELD_DAILY, SNOOZED)
"""Alert statuses a search result names: why the mention is not (yet) in the channel."""

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
    # Why it never reached the channel: the relevance model set its alert aside or dropped it, the
    # brand's pace keeps it for the digest or the summary, or a snooze holds it back.
    held: str | None = None
    held_alert: int | None = None  # that alert, for `/veille why`


# SQLite: a query whose words the full-text index finds in at most this many items starts from
# the index and sorts them; beyond, items are read newest first (by the date index) and tested.
CANDIDATES = 10_000
# Counting stops here when walking newest first: "more than 1,000" is shown instead.
COUNT_CAP = 1_000
# PostgreSQL: a word in more than this share of the newest items is tested row by row, newest
# first, rather than found through the index (SAMPLE items are read to tell): beyond it, reading
# COUNT_CAP / COMMON rows costs less than a bitmap of every item that has the word.
COMMON = 0.05
SAMPLE = 200
# SQLite: items read newest first, by batches of WALK_FIRST, then sized by the share that matched.
WALK_FIRST = 250
WALK_MOST = 8_000
# SQLite: how long a search waits for another writer's lock to index the newest items first; past
# it, it answers without them and says how many (a poll's save holds the lock for milliseconds,
# a backup or another program for as long as it likes).
INDEX_WAIT = 2.0
# Past any history's size; a page asked for beyond it (a forged "More" button) is simply empty,
# where the database would refuse an offset past its 64-bit integers.
MAX_OFFSET = 1 << 40


@dataclass(frozen=True)
class Page:
    results: list[Found]
    total: int
    offset: int
    at_least: bool = False  # more than `total` matched: counting stopped there
    # SQLite: the newest items the full-text index could not take in first (another writer held
    # the file): a search for words did not look at them.
    unsearched: int = 0


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
    candidates: int = CANDIDATES,
    count_cap: int = COUNT_CAP,
) -> Page:
    """Stored items that contain every word of `query` (or either of two joined by `OR`, and none
    left out by `-`: `fulltext.terms_of`), newest first (by when they happened).

    Rare words are found through the full-text index (on SQLite: in at most `candidates` items),
    common ones are tested on items read newest first; counting stops past `count_cap` (then
    `at_least` is set), except for rare words on SQLite, always counted exactly.
    """
    terms = fulltext.terms_of(query)
    offset = min(max(offset, 0), MAX_OFFSET)
    # PostgreSQL refuses text with a NUL character in it, even to compare.
    source = source.replace("\x00", "") if source is not None else None
    brand = brand.replace("\x00", "") if brand is not None else None
    original = items.c.duplicate_of.is_(None)
    # SQLite would read every original through the index on duplicate_of: it is nearly all of them.
    conditions: list[ColumnElement[bool]] = [func.likely(original) if store.backend == "sqlite" else original]
    if since is not None:
        conditions.append(items.c.happened_at >= since)
    if source is not None:
        conditions.append(
            (func.lower(items.c.source) == source.lower()) | (items.c.source_type == source.lower())
        )
    # An article that mentions two brands is one result: brand and tone narrow which articles
    # match, and the brands it mentions are listed together.
    about: list[ColumnElement[bool]] = []
    if tone is not None:
        # Not coalesce(): the planner knows how common each tone is, not each coalesce() value.
        corrected = mentions.c.tone_corrected
        about.append((corrected == tone) | (corrected.is_(None) & (mentions.c.tone == tone)))
    if brand is not None:
        about.append(func.lower(mentions.c.brand) == brand.lower())
    if about and since is not None:
        # A mention is stored when its item is, never before it happened: this narrows by the index.
        about.append(mentions.c.created_at >= since)
    if brand is not None:
        # Few items name a given brand: start from them (the index on brand and date).
        conditions.append(items.c.id.in_(select(mentions.c.item_id).where(*about)))
    elif about:
        conditions.append(exists().where(mentions.c.item_id == items.c.id, *about))
    if unassigned:
        conditions.append(
            exists()
            .select_from(alerts.join(mentions, alerts.c.mention_id == mentions.c.id))
            .where(mentions.c.item_id == items.c.id, *_open(None))
        )
    if terms.excluded and not terms:
        conditions.append(fulltext.matches(store.backend, items, terms))
    unsearched = 0
    if (terms or terms.excluded) and store.backend == "sqlite":
        try:
            store.index_recent(wait=INDEX_WAIT)  # the items stored since the index was last written
        except OperationalError as error:  # another writer held the file past the busy timeout
            unsearched = store.unindexed()
            log.warning("search: the %d newest items could not be indexed first: %s", unsearched, error)
    cap: int | None = count_cap
    columns = (items.c.id, items.c.title, items.c.url, items.c.source, items.c.happened_at, items.c.author)
    newest_first = (desc(items.c.happened_at), desc(items.c.id))
    with store.engine.connect() as conn:
        if store.backend == "postgresql":
            # Compiling a plan to machine code costs more than these index reads (100+ ms).
            conn.exec_driver_sql("SET LOCAL jit = off")
        walked: list[int] | None = None
        if terms and store.backend != "sqlite":
            # The planner finds rare words through the index; common ones are tested row by row.
            common = _share(conn, conditions, fulltext.matches(store.backend, items, terms)) > COMMON
            conditions.append(fulltext.matches(store.backend, items, terms, common=common))
        elif terms and _count(conn, fulltext.matching_ids("sqlite", items, terms), candidates) <= candidates:
            conditions.append(fulltext.matches(store.backend, items, terms))
            cap = None  # a few thousand at most: counted exactly
        elif terms:
            walked = _walk(conn, conditions, terms, max(offset + limit, count_cap + 1))
        if walked is None:
            rows = conn.execute(
                select(*columns).where(*conditions).order_by(*newest_first).offset(offset).limit(limit)
            ).all()
            total = _count(conn, select(items.c.id).where(*conditions), cap)
        else:
            page = walked[offset : offset + limit]
            rows = conn.execute(select(*columns).where(items.c.id.in_(page)).order_by(*newest_first)).all()
            total = len(walked)
        said: dict[int, list[tuple[str, str]]] = {}
        held: dict[int, tuple[str, int]] = {}
        if rows:
            for item_id, said_brand, said_tone in conn.execute(
                select(mentions.c.item_id, mentions.c.brand, _TONE)
                .where(mentions.c.item_id.in_([r.id for r in rows]), *about)
                .order_by(mentions.c.id)
            ):
                said.setdefault(item_id, []).append((said_brand, said_tone))
            for item_id, alert_id, status in conn.execute(
                select(mentions.c.item_id, alerts.c.id, alerts.c.status)
                .select_from(alerts.join(mentions, alerts.c.mention_id == mentions.c.id))
                .where(
                    mentions.c.item_id.in_([r.id for r in rows]),
                    alerts.c.status.in_(KEPT_OUT),
                    *about,
                )
                .order_by(alerts.c.id)
            ):
                held.setdefault(item_id, (status, alert_id))
    results = []
    for r in rows:
        found = said.get(r.id, [])
        brands = ", ".join(dict.fromkeys(b for b, _ in found)) or None
        first_tone = cast(ToneLabel, found[0][1]) if found else None
        status, alert_id = held.get(r.id, (None, None))
        found_at = (r.title, r.url, r.source, r.happened_at)
        results.append(Found(*found_at, brands, first_tone, r.author, held=status, held_alert=alert_id))
    at_least = cap is not None and total > cap
    return Page(results, min(total, cap) if cap is not None else total, offset, at_least, unsearched)


def _share(conn: Connection, conditions: list[ColumnElement[bool]], text: ColumnElement[bool]) -> float:
    """The share of the newest items meeting `conditions` whose text also matches."""
    newest = select(items.c.id).where(*conditions).order_by(desc(items.c.happened_at)).limit(SAMPLE)
    read, matched = conn.execute(
        select(func.count(), func.count().filter(text)).where(items.c.id.in_(newest.scalar_subquery()))
    ).one()
    return float(matched) / read if read else 0.0


def _walk(
    conn: Connection, conditions: list[ColumnElement[bool]], terms: fulltext.Terms, wanted: int
) -> list[int]:
    """The ids of the first `wanted` items meeting `conditions` whose text has `terms`, newest
    first: items are read by the date index in growing batches, and the full-text index is asked
    which ids of each batch it has (FTS5 reads only that range of ids of its lists)."""
    found: list[int] = []
    after: tuple[Any, int] | None = None
    batch, total_read = WALK_FIRST, 0
    # Dates as stored: read only to go on from the last one, never turned into datetimes.
    stored = type_coerce(items.c.happened_at, String())
    while len(found) < wanted:
        query = select(items.c.id, stored.label("happened_at")).where(*conditions)
        if after is not None:
            query = query.where(tuple_(stored, items.c.id) < tuple_(*after))
        read = conn.execute(query.order_by(desc(items.c.happened_at), desc(items.c.id)).limit(batch)).all()
        if not read:
            break
        ids = [row.id for row in read]
        hits: set[int] = set()
        for first, last in _runs(sorted(ids)):
            hits.update(conn.scalars(fulltext.matching_ids("sqlite", items, terms, between=(first, last))))
        found += [item_id for item_id in ids if item_id in hits]
        after = (read[-1].happened_at, read[-1].id)
        total_read += len(read)
        # Enough for what is still wanted at the share found so far, and a quarter more.
        still = (wanted - len(found)) * total_read / max(len(found), 1)
        batch = max(WALK_FIRST, min(int(still * 1.25) + 1, WALK_MOST))
    return found[:wanted]


def _runs(ids: list[int], gap: int = 1_000) -> Iterator[tuple[int, int]]:
    """Sorted ids as ranges without a hole wider than `gap`: items stored together have
    neighbouring ids, and an item dated long before it was found sits apart."""
    first = previous = ids[0]
    for item_id in ids[1:]:
        if item_id - previous > gap:
            yield first, previous
            first = item_id
        previous = item_id
    yield first, previous


def _count(conn: Connection, rows: Select[tuple[int]], cap: int | None) -> int:
    """How many rows `rows` selects, reading at most `cap` + 1 of them (None: all)."""
    if cap is not None:
        rows = rows.limit(cap + 1)
    return int(conn.scalar(select(func.count()).select_from(rows.subquery())) or 0)


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
