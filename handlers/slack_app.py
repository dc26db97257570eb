"""Veille's Slack app: the Web API client, the Bolt app with every listener, and how Slack reaches
it (Socket Mode, or HTTP on /slack/events)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_sdk import WebClient

from veille.config import Secrets
from veille.handlers.http import MAX_BODY, HttpServer, WsgiApp, routes, slack_events
from veille.handlers.listeners import register_all
from veille.handlers.pool import Lanes
from veille.handlers.poster import SlackPoster
from veille.handlers.slack_metrics import counted
from veille.services import Services
from veille.status import Readiness
from veille.store import Store


class _WithoutBodies(logging.Filter):
    """Cuts the request body out of the Bolt messages that quote it (a refused signature, a
    middleware that gave no answer): an unverified body is anybody's text, of any size."""

    MARKERS = (", body: ", "for the request (", "request body: ")

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        lowered = message.lower()
        for marker in self.MARKERS:
            cut = lowered.find(marker)
            if cut >= 0:
                record.msg, record.args = message[:cut] + " (body not logged)", ()
                break
        return True


_WITHOUT_BODIES = _WithoutBodies()


def bolt_logger() -> logging.Logger:
    """The logger Bolt is built with; Bolt copies its level and filters to every logger it makes.

    Left at NOTSET, Bolt's loggers follow the `slack_bolt` level the command line sets, where
    Bolt's default would pin each of them to the root level."""
    logger = logging.getLogger("slack_bolt.App")
    logger.setLevel(logging.NOTSET)
    logger.addFilter(_WITHOUT_BODIES)
    return logger


class SlackRefused(Exception):
    """Slack refused the bot token; the message is Slack's."""


def web_client(secrets: Secrets) -> WebClient:
    kwargs: dict[str, Any] = {"token": secrets.slack_bot_token, "timeout": 30}
    if secrets.slack_api_url:
        kwargs["base_url"] = secrets.slack_api_url.rstrip("/") + "/"
    return counted(WebClient(**kwargs))


def slack_poster(secrets: Secrets, store: Store) -> SlackPoster:
    return SlackPoster(web_client(secrets), store.remember_channel, store.channel_id)


LISTENER_THREADS = 16
"""Bolt's own threads run the listeners, which only ack and hand their work to `lanes`."""
REQUEST_THREADS = 24
"""Each request holds one of the HTTP server's threads until its listener acks: a burst of Slack
requests (a team searching at once) waits on those acks, not on the processor."""


class SlackApp:
    """The Bolt app; checks the bot token with Slack as it is built (`SlackRefused` if refused).

    `lanes`: the pools the listeners' work runs on (see `veille.handlers.pool`)."""

    def __init__(self, secrets: Secrets, lanes: Lanes | None = None) -> None:
        self.secrets = secrets
        self.lanes = lanes or Lanes.default()
        self._listeners = ThreadPoolExecutor(LISTENER_THREADS, thread_name_prefix="veille-listener")
        try:
            self.bolt = App(
                client=web_client(secrets),
                signing_secret=secrets.slack_signing_secret or "socket-mode-does-not-sign",
                token_verification_enabled=True,
                logger=bolt_logger(),
                listener_executor=self._listeners,
            )
        except Exception as exc:
            raise SlackRefused(str(exc)) from None
        self._server: HttpServer | None = None
        self._socket: SocketModeHandler | None = None

    def group_members(self, group: str) -> list[str]:
        """The user ids of a Slack user group."""
        answer = self.bolt.client.usergroups_users_list(usergroup=group)
        return [str(user) for user in answer.get("users") or []]

    def register(self, services: Services) -> None:
        register_all(self.bolt, services, self.lanes)

    def serve_http(
        self,
        host: str,
        port: int,
        readiness: Callable[[], Readiness],
        feeds: WsgiApp | None = None,
        websub: WsgiApp | None = None,
        websub_max_body: int = MAX_BODY,
    ) -> int:
        """Starts answering /slack/events, /healthz, /readyz and /metrics (and the JSON feeds
        when given, and the WebSub callbacks, whose pushes may be up to `websub_max_body`) on
        host:port (0: any free port); the port it got."""
        secret = self.secrets.slack_signing_secret
        if not secret:
            raise ValueError("HTTP mode needs SLACK_SIGNING_SECRET")
        events = routes(readiness, slack_events(self.bolt, secret), feeds=feeds, websub=websub)
        max_body = max(MAX_BODY, websub_max_body) if websub is not None else MAX_BODY
        self._server = HttpServer(events, host, port, threads=REQUEST_THREADS, max_body=max_body)
        return self._server.port

    def connect_socket_mode(self) -> None:
        self._socket = SocketModeHandler(self.bolt, self.secrets.slack_app_token)
        self._socket.connect()  # type: ignore[no-untyped-call]  # untyped in slack_bolt

    @property
    def http_port(self) -> int | None:
        return self._server.port if self._server else None

    def close(self, timeout: float = 0.0) -> bool:
        """Stops taking requests, then gives the work already acked up to `timeout` seconds in all
        to end; True when none is left running."""
        deadline = time.monotonic() + timeout
        if self._server is not None:
            self._server.close()
        if self._socket is not None:
            self._socket.close()  # type: ignore[no-untyped-call]
        self._listeners.shutdown(wait=False, cancel_futures=True)
        return self.lanes.stop(max(0.0, deadline - time.monotonic()))
