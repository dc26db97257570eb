"""HTTP mode: a small threaded WSGI server with Slack's /slack/events and a /healthz for load
balancers.

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
from socketserver import ThreadingMixIn
from typing import Any, cast
from urllib.parse import parse_qsl
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from slack_bolt import App, BoltRequest
from slack_bolt.adapter.wsgi.http_response import WsgiHttpResponse
from slack_sdk.signature import SignatureVerifier

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


def wsgi_app(events: WsgiApp) -> WsgiApp:
    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path == "/healthz":
            body = json.dumps({"ok": True}).encode()
            start_response(
                "200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
            )
            return [body]
        if path == "/slack/events":
            return events(environ, start_response)
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found"]

    return application


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True
    request_timeout: float = REQUEST_TIMEOUT


class _QuietHandler(WSGIRequestHandler):
    def setup(self) -> None:
        super().setup()
        self.connection.settimeout(cast(_ThreadingWSGIServer, self.server).request_timeout)

    def handle(self) -> None:
        try:
            super().handle()
        except TimeoutError:
            log.info("refused a request from %s: headers not sent in time", self.client_address[0])

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("http: " + format, *args)


class HttpServer:
    """Serves the Bolt app on `host:port` from a daemon thread until `close()`."""

    def __init__(
        self,
        bolt: App,
        signing_secret: str,
        host: str,
        port: int,
        *,
        max_body: int = MAX_BODY,
        timeout: float = REQUEST_TIMEOUT,
    ) -> None:
        self._server = make_server(
            host,
            port,
            wsgi_app(slack_events(bolt, signing_secret, max_body=max_body, timeout=timeout)),
            server_class=_ThreadingWSGIServer,
            handler_class=_QuietHandler,
        )
        self._server.request_timeout = timeout
        self._thread = threading.Thread(target=self._server.serve_forever, name="veille-http", daemon=True)
        self._thread.start()

    @property
    def port(self) -> int:
        return self._server.server_port

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
