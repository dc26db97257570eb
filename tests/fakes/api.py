"""A local JSON API server: answers by method and path, records every request with its query,
headers and body, and can answer with any status, header, gzip body or broken document."""

from __future__ import annotations

import contextlib
import gzip
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.fakes.feeds import _QuietServer


@dataclass
class Reply:
    body: bytes | str | Any = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "application/json; charset=utf-8"
    gzip: bool = False  # gzip the body and say so (Content-Encoding), as Stack Exchange does

    def encoded(self) -> bytes:
        if isinstance(self.body, bytes):
            raw = self.body
        elif isinstance(self.body, str):
            raw = self.body.encode()
        else:
            raw = json.dumps(self.body).encode()
        return gzip.compress(raw) if self.gzip else raw


@dataclass
class ApiRequest:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: Any

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers.items() if k.lower() == name.lower()), None)


Answer = Reply | Callable[[ApiRequest], Reply]


class ApiServer:
    def __init__(self) -> None:
        self.routes: dict[tuple[str, str], Answer] = {}
        self.requests: list[ApiRequest] = []
        self._lock = threading.Lock()
        self._server = _QuietServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)

    def start(self) -> ApiServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}"

    def on(self, path: str, answer: Answer, method: str = "GET") -> None:
        with self._lock:
            self.routes[(method, path)] = answer

    def to(self, path: str, method: str = "GET") -> list[ApiRequest]:
        with self._lock:
            return [r for r in self.requests if r.path == path and r.method == method]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _answer(self, method: str) -> None:
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                try:
                    body = json.loads(raw) if raw else None
                except ValueError:
                    body = raw
                request = ApiRequest(
                    method,
                    parts.path,
                    {k: v[-1] for k, v in parse_qs(parts.query).items()},
                    dict(self.headers.items()),
                    body,
                )
                with server._lock:
                    server.requests.append(request)
                    answer = server.routes.get((method, parts.path))
                reply = Reply({"error": "NotFound"}, 404) if answer is None else answer
                if not isinstance(reply, Reply):
                    reply = reply(request)
                payload = reply.encoded()
                self.send_response(reply.status)
                self.send_header("Content-Type", reply.content_type)
                self.send_header("Content-Length", str(len(payload)))
                if reply.gzip:
                    self.send_header("Content-Encoding", "gzip")
                for key, value in reply.headers.items():
                    self.send_header(key, value)
                self.end_headers()
                with contextlib.suppress(OSError):
                    self.wfile.write(payload)

            def do_GET(self) -> None:
                self._answer("GET")

            def do_POST(self) -> None:
                self._answer("POST")

        return Handler
