"""Items and their mentions: what was seen, recognised again by any of its dedup keys.

An item is recognised again by any of its dedup keys (its GUID within its source, its canonical
URL), so a feed that re-publishes an item with a new date or GUID does not alert twice. A story
seen in several sources is stored once, its other sightings pointing at it (`duplicate_of`). A
mention is stored with its pending alerts in one transaction; the outbox delivers them.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import ARRAY, ColumnElement, Select, Table, any_, bindparam, func, select, text, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from veille.model import BrandMatch, Item, Tone
from veille.store import bulk, fulltext
from veille.store.delivery_store import DeliveryStore
from veille.store.pace_store import HELD, HELD_DAILY
from veille.store.relevance_store import newest_decision
from veille.store.schema import RERENDER, alerts, dedup_keys, items, mentions, now, sqlite_waiting

OUTPUT_STATUSES = ("pending", HELD, HELD_DAILY)
"""The alert statuses whose mention goes to the `[[outputs]]` webhooks."""


@dataclass(frozen=True)
class NewMention:
    match: BrandMatch
    tone: Tone
    channels: tuple[str, ...] = ()  # empty: stored without an alert (first-poll backlog)
    ping_channels: tuple[str, ...] = ()  # of those, where the alert also says @here
    relevance: float | None = None  # the relevance model's probability (None: not judged)
    relevance_words: tuple[str, ...] | None = None  # the words behind a doubt
    alert_status: str = "pending"  # or "set_aside", "dropped" (veille.store.relevance_store)


@dataclass(frozen=True)
class NewItem:
    item: Item
    keys: tuple[str, ...]
    canonical_url: str | None
    mentions: tuple[NewMention, ...] = ()
    title_keys: tuple[str | None, str | None] = (None, None)
    duplicate_of: int | None = None  # a sighting of this item's story from another source


@dataclass(frozen=True)
class KnownItem:
    item_id: int
    source: str
    story_id: int  # the first item of the story (itself, or what it duplicates)


@dataclass(frozen=True)
class SavedItem:
    item_id: int
    mention_ids: tuple[int, ...]
    alert_ids: tuple[int, ...]


def _in_list(column: ColumnElement[Any], name: str) -> ColumnElement[bool]:
    return column.in_(bindparam(name, expanding=True))


def _in_array(column: ColumnElement[Any], name: str) -> ColumnElement[bool]:
    """`column = ANY(:name)`: one SQL text however many values, which PostgreSQL prepares once."""
    return column == any_(bindparam(name, type_=ARRAY(column.type)))


@dataclass(frozen=True)
class Lookups:
    """The queries that look a batch's keys up, built once per way of passing a list."""

    known_items: Select[Any]
    present_keys: Select[Any]
    titled: Select[Any]
    story_sources: Select[Any]


def _lookups(listed: Callable[[ColumnElement[Any], str], ColumnElement[bool]]) -> Lookups:
    return Lookups(
        known_items=select(dedup_keys.c.key, items.c.id, items.c.source, items.c.duplicate_of)
        .select_from(dedup_keys.join(items, dedup_keys.c.item_id == items.c.id))
        .where(listed(dedup_keys.c.key, "keys")),
        present_keys=select(dedup_keys.c.key).where(listed(dedup_keys.c.key, "keys")),
        titled=select(
            items.c.id, items.c.duplicate_of, items.c.source, items.c.title_key, items.c.title_key_short
        )
        .where(listed(items.c.title_key, "whole") | listed(items.c.title_key_short, "short"))
        .where(items.c.fetched_at >= bindparam("since")),
        story_sources=select(items.c.id, items.c.duplicate_of, items.c.source).where(
            listed(items.c.id, "stories") | listed(items.c.duplicate_of, "sightings")
        ),
    )


LISTS = _lookups(_in_list)
ARRAYS = _lookups(_in_array)


def lookups(conn: Connection) -> Lookups:
    return ARRAYS if conn.dialect.name == "postgresql" else LISTS


CHUNK = 500  # bound parameters per statement (queries naming two lists take half each)
RESERVE_IDS = text(
    "SELECT"
    " ARRAY(SELECT nextval(pg_get_serial_sequence('items', 'id')) FROM generate_series(1, :items)),"
    " ARRAY(SELECT nextval(pg_get_serial_sequence('mentions', 'id')) FROM generate_series(1, :mentions)),"
    " ARRAY(SELECT nextval(pg_get_serial_sequence('alerts', 'id')) FROM generate_series(1, :alerts))"
)
T = TypeVar("T")


