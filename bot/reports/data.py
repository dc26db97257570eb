"""What reports read from the store: mentions as points (brand, tone, when) or full records.

A mention happened when it was published, unless the source gives no date or dates it after we
first saw it (then: when Veille found it); stories seen again on another source (`duplicate_of`)
are not counted twice. Every count Veille shows uses this date (`happened_at`). Queries filter on
the indexed `created_at` (publication is never later than that in what we count).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Integer, Select, bindparam, cast, func, select

from veille.model import REVIEW_STARS, ToneLabel
from veille.pipeline.health import health_label
from veille.store import (
    DROPPED,
    SET_ASIDE,
    Store,
    UTCDateTime,
    alerts,
    audit,
    items,
    mentions,
    notices,
    source_state,
)

TONES: tuple[ToneLabel, ...] = ("positive", "neutral", "negative")


@dataclass(frozen=True, slots=True)
class Point:
    brand: str
    tone: ToneLabel  # the corrected tone when a person corrected it; unknown counts as neutral
    at: datetime
    count: int = 1


@dataclass(frozen=True, slots=True)
class MentionRecord:
    mention_id: int
    brand: str
    tone: ToneLabel
    at: datetime
    seen_at: datetime
    source: str
    title: str
    url: str | None
    author: str | None
    reach: int
    terms: tuple[str, ...]
    language: str
    tone_score: float | None
    analyzed_tone: str
    state: str | None = None  # of its alert (None: stored without an alert)
    assignee: str | None = None
    text: str = ""
    published_at: datetime | None = None
    source_type: str = ""
    canonical_url: str | None = None
    tone_confidence: float | None = None
    corrected_by: str | None = None  # who corrected the tone, if someone did
    channel: str | None = None  # where its (first) alert went
    acted_by: str | None = None  # who handled it or marked it not relevant
    acted_at: datetime | None = None
    assigned_by: str | None = None


def _tone(analyzed: str, corrected: str | None) -> ToneLabel:
    label = corrected or analyzed
    return label if label in TONES else "neutral"


def happened_at() -> ColumnElement[datetime]:
    """When a mention happened, in SQL (over `mentions` joined with `items`): the date every
    count of Veille uses — stats, App Home, summaries, spikes and export. A mention is stored with
    its item, so this is the item's `happened_at`."""
    return items.c.happened_at


def counted_since(since: datetime) -> list[ColumnElement[bool]]:
    """The conditions of a count of mentions since `since`: happened since then, duplicates
    left out (the indexed `created_at` narrows first: publication is never later than it)."""
    return [mentions.c.created_at >= since, items.c.duplicate_of.is_(None), happened_at() >= since]


def load_points(store: Store, since: datetime, until: datetime) -> list[Point]:
    """Mentions from `since` to `until`, counted per brand, tone and hour (hours counted back
    from `until`), in the database: summaries and spike checks never load mentions one by one.
    Each point stands at the middle of its hour, with its count."""
    when = happened_at()
    anchor = bindparam("anchor", until, type_=UTCDateTime())
    if store.backend == "sqlite":
        hours_back = cast((func.julianday(anchor) - func.julianday(when)) * 24, Integer)
    else:
        hours_back = cast(func.floor(func.extract("epoch", anchor - when) / 3600), Integer)
    bucket = hours_back.label("hours_back")
    query = (
        select(mentions.c.brand, mentions.c.tone, mentions.c.tone_corrected, bucket, func.count())
        .select_from(mentions.join(items, mentions.c.item_id == items.c.id))
        .where(*counted_since(since), when < until)
        .group_by(mentions.c.brand, mentions.c.tone, mentions.c.tone_corrected, bucket)
    )
    out: list[Point] = []
    with store.engine.connect() as conn:
        for brand, tone, corrected, back, count in conn.execute(query):
            at = until - timedelta(hours=int(back) + 0.5)
            if at >= since:
                out.append(Point(brand, _tone(tone, corrected), at, int(count)))
    return out


def load_records(
    store: Store, since: datetime, until: datetime | None = None, brands: Iterable[str] | None = None
) -> list[MentionRecord]:
    """Full records, with the state and assignee of each mention's first alert."""
    query = (
        select(
            mentions.c.id,
            mentions.c.brand,
            mentions.c.tone,
            mentions.c.tone_corrected,
            mentions.c.tone_score,
            mentions.c.language,
            mentions.c.terms,
            mentions.c.created_at,
            items.c.published_at,
            items.c.happened_at,
            items.c.source,
            items.c.title,
            items.c.text,
            items.c.url,
            items.c.author,
            items.c.reach,
            alerts.c.state,
            alerts.c.assignee,
            items.c.source_type,
            items.c.canonical_url,
            mentions.c.tone_confidence,
            mentions.c.tone_corrected_by,
            alerts.c.channel,
            alerts.c.actor,
            alerts.c.acted_at,
            alerts.c.assigned_by,
        )
        .select_from(
            mentions.join(items, mentions.c.item_id == items.c.id).outerjoin(
                alerts, alerts.c.mention_id == mentions.c.id
            )
        )
        .where(mentions.c.created_at >= since, items.c.duplicate_of.is_(None))
        .order_by(mentions.c.id, alerts.c.id)
    )
    if until is not None:
        query = query.where(mentions.c.created_at < until + timedelta(days=1))
    if brands is not None:
        query = query.where(mentions.c.brand.in_(list(brands)))
    out: list[MentionRecord] = []
    last_id = None
    with store.engine.connect() as conn:
        for row in conn.execute(query):
            m = row._mapping
            if m["id"] == last_id:
                continue  # a second alert of the same mention (another channel)
            last_id = m["id"]
            when = m["happened_at"]
            if when < since or (until is not None and when >= until):
                continue
            out.append(
                MentionRecord(
                    mention_id=m["id"],
                    brand=m["brand"],
                    tone=_tone(m["tone"], m["tone_corrected"]),
                    at=when,
                    seen_at=m["created_at"],
                    source=m["source"],
                    title=m["title"] or "",
                    url=m["url"],
                    author=m["author"],
                    reach=_reach(m["reach"]),
                    terms=tuple(str(term) for term in (m["terms"] or ())),
                    language=m["language"],
                    tone_score=m["tone_score"],
                    analyzed_tone=m["tone"],
                    state=m["state"],
                    assignee=m["assignee"],
                    text=m["text"] or "",
                    published_at=m["published_at"],
                    source_type=m["source_type"],
                    canonical_url=m["canonical_url"],
                    tone_confidence=m["tone_confidence"],
                    corrected_by=m["tone_corrected_by"],
                    channel=m["channel"],
                    acted_by=m["actor"],
                    acted_at=m["acted_at"],
                    assigned_by=m["assigned_by"],
                )
            )
    return out


