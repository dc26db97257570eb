"""Outgoing connections go only where the address policy allows, and stop when cancelled.

Every address a name resolves to is checked and the connection goes to an address that was
checked, so neither a DNS answer that changes between check and connect nor a redirect can reach a
refused address: each redirect hop is judged from its URL before anything is sent, then opens its
own connection through the same check.

`GuardedTransport` is an httpx transport of our own around `httpcore.ConnectionPool`s (one for
each origin, see `OriginPools`) given our `GuardedBackend`. httpx offers no public way to hand its
`HTTPTransport` a network backend (only by replacing its private `_pool`, which a minor release may
rename), while `httpx.BaseTransport`, `httpcore.ConnectionPool(network_backend=…)` and
`httpcore.NetworkBackend` are public: the cost is the thirty lines that turn an httpx request into
an httpcore one and map httpcore's errors. The backend opens its own sockets, so connecting, the
TLS handshake and every read and write wait in short slices and stop as soon as the fetcher is
cancelled. Proxies from the environment are not used: a proxy would connect where the guard cannot
see.
"""

from __future__ import annotations

import errno
import ipaddress
import select
import socket
import ssl
import threading
import time
import typing
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import httpcore
import httpx

from veille.sources.addresses import AddressPolicy, AddressRefused, IPAddress, Refusal, literal_address
from veille.sources.base import FetchCancelled

SLICE = 0.1  # seconds a blocked connect, handshake, read or write waits before looking at cancel()


Resolver = Callable[[str, int], list[str]]


def system_resolver(host: str, port: int) -> list[str]:
    answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(answer[4][0]) for answer in answers))


class Unresolvable(httpcore.ConnectError):
    """A host name that leads to no address (misspelt, or no resolver answers)."""

    def __init__(self, host: str, reason: str) -> None:
        super().__init__(f"cannot resolve {host}: {reason}")
        self.host = host
        self.reason = reason


class Unconnectable(httpcore.ConnectError):
    """An address that did not take the connection: `code` is the system's errno."""

    def __init__(self, address: str, code: int) -> None:
        self.address = address
        self.code = code
        self.reason = errno.errorcode.get(code, str(code))
        super().__init__(f"{address}: {self.reason}")


class Deadline:
    """The time left for one blocking step, handed out in slices between looks at `cancelled`."""

    def __init__(self, timeout: float | None, cancelled: threading.Event) -> None:
        self.at = None if timeout is None else time.monotonic() + timeout
        self.cancelled = cancelled

    def next_slice(self) -> float | None:
        """Seconds to wait next; None once the time is up. Raises once cancelled."""
        if self.cancelled.is_set():
            raise FetchCancelled()
        if self.at is None:
            return SLICE
        left = self.at - time.monotonic()
        return min(SLICE, left) if left > 0 else None