@dataclass(frozen=True)
class Recall:
    """What the store remembers of a batch of items (see `ItemStore.recall`)."""

    known: dict[str, KnownItem] = field(default_factory=dict)  # by dedup key
    stories: list[int | None] = field(default_factory=list)  # per new item: a story its title names
    sources: dict[int, set[str]] = field(default_factory=dict)  # by story, see `ItemStore.recall`
    decisions: int = 0  # the team's decisions marker, read with them (`decisions_marker`)

    def seen_elsewhere(self, keys: Sequence[str], source: str) -> int | None:
        """The story of an item all of whose known keys are another source's (the same URL
        first seen elsewhere); None when a key is unknown or belongs to `source`."""
        return _seen_elsewhere(self.known, keys, source)


class ItemStore(DeliveryStore):
    _indexed_up_to = 0  # SQLite: the full-text index's newest item, as this store last wrote it

    def unseen(self, candidates: Sequence[Sequence[str]]) -> list[bool]:
        """For each item's dedup keys, whether none of them is known yet."""
        wanted = {key for keys in candidates for key in keys}
        with self.engine.connect() as conn:
            known = _present_keys(conn, wanted)
        return [not any(key in known for key in keys) for keys in candidates]

    def known_items(self, keys: Sequence[str]) -> dict[str, KnownItem]:
        """The stored item behind each known dedup key."""
        with self.engine.connect() as conn:
            return _known_items(conn, keys)

    def sources_of_story(self, story_id: int) -> set[str]:
        return self.sources_of_stories([story_id])[story_id]

    def sources_of_stories(self, story_ids: Collection[int]) -> dict[int, set[str]]:
        """The sources each story was seen in: its first item's and its sightings'."""
        with self.engine.connect() as conn:
            return _sources_of_stories(conn, story_ids)

    def find_story(self, keys: Sequence[str | None], since: datetime, other_than_source: str) -> int | None:
        """The story a title fingerprint already names, seen since `since` in another source."""
        return self.find_stories([(keys, other_than_source)], since)[0]

    def find_stories(
        self, wanted: Sequence[tuple[Sequence[str | None], str]], since: datetime
    ) -> list[int | None]:
        """For each (title fingerprints, source): the story they name, seen since `since` in
        another source (the first such item's story); one query for the lot."""
        with self.engine.connect() as conn:
            return _find_stories(conn, wanted, since)

    def recall(
        self, keyed: Sequence[tuple[Sequence[str], Sequence[str | None], str]], since: datetime
    ) -> Recall:
        """For a batch of (dedup keys, title fingerprints, source): the known items behind the
        keys, the story the title of each item with no known key names (as `find_stories`) and
        the sources of the stories of the items first seen in another source (`seen_elsewhere`),
        on one connection, which also reads the team's decisions marker (a poll needs it next)."""
        with self.engine.connect() as conn:
            decisions = newest_decision(conn)
            known = _known_items(conn, [key for keys, _, _ in keyed for key in keys])
            unknown = [i for i, (keys, _, _) in enumerate(keyed) if not any(key in known for key in keys)]
            named = _find_stories(conn, [keyed[i][1:] for i in unknown], since)
            elsewhere = {_seen_elsewhere(known, keys, source) for keys, _, source in keyed}
            sources = _sources_of_stories(conn, {story for story in elsewhere if story is not None})
        stories: list[int | None] = [None] * len(keyed)
        for i, story in zip(unknown, named, strict=True):
            stories[i] = story
        return Recall(known, stories, sources, decisions)

    def _index_when_due(self, conn: Connection, newest: int) -> None:
        """SQLite: write the waiting items into the full-text index once `INDEX_BATCH` wait. The
        index's newest item is remembered, not asked at each save (0 at first): were it further on
        (a search wrote it, another process did), the batch would only come early; were this
        transaction rolled back, a batch later, and a search writes what waits before it reads."""
        if conn.dialect.name != "sqlite":
            return
        if newest - self._indexed_up_to >= fulltext.INDEX_BATCH:
            fulltext.index_pending(conn)
            self._indexed_up_to = newest

    def index_recent(self, wait: float | None = None) -> int:
        """Bring the full-text index up to the newest stored item (SQLite; see
        `fulltext.INDEX_BATCH`): how many items it added. `wait`: at most this many seconds for
        another writer's lock, instead of the database's busy timeout."""
        with self.engine.begin() as conn:
            if wait is None or conn.dialect.name != "sqlite":
                return fulltext.index_pending(conn)
            with sqlite_waiting(conn, wait):
                return fulltext.index_pending(conn)

    def unindexed(self) -> int:
        """How many stored items a full-text search cannot find yet (see `index_recent`)."""
        with self.engine.connect() as conn:
            return fulltext.pending(conn)

    def also_seen(self, item_id: int) -> list[str]:
        """Other sources in which the story of `item_id` was seen, in order of first sighting."""
        return also_seen(self.engine, item_id)

    def refresh_story_alerts(self, *story_ids: int) -> int:
        """Ask for the posted alerts of stories to be re-rendered (e.g. to show a new sighting)."""
        changed = 0
        with self.engine.begin() as conn:
            for chunk in _chunks(sorted(set(story_ids)), CHUNK):
                mention_ids = select(mentions.c.id).where(mentions.c.item_id.in_(chunk)).scalar_subquery()
                result = conn.execute(
                    update(alerts)
                    .where(alerts.c.mention_id.in_(mention_ids), alerts.c.status == "posted")
                    .values(**RERENDER)
                )
                changed += int(result.rowcount or 0)
        return changed

    def save_items(
        self, entries: Sequence[NewItem], at: datetime | None = None, known: Collection[str] | None = None
    ) -> list[SavedItem | None]:
        """Store new items with their mentions and pending alerts; None for a duplicate.

        One transaction for the batch; if another poll stored one of the same items meanwhile,
        each item is retried in its own transaction so only the duplicate is dropped. `known`:
        the batch's keys the store held when the caller looked (`recall`), so they are not asked
        again; a key stored since then fails the batch's insert, and the retry asks.
        """
        if not entries:
            return []
        at = at or now()
        try:
            with self.engine.begin() as conn:
                return self._save_batch(conn, entries, at, known)
        except IntegrityError:
            results: list[SavedItem | None] = []
            for entry in entries:
                try:
                    with self.engine.begin() as conn:
                        results.extend(self._save_batch(conn, [entry], at))
                except IntegrityError:
                    results.append(None)
            return results

    def _save_batch(
        self, conn: Connection, entries: Sequence[NewItem], at: datetime, hint: Collection[str] | None = None
    ) -> list[SavedItem | None]:
        wanted = {key for entry in entries for key in entry.keys}
        known = wanted.intersection(hint) if hint is not None else _present_keys(conn, wanted)
        accepted: list[NewItem] = []
        stored_keys: list[tuple[str, ...]] = []
        for entry in entries:
            if entry.duplicate_of is not None:
                # A sighting keeps whichever of its keys are new, so it is recognised next time.
                fresh_keys = tuple(key for key in entry.keys if key not in known)
                known.update(fresh_keys)
                accepted.append(entry)
                stored_keys.append(fresh_keys)
            elif entry.keys and not any(key in known for key in entry.keys):
                known.update(entry.keys)
                accepted.append(entry)
                stored_keys.append(entry.keys)
        if not accepted:
            return [None] * len(entries)
        item_rows = [_item_row(entry, at) for entry in accepted]
        news = [new for entry in accepted for new in entry.mentions]
        reserved = _reserve_ids(conn, len(item_rows), len(news), sum(len(new.channels) for new in news))
        item_ids = _insert(conn, items, item_rows, reserved.get("items"))
        self._index_when_due(conn, item_ids[-1])
        key_rows = [
            {"key": key, "item_id": item_id}
            for keys, item_id in zip(stored_keys, item_ids, strict=True)
            for key in keys
        ]
        if key_rows:
            bulk.insert_rows(conn, dedup_keys, key_rows)
        mention_rows = [
            (item_id, new)
            for entry, item_id in zip(accepted, item_ids, strict=True)
            for new in entry.mentions
        ]
        mention_ids = _insert(
            conn,
            mentions,
            [_mention_row(item_id, new, at) for item_id, new in mention_rows],
            reserved.get("mentions"),
        )
        # The mentions that alert are queued for the outputs in this same transaction, those a
        # brand's pace keeps for the digest or the summary too: the pace is for Slack only.
        alerting = [
            (mention_id, new.match.brand)
            for (_, new), mention_id in zip(mention_rows, mention_ids, strict=True)
            if new.channels and new.alert_status in OUTPUT_STATUSES
        ]
        self.queue_mention_events(conn, alerting, at)
        alert_rows = [
            (mention_id, channel, channel in new.ping_channels, new.alert_status)
            for (_, new), mention_id in zip(mention_rows, mention_ids, strict=True)
            for channel in new.channels
        ]
        created = _insert(
            conn,
            alerts,
            [
                _alert_row(mention_id, channel, at, here, status)
                for mention_id, channel, here, status in alert_rows
            ],
            reserved.get("alerts"),
        )
        alert_ids: dict[int, list[int]] = {}
        for (mention_id, _, _, _), alert_id in zip(alert_rows, created, strict=True):
            alert_ids.setdefault(mention_id, []).append(alert_id)
        by_item: dict[int, list[int]] = {}
        for (item_id, _), mention_id in zip(mention_rows, mention_ids, strict=True):
            by_item.setdefault(item_id, []).append(mention_id)
        saved: dict[int, SavedItem] = {}
        for entry, item_id in zip(accepted, item_ids, strict=True):
            mention_list = by_item.get(item_id, [])
            saved[id(entry)] = SavedItem(
                item_id, tuple(mention_list), tuple(a for m in mention_list for a in alert_ids.get(m, []))
            )
        return [saved.get(id(entry)) for entry in entries]

    def items_per_source(self, since: datetime) -> dict[str, int]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(items.c.source, func.count())
                .where(items.c.fetched_at >= since)
                .group_by(items.c.source)
            )
            return {source: int(n) for source, n in rows}