def _reach(value: Any) -> int:
    if not isinstance(value, dict):
        return 0
    counts = (v for k, v in value.items() if k != REVIEW_STARS)
    return sum(int(v) for v in counts if isinstance(v, int | float) and not isinstance(v, bool))


def unhandled_negatives(store: Store, since: datetime) -> dict[str, int]:
    """Per brand, negative mentions since `since` whose alert nobody handled yet."""
    tone = func.coalesce(mentions.c.tone_corrected, mentions.c.tone)
    query = (
        select(mentions.c.brand, func.count(func.distinct(mentions.c.id)))
        .select_from(
            mentions.join(alerts, alerts.c.mention_id == mentions.c.id).join(
                items, mentions.c.item_id == items.c.id
            )
        )
        .where(*counted_since(since), tone == "negative", alerts.c.state == "new")
        .group_by(mentions.c.brand)
    )
    with store.engine.connect() as conn:
        return {brand: int(n) for brand, n in conn.execute(query)}


def mention_alerts(
    columns: Sequence[ColumnElement[Any]],
    kept: ColumnElement[bool],
    since: datetime,
    until: datetime,
    brands: Iterable[str] | None,
) -> Select[Any]:
    """The alerts that `kept` keeps of the mentions that happened from `since` to `until` (of
    `brands`, when given), each mention's in order: its first is the mention's."""
    query = (
        select(*columns)
        .select_from(
            alerts.join(mentions, alerts.c.mention_id == mentions.c.id).join(
                items, mentions.c.item_id == items.c.id
            )
        )
        .where(*counted_since(since), happened_at() < until, kept)
        .order_by(mentions.c.id, alerts.c.id)
    )
    if brands is not None:
        query = query.where(mentions.c.brand.in_(list(brands)))
    return query


@dataclass(frozen=True, slots=True)
class AsideRecord:
    """A mention the relevance model doubted and whose alert was set aside or dropped."""

    alert_id: int
    mention_id: int
    brand: str
    title: str
    url: str | None
    source: str
    at: datetime  # when it happened
    status: str  # "set_aside", "dropped", or the alert's status once brought back
    relevance: float | None
    brought_back: bool
    state: str = "new"  # the triage state of its alert

    @property
    def relevant(self) -> bool:
        """The team said it was about the brand after all: a miss of the filter."""
        return self.brought_back and self.state != "not_relevant"


def load_aside(
    store: Store, since: datetime, until: datetime, brands: Iterable[str] | None = None
) -> list[AsideRecord]:
    """The mentions from `since` to `until` whose alert was set aside (brought back since or not)
    or dropped, one per mention (its first such alert)."""
    brought = (
        select(audit.c.id).where(audit.c.alert_id == alerts.c.id, audit.c.action == "bring_back").exists()
    )
    query = mention_alerts(
        (
            alerts.c.id,
            mentions.c.id,
            mentions.c.brand,
            items.c.title,
            items.c.url,
            items.c.source,
            happened_at(),
            alerts.c.status,
            mentions.c.relevance,
            brought.label("brought_back"),
            alerts.c.state,
        ),
        alerts.c.status.in_((SET_ASIDE, DROPPED)) | brought,
        since,
        until,
        brands,
    )
    out: dict[int, AsideRecord] = {}
    with store.engine.connect() as conn:
        for row in conn.execute(query):
            alert_id, mention_id, brand, title, url, source, at, status, relevance, back, state = row
            if mention_id not in out:
                out[mention_id] = AsideRecord(
                    alert_id,
                    mention_id,
                    brand,
                    title or "",
                    url,
                    source,
                    at,
                    status,
                    relevance,
                    bool(back),
                    state,
                )
    return list(out.values())


def failing_sources(store: Store) -> list[str]:
    return [s.source for s in store.all_source_states() if health_label(s) == "failing"]


def notice_id(store: Store, key: str) -> int | None:
    with store.engine.connect() as conn:
        return conn.scalar(select(notices.c.id).where(notices.c.key == key))


def last_notice_at(store: Store, key_prefix: str) -> datetime | None:
    """When the latest notice whose key starts with `key_prefix` was queued (spike cooldowns)."""
    query = (
        select(notices.c.created_at)
        .where(notices.c.key.startswith(key_prefix, autoescape=True))
        .order_by(notices.c.created_at.desc())
        .limit(1)
    )
    with store.engine.connect() as conn:
        return conn.scalar(query)


def watching_since(store: Store) -> datetime | None:
    """When Veille first polled a source: no summary is due for a time before it watched."""
    with store.engine.connect() as conn:
        since: datetime | None = conn.scalar(select(func.min(source_state.c.first_polled_at)))
    return since