class GuardedStream(httpcore.NetworkStream):
    """A socket whose blocking steps wait in slices, so `cancel()` stops them within one slice.

    The socket is non-blocking: a write, or a read of more of an answer, is tried at once (the
    send buffer is seldom full, the rest of a body often there already) and waits, in slices,
    only when the socket says it must; the first read after a request waits first, as the answer
    takes at least a round trip."""

    def __init__(self, sock: socket.socket, cancelled: threading.Event) -> None:
        if sock.gettimeout() != 0.0:
            sock.setblocking(False)
        self._sock = sock
        self._cancelled = cancelled
        self._poll: select.poll | None = None
        self._polled = 0
        self._asked = False  # a request was sent and no answer read yet

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        deadline: Deadline | None = None
        event = select.POLLIN if self._asked and not self._decrypted() else 0
        self._asked = False
        while True:
            if event:
                deadline = deadline or Deadline(timeout, self._cancelled)
                if not self._wait(event, deadline):
                    raise httpcore.ReadTimeout("no data in time")
            elif self._cancelled.is_set():
                raise FetchCancelled()
            try:
                return self._sock.recv(max_bytes)
            except (BlockingIOError, ssl.SSLWantReadError):
                event = select.POLLIN
            except ssl.SSLWantWriteError:
                event = select.POLLOUT
            except OSError as exc:
                raise httpcore.ReadError(str(exc)) from exc

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        deadline: Deadline | None = None
        view = memoryview(buffer)
        event = 0
        while view:
            if event:
                deadline = deadline or Deadline(timeout, self._cancelled)
                if not self._wait(event, deadline):
                    raise httpcore.WriteTimeout("could not send in time")
            elif self._cancelled.is_set():
                raise FetchCancelled()
            try:
                view = view[self._sock.send(view) :]
                event = 0
            except (BlockingIOError, ssl.SSLWantWriteError):
                event = select.POLLOUT
            except ssl.SSLWantReadError:
                event = select.POLLIN
            except OSError as exc:
                raise httpcore.WriteError(str(exc)) from exc
        self._asked = True

    def _decrypted(self) -> bool:
        """Whether TLS holds decrypted bytes that no wait on the socket would announce."""
        return isinstance(self._sock, ssl.SSLSocket) and self._sock.pending() > 0

    def _wait(self, event: int, deadline: Deadline) -> bool:
        """Whether the socket became ready for `event` before the deadline (raises once cancelled)."""
        return any(self._ready(event, wait) for wait in _slices(deadline))

    def _ready(self, event: int, timeout: float) -> bool:
        if self._poll is None:
            self._poll = select.poll()  # not select(): a busy process has descriptors past 1024
            self._poll.register(self._sock, event)
        elif self._polled != event:
            self._poll.modify(self._sock, event)
        self._polled = event
        return bool(self._poll.poll(timeout * 1000))

    def close(self) -> None:
        self._sock.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        try:
            tls = ssl_context.wrap_socket(
                self._sock, server_hostname=server_hostname, do_handshake_on_connect=False
            )
        except OSError as exc:
            self._sock.close()
            raise httpcore.ConnectError(str(exc)) from exc
        deadline = Deadline(timeout, self._cancelled)
        while True:
            try:
                wait = deadline.next_slice()
                if wait is None:
                    raise httpcore.ConnectTimeout("TLS handshake not done in time")
                tls.settimeout(wait)
                tls.do_handshake()
                return GuardedStream(tls, self._cancelled)
            except TimeoutError:
                continue
            except OSError as exc:
                tls.close()
                raise httpcore.ConnectError(str(exc)) from exc
            except BaseException:
                tls.close()
                raise

    def get_extra_info(self, info: str) -> typing.Any:
        if info == "ssl_object" and isinstance(self._sock, ssl.SSLSocket):
            return self._sock  # what httpcore asks of it (the ALPN protocol) an SSLSocket answers
        if info == "client_addr":
            return self._sock.getsockname()
        if info == "server_addr":
            return self._sock.getpeername()
        if info == "socket":
            return self._sock
        if info == "is_readable":
            return self._readable()
        return None

    def _readable(self) -> bool:
        """Whether a kept-alive connection has something to read: data nobody asked for, or the
        server's close. Either way the pool must not reuse it."""
        return self._sock.fileno() < 0 or self._ready(select.POLLIN, 0)


class GuardedBackend(httpcore.NetworkBackend):
    """Resolves the name itself, checks every address, and connects only to addresses it checked."""

    def __init__(
        self,
        policy: AddressPolicy,
        cancelled: threading.Event | None = None,
        resolve: Resolver = system_resolver,
    ) -> None:
        self.policy = policy
        self.cancelled = cancelled or threading.Event()
        self.resolve = resolve

    def addresses(self, host: str, port: int) -> list[IPAddress]:
        """Every address `host` stands for, each allowed by the policy, or AddressRefused."""
        literal = literal_address(host)
        if literal is not None:
            found = [literal]
        else:
            try:
                found = [ipaddress.ip_address(a.split("%", 1)[0]) for a in self.resolve(host, port)]
            except (OSError, ValueError) as exc:
                raise Unresolvable(host, str(exc)) from None
        if not found:
            raise Unresolvable(host, "no address")
        for ip in found:
            refusal = self.policy.address_refusal(host, ip)
            if refusal is not None:
                raise AddressRefused(refusal)
        return found

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        if self.cancelled.is_set():
            raise FetchCancelled()
        deadline = Deadline(timeout, self.cancelled)
        failure: Exception = httpcore.ConnectError(f"cannot connect to {host}")
        for ip in self.addresses(host, port):
            try:
                sock = self._connect(ip, port, deadline, local_address)
            except httpcore.ConnectTimeout:
                raise
            except httpcore.ConnectError as exc:
                failure = exc
                continue
            for option in socket_options or ():
                sock.setsockopt(*option)
            return GuardedStream(sock, self.cancelled)
        raise failure

    def _connect(
        self, ip: IPAddress, port: int, deadline: Deadline, local_address: str | None
    ) -> socket.socket:
        family = socket.AF_INET6 if ip.version == 6 else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            sock.setblocking(False)
            if local_address:
                sock.bind((local_address, 0))
            code = sock.connect_ex((str(ip), port))
            if code not in (0, errno.EINPROGRESS, errno.EWOULDBLOCK, errno.EAGAIN):
                raise Unconnectable(str(ip), code)
            for wait in _slices(deadline):
                if _ready(sock, select.POLLOUT, wait):
                    break
            else:
                raise httpcore.ConnectTimeout(f"{ip}:{port} did not answer in time")
            code = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
            if code:
                raise Unconnectable(f"{ip}:{port}", code)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            return sock
        except OSError as exc:
            sock.close()
            raise httpcore.ConnectError(f"{ip}:{port}: {exc}") from exc
        except BaseException:
            sock.close()
            raise

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        raise AddressRefused(Refusal(path, "unix_socket"))

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


