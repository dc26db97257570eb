"""Veille's HTTP listener: Slack's /slack/events (HTTP mode), /healthz, /readyz and /metrics.

It is served by waitress: a pure-Python WSGI server, well kept, with no process model of its own
to manage (one process, a pool of worker threads), the same on Linux, macOS and Windows. Its I/O
loop reads each request whole before a worker sees it, so a slow or silent client holds a socket,
never a worker; it refuses a body over `max_request_body_size` from the declared length, unread,
and closes a connection silent for `channel_timeout` seconds.

Requests to /slack/events are checked before Bolt sees them, in the WSGI application itself so
that the checks hold under any WSGI server: a body over the cap is refused unread (413), a POST
without a length 411, anything not signed by Slack 401, a signed body that does not parse 400.
Each refusal is one short log line that never holds the body. Bolt checks the signature again."""

from __future__ import annotations

import json
import logging
import re
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any
from urllib.parse import parse_qsl

from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from slack_bolt import App, BoltRequest
from slack_bolt.adapter.wsgi.http_response import WsgiHttpResponse
from slack_sdk.signature import SignatureVerifier
from waitress.server import create_server
from waitress.wasyncore import close_all

from veille.metrics import REGISTRY
from veille.status import Readiness

log = logging.getLogger(__name__)

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]

MAX_BODY = 1024 * 1024
"""Slack's payloads are a few kilobytes; anything larger is not from Slack."""
REQUEST_TIMEOUT = 10.0
"""Seconds a client may stay silent on the socket, and may take to send the whole body."""
MAX_CLOCK_SKEW = 5 * 60
"""Slack's rule: a signature more than five minutes old may be a replay."""

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
_READ_CHUNK = 64 * 1024


class Refused(Exception):
    """A request answered with an HTTP error: `status` and a short reason for the log."""

    def __init__(self, status: int, why: str) -> None:
        super().__init__(why)
        self.status = status
        self.why = why


def _decimal(text: str) -> int | None:
    """A plain decimal number of a sane size, as headers carry them; None for anything else."""
    return int(text) if re.fullmatch(r"[0-9]{1,15}", text) else None


def _declared_length(environ: dict[str, Any], cap: int) -> int | None:
    """The Content-Length, checked against the cap; None when the server delimits the body."""
    raw = str(environ.get("CONTENT_LENGTH") or "").strip()
    if not raw:
        if environ.get("wsgi.input_terminated"):
            return None
        raise Refused(411, "no Content-Length")
    length = _decimal(raw)
    if length is None:
        raise Refused(400, "bad Content-Length")
    if length > cap:
        raise Refused(413, f"body over {cap} bytes")
    return length


def read_body(environ: dict[str, Any], cap: int, timeout: float) -> bytes:
    """At most `cap` bytes of the body, read within `timeout` seconds, never more than declared."""
    length = _declared_length(environ, cap)
    want = cap + 1 if length is None else length
    stream = environ["wsgi.input"]
    # read1 returns after one receive, so a body trickled byte by byte still meets the deadline.
    read = getattr(stream, "read1", stream.read)
    deadline = time.monotonic() + timeout
    chunks: list[bytes] = []
    got = 0
    try:
        while got < want:
            if time.monotonic() > deadline:
                raise Refused(408, f"body not sent within {timeout:g} s")
            chunk = read(min(_READ_CHUNK, want - got))
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
    except TimeoutError:
        raise Refused(408, f"body not sent within {timeout:g} s") from None
    if got > cap:
        raise Refused(413, f"body over {cap} bytes")
    if length is not None and got < length:
        raise Refused(400, "body shorter than its Content-Length")
    return b"".join(chunks)


def _media_type(environ: dict[str, Any]) -> str:
    return str(environ.get("CONTENT_TYPE") or "").split(";")[0].strip().lower()


def is_ssl_check(environ: dict[str, Any], body: bytes) -> bool:
    """Slack's certificate check: an unsigned form holding `ssl_check=1`, answered 200 and no more."""
    if _media_type(environ) != FORM:
        return False
    try:
        fields = dict(parse_qsl(body.decode("ascii"), keep_blank_values=True))
    except (UnicodeDecodeError, ValueError):
        return False
    return fields.get("ssl_check") == "1"


def verify(verifier: SignatureVerifier, environ: dict[str, Any], body: bytes) -> str:
    """The body as text if Slack signed it, else `Refused(401)` saying why."""
    timestamp = environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP")
    signature = environ.get("HTTP_X_SLACK_SIGNATURE")
    if not timestamp or not signature:
        raise Refused(401, "not signed")
    sent_at = _decimal(timestamp)
    if sent_at is None:
        raise Refused(401, "bad timestamp")
    if abs(time.time() - sent_at) > MAX_CLOCK_SKEW:
        raise Refused(401, "stale timestamp")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise Refused(401, "body not UTF-8") from None
    if not verifier.is_valid(text, timestamp, signature):
        raise Refused(401, "bad signature")
    return text


def _headers(environ: dict[str, Any]) -> dict[str, str | Sequence[str]]:
    headers: dict[str, str | Sequence[str]] = {"content-type": str(environ.get("CONTENT_TYPE") or "")}
    for key, value in environ.items():
        if key.startswith("HTTP_"):
            headers[key[5:].lower().replace("_", "-")] = str(value)
    return headers


