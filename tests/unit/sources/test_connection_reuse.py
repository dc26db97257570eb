"""Veille keeps its connections alive for the next request to the same host, however many hosts it
polls, and never sends a request on a connection the server has dropped; idle connections do not
pile up."""

from __future__ import annotations

import socket
import ssl
import threading
import time
from collections.abc import Iterator
from typing import Any, cast

import httpcore
import httpx
import pytest

from tests.fakes.net import LOCAL, local_fetcher
from tests.fakes.tls import client_context, server_context
from veille.sources.guard import GuardedTransport, OriginPools

BODY = b"<rss>" + b"Viadeo recrute. " * 20_000 + b"</rss>"  # 320 KB: many reads per answer


class Hosts:
    """Hosts on ports of 127.0.0.1 that answer every GET with `BODY` over kept-alive HTTP/1.1,
    counting the connections each accepts and those that its clients closed. A host that `drops`
    closes each connection after its answer, without saying so in the answer."""

    def __init__(self, count: int, drops: bool = False, tls: ssl.SSLContext | None = None) -> None:
        self.drops = drops
        self.tls = tls
        self.accepted = [0] * count
        self.closed_by_client = [0] * count
        self._lock = threading.Lock()
        self._listeners = []
        for _ in range(count):
            listener = socket.socket()
            listener.bind(("127.0.0.1", 0))
            listener.listen(64)
            self._listeners.append(listener)
        for index, listener in enumerate(self._listeners):
            threading.Thread(target=self._accept, args=(index, listener), daemon=True).start()

    def url(self, index: int, path: str = "/feed.xml") -> str:
        scheme = "https" if self.tls else "http"
        return f"{scheme}://127.0.0.1:{self._listeners[index].getsockname()[1]}{path}"

    def close(self) -> None:
        for listener in self._listeners:
            listener.close()

    def _accept(self, index: int, listener: socket.socket) -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            with self._lock:
                self.accepted[index] += 1
            threading.Thread(target=self._serve, args=(index, conn), daemon=True).start()

    def _serve(self, index: int, conn: socket.socket) -> None:
        try:
            if self.tls is not None:
                conn = self.tls.wrap_socket(conn, server_side=True)
            pending = b""
            while True:
                while b"\r\n\r\n" not in pending:
                    data = conn.recv(65536)
                    if not data:
                        with self._lock:
                            self.closed_by_client[index] += 1
                        return
                    pending += data
                pending = pending.split(b"\r\n\r\n", 1)[1]
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s" % (len(BODY), BODY))
                if self.drops:
                    return
        except OSError:
            return
        finally:
            conn.close()


@pytest.fixture
def hosts(request: pytest.FixtureRequest) -> Iterator[Hosts]:
    options: dict[str, Any] = getattr(request, "param", {})
    farm = Hosts(**options)
    yield farm
    farm.close()


def eventually(check: Any, within: float = 2.0) -> bool:
    ends = time.monotonic() + within
    while time.monotonic() < ends:
        if check():
            return True
        time.sleep(0.01)
    return bool(check())


@pytest.mark.parametrize("hosts", [{"count": 30}], indirect=True)
def test_each_of_many_hosts_keeps_its_connection_for_the_next_feed(hosts: Hosts) -> None:
    fetcher = local_fetcher(in_flight=4)
    for _ in range(3):
        for index in range(30):
            assert fetcher.get(hosts.url(index, f"/feed/{index}.xml")).body == BODY
    assert hosts.accepted == [1] * 30
    fetcher.close()


@pytest.mark.parametrize("hosts", [{"count": 1, "drops": True}], indirect=True)
def test_a_connection_the_server_dropped_while_idle_is_not_used_again(hosts: Hosts) -> None:
    fetcher = local_fetcher()
    for _ in range(3):
        assert fetcher.get(hosts.url(0)).body == BODY
        time.sleep(0.1)  # the server's close has arrived: the connection looks idle and usable
    assert hosts.accepted == [3]
    fetcher.close()


def test_an_https_connection_is_kept_and_reused() -> None:
    secure = Hosts(1, tls=server_context())
    try:
        fetcher = local_fetcher(ssl_context=client_context())
        for _ in range(3):
            assert fetcher.get(secure.url(0)).body == BODY
        assert secure.accepted == [1]
        fetcher.close()
    finally:
        secure.close()


@pytest.mark.parametrize("hosts", [{"count": 2}], indirect=True)
def test_an_idle_connection_is_closed_after_the_keepalive_even_if_its_host_is_never_asked_again(
    hosts: Hosts,
) -> None:
    client = httpx.Client(transport=GuardedTransport(LOCAL, keepalive=0.2), trust_env=False)
    assert client.get(hosts.url(0)).content == BODY
    time.sleep(0.3)
    assert client.get(hosts.url(1)).content == BODY
    assert eventually(lambda: hosts.closed_by_client == [1, 0])
    client.close()
    assert eventually(lambda: hosts.closed_by_client == [1, 1])


class FakePool:
    def __init__(self) -> None:
        self.connections = ["one connection"]
        self.closed = False

    def close(self) -> None:
        self.closed = True


def test_past_the_idle_bound_the_least_recently_used_connections_are_closed_never_one_in_use() -> None:
    made: list[FakePool] = []

    def make() -> httpcore.ConnectionPool:
        made.append(FakePool())
        return cast(httpcore.ConnectionPool, made[-1])

    pools = OriginPools(make, keepalive=60.0, idle=2)
    busy = pools.take((b"http", b"busy.example", None))
    a, b = pools.take((b"http", b"a.example", None)), pools.take((b"http", b"b.example", None))
    pools.give_back(a)
    pools.give_back(b)
    assert not any(pool.closed for pool in made)
    pools.give_back(pools.take((b"http", b"c.example", None)))
    assert [pool.closed for pool in made] == [False, True, False, False]
    assert pools.take((b"http", b"b.example", None)) is b
    assert busy.users == 1