def _ready(sock: socket.socket, event: int, timeout: float) -> bool:
    poll = select.poll()  # not select(): a busy process has descriptors past 1024
    poll.register(sock, event)
    return bool(poll.poll(timeout * 1000))


def _slices(deadline: Deadline) -> Iterator[float]:
    while (wait := deadline.next_slice()) is not None:
        yield wait


# httpcore's errors as httpx's public ones, the most specific first.
_ERRORS: tuple[tuple[type[Exception], type[httpx.TransportError]], ...] = (
    (httpcore.ConnectTimeout, httpx.ConnectTimeout),
    (httpcore.ReadTimeout, httpx.ReadTimeout),
    (httpcore.WriteTimeout, httpx.WriteTimeout),
    (httpcore.PoolTimeout, httpx.PoolTimeout),
    (httpcore.ConnectError, httpx.ConnectError),
    (httpcore.ReadError, httpx.ReadError),
    (httpcore.WriteError, httpx.WriteError),
    (httpcore.RemoteProtocolError, httpx.RemoteProtocolError),
    (httpcore.LocalProtocolError, httpx.LocalProtocolError),
    (httpcore.UnsupportedProtocol, httpx.UnsupportedProtocol),
    (httpcore.ProtocolError, httpx.ProtocolError),
    (httpcore.NetworkError, httpx.NetworkError),
    (httpcore.TimeoutException, httpx.TimeoutException),
)


@contextmanager
def _as_httpx_errors() -> Iterator[None]:
    """Raise httpcore's errors as the httpx ones callers catch; anything else as it is."""
    try:
        yield
    except Exception as exc:
        for theirs, ours in _ERRORS:
            if isinstance(exc, theirs):
                raise ours(str(exc)) from exc
        raise


class _ResponseStream(httpx.SyncByteStream):
    def __init__(self, stream: Iterable[bytes], closed: Callable[[], None]) -> None:
        self._stream = stream
        self._closed: Callable[[], None] | None = closed

    def __iter__(self) -> Iterator[bytes]:
        with _as_httpx_errors():
            yield from self._stream

    def close(self) -> None:
        try:
            close = getattr(self._stream, "close", None)
            if close is not None:
                close()
        finally:
            closed, self._closed = self._closed, None
            if closed is not None:
                closed()


Origin = tuple[bytes, bytes, int | None]


@dataclass(eq=False)
class _OriginPool:
    origin: Origin
    pool: httpcore.ConnectionPool
    users: int = 0  # requests sent through it and not yet closed
    held: int = 0  # connections it kept when its last user left
    idle_since: float = 0.0


