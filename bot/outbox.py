"""The outbox: delivers pending alerts and message updates, exactly once, never dropped.

mention stored → alert "pending" → "sending" (just before chat.postMessage) → "posted" with its
ts. An alert left in "sending" by a crash or a timeout may or may not be in Slack: the outbox
looks for it (each alert carries its id in the message metadata) before posting again. At most
one post per second per channel; a 429 pauses that channel for Retry-After; other failures are
retried with exponential backoff, forever.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from bot.blocks import Message
from bot.posters import DeliveryError, Poster
from bot.store import OutboxEntry, Store

log = logging.getLogger(__name__)

Renderer = Callable[[int], Message | None]


def _now() -> datetime:
    return datetime.now(UTC)


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
        """One pass: settle unknown outcomes, post due alerts, apply due updates. Returns work done."""
        with self._lock:
            done = self._settle_sending()
            for entry in self.store.due_alerts(_now()):
                if self._stop.is_set():
                    break
                done += self._post(entry)
            for entry in self.store.due_updates(_now()):
                if self._stop.is_set():
                    break
                done += self._update(entry)
            return done

    def drain(self, timeout: float = 30.0) -> bool:
        """Deliver until every alert and update is in Slack, or `timeout` passes (CLI and tests)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.deliver_due() and not self.store.undelivered():
                return True
            time.sleep(0.05)
        return False

    def _channel_key(self, entry: OutboxEntry) -> str:
        return entry.channel_id or entry.channel

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

    def _post(self, entry: OutboxEntry) -> int:
        key = self._channel_key(entry)
        if not self._wait_for_channel(key):
            return 0
        message = self.render(entry.alert_id)
        if message is None:
            log.error("outbox: alert %s has no mention to render", entry.alert_id)
            self.store.mark_retry(entry.alert_id, "nothing to render", _now() + timedelta(days=3650))
            return 0
        if not self.store.mark_sending(entry.alert_id, _now()):
            return 0  # another Veille process sharing this database took it
        try:
            channel_id, ts = self.poster.post(entry.channel, message, entry.alert_id)
        except DeliveryError as error:
            self._last_post[key] = time.monotonic()
            if error.unknown_outcome:
                log.warning("outbox: alert %s: %s; will check before posting again", entry.alert_id, error)
                return 1
            attempts = entry.attempts + 1
            delay = self._backoff(attempts, error)
            if error.retry_after is not None:
                self._paused_until[key] = time.monotonic() + delay
            level = logging.ERROR if error.needs_attention else logging.WARNING
            log.log(
                level,
                "outbox: alert %s to %s not delivered (%s); retry in %.0f s",
                entry.alert_id,
                entry.channel,
                error,
                delay,
            )
            self.store.mark_retry(entry.alert_id, str(error), _now() + timedelta(seconds=delay))
            return 1
        self._last_post[key] = self._last_post[channel_id] = time.monotonic()
        self.store.mark_posted(entry.alert_id, channel_id, ts, _now())
        log.info("outbox: alert %s posted to %s (ts %s)", entry.alert_id, entry.channel, ts)
        return 1

    def _settle_sending(self) -> int:
        settled = 0
        for entry in self.store.sending_alerts():
            since = entry.sending_at or _now()
            if _now() - since < timedelta(seconds=2) and entry.attempts:
                continue  # let a slow answer to the post arrive first
            try:
                found = self.poster.find_posted(entry.channel, entry.channel_id, entry.alert_id, since)
            except DeliveryError as error:
                log.warning(
                    "outbox: cannot check whether alert %s was posted (%s); will retry", entry.alert_id, error
                )
                continue
            if found is not None:
                channel_id, ts = found
                self.store.mark_posted(entry.alert_id, channel_id, ts, _now())
                log.info("outbox: alert %s was already posted (ts %s); not posting again", entry.alert_id, ts)
            else:
                self.store.mark_retry(entry.alert_id, "post interrupted; not found in channel", _now())
            settled += 1
        return settled

    def _update(self, entry: OutboxEntry) -> int:
        if not entry.channel_id or not entry.ts:
            return 0
        # Read the click time before rendering: a click landing meanwhile keeps the update due.
        acted_at = self.store.alert_acted_at(entry.alert_id)
        view_message = self.render(entry.alert_id)
        if view_message is None:
            self.store.mark_updated(entry.alert_id, None)
            return 0
        try:
            self.poster.update(entry.channel_id, entry.ts, view_message)
        except DeliveryError as error:
            delay = self._backoff(entry.update_attempts + 1, error)
            log.warning(
                "outbox: update of alert %s failed (%s); retry in %.0f s", entry.alert_id, error, delay
            )
            self.store.retry_update(entry.alert_id, str(error), _now() + timedelta(seconds=delay))
            return 1
        self.store.mark_updated(entry.alert_id, acted_at)
        return 1