def also_seen(engine: Engine, item_id: int) -> list[str]:
    """Other sources in which the story of `item_id` was seen, in order of first sighting."""
    with engine.connect() as conn:
        origin = conn.scalar(select(items.c.source).where(items.c.id == item_id))
        rows = conn.scalars(
            select(items.c.source).where(items.c.duplicate_of == item_id).order_by(items.c.id)
        )
        out: list[str] = []
        for source in rows:
            if source != origin and source not in out:
                out.append(source)
        return out


def _item_row(entry: NewItem, at: datetime) -> dict[str, Any]:
    item = entry.item
    return {
        "source": item.source,
        "source_type": item.source_type,
        "guid": item.guid,
        "url": item.url,
        "canonical_url": entry.canonical_url,
        "title": item.title,
        "text": item.text,
        "author": item.author,
        "published_at": item.published_at,
        "fetched_at": at,
        "declared_language": item.language[:20] if item.language else None,
        "reach": dict(item.reach) or None,
        "title_key": entry.title_keys[0],
        "title_key_short": entry.title_keys[1],
        "duplicate_of": entry.duplicate_of,
        "search_text": fulltext.search_text(item.title, item.text, item.author),
        "happened_at": fulltext.happened_at(item.published_at, at),
    }


def _mention_row(item_id: int, new: NewMention, at: datetime) -> dict[str, Any]:
    return {
        "item_id": item_id,
        "brand": new.match.brand,
        "terms": list(new.match.terms),
        "spans": [[s.field, s.start, s.end] for s in new.match.spans],
        "language": new.tone.language,
        "tone": new.tone.label,
        "tone_score": new.tone.score,
        "tone_confidence": new.tone.confidence,
        "created_at": at,
        "relevance": new.relevance,
        "relevance_words": None if new.relevance_words is None else list(new.relevance_words),
    }


