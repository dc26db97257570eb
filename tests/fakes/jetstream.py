"""A Jetstream instance on 127.0.0.1: a real websocket server speaking `/subscribe` as the
documentation describes it.

Events published go to every subscriber and into the instance's log; a subscription with a
`cursor` (unix microseconds) first gets the logged events from that time on, then what is
published next. Raw frames (garbage, huge ones) go only to the subscribers of the moment. The server
can be told to cut its first connections after a number of frames."""

from __future__ import annotations

import json
import queue
import socket
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

from websockets.exceptions import ConnectionClosed
from websockets.sync.server import Server, ServerConnection, serve

BASE_US = 1_760_000_000_000_000  # a time_us in October 2025


def post_event(
    seq: int,
    text: str,
    *,
    did: str = "did:plc:alice7x3",
    langs: list[str] | None = None,
    time_us: int | None = None,
    **record: Any,
) -> dict[str, Any]:
    """A commit creating an `app.bsky.feed.post`, the shape Jetstream sends."""
    return {
        "did": did,
        "time_us": time_us if time_us is not None else BASE_US + seq * 1000,
        "kind": "commit",
        "commit": {
            "rev": f"3l{seq:011d}",
            "operation": "create",
            "collection": "app.bsky.feed.post",
            "rkey": f"3lpost{seq:07d}",
            "record": {
                "$type": "app.bsky.feed.post",
                "createdAt": "2025-10-09T08:53:20.000Z",
                "langs": langs if langs is not None else ["fr"],
                "text": text,
                **record,
            },
            "cid": f"bafyreib{seq:020d}",
        },
    }


@dataclass
class Subscription:
    path: str
    cursor: int | None
    frames: queue.Queue[str | bytes] = field(default_factory=queue.Queue)


class FakeJetstream:
    def __init__(self, cuts: Sequence[int] = ()) -> None:
        self.cuts = list(cuts)  # the first connections are cut after these many frames each
        self.log: list[dict[str, Any]] = []
        self.subscriptions: list[Subscription] = []
        self._live: list[Subscription] = []
        self._lock = threading.Lock()
        self._server: Server = serve(self._handle, "127.0.0.1", 0, max_size=None)
        self.port = self._server.socket.getsockname()[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    @property
    def cursors(self) -> list[int | None]:
        return [s.cursor for s in self.subscriptions]

    def publish(self, *events: dict[str, Any]) -> None:
        with self._lock:
            for event in events:
                self.log.append(event)
                for subscription in self._live:
                    subscription.frames.put(json.dumps(event))

    def send_raw(self, frame: str | bytes) -> None:
        with self._lock:
            for subscription in self._live:
                subscription.frames.put(frame)

    def close(self) -> None:
        self._server.shutdown()
        self._thread.join(5)

    def _handle(self, connection: ServerConnection) -> None:
        request = connection.request
        assert request is not None
        query = parse_qs(urlsplit(request.path).query)
        if urlsplit(request.path).path != "/subscribe" or query.get("wantedCollections") != [
            "app.bsky.feed.post"
        ]:
            connection.close(1008, "unexpected subscription")
            return
        cursor = int(query["cursor"][0]) if "cursor" in query else None
        subscription = Subscription(request.path, cursor)
        with self._lock:
            self.subscriptions.append(subscription)
            if cursor is not None:
                for event in self.log:
                    if event["time_us"] >= cursor:
                        subscription.frames.put(json.dumps(event))
            self._live.append(subscription)
            cut_after = self.cuts.pop(0) if self.cuts else None
        sent = 0
        try:
            while True:
                try:
                    frame = subscription.frames.get(timeout=0.1)
                except queue.Empty:
                    with suppress(TimeoutError):
                        connection.recv(timeout=0)
                    continue
                if cut_after is not None and sent >= cut_after:
                    connection.close(1011, "going away")
                    return
                connection.send(frame)
                sent += 1
        except ConnectionClosed:
            return
        finally:
            with self._lock:
                self._live.remove(subscription)


@contextmanager
def jetstream(cuts: Sequence[int] = ()) -> Iterator[FakeJetstream]:
    server = FakeJetstream(cuts)
    try:
        yield server
    finally:
        server.close()


def closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens (an endpoint that is down)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
