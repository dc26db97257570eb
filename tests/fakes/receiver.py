"""A webhook receiver for the outputs: a real local HTTP server that records every request (its
headers and raw body) and answers as the test scripts it: by default 200, or the next of a list
of statuses (with headers), one per request."""

from __future__ import annotations

import socket
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler

from tests.fakes.feeds import QuietHandler, _QuietServer


@dataclass(frozen=True)
class Received:
    path: str
    headers: dict[str, str]
    body: bytes

    def header(self, name: str) -> str:
        return next((v for k, v in self.headers.items() if k.lower() == name.lower()), "")


def free_port() -> int:
    """A port nothing listens on (yet): a receiver that is down."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Receiver:
    def __init__(self, port: int = 0) -> None:
        self.received: list[Received] = []
        self.answers: list[tuple[int, dict[str, str]]] = []
        self._lock = threading.Lock()
        self._server = _QuietServer(("127.0.0.1", port), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}/hooks/veille"

    def answer(self, *statuses: int | tuple[int, dict[str, str]]) -> None:
        """The statuses of the next requests, in order; 200 once they are used up."""
        with self._lock:
            self.answers.extend(s if isinstance(s, tuple) else (s, {}) for s in statuses)

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        receiver = self

        class Handler(QuietHandler):
            def do_POST(self) -> None:
                body = self.read_body()
                with receiver._lock:
                    receiver.received.append(Received(self.path, dict(self.headers.items()), body))
                    status, headers = receiver.answers.pop(0) if receiver.answers else (200, {})
                payload = b"ok" if status < 400 else b'{"error": "bad request"}'
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                if "Content-Length" not in headers:  # a scripted one longer than "ok": cut short
                    self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

        return Handler
