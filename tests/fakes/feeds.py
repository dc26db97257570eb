"""A local HTTP server for feeds and recorded API bodies, with conditional GET and misbehaviours."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Sequence
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


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "application/rss+xml; charset=utf-8"
    etag: str | None = None
    last_modified: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    hold: threading.Event | None = None  # answer only once this is set


@dataclass
class Request:
    path: str
    headers: dict[str, str]
    at: float


class FeedServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        self._server = _QuietServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)

    def start(self) -> FeedServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        for route in self.routes.values():
            if route.hold is not None:
                route.hold.set()
        self._server.shutdown()
        self._server.server_close()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self._server.server_port}{path}"

    def set(self, path: str, body: bytes | str, **options: Any) -> Route:
        route = Route(body.encode() if isinstance(body, str) else body, **options)
        with self._lock:
            self.routes[path] = route
        return route

    def requests_to(self, path: str) -> list[Request]:
        with self._lock:
            return [r for r in self.requests if r.path == path]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                path = urlsplit(self.path).path
                with server._lock:
                    server.requests.append(Request(self.path, dict(self.headers.items()), time.time()))
                    route = server.routes.get(path)
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
                self.send_response(route.status)
                self.send_header("Content-Type", route.content_type)
                self.send_header("Content-Length", str(len(route.body)))
                if route.etag:
                    self.send_header("ETag", route.etag)
                if route.last_modified:
                    self.send_header("Last-Modified", route.last_modified)
                for key, value in route.headers.items():
                    self.send_header(key, value)
                self.end_headers()
                with contextlib.suppress(OSError):
                    self.wfile.write(route.body)

        return Handler


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
