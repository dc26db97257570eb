"""Files waiting to be uploaded to Slack (summary charts, CSV exports): the outbox for files.

Like notices, an upload is queued once per `key` and moves pending → sending → posted (or
failed). A chart waits for the summary it belongs to (`after_notice_id`) and goes to the channel
where that summary landed, right after it. The table lives in the store's schema but is owned here.

While sending, `stage` says how far Slack's three steps got, so an interrupted upload is settled
without guessing: "reserved" (Slack gave `file_id`; nothing can be in a channel yet) and
"completing" (files.completeUploadExternal for that file id may have reached Slack). `tell` is
who hears about a file that cannot be posted: the person who asked for an export (a DM), or the
team's notice channel for a chart.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal, cast

from sqlalchemy import (
    Column,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    select,
    update,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from veille.store import UTCDateTime, metadata, notices

uploads = Table(
    "uploads",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(300), nullable=False, unique=True),
    Column("channel", String(100), nullable=False),
    Column("channel_id", String(40)),
    Column("after_notice_id", Integer, ForeignKey("notices.id", ondelete="CASCADE")),
    Column("filename", String(200), nullable=False),
    Column("title", String(300), nullable=False),
    Column("alt_text", Text),
    Column("comment", Text),
    Column("content", LargeBinary, nullable=False),
    Column("status", String(12), nullable=False, index=True),
    Column("file_id", String(40)),
    Column("attempts", Integer, nullable=False, default=0),
    Column("next_attempt_at", UTCDateTime),
    Column("last_error", Text),
    Column("created_at", UTCDateTime, nullable=False),
    Column("sending_at", UTCDateTime),
    Column("posted_at", UTCDateTime),
    Column("stage", String(12)),
    Column("requester", String(40)),
    Column("tell", String(100)),
    Column("tell_lang", String(2)),
)

Stage = Literal["reserved", "completing"]


@dataclass(frozen=True)
class NewUpload:
    key: str
    channel: str
    filename: str
    title: str
    content: bytes
    alt_text: str | None = None
    comment: str | None = None  # the message shown with the file (already escaped mrkdwn)
    after_notice_id: int | None = None
    requester: str | None = None  # the user who asked for it (an export)
    tell: str | None = None  # where to say it could not be posted: a user id (DM) or a channel
    tell_lang: str = "en"


@dataclass(frozen=True)
class UploadEntry:
    upload_id: int
    channel: str
    channel_id: str | None
    filename: str
    title: str
    alt_text: str | None
    comment: str | None
    content: bytes
    attempts: int
    sending_at: datetime | None
    file_id: str | None = None
    stage: Stage | None = None
    requester: str | None = None
    tell: str | None = None
    tell_lang: Literal["fr", "en"] = "en"

    @property
    def unique_name(self) -> str:
        """The file name in Slack: carries the row id, so a lost answer can be settled by name."""
        stem, dot, ext = self.filename.rpartition(".")
        return f"{stem}-v{self.upload_id}.{ext}" if dot else f"{self.filename}-v{self.upload_id}"


def _now() -> datetime:
    return datetime.now(UTC)


class UploadQueue:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        metadata.create_all(engine, tables=[uploads])

    def queue(self, new: NewUpload, at: datetime | None = None) -> int | None:
        """Queue once per key; None when that key was already queued."""
        try:
            with self.engine.begin() as conn:
                if conn.scalar(select(uploads.c.id).where(uploads.c.key == new.key[:300])) is not None:
                    return None
                result = conn.execute(
                    uploads.insert().values(
                        key=new.key[:300],
                        channel=new.channel,
                        after_notice_id=new.after_notice_id,
                        filename=new.filename[:200],
                        title=new.title[:300],
                        alt_text=new.alt_text,
                        comment=new.comment,
                        content=new.content,
                        requester=new.requester,
                        tell=new.tell,
                        tell_lang=new.tell_lang,
                        status="pending",
                        attempts=0,
                        created_at=at or _now(),
                    )
                )
                return int(result.inserted_primary_key[0])  # type: ignore[index]
        except IntegrityError:
            return None

    def due(self, now: datetime, limit: int = 20) -> list[UploadEntry]:
        """Pending uploads whose summary (if any) is already in Slack, with its channel id."""
        query = (
            select(uploads, notices.c.channel_id.label("notice_cid"))
            .select_from(uploads.outerjoin(notices, uploads.c.after_notice_id == notices.c.id))
            .where(uploads.c.status == "pending")
            .where((uploads.c.next_attempt_at.is_(None)) | (uploads.c.next_attempt_at <= now))
            # Filtered before the limit: charts whose summary is stuck must not hold back the rest.
            .where(uploads.c.after_notice_id.is_(None) | (notices.c.status == "posted"))
            .order_by(uploads.c.id)
            .limit(limit)
        )
        with self.engine.connect() as conn:
            rows = conn.execute(query)
            return [_entry(row._mapping, row.channel_id or row.notice_cid) for row in rows]

    def sending(self) -> list[UploadEntry]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(uploads).where(uploads.c.status == "sending").order_by(uploads.c.id))
            return [_entry(row._mapping, row._mapping["channel_id"]) for row in rows]

    def mark_sending(self, upload_id: int, channel_id: str | None, at: datetime) -> bool:
        with self.engine.begin() as conn:
            result = conn.execute(
                update(uploads)
                .where(uploads.c.id == upload_id, uploads.c.status == "pending")
                .values(
                    status="sending",
                    sending_at=at,
                    channel_id=channel_id,
                    attempts=uploads.c.attempts + 1,
                    stage=None,
                    file_id=None,
                )
            )
            return bool(result.rowcount)

    def mark_stage(self, upload_id: int, file_id: str, stage: Stage, at: datetime) -> bool:
        """Record how far the upload of `file_id` got; False when the row is no longer this upload's.

        Only the holder of the row's file id moves it on, so an upload another process settled
        meanwhile is never completed a second time.
        """
        previous = uploads.c.file_id.is_(None) if stage == "reserved" else uploads.c.file_id == file_id
        with self.engine.begin() as conn:
            result = conn.execute(
                update(uploads)
                .where(uploads.c.id == upload_id, uploads.c.status == "sending", previous)
                .values(stage=stage, file_id=file_id[:40], sending_at=at)
            )
            return bool(result.rowcount)

    def mark_posted(self, upload_id: int, file_id: str, at: datetime) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                update(uploads)
                .where(uploads.c.id == upload_id)
                # The bytes are in Slack now; an export can weigh megabytes, so the copy goes.
                .values(status="posted", file_id=file_id[:40], posted_at=at, last_error=None, content=b"")
            )

    def mark_retry(self, upload_id: int, error: str, next_attempt_at: datetime) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                update(uploads)
                .where(uploads.c.id == upload_id)
                # Starting over: a file id never completed is never shown in Slack.
                .values(
                    status="pending",
                    last_error=error[:1000],
                    next_attempt_at=next_attempt_at,
                    stage=None,
                    file_id=None,
                )
            )

    def give_up(self, upload_id: int, error: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                update(uploads)
                .where(uploads.c.id == upload_id)
                .values(status="failed", last_error=error[:1000], content=b"")
            )

    def waiting(self) -> int:
        with self.engine.connect() as conn:
            rows = conn.scalars(select(uploads.c.id).where(uploads.c.status.in_(("pending", "sending"))))
            return len(list(rows))

    def status_of(self, key: str) -> str | None:
        with self.engine.connect() as conn:
            return conn.scalar(select(uploads.c.status).where(uploads.c.key == key[:300]))


def _entry(m: object, channel_id: str | None) -> UploadEntry:
    row = dict(m)  # type: ignore[call-overload]
    return UploadEntry(
        upload_id=row["id"],
        channel=row["channel"],
        channel_id=channel_id,
        filename=row["filename"],
        title=row["title"],
        alt_text=row["alt_text"],
        comment=row["comment"],
        content=bytes(row["content"]),
        attempts=row["attempts"],
        sending_at=row["sending_at"],
        file_id=row.get("file_id"),
        stage=cast("Stage | None", row.get("stage")),
        requester=row.get("requester"),
        tell=row.get("tell"),
        tell_lang="fr" if row.get("tell_lang") == "fr" else "en",
    )
