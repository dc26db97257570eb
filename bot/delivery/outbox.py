"""The outbox: delivers pending alerts, notices and message updates, exactly once, never dropped.

mention stored → alert "pending" → "sending" (just before chat.postMessage) → "posted" with its
ts. A message left in "sending" by a crash or a timeout may or may not be in Slack: the outbox
looks for it before posting again (`recovery.py`).

Each channel gets its messages in the order they were queued, at most one a second. When Slack
cannot take them (a 429, a 5xx, no answer, a channel the bot is not in) the channel, or Slack as a
whole, waits behind a gate (`pace.py`): nothing of it is tried until the gate opens, then its
oldest message goes first and the rest follows in order. A 429 is not a failure: its Retry-After
is honoured and nothing else. Only a message Slack refuses for its own content waits on its own
backoff, without holding the others back. Alerts are retried forever. Notices (a source failing,
"also seen on" replies, summaries) follow the same path, after the alerts queued in their channel.

Files (summary charts, exports) are delivered by a second worker (`files.py`), so a
multi-megabyte upload never holds alerts back.

Replicas sharing a PostgreSQL database all run an outbox: a row is claimed by one of them (a
conditional update), a message update is applied by one of them at a time (`claim_update`), and
a row left "sending" is settled by its sender, or by another replica once its sender is dead.
Each replica paces its own posts: with N replicas a channel may get up to N messages a second,
and messages queued close together may reach a channel out of order.

Time comes from a `Clock`, so minutes of a Slack outage can be played in a test in a second.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import TypeVar

from veille import metrics
from veille.delivery.files import CONFIRM_UPLOAD_FOR, FileDelivery
from veille.delivery.pace import Backoff, Clock, Pace, SystemClock
from veille.delivery.poster import DeliveryError, Poster, Ref
from veille.delivery.recovery import Delivery, Recovery, name_of
from veille.logs import log_context
from veille.model import Message
from veille.store import DatabaseWatch, NoticeEntry, OutboxEntry, Store
from veille.text.mrkdwn import is_user_id

log = logging.getLogger(__name__)

Renderer = Callable[[int], Message | None]
# A message update is one call of at most 30 s: no other replica applies it meanwhile.
UPDATE_LEASE = timedelta(minutes=2)
NEVER = timedelta(days=3650)
ALERT_BATCH = 100
T = TypeVar("T")


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
        self._channel_ids: dict[str, str | None] = {}  # a channel's name (or a user id) → its id
        self._wake = threading.Event()
        self._wake_files = threading.Event()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()
        self._files_lock = threading.Lock()
        self.recovery = Recovery(store, poster, self.pace, self.clock, self._key)
        self.files = FileDelivery(
            store,
            poster,
            self.pace,
            self.clock,
            self.recovery,
            key_of=self._key,
            reached=self._reached,
            wake=self._wake.set,
            confirm_upload_for=confirm_upload_for,
        )
        self.uploads = self.files.uploads

    @property
    def confirm_upload_for(self) -> timedelta:
        """How long an upload whose completion may have reached Slack is looked for."""
        return self.files.confirm_upload_for

    @confirm_upload_for.setter
    def confirm_upload_for(self, value: timedelta) -> None:
        self.files.confirm_upload_for = value

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
        if not any(thread.is_alive() for thread in self._threads):
            self.recovery.presence.release()  # nothing in flight: the others may settle what is left
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
            self.recovery.announce()
            held: set[str] = set()
            done = self.recovery.settle(held)
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
            return self.files.deliver(self._stop.is_set)

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
        delivery = Delivery(ref, entry.channel, entry.channel_id, key, entry.attempts, None)
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
        delivery = Delivery(ref, notice.channel, channel_id, key, notice.attempts, None, thread_ts)
        return self._post(delivery, message, held)

    def _post(self, delivery: Delivery, message: Message, held: set[str]) -> int:
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
        log.info("outbox: %s %s posted to %s (ts %s)", *name_of(delivery.ref), delivery.channel, ts)
        return 1

    def _not_posted(self, delivery: Delivery, error: DeliveryError, held: set[str]) -> int:
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
            log.warning("outbox: %s %s: %s; will check before posting again", *name_of(ref), error)
            return 1
        level = logging.ERROR if error.needs_attention else logging.WARNING
        if paused is None:
            delay = self.pace.row_delay(delivery.attempts + 1, error)
            log.log(
                level,
                "outbox: %s %s to %s not delivered (%s); retry in %.0f s",
                *name_of(ref),
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
            *name_of(ref),
            delivery.channel,
            error,
            "Slack" if error.scope == "slack" else "the channel",
            paused,
        )
        # The row keeps its place in its channel's queue; a 429 is not counted as an attempt.
        self._retry(ref, str(error), None, counted=error.retry_after is None)
        return 1

    def _claim(self, ref: Ref) -> bool:
        return self.recovery.queue(ref).claim(ref.id, self.clock.now(), sending_by=self.recovery.owner)

    def _posted(self, ref: Ref, channel_id: str, ts: str) -> None:
        self.recovery.posted(ref, channel_id, ts)

    def _retry(self, ref: Ref, error: str, when: datetime | None, *, counted: bool = True) -> None:
        self.recovery.queue(ref).retry(ref.id, error, when, counted=counted)

    def _update(self, entry: OutboxEntry) -> int:
        if not entry.channel_id or not entry.ts or self.pace.closed(entry.channel_id):
            return 0
        now = self.clock.now()
        if not self.store.claim_update(entry.alert_id, now, now + UPDATE_LEASE):
            return 0  # another replica is applying it
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
                self.store.release_update(entry.alert_id)
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


def _failure_reason(error: DeliveryError) -> str:
    if error.retry_after is not None:
        return "rate_limited"
    if error.unknown_outcome:
        return "no_answer"
    if error.needs_attention:
        return "needs_attention"
    return "refused" if error.reason else "unavailable"
