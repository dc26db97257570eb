"""Items and their mentions: what was seen, recognised again by any of its dedup keys.

An item is recognised again by any of its dedup keys (its GUID within its source, its canonical
URL), so a feed that re-publishes an item with a new date or GUID does not alert twice. A story
seen in several sources is stored once, its other sightings pointing at it (`duplicate_of`). A
mention is stored with its pending alerts in one transaction; the outbox delivers them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from veille.model import BrandMatch, Item, Tone
from veille.store import fulltext
from veille.store.schema import RERENDER, Domain, alerts, dedup_keys, items, mentions, now


@dataclass(frozen=True)
class NewMention:
    match: BrandMatch
    tone: Tone
    channels: tuple[str, ...] = ()  # empty: stored without an alert (first-poll backlog)
    ping_channels: tuple[str, ...] = ()  # of those, where the alert also says @here


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


class ItemStore(Domain):
    def unseen(self, candidates: Sequence[Sequence[str]]) -> list[bool]:
        """For each item's dedup keys, whether none of them is known yet."""
        wanted = {key for keys in candidates for key in keys}
        known: set[str] = set()
        with self.engine.connect() as conn:
            for chunk in _chunks(sorted(wanted), 500):
                known.update(conn.scalars(select(dedup_keys.c.key).where(dedup_keys.c.key.in_(chunk))))
        return [not any(key in known for key in keys) for keys in candidates]

    def known_items(self, keys: Sequence[str]) -> dict[str, KnownItem]:
        """The stored item behind each known dedup key."""
        found: dict[str, KnownItem] = {}
        with self.engine.connect() as conn:
            for chunk in _chunks(sorted(set(keys)), 500):
                rows = conn.execute(
                    select(dedup_keys.c.key, items.c.id, items.c.source, items.c.duplicate_of)
                    .select_from(dedup_keys.join(items, dedup_keys.c.item_id == items.c.id))
                    .where(dedup_keys.c.key.in_(chunk))
                )
                for key, item_id, source, duplicate_of in rows:
                    found[key] = KnownItem(item_id, source, duplicate_of or item_id)
        return found

    def sources_of_story(self, story_id: int) -> set[str]:
        with self.engine.connect() as conn:
            rows = conn.scalars(
                select(items.c.source).where((items.c.id == story_id) | (items.c.duplicate_of == story_id))
            )
            return set(rows)

    def find_story(self, keys: Sequence[str | None], since: datetime, other_than_source: str) -> int | None:
        """The story a title fingerprint already names, seen since `since` in another source."""
        wanted = [key for key in keys if key]
        if not wanted:
            return None
        query = (
            select(items.c.id, items.c.duplicate_of)
            .where((items.c.title_key.in_(wanted)) | (items.c.title_key_short.in_(wanted)))
            .where(items.c.fetched_at >= since, items.c.source != other_than_source)
            .order_by(items.c.id)
            .limit(1)
        )
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        return None if row is None else int(row[1] or row[0])

    def also_seen(self, item_id: int) -> list[str]:
        """Other sources in which the story of `item_id` was seen, in order of first sighting."""
        return also_seen(self.engine, item_id)

    def refresh_story_alerts(self, story_id: int) -> int:
        """Ask for the posted alerts of a story to be re-rendered (e.g. to show a new sighting)."""
        with self.engine.begin() as conn:
            mention_ids = select(mentions.c.id).where(mentions.c.item_id == story_id).scalar_subquery()
            result = conn.execute(
                update(alerts)
                .where(alerts.c.mention_id.in_(mention_ids), alerts.c.status == "posted")
                .values(**RERENDER)
            )
            return int(result.rowcount or 0)

    def save_items(self, entries: Sequence[NewItem], at: datetime | None = None) -> list[SavedItem | None]:
        """Store new items with their mentions and pending alerts; None for a duplicate.

        One transaction for the batch; if another poll stored one of the same items meanwhile,
        each item is retried in its own transaction so only the duplicate is dropped.
        """
        at = at or now()
        try:
            with self.engine.begin() as conn:
                return self._save_batch(conn, entries, at)
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
        self, conn: Connection, entries: Sequence[NewItem], at: datetime
    ) -> list[SavedItem | None]:
        wanted = sorted({key for entry in entries for key in entry.keys})
        known: set[str] = set()
        for chunk in _chunks(wanted, 500):
            known.update(conn.scalars(select(dedup_keys.c.key).where(dedup_keys.c.key.in_(chunk))))
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
        # One executemany per table (RETURNING in parameter order) rather than a statement
        # compiled per row, which was most of the pipeline's time.
        item_ids = list(
            conn.scalars(
                items.insert().returning(items.c.id, sort_by_parameter_order=True),
                [_item_row(entry, at) for entry in accepted],
            )
        )
        key_rows = [
            {"key": key, "item_id": item_id}
            for keys, item_id in zip(stored_keys, item_ids, strict=True)
            for key in keys
        ]
        if key_rows:
            conn.execute(dedup_keys.insert(), key_rows)
        mention_rows = [
            (item_id, new)
            for entry, item_id in zip(accepted, item_ids, strict=True)
            for new in entry.mentions
        ]
        mention_ids: list[int] = []
        if mention_rows:
            mention_ids = list(
                conn.scalars(
                    mentions.insert().returning(mentions.c.id, sort_by_parameter_order=True),
                    [_mention_row(item_id, new, at) for item_id, new in mention_rows],
                )
            )
        alert_rows = [
            (mention_id, channel, channel in new.ping_channels)
            for (_, new), mention_id in zip(mention_rows, mention_ids, strict=True)
            for channel in new.channels
        ]
        alert_ids: dict[int, list[int]] = {}
        if alert_rows:
            created = conn.scalars(
                alerts.insert().returning(alerts.c.id, sort_by_parameter_order=True),
                [_alert_row(mention_id, channel, at, here) for mention_id, channel, here in alert_rows],
            )
            for (mention_id, _, _), alert_id in zip(alert_rows, created, strict=True):
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
        "source": item.source[:200],
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
    }


def _alert_row(mention_id: int, channel: str, at: datetime, ping_here: bool = False) -> dict[str, Any]:
    return {
        "mention_id": mention_id,
        "channel": channel,
        "ping_here": ping_here,
        "revision": 0,
        "status": "pending",
        "attempts": 0,
        "created_at": at,
        "state": "new",
        "needs_update": False,
        "update_attempts": 0,
    }


def _chunks(values: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]
