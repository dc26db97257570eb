"""Putting Veille together: store, sources, pipeline, outbox, scheduler and the Slack app.

Mode follows the environment: no SLACK_BOT_TOKEN → console mode (alerts print to the
terminal); SLACK_APP_TOKEN → Socket Mode; SLACK_SIGNING_SECRET → HTTP mode on /slack/events.
"""

from __future__ import annotations

import json
import logging
import sys
import threading
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from socketserver import ThreadingMixIn
from typing import Any, Literal, TextIO
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient

from veille.config import LoadedConfig, Secrets
from veille.delivery.outbox import Outbox
from veille.handlers.listeners import register_all
from veille.handlers.poster import ConsolePoster, Poster, SlackPoster
from veille.handlers.views.alert import Message, render_alert, render_console
from veille.i18n import t
from veille.pipeline.health import SourceWatch
from veille.pipeline.poller import Poller, PollScheduler, ScheduledSource
from veille.pipeline.steps import Pipeline
from veille.reports.jobs import Reporter, ReportScheduler
from veille.services import Services
from veille.sources.http import HttpFetcher
from veille.sources.registry import build_source
from veille.store import Store
from veille.tone.checker import analyzer_for
from veille.triage import Triage

log = logging.getLogger(__name__)

Mode = Literal["console", "socket", "http"]


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


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        log.debug("http: " + format, *args)


WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def wsgi_app(slack: SlackRequestHandler) -> WsgiApp:
    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path == "/healthz":
            body = json.dumps({"ok": True}).encode()
            start_response(
                "200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
            )
            return [body]
        if path == "/slack/events":
            return slack(environ, start_response)
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found"]

    return application


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
    ) -> None:
        self.loaded = loaded
        self.config = loaded.config
        self.secrets = secrets
        self.out = out or sys.stdout
        self.mode: Mode = choose_mode(secrets, self.config.slack.mode)
        self.started_at = datetime.now(UTC)
        self.store = Store(loaded.database_url())
        self.fetcher = fetcher or HttpFetcher()
        self._http_port = self.config.slack.http_port if http_port is None else http_port
        self._outbox_options = outbox_options or {}
        self._server: _ThreadingWSGIServer | None = None
        self._server_thread: threading.Thread | None = None
        self._socket_handler: Any = None
        self._stopped = threading.Event()
        self.bolt: App | None = None
        self.outbox: Outbox
        self.scheduler: PollScheduler
        self.reporter: Reporter
        self.report_scheduler: ReportScheduler
        self.poller: Poller
        self.sources: list[ScheduledSource] = []

    # -- building ----------------------------------------------------------------------------

    def _render(self, alert_id: int) -> Message | None:
        view = self.store.alert_view(alert_id)
        if view is None:
            return None
        return render_alert(view, self.config.veille.language, self.config.veille.timezone)

    def _render_console(self, alert_id: int, channel: str) -> str:
        view = self.store.alert_view(alert_id)
        if view is None:
            return f"(alert {alert_id} is gone)"
        return render_console(view, channel, self.config.veille.language, self.config.veille.timezone)

    def _describe_update(self, alert_id: int) -> str:
        view = self.store.alert_view(alert_id)
        if view is None:
            return ""
        lang = self.config.veille.language
        return t("console.state", lang, alert=alert_id, state=view.state, user=view.actor or "?")

    def _web_client(self) -> WebClient:
        kwargs: dict[str, Any] = {"token": self.secrets.slack_bot_token, "timeout": 30}
        if self.secrets.slack_api_url:
            kwargs["base_url"] = self.secrets.slack_api_url.rstrip("/") + "/"
        return WebClient(**kwargs)

    def _poster(self) -> Poster:
        if self.mode == "console":
            return ConsolePoster(self.out, self._render_console, self._describe_update)
        return SlackPoster(self._web_client(), self.store.remember_channel, self.store.channel_id)

    def build(self) -> None:
        self.store.create_schema()
        analyzer = analyzer_for(self.config.tone)
        pipeline = Pipeline(self.config, self.store, analyzer, self.started_at)
        options: dict[str, float] = {"per_channel_interval": 0.0} if self.mode == "console" else {}
        options.update(self._outbox_options)
        self.outbox = Outbox(self.store, self._poster(), self._render, **options)
        watch = SourceWatch(
            self.store, self.config.notify_channel, self.config.veille.language, self.config.veille.timezone
        )
        self.poller = Poller(self.store, pipeline, self.outbox.wake, watch)
        self.sources = [
            ScheduledSource(
                build_source(source, self.loaded, self.fetcher),
                self.config.source_interval(source),
                self.config.source_backlog(source),
            )
            for source in self.config.sources
        ]
        self.scheduler = PollScheduler(self.poller, self.sources, self.config.veille.jitter)
        self.reporter = Reporter(self.config, self.store, self.outbox.wake)
        self.report_scheduler = ReportScheduler(self.reporter)
        if self.mode != "console":
            self.bolt = self._bolt_app()

    def _bolt_app(self) -> App:
        try:
            app = App(
                client=self._web_client(),
                signing_secret=self.secrets.slack_signing_secret or "socket-mode-does-not-sign",
                token_verification_enabled=True,
            )
        except Exception as exc:
            raise StartupError(f"Slack refused the bot token (SLACK_BOT_TOKEN): {exc}") from None
        triage = Triage(self.store, self.outbox, self.config, self._group_members(app.client))
        services = Services(
            self.config, self.store, triage, loaded=self.loaded, sources=[s.source for s in self.sources]
        )
        register_all(app, services)
        return app

    @staticmethod
    def _group_members(client: WebClient) -> Callable[[str], list[str]]:
        def members(group: str) -> list[str]:
            answer = client.usergroups_users_list(usergroup=group)
            return [str(user) for user in answer.get("users") or []]

        return members

    # -- running -----------------------------------------------------------------------------

    @property
    def http_port(self) -> int | None:
        return self._server.server_port if self._server else None

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
        self.scheduler.start()
        self.report_scheduler.start()
        if self.mode == "http":
            assert self.bolt is not None
            self._server = make_server(
                self.config.slack.http_host,
                self._http_port,
                wsgi_app(SlackRequestHandler(self.bolt)),
                server_class=_ThreadingWSGIServer,
                handler_class=_QuietHandler,
            )
            self._server_thread = threading.Thread(
                target=self._server.serve_forever, name="veille-http", daemon=True
            )
            self._server_thread.start()
            log.info(
                "HTTP mode: listening on http://%s:%s/slack/events",
                self.config.slack.http_host,
                self._server.server_port,
            )
        elif self.mode == "socket":
            from slack_bolt.adapter.socket_mode import SocketModeHandler

            assert self.bolt is not None
            self._socket_handler = SocketModeHandler(self.bolt, self.secrets.slack_app_token)
            self._socket_handler.connect()
            log.info("Socket Mode: connected")

    def wait(self) -> None:
        self._stopped.wait()

    def request_stop(self) -> None:
        self._stopped.set()

    def stop(self) -> None:
        self._stopped.set()
        self.scheduler.stop()
        self.report_scheduler.stop()
        self.outbox.stop()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._socket_handler is not None:
            self._socket_handler.close()
        self.fetcher.close()
        self.store.close()
