"""A local HTTP server for feeds and recorded API bodies, with conditional GET and misbehaviours."""

from __future__ import annotations

import contextlib
import socket
import ssl
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit
from xml.sax.saxutils import escape


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that hangs up mid-answer is part of what these fakes test


class QuietHandler(BaseHTTPRequestHandler):
    """The request handler of these fakes: keep-alive HTTP/1.1, no log lines."""

    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def read_body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "application/rss+xml; charset=utf-8"
    etag: str | None = None
    last_modified: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    hold: threading.Event | None = None  # answer only once this is set
    endless: float | None = None  # after the headers, a chunk every `endless` seconds, forever
    length: int | None = None  # the Content-Length announced, when it is not the body's


@dataclass
class Request:
    path: str
    headers: dict[str, str]
    at: float
    method: str = "GET"
    body: bytes = b""


Responder = Callable[[Request], Route]


class FeedServer:
    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        self.routes: dict[str, Route] = {}
        self.responders: dict[str, Responder] = {}
        self.requests: list[Request] = []
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._server = _QuietServer(("127.0.0.1", 0), self._handler())
        self._scheme = "http"
        if tls is not None:  # HTTPS: the handshake happens as each connection is accepted
            self._server.socket = tls.wrap_socket(self._server.socket, server_side=True)
            self._scheme = "https"
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)

    def start(self) -> FeedServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        for route in self.routes.values():
            if route.hold is not None:
                route.hold.set()
        self._server.shutdown()
        self._server.server_close()

    def url(self, path: str) -> str:
        return f"{self._scheme}://127.0.0.1:{self._server.server_port}{path}"

    def set(self, path: str, body: bytes | str, **options: Any) -> Route:
        route = Route(body.encode() if isinstance(body, str) else body, **options)
        with self._lock:
            self.routes[path] = route
        return route

    def respond(self, path: str, responder: Responder) -> None:
        """Answer `path` with what `responder` makes of each request (query, headers, body)."""
        with self._lock:
            self.responders[path] = responder

    def requests_to(self, path: str) -> list[Request]:
        with self._lock:
            return [r for r in self.requests if urlsplit(r.path).path == path]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(QuietHandler):
            def do_POST(self) -> None:
                self._answer("POST", self.read_body())

            def do_GET(self) -> None:
                self._answer("GET", b"")

            def _answer(self, method: str, body: bytes) -> None:
                path = urlsplit(self.path).path
                request = Request(self.path, dict(self.headers.items()), time.time(), method, body)
                with server._lock:
                    server.requests.append(request)
                    route = server.routes.get(path)
                    responder = server.responders.get(path)
                if responder is not None:
                    route = responder(request)
                if route is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if route.hold is not None:
                    route.hold.wait()
                if route.etag and self.headers.get("If-None-Match") == route.etag:
                    self.send_response(304)
                    self.send_header("ETag", route.etag)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if route.endless is not None:
                    self._endless(route)
                    return
                self.send_response(route.status)
                self.send_header("Content-Type", route.content_type)
                length = len(route.body) if route.length is None else route.length
                self.send_header("Content-Length", str(length))
                if route.etag:
                    self.send_header("ETag", route.etag)
                if route.last_modified:
                    self.send_header("Last-Modified", route.last_modified)
                for key, value in route.headers.items():
                    self.send_header(key, value)
                self.end_headers()
                with contextlib.suppress(OSError):
                    self.wfile.write(route.body)

            def _endless(self, route: Route) -> None:
                self.send_response(route.status)
                self.send_header("Content-Type", route.content_type)
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                chunk = route.body or b"x" * 65536
                with contextlib.suppress(OSError):
                    while not server._stopping.is_set():
                        self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                        self.wfile.flush()
                        if route.endless:
                            time.sleep(route.endless)
                self.close_connection = True

        return Handler


class SilentServer:
    """Accepts connections (the kernel completes the handshake) and never answers a byte."""

    def __init__(self) -> None:
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.bind(("127.0.0.1", 0))
        self._socket.listen(64)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self._socket.getsockname()[1]}{path}"

    def close(self) -> None:
        self._socket.close()


@dataclass
class FeedEntry:
    title: str
    text: str
    link: str
    guid: str | None = None
    author: str | None = None
    published: datetime | None = None


def rss(entries: Sequence[FeedEntry], title: str = "Flux de test", language: str = "fr") -> str:
    """An RSS 2.0 document built at test time."""
    items = []
    for entry in entries:
        parts = [
            f"<title>{escape(entry.title)}</title>",
            f"<link>{escape(entry.link)}</link>",
            f"<description>{escape(entry.text)}</description>",
        ]
        if entry.guid:
            parts.append(f'<guid isPermaLink="false">{escape(entry.guid)}</guid>')
        if entry.author:
            parts.append(f"<author>{escape(entry.author)}</author>")
        published = entry.published or datetime.now(UTC)
        parts.append(f"<pubDate>{format_datetime(published)}</pubDate>")
        items.append("<item>" + "".join(parts) + "</item>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>http://127.0.0.1/</link><description>test</description>"
        f"<language>{language}</language>{''.join(items)}</channel></rss>"
    )
