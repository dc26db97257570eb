"""The outbox: delivers pending alerts, notices and message updates, exactly once, never dropped.

mention stored → alert "pending" → "sending" (just before chat.postMessage) → "posted" with its
ts. A message left in "sending" by a crash or a timeout may or may not be in Slack: the outbox
looks for it (each message carries its row id in the message metadata) before posting again.
At most one post per second per channel; a 429 pauses that channel for Retry-After; other
failures are retried with exponential backoff, forever. Notices (a source failing, "also seen
on" replies, summaries) follow the same path.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot.blocks import Message
from bot.posters import DeliveryError, Poster, Ref
from bot.store import NoticeEntry, OutboxEntry, Store
from bot.uploads import UploadEntry, UploadQueue

log = logging.getLogger(__name__)

Renderer = Callable[[int], Message | None]
SETTLE_AFTER = timedelta(seconds=2)
MAX_UPLOAD_ATTEMPTS = 8


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class _Delivery:
    """What posting needs, whether the row is an alert or a notice."""

    ref: Ref
    channel: str
    channel_id: str | None
    attempts: int
    sending_at: datetime | None
    thread_ts: str | None = None


class Outbox:
    def __init__(
        self,
        store: Store,
        poster: Poster,
        render: Renderer,
        *,
        per_channel_interval: float = 1.0,
        backoff_base: float = 2.0,
        backoff_max: float = 900.0,
        attention_backoff: float = 300.0,
        idle_wait: float = 1.0,
    ) -> None:
        self.store = store
        self.poster = poster
        self.render = render
        self.per_channel_interval = per_channel_interval
        self.backoff_base = backoff_base
        self.backoff_max = backoff_max
        self.attention_backoff = attention_backoff
        self.idle_wait = idle_wait
        self._last_post: dict[str, float] = {}
        self._paused_until: dict[str, float] = {}
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self.uploads = UploadQueue(store.engine)

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="veille-outbox", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def wake(self) -> None:
        self._wake.set()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                worked = self.deliver_due()
            except Exception:  # the database may be briefly unavailable; try again shortly
                log.exception("outbox: delivery pass failed")
                worked = 0
            if not worked:
                self._wake.wait(self.idle_wait)
                self._wake.clear()

    # -- delivery ----------------------------------------------------------------------------

    def deliver_due(self) -> int:
        """One pass: settle unknown outcomes, post due alerts and notices, apply due updates."""
        with self._lock:
            done = self._settle_sending()
            for entry in self.store.due_alerts(_now()):
                if self._stop.is_set():
                    break
                done += self._post_alert(entry)
            for notice in self.store.due_notices(_now()):
                if self._stop.is_set():
                    break
                done += self._post_notice(notice)
            for entry in self.store.due_updates(_now()):
                if self._stop.is_set():
                    break
                done += self._update(entry)
            done += self._deliver_uploads()
            return done

    def drain(self, timeout: float = 30.0) -> bool:
        """Deliver until everything is in Slack, or `timeout` passes (CLI and tests)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.deliver_due() and not self.store.undelivered() and not self.uploads.waiting():
                return True
            time.sleep(0.05)
        return False

    def _wait_for_channel(self, key: str) -> bool:
        """Respect the per-channel pace; False when the channel is paused by a 429."""
        now = time.monotonic()
        if self._paused_until.get(key, 0.0) > now:
            return False
        wait = self._last_post.get(key, -1e9) + self.per_channel_interval - now
        if wait > 0:
            self._stop.wait(wait)
        return not self._stop.is_set()

    def _backoff(self, attempts: int, error: DeliveryError) -> float:
        if error.retry_after is not None:
            return max(0.5, error.retry_after)
        delay = min(self.backoff_max, self.backoff_base * 2.0 ** max(0, attempts - 1))
        if error.needs_attention:
            delay = max(delay, self.attention_backoff)
        return delay

    def _post_alert(self, entry: OutboxEntry) -> int:
        message = self.render(entry.alert_id)
        if message is None:
            log.error("outbox: alert %s has no mention to render", entry.alert_id)
            self.store.mark_retry(entry.alert_id, "nothing to render", _now() + timedelta(days=3650))
            return 0
        delivery = _Delivery(
            Ref("alert", entry.alert_id), entry.channel, entry.channel_id, entry.attempts, None
        )
        return self._post(delivery, message)

    def _post_notice(self, notice: NoticeEntry) -> int:
        thread_ts = None
        channel_id = notice.channel_id
        if notice.thread_alert_id is not None:
            parent_channel, parent_ts, status = self.store.alert_location(notice.thread_alert_id)
            if status != "posted" or not parent_ts:
                return 0  # the reply waits for the alert it answers
            thread_ts, channel_id = parent_ts, parent_channel
        message = Message(notice.text, list(notice.blocks or []))
        delivery = _Delivery(
            Ref("notice", notice.notice_id), notice.channel, channel_id, notice.attempts, None, thread_ts
        )
        return self._post(delivery, message)

    def _post(self, delivery: _Delivery, message: Message) -> int:
        key = delivery.channel_id or delivery.channel
        if not self._wait_for_channel(key):
            return 0
        if not self._claim(delivery.ref):
            return 0  # another Veille process sharing this database took it
        target = delivery.channel_id if delivery.thread_ts and delivery.channel_id else delivery.channel
        try:
            channel_id, ts = self.poster.post(target, message, delivery.ref, delivery.thread_ts)
        except DeliveryError as error:
            self._last_post[key] = time.monotonic()
            if error.unknown_outcome:
                log.warning("outbox: %s %s: %s; will check before posting again", *_name(delivery.ref), error)
                return 1
            delay = self._backoff(delivery.attempts + 1, error)
            if error.retry_after is not None:
                self._paused_until[key] = time.monotonic() + delay
            level = logging.ERROR if error.needs_attention else logging.WARNING
            log.log(
                level,
                "outbox: %s %s to %s not delivered (%s); retry in %.0f s",
                *_name(delivery.ref),
                delivery.channel,
                error,
                delay,
            )
            self._retry(delivery.ref, str(error), _now() + timedelta(seconds=delay))
            return 1
        self._last_post[key] = self._last_post[channel_id] = time.monotonic()
        self._posted(delivery.ref, channel_id, ts)
        log.info("outbox: %s %s posted to %s (ts %s)", *_name(delivery.ref), delivery.channel, ts)
        return 1

    def _claim(self, ref: Ref) -> bool:
        if ref.kind == "alert":
            return self.store.mark_sending(ref.id, _now())
        return self.store.mark_notice_sending(ref.id, _now())

    def _posted(self, ref: Ref, channel_id: str, ts: str) -> None:
        if ref.kind == "alert":
            self.store.mark_posted(ref.id, channel_id, ts, _now())
        else:
            self.store.mark_notice_posted(ref.id, channel_id, ts, _now())

    def _retry(self, ref: Ref, error: str, when: datetime) -> None:
        if ref.kind == "alert":
            self.store.mark_retry(ref.id, error, when)
        else:
            self.store.mark_notice_retry(ref.id, error, when)

    def _settle_sending(self) -> int:
        pending: list[_Delivery] = [
            _Delivery(Ref("alert", e.alert_id), e.channel, e.channel_id, e.attempts, e.sending_at)
            for e in self.store.sending_alerts()
        ]
        for notice in self.store.sending_notices():
            thread_ts = channel_id = None
            if notice.thread_alert_id is not None:
                channel_id, thread_ts, _ = self.store.alert_location(notice.thread_alert_id)
            pending.append(
                _Delivery(
                    Ref("notice", notice.notice_id),
                    notice.channel,
                    notice.channel_id or channel_id,
                    notice.attempts,
                    notice.sending_at,
                    thread_ts,
                )
            )
        settled = 0
        for delivery in pending:
            since = delivery.sending_at or _now()
            if _now() - since < SETTLE_AFTER:
                continue  # let a slow answer to the post arrive first
            try:
                found = self.poster.find_posted(
                    delivery.channel, delivery.channel_id, delivery.ref, since, delivery.thread_ts
                )
            except DeliveryError as error:
                log.warning(
                    "outbox: cannot check whether %s %s was posted (%s); will retry",
                    *_name(delivery.ref),
                    error,
                )
                continue
            if found is not None:
                self._posted(delivery.ref, *found)
                log.info(
                    "outbox: %s %s was already posted (ts %s); not posting again",
                    *_name(delivery.ref),
                    found[1],
                )
            else:
                self._retry(delivery.ref, "post interrupted; not found in channel", _now())
            settled += 1
        return settled

    def _update(self, entry: OutboxEntry) -> int:
        if not entry.channel_id or not entry.ts:
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
            delay = self._backoff(entry.update_attempts + 1, error)
            log.warning(
                "outbox: update of alert %s failed (%s); retry in %.0f s", entry.alert_id, error, delay
            )
            self.store.retry_update(entry.alert_id, str(error), _now() + timedelta(seconds=delay))
            return 1
        self.store.mark_updated(entry.alert_id, revision)
        return 1

    # -- files (summary charts, exports) ----------------------------------------------------

    def _deliver_uploads(self) -> int:
        done = 0
        for upload in self.uploads.sending():
            since = upload.sending_at or _now()
            if _now() - since < SETTLE_AFTER:
                continue
            try:
                found = self.poster.find_upload(upload, since)
            except DeliveryError as error:
                log.warning("outbox: cannot check whether upload %s arrived (%s)", upload.upload_id, error)
                continue
            if found is not None:
                self.uploads.mark_posted(upload.upload_id, found, _now())
                log.info("outbox: upload %s was already in Slack; not uploading again", upload.upload_id)
            else:
                self.uploads.mark_retry(upload.upload_id, "upload interrupted; not found in channel", _now())
            done += 1
        for upload in self.uploads.due(_now()):
            if self._stop.is_set():
                break
            done += self._upload(upload)
        return done

    def _upload(self, upload: UploadEntry) -> int:
        key = upload.channel_id or upload.channel
        if not self._wait_for_channel(key):
            return 0
        if not self.uploads.mark_sending(upload.upload_id, upload.channel_id, _now()):
            return 0
        try:
            channel_id, file_id = self.poster.upload(upload)
        except DeliveryError as error:
            self._last_post[key] = time.monotonic()
            if error.unknown_outcome:
                return 1
            if error.needs_attention and upload.attempts + 1 >= MAX_UPLOAD_ATTEMPTS:
                # A file is not an alert: after attempts over an hour or more of a setup problem (a DM
                # the bot cannot post to, no files:write scope) it is dropped, not retried forever.
                log.error("outbox: upload %s to %s given up: %s", upload.upload_id, key, error)
                self.uploads.give_up(upload.upload_id, str(error))
                return 1
            delay = self._backoff(upload.attempts + 1, error)
            if error.retry_after is not None:
                self._paused_until[key] = time.monotonic() + delay
            log.warning(
                "outbox: upload %s to %s failed (%s); retry in %.0f s", upload.upload_id, key, error, delay
            )
            self.uploads.mark_retry(upload.upload_id, str(error), _now() + timedelta(seconds=delay))
            return 1
        self._last_post[key] = self._last_post[channel_id] = time.monotonic()
        self.uploads.mark_posted(upload.upload_id, file_id, _now())
        log.info("outbox: file %s uploaded to %s (%s)", upload.unique_name, key, file_id)
        return 1


def _name(ref: Ref) -> tuple[str, int]:
    return ref.kind, ref.id
