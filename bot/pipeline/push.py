"""WebSub push for feeds: subscribing to the hub a feed names, keeping the lease, and applying what
the hub pushes exactly as a poll of that feed would (same parser, same pipeline, same dedup).

Only in HTTP mode with `[veille] public_url`: the hub calls `<public_url>/websub/<id>`, an opaque
id per subscription, and signs what it pushes with a secret of that subscription alone.

- **Subscribing.** After a poll whose answer names a hub and a self URL, the poller hands the
  result here (`polled`): a feed not yet subscribed is, a feed whose hub or topic changed is
  subscribed afresh (the old subscription's pushes are then answered 410 Gone, which ends it at the
  hub), a feed that no longer names a hub is unsubscribed. The request is recorded as pending
  before it is sent, since hubs often verify before they answer it.
- **Verifying.** The hub's check (GET) is answered with its challenge only for the pending request
  it matches (same id, topic and mode); anything else is 404. A subscription the hub never checks
  within `VERIFY_WITHIN`, or one it refuses or denies, is asked again after `RETRY_AFTER`
  (`DENIED_RETRY` for a denial); meanwhile the feed is polled as usual.
- **Pushes.** A POST is read (capped like a feed's body), checked against the subscription's
  secret (`X-Hub-Signature`), then parsed and processed like a poll's answer. A push to an unknown
  id is 410; one badly signed or unsigned is acknowledged (202) and ignored, as the
  recommendation asks, so a forger learns nothing; one the database could not store is 503, so the
  hub sends it again (dedup makes that harmless).
- **Polling goes on**, slower: while a subscription is active its feed is polled every
  `SLOWER` intervals instead of every interval, a safety net for a hub that loses a push.
- **Leases** are renewed before they end: each scheduled tick of the feed (every interval, even when
  the poll itself rests) checks the lease and asks again once less than a tenth of it, or two
  intervals, is left.
- **Feeds no longer configured** are unsubscribed when Veille starts (`leave_unconfigured`).

Subscriptions are kept in the store (`veille.store.push_state`), so a restart keeps them, their
ids and their secrets.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from veille import metrics
from veille.i18n import t
from veille.model import SourceState
from veille.pipeline.poller import ScheduledSource
from veille.pipeline.steps import Pipeline
from veille.sources.base import FetchError, FetchResult
from veille.sources.feed import FeedSource
from veille.sources.http import HttpFetcher, HttpLimits
from veille.sources.websub import (
    HubLinks,
    Mode,
    Subscription,
    ask_hub,
    new_id,
    new_secret,
    signature_valid,
)
from veille.store import DatabaseWatch, Store, is_database_away
from veille.store.push_state import cursor_of, kept_subscriptions, swap_cursor

log = logging.getLogger(__name__)

SLOWER = 6
"""While a hub pushes a feed, the feed is polled every SLOWER intervals."""
LEASE_ASKED = 10 * 24 * 3600
"""The lease asked for (the hub decides; many grant less)."""
VERIFY_WITHIN = timedelta(minutes=15)
RETRY_AFTER = timedelta(hours=1)
DENIED_RETRY = timedelta(days=1)
MAX_PUSH_BODY = HttpLimits().max_bytes
"""A pushed body is capped like a polled one."""
MAX_CHALLENGE = 1024


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Answer:
    """What the callback answers the hub: an HTTP status and a short text body."""

    status: int
    body: str = ""


def _lease(value: str | None) -> int | None:
    if value is None or not value.strip().isdigit() or len(value.strip()) > 9:
        return None
    seconds = int(value.strip())
    return seconds if seconds > 0 else None


class WebSub:
    """The subscriber: hooks for the poller (`resting`, `polled`) and the callback's two answers
    (`verify`, `receive`)."""

    def __init__(
        self,
        store: Store,
        pipeline: Pipeline,
        fetcher: HttpFetcher,
        public_url: str,
        sources: Sequence[ScheduledSource],
        on_alerts: Callable[[], None] = lambda: None,
        clock: Callable[[], datetime] = _utc_now,
        *,
        database: DatabaseWatch | None = None,
    ) -> None:
        self.store = store
        self.pipeline = pipeline
        self.lang = pipeline.config.veille.language  # of what a subscription's state says
        self.fetcher = fetcher
        self.public_url = public_url.rstrip("/")
        self.on_alerts = on_alerts
        self.clock = clock
        self.database = database or DatabaseWatch(store.engine)
        self._configured = {s.source.key for s in sources}
        self._feeds = {s.source.key: s for s in sources if isinstance(s.source, FeedSource)}
        self._listening = threading.Event()

    def listening(self) -> None:
        """The HTTP listener answers: hubs can verify from now on."""
        self._listening.set()

    def callback(self, subscription_id: str) -> str:
        return f"{self.public_url}/websub/{subscription_id}"

    # -- the poller's hooks ---------------------------------------------------------------------

    def resting(self, scheduled: ScheduledSource, state: SourceState | None, now: datetime) -> bool:
        """Whether this scheduled poll may be skipped (its hub pushes it); renews the lease when due."""
        if scheduled.source.key not in self._feeds:
            return False
        try:
            subscription = self._keep(scheduled, now)
        except Exception as error:
            if not self.database.failed(error):
                log.exception("source %s: could not keep its WebSub subscription", scheduled.source.key)
            return False
        if subscription is None or not subscription.active(now) or state is None or not state.last_polled_at:
            return False
        # Half an interval of slack, so the scheduler's jitter never pushes the safety net a tick later.
        return now < state.last_polled_at + timedelta(seconds=scheduled.interval * (SLOWER - 0.5))

    def polled(self, scheduled: ScheduledSource, result: FetchResult) -> None:
        """After a successful poll: subscribe, follow a new hub, or leave one the feed dropped."""
        key = scheduled.source.key
        if key not in self._feeds:
            return
        try:
            if result.not_modified:
                self._keep(scheduled, self.clock())
            else:
                self._follow(scheduled, result.websub)
        except Exception as error:
            if not self.database.failed(error):
                log.exception("source %s: could not subscribe to its hub", key)

    def _follow(self, scheduled: ScheduledSource, links: HubLinks | None) -> None:
        key = scheduled.source.key
        raw = cursor_of(self.store, key)
        current = Subscription.load(raw)
        if raw is not None and current is None:
            return  # a cursor that is not a subscription: never overwritten
        if links is None:
            if current is not None and current.pending != "unsubscribe":
                log.info("source %s: no longer names a hub; unsubscribing from %s", key, current.hub)
                self._ask(key, current, "unsubscribe")
            return
        if current is not None and (current.hub, current.topic) == (links.hub, links.topic):
            self._keep(scheduled, self.clock())
            return
        if current is not None:
            log.info("source %s: its hub is now %s (was %s)", key, links.hub, current.hub)
        fresh = Subscription(id=new_id(), hub=links.hub, topic=links.topic, secret=new_secret())
        if not swap_cursor(self.store, key, raw, fresh.dump()):
            return  # changed meanwhile (another replica): looked at again after the next poll
        if not self._listening.wait(5.0):
            return  # not listening yet: asked at the next tick
        self._ask(key, fresh, "subscribe")

    def _keep(self, scheduled: ScheduledSource, now: datetime) -> Subscription | None:
        """Give up on a request never verified, renew a lease about to end; the subscription then."""
        key = scheduled.source.key
        current = Subscription.load(cursor_of(self.store, key))
        if current is None:
            return None
        if (
            current.pending is not None
            and current.asked_at is not None
            and now - current.asked_at > VERIFY_WITHIN
        ):
            if current.pending == "unsubscribe":
                return self._change(key, current.id, lambda s: None)
            log.warning("source %s: %s never checked the subscription; asked again later", key, current.hub)
            return self._change(
                key,
                current.id,
                lambda s: s.but(
                    pending=None, error=t("websub.not_verified", self.lang), retry_at=now + RETRY_AFTER
                ),
            )
        if current.pending is not None or (current.retry_at is not None and current.retry_at > now):
            return current
        if current.lease_until is not None:
            margin = max(0.1 * (current.lease_seconds or 0), 2 * scheduled.interval)
            if current.lease_until - now > timedelta(seconds=margin):
                return current
        if not self._listening.is_set():
            return current
        if current.lease_until is not None and current.lease_until > now:
            log.info("source %s: renewing its subscription at %s", key, current.hub)
        self._ask(key, current, "subscribe")
        return Subscription.load(cursor_of(self.store, key))

    def _ask(self, key: str, subscription: Subscription, mode: Mode) -> None:
        """Record the request as pending, then send it; a refusal is recorded (or, for leaving,
        the subscription forgotten: its lease simply runs out)."""
        asked_at = self.clock()
        asked = self._change(
            key, subscription.id, lambda s: s.but(pending=mode, asked_at=asked_at, error=None, retry_at=None)
        )
        if asked is None:
            return
        try:
            ask_hub(
                self.fetcher,
                asked.hub,
                mode,
                asked.topic,
                self.callback(asked.id),
                secret=asked.secret if mode == "subscribe" else None,
                lease_seconds=LEASE_ASKED if mode == "subscribe" else None,
            )
        except FetchError as error:
            log.warning("source %s: %s refused to %s (%s)", key, asked.hub, mode, error)
            said = error.said(self.lang)[:300]

            def refused(current: Subscription) -> Subscription | None:
                if current.pending != mode or current.asked_at != asked_at:
                    return current  # already verified, or asked again
                if mode == "unsubscribe":
                    return None
                return current.but(pending=None, error=said, retry_at=asked_at + RETRY_AFTER)

            self._change(key, asked.id, refused)
            return
        log.info("source %s: asked %s to %s (%s)", key, asked.hub, mode, asked.topic)

    def _change(
        self, key: str, subscription_id: str, change: Callable[[Subscription], Subscription | None]
    ) -> Subscription | None:
        """Apply `change` to the kept subscription `subscription_id` (None: forget it), retrying
        when it changed meanwhile; the subscription kept after, if it is still that one."""
        for _ in range(5):
            raw = cursor_of(self.store, key)
            current = Subscription.load(raw)
            if current is None or current.id != subscription_id:
                return None
            new = change(current)
            if new == current:
                return current
            if swap_cursor(self.store, key, raw, None if new is None else new.dump()):
                return new
        return None

    def leave_unconfigured(self) -> None:
        """Unsubscribe from the hubs of feeds no longer configured (forget those already lapsed)."""
        now = self.clock()
        try:
            for key, raw in kept_subscriptions(self.store).items():
                subscription = Subscription.load(raw)
                if key in self._configured or subscription is None:
                    continue
                if subscription.lease_until is None or subscription.lease_until <= now:
                    swap_cursor(self.store, key, raw, None)
                    continue
                log.info("source %s: no longer configured; unsubscribing from %s", key, subscription.hub)
                self._ask(key, subscription, "unsubscribe")
        except Exception as error:
            if not self.database.failed(error):
                log.exception("could not leave the hubs of feeds no longer configured")

    # -- the callback ---------------------------------------------------------------------------

    def _find(self, subscription_id: str) -> tuple[str, Subscription] | None:
        for key, raw in kept_subscriptions(self.store).items():
            subscription = Subscription.load(raw)
            if subscription is not None and subscription.id == subscription_id:
                return key, subscription
        return None

    def verify(self, subscription_id: str, params: Mapping[str, str]) -> Answer:
        """The hub checks a (un)subscription request, or says it denied one."""
        mode, topic = params.get("hub.mode", ""), params.get("hub.topic", "")
        found = self._find(subscription_id)
        if found is None or found[1].topic != topic:
            log.info("refused a WebSub check for an unknown subscription or topic (%s)", topic[:200])
            return Answer(404, "unknown subscription")
        key, subscription = found
        now = self.clock()
        if mode == "denied":
            reason = " ".join(params.get("hub.reason", "").split())[:200]
            log.warning(
                "source %s: %s denied the subscription (%s)", key, subscription.hub, reason or "no reason"
            )
            error = (
                t("websub.denied", self.lang, reason=reason) if reason else t("websub.denied_bare", self.lang)
            )
            self._change(
                key,
                subscription_id,
                lambda s: s.but(pending=None, lease_until=None, error=error, retry_at=now + DENIED_RETRY),
            )
            return Answer(200, "")
        challenge = params.get("hub.challenge", "")
        if mode not in ("subscribe", "unsubscribe") or subscription.pending != mode:
            log.info("source %s: refused a WebSub check for %s, not asked", key, mode[:20] or "nothing")
            return Answer(404, "not asked")
        if not challenge or len(challenge) > MAX_CHALLENGE:
            return Answer(400, "no usable hub.challenge")
        if mode == "unsubscribe":
            self._change(key, subscription_id, lambda s: None if s.pending == "unsubscribe" else s)
            log.info("source %s: unsubscribed from %s", key, subscription.hub)
            return Answer(200, challenge)
        seconds = _lease(params.get("hub.lease_seconds")) or LEASE_ASKED
        until = now + timedelta(seconds=seconds)

        def verified(current: Subscription) -> Subscription:
            if current.pending != "subscribe":
                return current
            return current.but(
                pending=None, lease_until=until, lease_seconds=seconds, error=None, retry_at=None
            )

        self._change(key, subscription_id, verified)
        log.info(
            "source %s: %s pushes it, lease until %s",
            key,
            subscription.hub,
            until.isoformat(timespec="seconds"),
        )
        return Answer(200, challenge)

    def receive(
        self, subscription_id: str, signature: str | None, content_type: str | None, body: bytes
    ) -> Answer:
        """Content the hub pushes: checked, then handled exactly like a poll of the feed."""
        found = self._find(subscription_id)
        if found is None or found[0] not in self._feeds:
            return Answer(410, "no such subscription")
        key, subscription = found
        scheduled = self._feeds[key]
        if subscription.lease_until is None or subscription.pending == "unsubscribe":
            log.info("source %s: ignored a push to a subscription not in force", key)
            return Answer(202, "")
        if not signature_valid(subscription.secret, signature, body):
            log.warning("source %s: ignored a push not signed with its subscription's secret", key)
            return Answer(202, "")
        source = scheduled.source
        assert isinstance(source, FeedSource)
        try:
            items = source.parse(body, content_type)
        except FetchError as error:
            log.warning("source %s: ignored a push that does not read as a feed (%s)", key, error)
            return Answer(202, "")
        try:
            state = self.store.source_state(key)
            first_poll = state is None or state.first_polled_at is None
            report = self.pipeline.process(items, first_poll=first_poll, backlog=scheduled.backlog)
            now = self.clock()
            self._change(key, subscription_id, lambda s: s.but(pushed_at=now))
        except Exception as error:
            if is_database_away(error):
                self.database.failed(error)
                return Answer(503, "try again later")
            log.exception("source %s: a push could not be processed", key)
            return Answer(202, "")
        metrics.ITEMS_FETCHED.labels(source.type).inc(report.fetched)
        metrics.ITEMS_NEW.labels(source.type).inc(report.new_items)
        log.info(
            "source %s: pushed by %s, %d item(s), %d new, %d mention(s), %d alert(s)",
            key,
            subscription.hub,
            report.fetched,
            report.new_items,
            report.mentions,
            report.alerts,
        )
        if report.alerts or report.refreshed_stories:
            self.on_alerts()
        return Answer(202, "")