def bolt_request(environ: dict[str, Any], text: str) -> BoltRequest:
    """The signed body as Bolt reads it, or `Refused(400)` when it is not a Slack payload."""
    if _media_type(environ) not in (FORM, JSON):
        raise Refused(400, "content type is neither a form nor JSON")
    try:
        request = BoltRequest(body=text, query=environ.get("QUERY_STRING", ""), headers=_headers(environ))
    except Exception:
        # Bolt parses as it builds: whatever it raises on, the payload was not one of Slack's.
        raise Refused(400, "payload does not parse") from None
    if not isinstance(request.body, dict):
        raise Refused(400, "payload is not an object")
    return request


def _plain(start_response: Callable[..., Any], status: int, text: str) -> list[bytes]:
    answer = WsgiHttpResponse(status, {"content-type": ["text/plain; charset=utf-8"]}, text)
    start_response(answer.status, answer.get_headers())
    return list(answer.get_body())


def slack_events(
    bolt: App, signing_secret: str, *, max_body: int = MAX_BODY, timeout: float = REQUEST_TIMEOUT
) -> WsgiApp:
    """The /slack/events application: checks the request, then lets Bolt dispatch it."""
    verifier = SignatureVerifier(signing_secret)

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        method = str(environ.get("REQUEST_METHOD", ""))
        path = str(environ.get("PATH_INFO", ""))
        body = b""
        try:
            if method != "POST":
                raise Refused(405, "not a POST")
            body = read_body(environ, max_body, timeout)
            if is_ssl_check(environ, body):
                return _plain(start_response, 200, "")
            request = bolt_request(environ, verify(verifier, environ, body))
        except Refused as refused:
            size = len(body) or environ.get("CONTENT_LENGTH") or 0
            log.info("refused %s %s: %d %s (%s bytes)", method, path, refused.status, refused.why, size)
            return _plain(start_response, refused.status, refused.why)
        response = bolt.dispatch(request)
        answer = WsgiHttpResponse(response.status, response.headers, response.body)
        start_response(answer.status, answer.get_headers())
        return answer.get_body()

    return application


def _answer(start_response: Callable[..., Any], status: str, content_type: str, body: bytes) -> list[bytes]:
    start_response(status, [("Content-Type", content_type), ("Content-Length", str(len(body)))])
    return [body]


def _json(start_response: Callable[..., Any], status: str, value: object) -> list[bytes]:
    body = json.dumps(value, ensure_ascii=False).encode()
    return _answer(start_response, status, "application/json; charset=utf-8", body)


def routes(
    readiness: Callable[[], Readiness],
    events: WsgiApp | None = None,
    *,
    feeds: WsgiApp | None = None,
    websub: WsgiApp | None = None,
) -> WsgiApp:
    """/healthz (the process answers), /readyz (the bot works: 200, else 503 naming what is wrong),
    /metrics (Prometheus text), /slack/events when `events` is given, and the brands' JSON feeds
    under /feeds/ when `feeds` is (handlers/feeds.py), the WebSub callbacks under /websub/ when
    `websub` is (handlers/websub.py)."""

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path.startswith("/feeds/") and feeds is not None:
            return feeds(environ, start_response)
        if path == "/slack/events" and events is not None:
            return events(environ, start_response)
        if path.startswith("/websub/") and websub is not None:
            return websub(environ, start_response)
        if path == "/healthz":
            return _json(start_response, "200 OK", {"ok": True})
        if path == "/readyz":
            report = readiness()
            status = "200 OK" if report.ready else "503 Service Unavailable"
            return _json(start_response, status, report.as_json())
        if path == "/metrics":
            return _answer(start_response, "200 OK", CONTENT_TYPE_LATEST, generate_latest(REGISTRY))
        return _answer(start_response, "404 Not Found", "text/plain", b"not found")

    return application


class HttpServer:
    """Serves a WSGI app on `host:port` (0: any free port) from a daemon thread until `close()`.

    `timeout`: seconds a connection may stay silent (headers or body not coming) before it is
    closed; `max_body`: bodies declared longer are answered 413 unread."""

    def __init__(
        self,
        app: WsgiApp,
        host: str,
        port: int,
        *,
        max_body: int = MAX_BODY,
        timeout: float = REQUEST_TIMEOUT,
        threads: int = 8,
    ) -> None:
        seconds = max(1, round(timeout))
        self._sockets: dict[int, Any] = {}
        self._server = create_server(
            app,
            map=self._sockets,
            host=host,
            port=port,
            threads=threads,
            max_request_body_size=max_body,
            channel_timeout=seconds,
            cleanup_interval=seconds,
            asyncore_loop_timeout=1,
            ident="veille",
        )
        self._thread = threading.Thread(target=self._server.run, name="veille-http", daemon=True)
        self._thread.start()

    @property
    def port(self) -> int:
        return int(self._server.effective_port)  # type: ignore[union-attr]

    def close(self) -> None:
        if not self._thread.is_alive():
            return
        self._server.task_dispatcher.shutdown(timeout=1)
        # Closed from the I/O loop's own thread, which then ends at once instead of at its next tick.
        trigger: Any = getattr(self._server, "trigger")  # noqa: B009 - the stubs call it an int
        trigger.pull_trigger(lambda: close_all(self._sockets))
        self._thread.join(timeout=2)
        close_all(self._sockets)