def _alert_row(
    mention_id: int, channel: str, at: datetime, ping_here: bool = False, status: str = "pending"
) -> dict[str, Any]:
    return {
        "mention_id": mention_id,
        "channel": channel,
        "ping_here": ping_here,
        "revision": 0,
        "status": status,
        "attempts": 0,
        "created_at": at,
        "state": "new",
        "needs_update": False,
        "update_attempts": 0,
    }


def _reserve_ids(conn: Connection, items_n: int, mentions_n: int, alerts_n: int) -> dict[str, list[int]]:
    """On PostgreSQL, ids for the rows a batch will insert in each table, taken from the tables'
    sequences in one round trip; on SQLite none (see `_insert`)."""
    if conn.dialect.name != "postgresql":
        return {}
    row = conn.execute(RESERVE_IDS, {"items": items_n, "mentions": mentions_n, "alerts": alerts_n}).one()
    return {"items": list(row[0]), "mentions": list(row[1]), "alerts": list(row[2])}


def _insert(
    conn: Connection, table: Table, rows: list[dict[str, Any]], reserved: list[int] | None = None
) -> list[int]:
    """Insert `rows` with a plain executemany; the id given to each, in the order of `rows`.

    The ids are known before the rows are sent, so nothing is read back row by row (an INSERT …
    RETURNING gives rows in no promised order, and asking SQLAlchemy for parameter order makes
    it insert one row at a time on SQLite). On PostgreSQL they were `reserved` from the table's
    sequence. SQLite has one writer at a time: once the first row is in, this transaction holds
    the write lock and that row's id is the table's largest, so the next integers are free (were
    one taken, the insert would fail and `save_items` retry item by item).
    """
    if not rows:
        return []
    if reserved is not None:
        ids = reserved
        sent = 0
    else:
        first = bulk.insert_rows(conn, table, rows[:1])
        if first is None:  # pragma: no cover - SQLite always tells the row id it gave
            raise RuntimeError(f"no id for the row inserted into {table.name}")
        ids = list(range(first, first + len(rows)))
        sent = 1
    if len(rows) > sent:
        bulk.insert_rows(
            conn, table, [dict(row, id=new_id) for row, new_id in zip(rows[sent:], ids[sent:], strict=True)]
        )
    return ids


