"""Files waiting to be uploaded to Slack (summary charts, CSV exports): the outbox for files.

Like notices, an upload is queued once per `key` and moves pending → sending → posted (or
failed). A chart waits for the summary it belongs to (`after_notice_id`) and goes to the channel
where that summary landed, right after it. The table is in the store's schema; the queue is the
store's outbox queue, with what is particular to files.

While sending, `stage` says how far Slack's three steps got, so an interrupted upload is settled
without guessing: "reserved" (Slack gave `file_id`; nothing can be in a channel yet) and
"completing" (files.completeUploadExternal for that file id may have reached Slack). `tell` is
who hears about a file that cannot be posted: the person who asked for an export (a DM), or the
team's notice channel for a chart.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal, cast

from sqlalchemy import update
from sqlalchemy.engine import Engine, RowMapping

from veille.store import notices, uploads
from veille.store.queue import OutboxQueue

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
    sending_by: str | None = None  # the replica that claimed it
    stage: Stage | None = None
    requester: str | None = None
    tell: str | None = None
    tell_lang: Literal["fr", "en"] = "en"

    @property
    def unique_name(self) -> str:
        """The file name in Slack: carries the row id, so a lost answer can be settled by name."""
        stem, dot, ext = self.filename.rpartition(".")
        return f"{stem}-v{self.upload_id}.{ext}" if dot else f"{self.filename}-v{self.upload_id}"


class UploadQueue:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        # Starting over forgets the file id: one never completed is never shown in Slack. Once
        # settled, the bytes go (an export can weigh megabytes).
        self.outbox = OutboxQueue(
            engine, uploads, _entry, reset={"stage": None, "file_id": None}, release={"content": b""}
        )

    def queue(self, new: NewUpload, at: datetime | None = None) -> int | None:
        """Queue once per key; None when that key was already queued."""
        values = {
            "channel": new.channel,
            "after_notice_id": new.after_notice_id,
            "filename": new.filename[:200],
            "title": new.title[:300],
            "alt_text": new.alt_text,
            "comment": new.comment,
            "content": new.content,
            "requester": new.requester,
            "tell": new.tell,
            "tell_lang": new.tell_lang,
        }
        return self.outbox.enqueue(new.key, values, at)

    def due(self, now: datetime, limit: int = 20) -> list[UploadEntry]:
        """Pending uploads whose summary (if any) is already in Slack, with its channel id."""
        query = (
            self.outbox.select_due(now, limit)
            .add_columns(notices.c.channel_id.label("notice_cid"))
            .select_from(uploads.outerjoin(notices, uploads.c.after_notice_id == notices.c.id))
            # Filtered before the limit: charts whose summary is stuck must not hold back the rest.
            .where(uploads.c.after_notice_id.is_(None) | (notices.c.status == "posted"))
        )
        return self.outbox.rows(query)

    def sending(self) -> list[UploadEntry]:
        return self.outbox.sending()

    def mark_sending(
        self, upload_id: int, channel_id: str | None, at: datetime, by: str | None = None
    ) -> bool:
        return self.outbox.claim(upload_id, at, channel_id=channel_id, sending_by=by)

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
        self.outbox.posted(upload_id, at, file_id=file_id[:40])

    def mark_retry(
        self,
        upload_id: int,
        error: str,
        next_attempt_at: datetime | None,
        *,
        counted: bool = True,
        by: str | None = None,
    ) -> None:
        self.outbox.retry(upload_id, error, next_attempt_at, counted=counted, by=by)

    def give_up(self, upload_id: int, error: str) -> None:
        self.outbox.give_up(upload_id, error)

    def waiting(self) -> int:
        return self.outbox.waiting()

    def status_of(self, key: str) -> str | None:
        return self.outbox.status_of(key)


def _entry(row: RowMapping) -> UploadEntry:
    return UploadEntry(
        upload_id=row["id"],
        channel=row["channel"],
        # Due rows carry the channel of the summary they follow, where the file goes too.
        channel_id=row["channel_id"] or row.get("notice_cid"),
        filename=row["filename"],
        title=row["title"],
        alt_text=row["alt_text"],
        comment=row["comment"],
        content=bytes(row["content"]),
        attempts=row["attempts"],
        sending_at=row["sending_at"],
        sending_by=row.get("sending_by"),
        file_id=row.get("file_id"),
        stage=cast("Stage | None", row.get("stage")),
        requester=row.get("requester"),
        tell=row.get("tell"),
        tell_lang="fr" if row.get("tell_lang") == "fr" else "en",
    )