class OriginPools:
    """An httpcore pool for each origin (scheme, host, port), its idle connections kept for
    `keepalive` seconds and at most `idle` of them in all, the least recently used closed first.

    Not one pool for every origin: on every request and every response closed, an httpcore pool
    goes over all its connections several times over (a readiness check of each idle one, and a
    count of them all for each idle one), and once it holds more than `max_keepalive_connections`
    it closes each connection as it becomes idle: with many hosts in use, every request would pay
    for all the others' connections, then open a new one."""

    def __init__(self, make: Callable[[], httpcore.ConnectionPool], keepalive: float, idle: int) -> None:
        self._make = make
        self.keepalive = keepalive
        self.idle = idle
        self._pools: OrderedDict[Origin, _OriginPool] = OrderedDict()  # least recently used first
        self._held = 0
        self._lock = threading.Lock()

    def take(self, origin: Origin) -> _OriginPool:
        with self._lock:
            entry = self._pools.get(origin)
            if entry is None:
                entry = self._pools[origin] = _OriginPool(origin, self._make())
            else:
                self._pools.move_to_end(origin)
            if entry.users == 0:
                self._held -= entry.held
                entry.held = 0
            entry.users += 1
            surplus = self._surplus(time.monotonic())
        _close(surplus)
        return entry

    def give_back(self, entry: _OriginPool) -> None:
        with self._lock:
            entry.users -= 1
            now = time.monotonic()
            if entry.users == 0 and self._pools.get(entry.origin) is entry:
                entry.held = len(entry.pool.connections)
                entry.idle_since = now
                self._held += entry.held
                self._pools.move_to_end(entry.origin)
            surplus = self._surplus(now)
        _close(surplus)

    def _surplus(self, now: float) -> list[httpcore.ConnectionPool]:
        """The unused pools to close now (taken out), oldest first: those idle for `keepalive`
        seconds, and as many more as hold connections past `idle`."""
        stale: list[Origin] = []
        held = self._held
        for origin, entry in self._pools.items():
            if entry.users:
                continue
            if held <= self.idle and now - entry.idle_since < self.keepalive:
                break
            stale.append(origin)
            held -= entry.held
        self._held = held
        return [self._pools.pop(origin).pool for origin in stale]

    def close(self) -> None:
        with self._lock:
            pools = [entry.pool for entry in self._pools.values()]
            self._pools.clear()
            self._held = 0
        _close(pools)


def _close(pools: list[httpcore.ConnectionPool]) -> None:
    for pool in pools:
        pool.close()


class GuardedTransport(httpx.BaseTransport):
    """An httpx transport that judges each request's URL, then connects through `GuardedBackend`."""

    def __init__(
        self,
        policy: AddressPolicy,
        cancelled: threading.Event | None = None,
        resolve: Resolver = system_resolver,
        ssl_context: ssl.SSLContext | None = None,
        connections: int = 20,
        keepalive: float = 5.0,
    ) -> None:
        """`connections`: how many requests are in flight at most, hence how many connections
        are worth keeping for the next ones (at least 100 in all, idle for `keepalive` seconds
        at most)."""
        self.policy = policy
        self.backend = GuardedBackend(policy, cancelled, resolve)
        context = ssl_context or httpx.create_ssl_context()  # honours SSL_CERT_FILE / _DIR

        def pool() -> httpcore.ConnectionPool:
            return httpcore.ConnectionPool(
                ssl_context=context,
                max_connections=max(100, connections),
                max_keepalive_connections=max(20, connections),
                keepalive_expiry=keepalive,
                network_backend=self.backend,
            )

        self.pools = OriginPools(pool, keepalive, max(100, connections))

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self.backend.cancelled.is_set():
            raise FetchCancelled()
        refusal = self.policy.url_refusal(str(request.url))
        if refusal is not None:
            raise AddressRefused(refusal)
        assert isinstance(request.stream, httpx.SyncByteStream)
        url = request.url
        core_request = httpcore.Request(
            method=request.method,
            url=httpcore.URL(scheme=url.raw_scheme, host=url.raw_host, port=url.port, target=url.raw_path),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        entry = self.pools.take((url.raw_scheme, url.raw_host, url.port))
        try:
            with _as_httpx_errors():
                answer = entry.pool.handle_request(core_request)
        except BaseException:
            self.pools.give_back(entry)
            raise
        assert isinstance(answer.stream, Iterable)
        return httpx.Response(
            status_code=answer.status,
            headers=answer.headers,
            stream=_ResponseStream(answer.stream, lambda: self.pools.give_back(entry)),
            extensions=answer.extensions,
        )

    def close(self) -> None:
        self.pools.close()
