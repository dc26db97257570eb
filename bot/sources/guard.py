"""Outgoing connections go only where the address policy allows, and stop when cancelled.

Every address a name resolves to is checked and the connection goes to an address that was
checked, so neither a DNS answer that changes between check and connect nor a redirect can reach a
refused address: each redirect hop is judged from its URL before anything is sent, then opens its
own connection through the same check.

`GuardedTransport` is an httpx transport of our own around an `httpcore.ConnectionPool` given our
`GuardedBackend`. httpx offers no public way to hand its `HTTPTransport` a network backend (only by
replacing its private `_pool`, which a minor release may rename), while `httpx.BaseTransport`,
`httpcore.ConnectionPool(network_backend=…)` and `httpcore.NetworkBackend` are public: the cost is
the thirty lines that turn an httpx request into an httpcore one and map httpcore's errors. The
backend opens its own sockets, so connecting, the TLS handshake and every read and write wait in
short slices and stop as soon as the fetcher is cancelled. Proxies from the environment are not
used: a proxy would connect where the guard cannot see.
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
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

import httpcore
import httpx

from veille.sources.addresses import AddressPolicy, AddressRefused, IPAddress, Refusal, literal_address
from veille.sources.base import FetchCancelled

SLICE = 0.1  # seconds a blocked connect, handshake, read or write waits before looking at cancel()


Resolver = Callable[[str, int], list[str]]


def system_resolver(host: str, port: int) -> list[str]:
    answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(answer[4][0]) for answer in answers))


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
    """A socket whose blocking steps wait in slices, so `cancel()` stops them within one slice."""

    def __init__(self, sock: socket.socket, cancelled: threading.Event) -> None:
        self._sock = sock
        self._cancelled = cancelled

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        deadline = Deadline(timeout, self._cancelled)
        while (wait := deadline.next_slice()) is not None:
            self._sock.settimeout(wait)
            try:
                return self._sock.recv(max_bytes)
            except TimeoutError:
                continue
            except OSError as exc:
                raise httpcore.ReadError(str(exc)) from exc
        raise httpcore.ReadTimeout("no data in time")

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        deadline = Deadline(timeout, self._cancelled)
        view = memoryview(buffer)
        while view:
            wait = deadline.next_slice()
            if wait is None:
                raise httpcore.WriteTimeout("could not send in time")
            self._sock.settimeout(wait)
            try:
                view = view[self._sock.send(view) :]
            except TimeoutError:
                continue
            except OSError as exc:
                raise httpcore.WriteError(str(exc)) from exc

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
        return self._sock.fileno() < 0 or _ready(self._sock, select.POLLIN, 0)


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
                raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from None
        if not found:
            raise httpcore.ConnectError(f"cannot resolve {host}")
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
                raise httpcore.ConnectError(f"{ip}: {errno.errorcode.get(code, code)}")
            for wait in _slices(deadline):
                if _ready(sock, select.POLLOUT, wait):
                    break
            else:
                raise httpcore.ConnectTimeout(f"{ip}:{port} did not answer in time")
            code = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
            if code:
                raise httpcore.ConnectError(f"{ip}:{port}: {errno.errorcode.get(code, code)}")
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
    def __init__(self, stream: Iterable[bytes]) -> None:
        self._stream = stream

    def __iter__(self) -> Iterator[bytes]:
        with _as_httpx_errors():
            yield from self._stream

    def close(self) -> None:
        close = getattr(self._stream, "close", None)
        if close is not None:
            close()


class GuardedTransport(httpx.BaseTransport):
    """An httpx transport that judges each request's URL, then connects through `GuardedBackend`."""

    def __init__(
        self,
        policy: AddressPolicy,
        cancelled: threading.Event | None = None,
        resolve: Resolver = system_resolver,
        ssl_context: ssl.SSLContext | None = None,
        connections: int = 20,
    ) -> None:
        """`connections`: how many requests are in flight at most, hence how many idle
        connections are worth keeping for the next ones."""
        self.policy = policy
        self.backend = GuardedBackend(policy, cancelled, resolve)
        self._pool = httpcore.ConnectionPool(
            ssl_context=ssl_context or httpx.create_ssl_context(),  # honours SSL_CERT_FILE / _DIR
            max_connections=max(100, connections),
            max_keepalive_connections=max(20, connections),
            keepalive_expiry=5.0,
            network_backend=self.backend,
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self.backend.cancelled.is_set():
            raise FetchCancelled()
        refusal = self.policy.url_refusal(str(request.url))
        if refusal is not None:
            raise AddressRefused(refusal)
        assert isinstance(request.stream, httpx.SyncByteStream)
        core_request = httpcore.Request(
            method=request.method,
            url=httpcore.URL(
                scheme=request.url.raw_scheme,
                host=request.url.raw_host,
                port=request.url.port,
                target=request.url.raw_path,
            ),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        with _as_httpx_errors():
            answer = self._pool.handle_request(core_request)
        assert isinstance(answer.stream, Iterable)
        return httpx.Response(
            status_code=answer.status,
            headers=answer.headers,
            stream=_ResponseStream(answer.stream),
            extensions=answer.extensions,
        )

    def close(self) -> None:
        self._pool.close()
