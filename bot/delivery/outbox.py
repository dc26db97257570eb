"""The outbox: delivers pending alerts, notices and message updates, exactly once, never dropped.

mention stored → alert "pending" → "sending" (just before chat.postMessage) → "posted" with its
ts. A message left in "sending" by a crash or a timeout may or may not be in Slack: the outbox
looks for it (each message carries its row id in the message metadata) before posting again.

Each channel gets its messages in the order they were queued, at most one a second. When Slack
cannot take them (a 429, a 5xx, no answer, a channel the bot is not in) the channel, or Slack as a
whole, waits behind a gate (`pace.py`): nothing of it is tried until the gate opens, then its
oldest message goes first and the rest follows in order. A 429 is not a failure: its Retry-After
is honoured and nothing else. Only a message Slack refuses for its own content waits on its own
backoff, without holding the others back. Alerts are retried forever. Notices (a source failing,
"also seen on" replies, summaries) follow the same path, after the alerts queued in their channel.

Files (summary charts, exports) are delivered by a second worker, so a multi-megabyte upload
never holds alerts back. An upload records the file id Slack gave before completing it; one
interrupted after that is looked for by that id for `confirm_upload_for` (Slack can take a moment
to show a shared file), then completed again with the same id: never a second file. A file that
cannot be posted is not dropped silently: the person who asked for it (an export) or the team's
notice channel (a chart) is told why and what to do.

Time comes from a `Clock`, so minutes of a Slack outage can be played in a test in a second.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar

from veille import metrics
from veille.delivery.pace import Backoff, Clock, Pace, SystemClock
from veille.delivery.poster import DeliveryError, Poster, Ref
from veille.delivery.uploads import UploadEntry, UploadQueue
from veille.i18n import t
from veille.logs import log_context
from veille.model import Message
from veille.store import DatabaseWatch, NoticeEntry, OutboxEntry, Store
from veille.store.queue import OutboxQueue
from veille.text.mrkdwn import channel_ref, escape, is_channel_id, is_user_id

log = logging.getLogger(__name__)

Renderer = Callable[[int], Message | None]
SETTLE_AFTER = timedelta(seconds=2)
MAX_UPLOAD_ATTEMPTS = 8
CONFIRM_UPLOAD_FOR = 60.0
CONFIRM_EVERY = 5.0  # seconds between looks for a file: conversations.history allows ~50 a minute
NEVER = timedelta(days=3650)
ALERT_BATCH = 100
T = TypeVar("T")


@dataclass(frozen=True)
class _Delivery:
    """What posting needs, whether the row is an alert or a notice."""

    ref: Ref
    channel: str
    channel_id: str | None
    key: str  # the channel's one name for its gates
    attempts: int
    sending_at: datetime | None
    thread_ts: str | None = None


class Outbox:
    def __init__(
        self,
        store: Store,
        poster: Poster,
        render: Renderer,
        clock: Clock | None = None,
        /,
        *,
        per_channel_interval: float = 1.0,
        backoff_base: float = 2.0,
        backoff_max: float = 900.0,
        attention_backoff: float = 300.0,
        outage_backoff_max: float = 30.0,
        idle_wait: float = 1.0,
        confirm_upload_for: float = CONFIRM_UPLOAD_FOR,
        database: DatabaseWatch | None = None,
    ) -> None:
        self.store = store
        self.database = database or DatabaseWatch(store.engine)
        self.poster = poster
        self.render = render
        self.clock: Clock = clock or SystemClock()
        backoff = Backoff(backoff_base, backoff_max, outage_backoff_max, attention_backoff)
        self.pace = Pace(self.clock, per_channel_interval, backoff)
        self.idle_wait = idle_wait
        self.confirm_upload_for = timedelta(seconds=confirm_upload_for)
        self._channel_ids: dict[str, str | None] = {}  # a channel's name (or a user id) → its id
        self._next_look: dict[int, float] = {}  # upload id → when to look for its file again
        self._wake = threading.Event()
        self._wake_files = threading.Event()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()
        self._files_lock = threading.Lock()
        self.uploads = UploadQueue(store.engine)

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> None:
        self._stop.clear()
        self._threads = [
            threading.Thread(
                target=self._run, args=(self.deliver_messages, self._wake), name="veille-outbox", daemon=True
            ),
            threading.Thread(
                target=self._run,
                args=(self.deliver_files, self._wake_files),
                name="veille-files",
                daemon=True,
            ),
        ]
        for thread in self._threads:
            thread.start()
        metrics.OUTBOX.read_with(self.backlog, self)

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        metrics.OUTBOX.stop_reading(self)
        self.wake()
        for thread in self._threads:
            thread.join(timeout)
        self._threads = []

    def wake(self) -> None:
        self._wake.set()
        self._wake_files.set()

    def backlog(self) -> metrics.Backlog:
        """Alerts not yet in Slack and the age of the oldest (one query, at each scrape)."""
        count, oldest = self.store.alert_queue.backlog()
        age = None if oldest is None else max(0.0, (self.clock.now() - oldest).total_seconds())
        return metrics.Backlog(count, age)

    def tick(self) -> int:
        """One turn of the message worker: deliver what is due, or wait until something may be."""
        return self._turn(self.deliver_messages, self._wake)

    def _run(self, deliver: Callable[[], int], wake: threading.Event) -> None:
        while not self._stop.is_set():
            # While the database is away, wait for it in short steps that still hear a stop.
            if self.database.is_down and not self.database.wait_until_up(0.5):
                continue
            self._turn(deliver, wake)

    def _turn(self, deliver: Callable[[], int], wake: threading.Event) -> int:
        try:
            worked = deliver()
        except Exception as error:  # the database may be briefly unavailable; try again shortly
            if not self.database.failed(error):
                log.exception("outbox: delivery pass failed")
            worked = 0
        if not worked:
            opens = self.pace.next_open()
            wait = self.idle_wait if opens is None else opens - self.clock.monotonic()
            self.clock.wait(wake, min(self.idle_wait, max(0.01, wait)))
            wake.clear()
        return worked

    # -- delivery ----------------------------------------------------------------------------

    def deliver_due(self) -> int:
        """One pass over everything: messages, then files."""
        return self.deliver_messages() + self.deliver_files()

    def deliver_messages(self) -> int:
        """Settle unknown outcomes, post due alerts and notices, apply due updates.

        `held` gathers the channels with an older message still waiting: nothing younger is
        posted to them in this pass, so each channel gets its messages in order.
        """
        with self._lock:
            held: set[str] = set()
            done = self._settle_sending(held)
            now = self.clock.now()
            done += self._post_alerts(now, held)
            done += self._each(self.store.due_notices(now), lambda n: self._post_notice(n, held))
            return done + self._each(self.store.due_updates(now), self._update)

    def _post_alerts(self, now: datetime, held: set[str]) -> int:
        """Every due alert, oldest first, a batch at a time. The channels held back are left out
        of the next batch, so one channel's long queue never hides the other channels' alerts."""
        done, after, skip = 0, 0, set[str]()
        while not self._stop.is_set():
            batch = self.store.due_alerts(now, ALERT_BATCH, after=after, skip=skip)
            done += self._each(batch, lambda e: self._post_alert(e, held))
            if len(batch) < ALERT_BATCH:
                break
            after = batch[-1].alert_id
            skip = held | {e.channel for e in batch if self._key(e.channel, e.channel_id) in held}
        return done

    def deliver_files(self) -> int:
        with self._files_lock:
            done = sum(self._settle_upload(upload) for upload in self.uploads.sending())
            return done + self._each(self.uploads.due(self.clock.now()), self._upload)

    def _each(self, due: Iterable[T], deliver: Callable[[T], int]) -> int:
        """Deliver each due row in turn, stopping early when the outbox is asked to stop."""
        done = 0
        for row in due:
            if self._stop.is_set():
                break
            done += deliver(row)
        return done

    def drain(self, timeout: float = 30.0) -> bool:
        """Deliver until everything is in Slack, or `timeout` passes (CLI and tests)."""
        deadline = self.clock.monotonic() + timeout
        never = threading.Event()
        while self.clock.monotonic() < deadline:
            if not self.deliver_due() and not self.store.undelivered() and not self.uploads.waiting():
                return True
            self.clock.wait(never, 0.05)
        return False

    def _key(self, channel: str, channel_id: str | None) -> str:
        """One name per channel for its gates, whether a row knows it by name or by id."""
        if channel_id:
            return channel_id
        if channel not in self._channel_ids:
            self._channel_ids[channel] = self.store.channel_id(channel) if channel.startswith("#") else None
        return self._channel_ids[channel] or channel

    def _reached(self, key: str, channel: str, channel_id: str) -> None:
        """A message got to `channel_id`: remember its name for it, and open its gates."""
        if channel_id != channel:
            self._channel_ids[channel] = channel_id
        self.pace.succeeded(key, channel_id)

    def _may_post(self, key: str, held: set[str]) -> bool:
        if key in held or not self.pace.ready(key):
            held.add(key)
            return False
        return True

    def _post_alert(self, entry: OutboxEntry, held: set[str]) -> int:
        key = self._key(entry.channel, entry.channel_id)
        if not self._may_post(key, held):
            return 0
        message = self.render(entry.alert_id)
        if message is None:
            log.error("outbox: alert %s has no mention to render", entry.alert_id)
            self.store.mark_retry(entry.alert_id, "nothing to render", self.clock.now() + NEVER)
            return 0
        ref = Ref("alert", entry.alert_id)
        delivery = _Delivery(ref, entry.channel, entry.channel_id, key, entry.attempts, None)
        with log_context(alert_id=entry.alert_id, channel=entry.channel):
            return self._post(delivery, message, held)

    def _post_notice(self, notice: NoticeEntry, held: set[str]) -> int:
        thread_ts = None
        channel_id = notice.channel_id
        if notice.thread_alert_id is not None:
            parent_channel, parent_ts, status = self.store.alert_location(notice.thread_alert_id)
            if status != "posted" or not parent_ts:
                return 0  # the reply waits for the alert it answers
            thread_ts, channel_id = parent_ts, parent_channel
        key = self._key(notice.channel, channel_id)
        if not self._may_post(key, held):
            return 0
        message = Message(notice.text, list(notice.blocks or []))
        ref = Ref("notice", notice.notice_id)
        delivery = _Delivery(ref, notice.channel, channel_id, key, notice.attempts, None, thread_ts)
        return self._post(delivery, message, held)

    def _post(self, delivery: _Delivery, message: Message, held: set[str]) -> int:
        if not self._claim(delivery.ref):
            held.add(delivery.key)
            return 0  # another Veille process sharing this database took it
        target = delivery.channel_id if delivery.thread_ts and delivery.channel_id else delivery.channel
        try:
            channel_id, ts = self.poster.post(target, message, delivery.ref, delivery.thread_ts)
        except DeliveryError as error:
            self.pace.called(delivery.key)
            return self._not_posted(delivery, error, held)
        self._reached(delivery.key, delivery.channel, channel_id)
        self._posted(delivery.ref, channel_id, ts)
        if delivery.ref.kind == "alert":
            metrics.ALERTS_POSTED.inc()
        log.info("outbox: %s %s posted to %s (ts %s)", *_name(delivery.ref), delivery.channel, ts)
        return 1

    def _not_posted(self, delivery: _Delivery, error: DeliveryError, held: set[str]) -> int:
        ref, key = delivery.ref, delivery.key
        if ref.kind == "alert":
            metrics.ALERTS_FAILED.labels(_failure_reason(error)).inc()
        if error.permanent and ref.kind == "notice" and is_user_id(delivery.channel):
            # A direct message to a person the bot cannot write to: no retry or setting fixes it.
            log.error("outbox: notice %s to %s given up: %s", ref.id, delivery.channel, error)
            self.store.give_up_notice(ref.id, str(error))
            return 1
        paused = self.pace.failed(key, error)
        if error.unknown_outcome:
            held.add(key)
            log.warning("outbox: %s %s: %s; will check before posting again", *_name(ref), error)
            return 1
        level = logging.ERROR if error.needs_attention else logging.WARNING
        if paused is None:
            delay = self.pace.row_delay(delivery.attempts + 1, error)
            log.log(
                level,
                "outbox: %s %s to %s not delivered (%s); retry in %.0f s",
                *_name(ref),
                delivery.channel,
                error,
                delay,
            )
            self._retry(ref, str(error), self.clock.now() + timedelta(seconds=delay))
            return 1
        held.add(key)
        log.log(
            level,
            "outbox: %s %s to %s not delivered (%s); %s waits %.0f s",
            *_name(ref),
            delivery.channel,
            error,
            "Slack" if error.scope == "slack" else "the channel",
            paused,
        )
        # The row keeps its place in its channel's queue; a 429 is not counted as an attempt.
        self._retry(ref, str(error), None, counted=error.retry_after is None)
        return 1

    def _queue(self, ref: Ref) -> OutboxQueue[OutboxEntry] | OutboxQueue[NoticeEntry]:
        return self.store.alert_queue if ref.kind == "alert" else self.store.notice_queue

    def _claim(self, ref: Ref) -> bool:
        return self._queue(ref).claim(ref.id, self.clock.now())

    def _posted(self, ref: Ref, channel_id: str, ts: str) -> None:
        self._queue(ref).posted(ref.id, self.clock.now(), channel_id=channel_id, ts=ts)

    def _retry(self, ref: Ref, error: str, when: datetime | None, *, counted: bool = True) -> None:
        self._queue(ref).retry(ref.id, error, when, counted=counted)

    def _settle_sending(self, held: set[str]) -> int:
        pending: list[_Delivery] = [
            _Delivery(
                Ref("alert", e.alert_id),
                e.channel,
                e.channel_id,
                self._key(e.channel, e.channel_id),
                e.attempts,
                e.sending_at,
            )
            for e in self.store.sending_alerts()
        ]
        for notice in self.store.sending_notices():
            thread_ts = channel_id = None
            if notice.thread_alert_id is not None:
                channel_id, thread_ts, _ = self.store.alert_location(notice.thread_alert_id)
            channel_id = notice.channel_id or channel_id
            pending.append(
                _Delivery(
                    Ref("notice", notice.notice_id),
                    notice.channel,
                    channel_id,
                    self._key(notice.channel, channel_id),
                    notice.attempts,
                    notice.sending_at,
                    thread_ts,
                )
            )
        settled = 0
        for delivery in pending:
            now = self.clock.now()
            since = delivery.sending_at or now
            if now - since < SETTLE_AFTER or self.pace.closed(delivery.key):
                held.add(delivery.key)  # let a slow answer arrive first, or Slack come back
                continue
            try:
                found = self.poster.find_posted(
                    delivery.channel, delivery.channel_id, delivery.ref, since, delivery.thread_ts
                )
            except DeliveryError as error:
                if not error.needs_attention:
                    self.pace.failed(delivery.key, error)
                    held.add(delivery.key)
                    log.warning(
                        "outbox: cannot check whether %s %s was posted (%s); will retry",
                        *_name(delivery.ref),
                        error,
                    )
                    continue
                # The bot may not read this conversation (a direct message to a person, a scope
                # the install lacks): asking again cannot help, and waiting would hold it forever.
                log.warning(
                    "outbox: cannot check whether %s %s was posted (%s); posting it again",
                    *_name(delivery.ref),
                    error,
                )
                found = None
            if found is not None:
                self._posted(delivery.ref, *found)
                if delivery.ref.kind == "alert":
                    metrics.ALERTS_POSTED.inc()
                log.info(
                    "outbox: %s %s was already posted (ts %s); not posting again",
                    *_name(delivery.ref),
                    found[1],
                )
            else:
                self._retry(delivery.ref, "post interrupted; not found in channel", None)
            settled += 1
        return settled

    def _update(self, entry: OutboxEntry) -> int:
        if not entry.channel_id or not entry.ts or self.pace.closed(entry.channel_id):
            return 0
        # Read the revision before rendering: a change landing meanwhile keeps the update due.
        revision = self.store.alert_revision(entry.alert_id)
        message = self.render(entry.alert_id)
        if message is None:
            self.store.mark_updated(entry.alert_id, None)
            return 0
        try:
            self.poster.update(entry.channel_id, entry.ts, message)
        except DeliveryError as error:
            paused = self.pace.failed(entry.channel_id, error)
            if paused is not None:  # the update stays due, behind the gate
                log.warning(
                    "outbox: update of alert %s failed (%s); retry in %.0f s", entry.alert_id, error, paused
                )
                return 1
            delay = self.pace.row_delay(entry.update_attempts + 1, error)
            log.warning(
                "outbox: update of alert %s failed (%s); retry in %.0f s", entry.alert_id, error, delay
            )
            when = self.clock.now() + timedelta(seconds=delay)
            self.store.retry_update(entry.alert_id, str(error), when)
            return 1
        self.store.mark_updated(entry.alert_id, revision)
        return 1

    # -- files (summary charts, exports) ----------------------------------------------------

    def _settle_upload(self, upload: UploadEntry) -> int:
        """An upload left "sending" by a crash or a lost answer: post it once, never twice."""
        now = self.clock.now()
        since = upload.sending_at or now
        key = self._key(upload.channel, upload.channel_id)
        if now - since < SETTLE_AFTER or self.pace.closed(key):
            return 0
        if self._next_look.get(upload.upload_id, 0.0) > self.clock.monotonic():
            return 0
        if upload.stage != "completing" or not upload.file_id:
            # Slack shows a file only once it is completed: nothing of this one is in a channel.
            self.uploads.mark_retry(upload.upload_id, "upload interrupted before completing", now)
            return 1
        try:
            if self.poster.find_upload(upload, upload.file_id, since):
                self._uploaded(upload, upload.file_id, upload.channel_id or upload.channel)
                log.info("outbox: upload %s was already in Slack; not uploading again", upload.upload_id)
                return 1
            if now - since < self.confirm_upload_for:
                # A completed file can take a moment to show in the channel.
                self._next_look[upload.upload_id] = self.clock.monotonic() + CONFIRM_EVERY
                return 0
            # Not shown after all this time: the completion never reached Slack. Complete the same
            # file again (a file id is one file: this cannot make a second copy).
            channel_id = self.poster.complete_upload(upload, upload.file_id)
        except DeliveryError as error:
            if error.scope == "slack" or error.retry_after is not None:
                # Slack could not say: the file may be there. Look again once it answers.
                self.pace.failed(key, error)
                return 0
            if error.needs_attention:
                return self._failed(upload, error)
            # Most likely the upload expired unused: start over with a new file.
            log.warning(
                "outbox: upload %s could not be completed again (%s); starting over", upload.upload_id, error
            )
            self.uploads.mark_retry(upload.upload_id, str(error), now)
            return 1
        self._uploaded(upload, upload.file_id, channel_id)
        return 1

    def _upload(self, upload: UploadEntry) -> int:
        key = self._key(upload.channel, upload.channel_id)
        if not self.pace.ready(key):
            return 0
        if not self.uploads.mark_sending(upload.upload_id, upload.channel_id, self.clock.now()):
            return 0
        try:
            upload_url, file_id = self.poster.reserve_upload(upload)
            if not self.uploads.mark_stage(upload.upload_id, file_id, "reserved", self.clock.now()):
                return 1
            self.poster.send_bytes(upload, upload_url)
            if not self.uploads.mark_stage(upload.upload_id, file_id, "completing", self.clock.now()):
                return 1  # another process settled this upload meanwhile: its file, not this one
            channel_id = self.poster.complete_upload(upload, file_id)
        except DeliveryError as error:
            self.pace.called(key)
            return self._not_uploaded(upload, key, error)
        self._uploaded(upload, file_id, channel_id)
        return 1

    def _not_uploaded(self, upload: UploadEntry, key: str, error: DeliveryError) -> int:
        if error.unknown_outcome:
            self.pace.failed(key, error)
            log.warning("outbox: upload %s: %s; will check before completing again", upload.upload_id, error)
            return 1
        if error.permanent or (
            error.needs_attention and (upload.requester or upload.attempts + 1 >= MAX_UPLOAD_ATTEMPTS)
        ):
            # A file is not an alert: one that cannot be posted is given up and someone told,
            # at once when retrying cannot help or a person is waiting for it.
            return self._failed(upload, error)
        when: datetime | None = None
        if error.scope == "slack" or error.retry_after is not None:
            delay = self.pace.failed(key, error) or 0.0
        else:  # this file's own trouble (a scope files need, say) holds no message back
            delay = self.pace.row_delay(upload.attempts + 1, error)
            when = self.clock.now() + timedelta(seconds=delay)
        log.warning(
            "outbox: upload %s to %s failed (%s); retry in %.0f s", upload.upload_id, key, error, delay
        )
        self.uploads.mark_retry(upload.upload_id, str(error), when, counted=error.retry_after is None)
        return 1

    def _uploaded(self, upload: UploadEntry, file_id: str, channel_id: str) -> None:
        self._reached(self._key(upload.channel, upload.channel_id), upload.channel, channel_id)
        self.uploads.mark_posted(upload.upload_id, file_id, self.clock.now())
        log.info("outbox: file %s uploaded to %s (%s)", upload.unique_name, channel_id, file_id)

    def _failed(self, upload: UploadEntry, error: DeliveryError) -> int:
        log.error("outbox: upload %s to %s given up: %s", upload.upload_id, upload.channel, error)
        self.uploads.give_up(upload.upload_id, str(error))
        if upload.tell:
            text = upload_failed_text(upload, error)
            block = {"type": "section", "text": {"type": "mrkdwn", "text": text}}
            self.store.queue_notice(f"upload-failed:{upload.upload_id}", upload.tell, text, [block])
            self._wake.set()
        return 1


def upload_failed_text(upload: UploadEntry, error: DeliveryError) -> str:
    """What went wrong with a file and what to do, for the person who asked or the team."""
    lang = upload.tell_lang
    channel = upload.channel_id or upload.channel
    # A DM or a group DM has no name to show.
    where = (
        channel_ref(channel) if channel.startswith("#") or is_channel_id(channel) else t("upload.here", lang)
    )
    title = escape(upload.title)
    if upload.requester is None:
        code = escape(error.reason or str(error))
        return t("upload.chart_failed", lang, title=title, where=where, error=code)
    reason = _REASONS.get(error.reason or "", "refused")
    why = t(
        f"upload.why.{reason}",
        lang,
        error=escape(error.reason or str(error)),
        size=_size(len(upload.content), lang),
    )
    return t("upload.export_failed", lang, title=title, where=where, why=why)


_REASONS = {
    "not_in_channel": "not_in_channel",
    "channel_not_found": "unreachable",
    "method_not_supported_for_channel_type": "unreachable",
    "cannot_dm_bot": "unreachable",
    "user_not_found": "unreachable",
    "is_archived": "is_archived",
    "too_large": "too_large",
}


def _size(length: int, lang: str) -> str:
    mega, kilo = ("Mo", "ko") if lang == "fr" else ("MB", "kB")
    text = f"{length / 1_000_000:.1f} {mega}" if length >= 100_000 else f"{length / 1000:.0f} {kilo}"
    return text.replace(".", ",") if lang == "fr" else text


def _failure_reason(error: DeliveryError) -> str:
    if error.retry_after is not None:
        return "rate_limited"
    if error.unknown_outcome:
        return "no_answer"
    if error.needs_attention:
        return "needs_attention"
    return "refused" if error.reason else "unavailable"


def _name(ref: Ref) -> tuple[str, int]:
    return ref.kind, ref.id
