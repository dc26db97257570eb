"""The edge of reports: read the store, compute, and queue summaries and spike alerts.

Every message is queued through the outbox under a stable key (`summary:{date}:{time}:{channel}`,
`weekly:{date}:{channel}`, `spike:{kind}:{brand}:{channel}:{hour}`), so nothing is posted twice,
not even across restarts or by two processes sharing a database. `Reporter.tick` runs every
minute and once at start: a summary whose time passed while the bot was down is posted then,
if it is still within the grace period.

Replicas sharing a PostgreSQL database each run a `ReportScheduler`, but only the leader (the
replica holding the reports' advisory lock, veille.store.leader) ticks; when it dies, another
takes the lead at its next tick and catches up on what is due, the keys keeping it to once.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger

from veille.config import Config
from veille.config.reports import MIN_CHECK_EVERY
from veille.delivery.uploads import NewUpload, UploadQueue
from veille.i18n import Lang
from veille.model import Message, ToneLabel
from veille.pipeline.routing import route, spikes_at_once
from veille.reports import data, schedule
from veille.reports.chart import chart_alt_text, chart_png
from veille.reports.digest import Digester, StoryView
from veille.reports.paced import kept_of, load_kept
from veille.reports.render import format_day, render_daily, render_spike, render_weekly
from veille.reports.spikes import (
    HOUR,
    SAME_HOUR_DAYS,
    SpikeSettings,
    detect,
    explain,
    hour_stats,
    in_cooldown,
)
from veille.reports.summary import DailySummary, WeeklySummary, compute_daily, compute_weekly
from veille.store import DatabaseWatch, Store
from veille.store.leader import Leadership

log = logging.getLogger(__name__)

DAYS = 14
UNHANDLED_DAYS = 7
BASELINE_AFTER = timedelta(days=1)
Window = tuple[datetime, datetime]


def rolling_windows(end: datetime, count: int = DAYS) -> list[Window]:
    """`count` windows of 24 hours ending at `end` (on-demand summaries)."""
    return [(end - timedelta(days=k + 1), end - timedelta(days=k)) for k in range(count - 1, -1, -1)]


class Reporter:
    def __init__(
        self,
        config: Config,
        store: Store,
        wake: Callable[[], None] = lambda: None,
        digest_view: StoryView | None = None,
    ) -> None:
        self.config = config
        self.store = store
        self.wake = wake
        self.uploads = UploadQueue(store.engine)
        self.digester = Digester(config, store, digest_view)
        self._last_spike_check: datetime | None = None
        self._settled: set[str] = set()  # summary keys fully queued (or quiet) by this process
        self._lock = threading.Lock()

    @property
    def lang(self) -> Lang:
        return self.config.veille.language

    @property
    def timezone(self) -> str:
        return self.config.veille.timezone

    def channels(self) -> dict[str, list[str]]:
        """Each channel with the brands whose alerts go there, in config order."""
        out: dict[str, list[str]] = {}
        for brand in self.config.brands:
            out.setdefault(self.config.channel_for(brand), []).append(brand.name)
        return out

    # -- computing ---------------------------------------------------------------------------

    def daily(self, windows: list[Window], brands: list[str] | None = None) -> DailySummary:
        brands = brands or [b.name for b in self.config.brands]
        day = windows[-1]
        points = data.load_points(self.store, windows[0][0], day[1])
        records = data.load_records(self.store, day[0], day[1], brands)
        unhandled = data.unhandled_negatives(self.store, day[1] - timedelta(days=UNHANDLED_DAYS))
        failing = data.failing_sources(self.store)
        aside = data.load_aside(self.store, day[0], day[1], brands)
        summary = compute_daily(
            brands,
            windows,
            points,
            records,
            unhandled=unhandled,
            failing=failing,
            chart_days=DAYS,
            aside=aside,
        )
        return replace(summary, kept=kept_of(load_kept(self.store, day[0], day[1], brands)))

    def weekly(self, end: datetime, brands: list[str] | None = None) -> WeeklySummary:
        week = (end - timedelta(days=7), end)
        before = (end - timedelta(days=14), week[0])
        all_brands = [b.name for b in self.config.brands]
        points = data.load_points(self.store, before[0], end)
        shown = brands or all_brands
        aside = data.load_aside(self.store, week[0], week[1], shown)
        return compute_weekly(all_brands, shown, week, before, points, aside)

    def weekly_at(self, day: date, instant: datetime) -> tuple[Window, Window]:
        at = (self.config.reports.weekly or "monday 00:00").split()[1]
        start = schedule.local_instant(day - timedelta(days=7), at, self.timezone)
        previous = schedule.local_instant(day - timedelta(days=14), at, self.timezone)
        return (start, instant), (previous, start)

    # -- the minute tick ---------------------------------------------------------------------

    def tick(self, now: datetime | None = None) -> int:
        """Queue whatever is due at `now`; returns how many messages were queued."""
        now = now or datetime.now(UTC)
        with self._lock:
            queued = self.digester.due(now) + self._daily_due(now) + self._weekly_due(now)
            spikes = self.config.spikes
            if spikes.enabled and (
                self._last_spike_check is None
                or now - self._last_spike_check >= timedelta(seconds=spikes.check_every)
                or now < self._last_spike_check
            ):
                checked, self._last_spike_check = self._last_spike_check, now
                try:
                    queued += self.check_spikes(now)
                except Exception:
                    self._last_spike_check = checked  # checked again at the next tick
                    raise
        if queued:
            self.wake()
        return queued

    def _daily_due(self, now: datetime) -> int:
        reports = self.config.reports
        slot = schedule.latest_daily(now, reports.daily, self.timezone)
        if slot is None or not schedule.due(slot[2], now, reports.grace):
            return 0
        day, at, instant = slot
        if not self._was_watching(instant):
            return 0
        queued = 0
        windows: list[Window] | None = None
        for channel, brands in self.channels().items():
            key = f"summary:{day.isoformat()}:{at}:{channel}"
            chart_key = f"chart:{day.isoformat()}:{at}:{channel}"
            if key in self._settled:
                continue
            notice = data.notice_id(self.store, key)
            if notice is not None and (not reports.chart or self.uploads.status_of(chart_key) is not None):
                self._settled.add(key)
                continue
            windows = windows or schedule.day_windows(day, at, self.timezone, DAYS)
            summary = self.daily(windows, brands)
            # Settled only once queued: a database that fails halfway leaves it for the next tick.
            if notice is None:
                if summary.quiet and not reports.nothing_today:
                    self._settled.add(key)
                    continue
                message = render_daily(summary, self.lang, self.timezone)
                notice = self.store.queue_notice(key, channel, message.text, message.blocks, at=now)
                if notice is None:
                    self._settled.add(key)
                    continue  # another process queued it first
                queued += 1
                log.info("reports: daily summary for %s queued for %s", day, channel)
            if reports.chart and not summary.quiet:
                queued += self._queue_chart(chart_key, channel, notice, summary, day, now)
            self._settled.add(key)
        return queued

    def _was_watching(self, slot: datetime) -> bool:
        since = data.watching_since(self.store)
        return since is not None and since <= slot

    def _queue_chart(
        self, key: str, channel: str, notice: int, summary: DailySummary, day: date, now: datetime
    ) -> int:
        try:
            png = chart_png(summary, self.lang, self.timezone)
        except Exception:  # a chart is a bonus: the summary goes out without it
            log.exception("reports: chart for %s could not be drawn", day)
            return 0
        upload = NewUpload(
            key=key,
            channel=channel,
            filename=f"veille-{day.isoformat()}.png",
            title=f"Veille — {format_day(day, self.lang)}",
            content=png,
            alt_text=chart_alt_text(summary, self.lang, self.timezone),
            after_notice_id=notice,
            tell=self.config.notify_channel,
            tell_lang=self.lang,
        )
        return 1 if self.uploads.queue(upload, at=now) is not None else 0

    def _weekly_due(self, now: datetime) -> int:
        reports = self.config.reports
        slot = schedule.latest_weekly(now, reports.weekly, self.timezone)
        if slot is None or not schedule.due(slot[1], now, reports.grace):
            return 0
        day = slot[0]
        if not self._was_watching(slot[1]):
            return 0
        week, before = self.weekly_at(*slot)
        queued = 0
        all_brands = [b.name for b in self.config.brands]
        points: list[data.Point] | None = None
        for channel, brands in self.channels().items():
            key = f"weekly:{day.isoformat()}:{channel}"
            if key in self._settled or data.notice_id(self.store, key) is not None:
                continue
            points = points if points is not None else data.load_points(self.store, before[0], week[1])
            aside = data.load_aside(self.store, week[0], week[1], brands)
            summary = compute_weekly(all_brands, brands, week, before, points, aside)
            if summary.quiet and not reports.nothing_today:
                self._settled.add(key)
                continue
            message = render_weekly(summary, self.lang, self.timezone)
            if self.store.queue_notice(key, channel, message.text, message.blocks, at=now) is not None:
                queued += 1
                log.info("reports: weekly summary for %s queued for %s", day, channel)
            self._settled.add(key)
        return queued

    # -- spikes ------------------------------------------------------------------------------

    def check_spikes(self, now: datetime) -> int:
        spikes = self.config.spikes
        settings = SpikeSettings(spikes.sensitivity, spikes.min_volume, spikes.min_negative, spikes.cooldown)
        since = data.watching_since(self.store)
        if since is None or now - since < BASELINE_AFTER:
            return 0  # no usual level to compare with yet: a new install's first polls are no spike
        points = data.load_points(self.store, now - HOUR - timedelta(days=SAME_HOUR_DAYS), now)
        queued = 0
        for brand in self.config.brands:
            if not spikes_at_once(self.config, brand):
                continue
            stats = hour_stats(brand.name, points, now)
            for spike in detect(stats, settings):
                # A jump in negative mentions is routed like a negative mention (escalation).
                tone: ToneLabel = "negative" if spike.kind == "negative" else "neutral"
                channels, _ = route(self.config, brand, tone, {})
                records: list[data.MentionRecord] | None = None
                for channel in channels:
                    prefix = f"spike:{spike.kind}:{brand.name}:{channel}:"
                    if in_cooldown(data.last_notice_at(self.store, prefix), now, settings.cooldown):
                        continue
                    if records is None:
                        records = data.load_records(self.store, now - HOUR, now, [brand.name])
                    message = render_spike(explain(spike, records), records, self.lang)
                    hour = now.replace(minute=0, second=0, microsecond=0).isoformat()
                    if self.store.queue_notice(prefix + hour, channel, message.text, message.blocks, at=now):
                        queued += 1
                        log.info("reports: %s spike for %s queued in %s", spike.kind, brand.name, channel)
        return queued

    # -- on demand ---------------------------------------------------------------------------

    def summary_now(
        self,
        weekly: bool = False,
        now: datetime | None = None,
        lang: Lang | None = None,
        channel_id: str | None = None,
    ) -> Message:
        """The summary up to now: of the brands of `channel_id` when it is a brand channel."""
        now = now or datetime.now(UTC)
        lang = lang or self.lang
        brands = self._brands_of(channel_id) if channel_id else None
        if weekly:
            return render_weekly(self.weekly(now, brands), lang, self.timezone)
        return render_daily(self.daily(rolling_windows(now), brands), lang, self.timezone)

    def _brands_of(self, channel_id: str) -> list[str] | None:
        for channel, brands in self.channels().items():
            if channel_id in (channel, self.store.channel_id(channel)):
                return brands
        return None


class ReportScheduler:
    """Runs `Reporter.tick` every minute, and once at start (missed summaries)."""

    def __init__(
        self,
        reporter: Reporter,
        every: float = MIN_CHECK_EVERY,
        *,
        database: DatabaseWatch | None = None,
        leadership: Leadership | None = None,
    ) -> None:
        self.reporter = reporter
        self.every = every
        self.database = database or DatabaseWatch(reporter.store.engine)
        self.leadership = leadership or Leadership(reporter.store.engine)
        self._scheduler = BackgroundScheduler(
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None}, timezone=UTC
        )
        self._idle = threading.Event()
        self._idle.set()

    def _tick(self) -> None:
        self._idle.clear()
        try:
            if self.database.is_down and not self.database.probe():
                return  # nothing could be queued; the next tick after it is back catches up
            if not self.leadership.holds():
                return  # another replica leads the reports
            self.reporter.tick()
        except Exception as error:  # the database may be briefly unavailable; the next tick tries again
            if not self.database.failed(error):
                log.exception("reports: tick failed")
        finally:
            self._idle.set()

    def start(self) -> None:
        self._scheduler.add_job(
            self._tick,
            IntervalTrigger(seconds=self.every, timezone=UTC),
            id="veille-reports",
            name="reports",
            next_run_time=datetime.now(UTC),
        )
        self._scheduler.start()

    def stop(self, timeout: float = 30.0) -> bool:
        """Schedule no more ticks; wait at most `timeout` for one in flight (False: still running)."""
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)
        idle = self._idle.wait(timeout)
        if idle:
            self.leadership.release()
        return idle
