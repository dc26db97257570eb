"""Putting Veille together: store, sources, pipeline, outbox, scheduler and the Slack app.

Mode follows the environment: no SLACK_BOT_TOKEN → console mode (alerts print to the
terminal); SLACK_APP_TOKEN → Socket Mode; SLACK_SIGNING_SECRET → HTTP mode on /slack/events.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import sys
import threading
import time
from datetime import UTC, datetime
from types import FrameType
from typing import Literal, NoReturn, TextIO

from sqlalchemy.exc import OperationalError

from veille.config import LoadedConfig, Secrets
from veille.config.outputs import MissingSecret, OutputSecrets
from veille.delivery.outbox import Outbox
from veille.delivery.outputs import Outputs
from veille.delivery.poster import ConsolePoster, Poster
from veille.handlers.feeds import feeds
from veille.handlers.http import HttpServer, WsgiApp, routes
from veille.handlers.slack_app import SlackApp, SlackRefused, slack_poster
from veille.handlers.views.digest import story_blocks
from veille.handlers.views.renderer import AlertRenderer
from veille.handlers.websub import websub_callback
from veille.i18n import Lang, t
from veille.pipeline.health import SourceWatch
from veille.pipeline.poller import Poller, PollScheduler, ScheduledSource
from veille.pipeline.push import MAX_PUSH_BODY, WebSub
from veille.pipeline.steps import Pipeline
from veille.pipeline.streams import StreamRunner
from veille.reports.jobs import Reporter, ReportScheduler
from veille.services import Services
from veille.sources.http import HttpFetcher
from veille.sources.registry import build_source
from veille.status import OUTBOX_STUCK_AFTER, Facts, Readiness, StoredFacts, ago, assess, stored_facts
from veille.store import DatabaseWatch, Store
from veille.store.migrate import DatabaseTooNew, unreachable
from veille.store.single_instance import AlreadyRunning, InstanceLock
from veille.tone.checker import analyzer_for
from veille.triage import Triage

log = logging.getLogger(__name__)

Mode = Literal["console", "socket", "http"]

# From the stop signal to the exit. `docker stop` sends SIGKILL 10 s after SIGTERM by default.
STOP_WITHIN = 4.0


class StartupError(Exception):
    """Veille cannot start as configured; the message says what to fix."""


def choose_mode(secrets: Secrets, configured: str) -> Mode:
    if not secrets.slack_bot_token:
        return "console"
    if configured == "socket" or (configured == "auto" and secrets.slack_app_token):
        if not secrets.slack_app_token:
            raise StartupError(
                'mode = "socket" needs SLACK_APP_TOKEN (an xapp-… token with connections:write)'
            )
        return "socket"
    if not secrets.slack_signing_secret:
        raise StartupError(
            "SLACK_BOT_TOKEN is set but neither SLACK_APP_TOKEN (Socket Mode) nor SLACK_SIGNING_SECRET"
            " (HTTP mode) is: set one of them"
        )
    return "http"


class Veille:
    def __init__(
        self,
        loaded: LoadedConfig,
        secrets: Secrets,
        *,
        out: TextIO | None = None,
        fetcher: HttpFetcher | None = None,
        http_port: int | None = None,
        outbox_options: dict[str, float] | None = None,
        health_port: int | None = None,
        stuck_after: float = OUTBOX_STUCK_AFTER,
    ) -> None:
        self.loaded = loaded
        self.config = loaded.config
        self.secrets = secrets
        self.out = out or sys.stdout
        self.mode: Mode = choose_mode(secrets, self.config.slack.mode)
        self.started_at = datetime.now(UTC)
        self.store = Store(loaded.database_url())
        self.instance_lock = InstanceLock.for_url(self.store.url)
        self.fetcher = fetcher or HttpFetcher(
            addresses=self.config.veille.address_policy(),
            host_rates=self.config.host_rates(),
            in_flight=self.config.fetches_in_flight,
        )
        self.renderer = AlertRenderer(self.store, self.config.veille.language, self.config.veille.timezone)
        self._http_port = self.config.slack.http_port if http_port is None else http_port
        self._outbox_options = outbox_options or {}
        self._health_port = self.config.veille.health_port if health_port is None else health_port
        self._health: HttpServer | None = None
        self._scheduling = False
        self.stuck_after = stuck_after
        self._stopped = threading.Event()
        self._stop_asked_at: float | None = None
        self._stop_reason = "stop"
        self.slack: SlackApp | None = None
        self.database: DatabaseWatch
        self.outbox: Outbox
        self.outputs: Outputs
        self.feeds: WsgiApp | None = None
        self.websub: WebSub | None = None
        self.scheduler: PollScheduler
        self.streams: StreamRunner
        self.reporter: Reporter
        self.report_scheduler: ReportScheduler
        self.poller: Poller
        self.sources: list[ScheduledSource] = []

    # -- building ----------------------------------------------------------------------------

    def _poster(self) -> Poster:
        if self.mode == "console":
            return ConsolePoster(self.out, self.renderer.console, self.renderer.describe_update)
        return slack_poster(self.secrets, self.store)

    def build(self) -> None:
        self._hold_the_file()
        try:
            self.store.create_schema()
        except DatabaseTooNew as exc:
            raise StartupError(str(exc)) from None
        except OperationalError as exc:
            database, reason = unreachable(self.store.engine, exc)
            raise StartupError(f"cannot reach the database {database}: {reason}") from None
        # One watch for every worker and listener: an outage is logged once, its end once.
        self.database = DatabaseWatch(self.store.engine)
        analyzer = analyzer_for(self.config.tone)
        pipeline = Pipeline(self.config, self.store, analyzer, self.started_at)
        options: dict[str, float] = {"per_channel_interval": 0.0} if self.mode == "console" else {}
        options.update(self._outbox_options)
        self.outbox = Outbox(
            self.store, self._poster(), self.renderer.message, database=self.database, **options
        )
        watch = SourceWatch(
            self.store, self.config.notify_channel, self.config.veille.language, self.config.veille.timezone
        )
        self._build_outputs()
        self.poller = Poller(self.store, pipeline, self._wake, watch, database=self.database)
        self.sources = [
            ScheduledSource(
                build_source(source, self.loaded, self.fetcher),
                self.config.source_interval(source),
                self.config.source_backlog(source),
            )
            for source in self.config.sources
        ]
        streams = StreamRunner.streams(self.sources)
        self.streams = StreamRunner(
            self.store, pipeline, streams, self.poller.on_alerts, watch, database=self.database
        )
        polled = [s for s in self.sources if s not in streams]
        self.scheduler = PollScheduler(
            self.poller, polled, self.config.veille.jitter, workers=self.config.fetches_in_flight
        )
        digest_view = None if self.mode == "console" else story_blocks  # console: lines without buttons
        self.reporter = Reporter(self.config, self.store, self.outbox.wake, digest_view)
        self.report_scheduler = ReportScheduler(self.reporter, database=self.database)
        self._build_websub(pipeline)
        if self.mode != "console":
            self.slack = self._slack_app()

    def _build_websub(self, pipeline: Pipeline) -> None:
        """WebSub push for the feeds whose hub is named: HTTP mode with a public URL only, since
        the hubs must reach the callback."""
        public_url = self.config.veille.public_url
        if public_url is None:
            return
        if self.mode != "http":
            log.warning(t("websub.not_http", self.config.veille.language))
            return
        self.websub = WebSub(
            self.store,
            pipeline,
            self.fetcher,
            public_url,
            self.sources,
            self.poller.on_alerts,
            database=self.database,
        )
        self.poller.push = self.websub

    def _build_outputs(self) -> None:
        """The `[[outputs]]` webhooks' workers and the brands' JSON feeds, with their secrets."""
        config = self.config
        try:
            secrets = OutputSecrets.from_env(config.outputs, config.feeds, os.environ)
        except MissingSecret as exc:
            said = t("outputs.secret_missing", config.veille.language, setting=exc.key, variable=exc.variable)
            raise StartupError(said) from None
        policy = config.veille.address_policy()
        self.outputs = Outputs(self.store, config.outputs, secrets.outputs, policy, database=self.database)
        if secrets.feed_token is not None:
            self.feeds = feeds(self.store, [brand.name for brand in config.brands], secrets.feed_token)

    def _wake(self) -> None:
        self.outbox.wake()
        self.outputs.wake()

    def _hold_the_file(self) -> None:
        """One instance per SQLite file (replicas need PostgreSQL): a second one is refused."""
        try:
            self.instance_lock.acquire(self.config.veille.language, self.store.engine.url.database or "")
        except AlreadyRunning as exc:
            raise StartupError(str(exc)) from None

    def _slack_app(self) -> SlackApp:
        try:
            slack = SlackApp(self.secrets)
        except SlackRefused as exc:
            raise StartupError(f"Slack refused the bot token (SLACK_BOT_TOKEN): {exc}") from None
        triage = Triage(self.store, self.outbox, self.config, slack.group_members, self.outputs)
        services = Services(
            self.config,
            self.store,
            triage,
            loaded=self.loaded,
            sources=[s.source for s in self.sources],
            database_watch=self.database,
            readiness=self.readiness,
        )
        slack.register(services)
        return slack

    # -- running -----------------------------------------------------------------------------

    @property
    def http_port(self) -> int | None:
        return self.slack.http_port if self.slack else None

    @property
    def health_port(self) -> int | None:
        """Where /healthz, /readyz and /metrics answer: the HTTP mode port, else the health
        listener's; None when there is none."""
        if self.mode == "http":
            return self.http_port
        return self._health.port if self._health else None

    def readiness(self, lang: Lang | None = None) -> Readiness:
        """What works and what does not, as /readyz and `veille status` say it (in the team's
        language unless another is asked: `/veille status` answers in the person's)."""
        lang = lang or self.config.veille.language
        stored = stored_facts(self.store, [output.name for output in self.config.outputs])
        # Readers may still read a SQLite file a backup holds; the watch knows the writes fail.
        if isinstance(stored, StoredFacts) and self.database.is_down and not self.database.probe():
            stored = t("status.database.writes_failing", lang, ago=ago(self.database.down_for(), lang))
        return assess(
            Facts(
                now=datetime.now(UTC),
                lang=lang,
                stored=stored,
                sources={s.source.key: s.interval for s in self.sources},
                started_at=self.started_at,
                scheduler_running=self._scheduling and self.scheduler.running,
                slack=self.mode != "console",
                stuck_after=self.stuck_after,
            )
        )

    def start(self) -> None:
        self.build()
        if self.mode == "console":
            lang = self.config.veille.language
            print(
                t("console.started", lang, sources=len(self.sources), brands=len(self.config.brands)),
                file=self.out,
                flush=True,
            )
        self.outbox.start()
        self.outputs.start()
        self.scheduler.start()
        self.streams.start()
        self._scheduling = True
        self.report_scheduler.start()
        host = self.config.slack.http_host
        if self.mode == "http":
            assert self.slack is not None
            websub = websub_callback(self.websub) if self.websub is not None else None
            port = self.slack.serve_http(
                host, self._http_port, self.readiness, self.feeds, websub, MAX_PUSH_BODY
            )
            if self.websub is not None:
                self.websub.listening()
                leave = self.websub.leave_unconfigured
                threading.Thread(target=leave, name="veille-websub", daemon=True).start()
            log.info("HTTP mode: listening on http://%s:%s/slack/events", host, port)
        elif self._health_port:
            self._serve_health(host, self._health_port)
        elif self.mode == "socket":
            assert self.slack is not None
            self.slack.connect_socket_mode()
            log.info("Socket Mode: connected")

    def _serve_health(self, host: str, port: int) -> None:
        """The health and metrics listener; a port already taken costs the listener, not the bot."""
        try:
            self._health = HttpServer(routes(self.readiness), host, port)
        except OSError as exc:
            lang = self.config.veille.language
            log.warning(t("status.listener_failed", lang, port=port, reason=exc.strerror or exc))
            return
        log.info("health and metrics on http://%s:%s/readyz and /metrics", host, self._health.port)

    def stop_on_signals(self) -> None:
        """SIGTERM and SIGINT (Ctrl-C) end `wait()`; a second one exits at once. Main thread only."""

        def on_signal(signum: int, _frame: FrameType | None) -> None:
            name = signal.Signals(signum).name
            if self._stopped.is_set():
                log.warning(t("run.forced_exit", self.config.veille.language, signal=name))
                exit_now(128 + signum)
            self.request_stop(name)

        signal.signal(signal.SIGTERM, on_signal)
        signal.signal(signal.SIGINT, on_signal)

    def wait(self) -> None:
        self._stopped.wait()

    def request_stop(self, reason: str = "stop") -> None:
        if not self._stopped.is_set():
            self._stop_asked_at = time.monotonic()
            self._stop_reason = reason
        self._stopped.set()

    @property
    def stop_deadline(self) -> float:
        """When the process must be gone: `STOP_WITHIN` after the stop was asked for."""
        return (self._stop_asked_at or time.monotonic()) + STOP_WITHIN

    def stop(self) -> bool:
        """Stop scheduling polls and reports, cancel the fetches in flight (their sources record
        nothing and are polled again at the next start), let the outbox finish the post in flight,
        then close. True when every poll and report ended before `stop_deadline`."""
        self.request_stop()
        deadline = self.stop_deadline
        log.info(t("run.stopping", self.config.veille.language, signal=self._stop_reason))
        self.poller.stop()
        self.fetcher.cancel()
        self.scheduler.stop(timeout=0)  # nothing more is scheduled; the polls in flight wind down
        self.streams.stop()  # each stream stores its position as it stops
        self._scheduling = False
        self.report_scheduler.stop(timeout=0)
        self.outbox.stop(timeout=_left(deadline) / 2)
        self.outputs.stop(timeout=_left(deadline) / 2)
        polls_done = self.poller.wait_idle(_left(deadline))
        polls_done = self.streams.wait(_left(deadline)) and polls_done
        reports_done = self.report_scheduler.stop(timeout=_left(deadline))
        if self.slack is not None:
            self.slack.close(timeout=_left(deadline))  # the Slack requests acked finish first
        if self._health is not None:
            self._health.close()
        if polls_done:
            self.fetcher.close()
        if polls_done and reports_done:
            self.store.close()
        self.instance_lock.release()
        return polls_done and reports_done

    def leave(self) -> None:
        """After `stop`: wait until the deadline for the threads that would hold the interpreter's
        exit (a worker stuck in a read), then exit without them if some are still there."""
        deadline = self.stop_deadline
        lang = self.config.veille.language
        stuck = [
            thread
            for thread in threading.enumerate()
            if thread.is_alive() and not thread.daemon and thread is not threading.current_thread()
        ]
        for thread in stuck:
            thread.join(_left(deadline))
        stuck = [thread for thread in stuck if thread.is_alive()]
        seconds = _seconds(time.monotonic() - (self._stop_asked_at or time.monotonic()), lang)
        if stuck:
            log.warning(t("run.threads_left", lang, seconds=seconds, count=len(stuck)))
            exit_now(0)
        log.info(t("run.stopped", lang, seconds=seconds))


def exit_now(code: int) -> NoReturn:
    """Exit without joining worker threads, the logs and the terminal flushed first."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    logging.shutdown()
    os._exit(code)


def _left(deadline: float) -> float:
    return max(0.0, deadline - time.monotonic())


def _seconds(value: float, lang: str) -> str:
    shown = f"{value:.1f}"
    return shown.replace(".", ",") if lang == "fr" else shown