def _seen_elsewhere(known: dict[str, KnownItem], keys: Sequence[str], source: str) -> int | None:
    hits = [known[key] for key in keys if key in known]
    return hits[0].story_id if hits and all(hit.source != source for hit in hits) else None


def _present_keys(conn: Connection, keys: Collection[str]) -> set[str]:
    present: set[str] = set()
    for chunk in _chunks(sorted(keys), CHUNK):
        present.update(conn.scalars(lookups(conn).present_keys, {"keys": list(chunk)}))
    return present


def _known_items(conn: Connection, keys: Sequence[str]) -> dict[str, KnownItem]:
    found: dict[str, KnownItem] = {}
    query = lookups(conn).known_items
    for chunk in _chunks(sorted(set(keys)), CHUNK):
        for key, item_id, source, duplicate_of in conn.execute(query, {"keys": list(chunk)}):
            found[key] = KnownItem(item_id, source, duplicate_of or item_id)
    return found


def _find_stories(
    conn: Connection, wanted: Sequence[tuple[Sequence[str | None], str]], since: datetime
) -> list[int | None]:
    fingerprints = sorted({key for keys, _ in wanted for key in keys if key})
    rows: dict[int, tuple[int, str, str | None, str | None]] = {}
    for chunk in _chunks(fingerprints, CHUNK // 2):
        for item_id, duplicate_of, source, whole, short in conn.execute(
            lookups(conn).titled, {"whole": list(chunk), "short": list(chunk), "since": since}
        ):
            rows[item_id] = (duplicate_of or item_id, source, whole, short)
    # For each fingerprint, the items it names in the order they were stored: (item, story, source).
    named: dict[str, list[tuple[int, int, str]]] = {}
    for item_id in sorted(rows):
        story, source, whole, short = rows[item_id]
        for key in {whole, short}:
            if key is not None:
                named.setdefault(key, []).append((item_id, story, source))
    found: list[int | None] = []
    for keys, other_than_source in wanted:
        first: tuple[int, int, str] | None = None
        for key in filter(None, keys):
            hit = next((hit for hit in named.get(key, ()) if hit[2] != other_than_source), None)
            if hit is not None and (first is None or hit[0] < first[0]):
                first = hit
        found.append(None if first is None else first[1])
    return found


def _sources_of_stories(conn: Connection, story_ids: Collection[int]) -> dict[int, set[str]]:
    wanted = set(story_ids)
    sources: dict[int, set[str]] = {story: set() for story in wanted}
    for chunk in _chunks(sorted(wanted), CHUNK // 2):
        for item_id, duplicate_of, source in conn.execute(
            lookups(conn).story_sources, {"stories": list(chunk), "sightings": list(chunk)}
        ):
            for story in (item_id, duplicate_of):
                if story in sources:
                    sources[story].add(source)
    return sources


def _chunks(values: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]
