"""HTTP for every source: timeouts, a body-size cap, a redirect limit and an honest User-Agent,
only to addresses the policy allows.

One shared httpx client (thread-safe, pooled) fetches for all sources, through the address guard
(`veille.sources.guard`), which also makes every request cancellable. Bodies are read as sent and
inflated here, never past the cap. `file:` URLs are read from disk under the same size cap so
local samples behave like feeds.
"""

from __future__ import annotations

import errno
import ssl
import threading
import time
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Protocol
from urllib.parse import unquote, urlsplit

import httpx

from veille import __version__
from veille.i18n import Said, said
from veille.sources.addresses import AddressPolicy, AddressRefused
from veille.sources.base import FetchCancelled, FetchError
from veille.sources.guard import GuardedTransport, Resolver, Unconnectable, Unresolvable, system_resolver
from veille.sources.polite import MAX_SERVER_WAIT, HostRate, Politeness, ratelimit_pause
from veille.sources.settings import well_formed

USER_AGENT = f"Veille/{__version__} (self-hosted brand monitoring; +https://pypi.org/project/veille/)"
ACCEPTED_ENCODINGS = "gzip, deflate"


@dataclass(frozen=True)
class HttpResponse:
    status: int
    headers: httpx.Headers
    body: bytes
    url: str


@dataclass(frozen=True)
class HttpLimits:
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 60.0
    max_bytes: int = 5 * 1024 * 1024
    max_redirects: int = 5


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date), at most a day: a
    wait past year 9999 would overflow the next attempt's time."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        return min(float(value), MAX_SERVER_WAIT)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return min(max(0.0, (when - (now or datetime.now(UTC))).total_seconds()), MAX_SERVER_WAIT)


DEFAULT_IN_FLIGHT = 8


class HttpFetcher:
    """Every source's HTTP: one pooled client behind the address guard, under `HttpLimits`.

    At most `in_flight` requests are sent at once, whatever the number of threads asking; a
    request waits for its host's turn (`Politeness`, with `host_rates` over the known budgets)
    before it takes one of these slots, so a host that makes it wait holds no slot meanwhile.

    `cancel()` is for stopping: every request in flight stops within a fraction of a second and
    raises `FetchCancelled`, and so does every later one."""

    def __init__(
        self,
        limits: HttpLimits | None = None,
        user_agent: str = USER_AGENT,
        politeness: Politeness | None = None,
        addresses: AddressPolicy | None = None,
        resolve: Resolver = system_resolver,
        ssl_context: ssl.SSLContext | None = None,
        *,
        host_rates: Mapping[str, HostRate] | None = None,
        in_flight: int = DEFAULT_IN_FLIGHT,
    ) -> None:
        """`resolve` and `ssl_context` (the certificates trusted; default: certifi's, or those of
        SSL_CERT_FILE / SSL_CERT_DIR) are seams for tests."""
        self.limits = limits or HttpLimits()
        self._cancelled = threading.Event()
        self.politeness = politeness or Politeness(host_rates, sleep=self._pause)
        self.addresses = addresses or AddressPolicy()
        self.in_flight = max(1, in_flight)
        self._slots = threading.BoundedSemaphore(self.in_flight)
        self._client = httpx.Client(
            transport=GuardedTransport(
                self.addresses, self._cancelled, resolve, ssl_context, connections=self.in_flight
            ),
            trust_env=False,
            follow_redirects=True,
            max_redirects=self.limits.max_redirects,
            timeout=httpx.Timeout(
                connect=self.limits.connect_timeout,
                read=self.limits.read_timeout,
                write=self.limits.read_timeout,
                pool=self.limits.connect_timeout,
            ),
            headers={"User-Agent": user_agent, "Accept-Encoding": ACCEPTED_ENCODINGS},
        )

    def close(self) -> None:
        self._client.close()

    def cancel(self) -> None:
        """Stop every request in flight and refuse new ones (`FetchCancelled`): Veille is stopping."""
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def _pause(self, seconds: float) -> None:
        if self._cancelled.wait(seconds):
            raise FetchCancelled()

    def _take_slot(self) -> None:
        """One of the `in_flight` slots, waiting in short slices so that `cancel()` is heard."""
        while not self._slots.acquire(timeout=0.1):
            if self._cancelled.is_set():
                raise FetchCancelled()
        if self._cancelled.is_set():
            self._slots.release()
            raise FetchCancelled()

    def get(self, url: str, headers: dict[str, str] | None = None) -> HttpResponse:
        if url.lower().startswith("file:"):
            return self._read_file(url)
        return raise_for_status(self.send("GET", url, headers))

    def post(self, url: str, data: dict[str, str], headers: dict[str, str] | None = None) -> HttpResponse:
        """A form POST (OAuth token requests), under the same limits as a GET."""
        return raise_for_status(self.send("POST", url, headers, data=data))

    def send(
        self,
        method: str,
        url: str,
        headers: dict[str, str] | None = None,
        json: object | None = None,
        data: dict[str, str] | None = None,
    ) -> HttpResponse:
        """One polite request under the same limits as `get`, whatever the status: API adapters read
        the error bodies (an expired token, a throttle message) before deciding what failed. A wait
        the server asks for (Retry-After, an exhausted X-Ratelimit quota) holds back its host."""
        if self._cancelled.is_set():
            raise FetchCancelled()
        if not well_formed(url):
            raise FetchError("invalid", said("fetch.not_a_url", url=url))
        self.politeness.before_request(url)
        self._take_slot()
        try:
            response = self._send(method, url, headers, json, data)
        finally:
            self._slots.release()
        asked = response.headers.get("retry-after") if response.status in (429, 503) else None
        wait = parse_retry_after(asked) if asked else ratelimit_pause(response.headers)
        if wait is not None:
            self.politeness.pause(url, wait)
        return response

    def _send(
        self,
        method: str,
        url: str,
        headers: dict[str, str] | None,
        json: object | None,
        data: dict[str, str] | None,
    ) -> HttpResponse:
        refusal = self.addresses.url_refusal(url)
        if refusal is not None:
            raise AddressRefused(refusal)
        deadline = time.monotonic() + self.limits.total_timeout
        try:
            with self._client.stream(method, url, headers=headers or {}, json=json, data=data) as response:
                declared = response.headers.get("content-length", "")
                if declared.isascii() and declared.isdigit() and int(declared) > self.limits.max_bytes:
                    raise FetchError(
                        "too_large", said("fetch.declared_too_large", size=int(declared), cap=self._cap())
                    )
                body = self._read_body(response, deadline)
                return HttpResponse(response.status_code, response.headers, body, str(response.url))
        except FetchError:
            raise
        except httpx.InvalidURL as exc:
            raise FetchError("invalid", said("fetch.not_a_url", url=str(exc))) from None
        except httpx.TooManyRedirects:
            raise FetchError(
                "redirects", said("fetch.too_many_redirects", count=self.limits.max_redirects)
            ) from None
        except httpx.TimeoutException as exc:
            raise FetchError("timeout", said("fetch.no_answer", what=type(exc).__name__)) from None
        except (httpx.HTTPError, ValueError, OSError) as exc:
            raise FetchError("network", network_problem(exc)) from None

    def _read_body(self, response: httpx.Response, deadline: float) -> bytes:
        """The body as sent, its Content-Encoding undone under the cap: a compressed body that
        inflates past it stops there, the inflated rest never built."""
        inflater = Inflater(response.headers.get_list("content-encoding", split_commas=True))
        chunks: list[bytes] = []
        size = 0
        for raw in response.iter_raw():
            if self._cancelled.is_set():
                raise FetchCancelled()
            for piece in inflater.feed(raw):
                size += len(piece)
                if size > self.limits.max_bytes:
                    raise FetchError("too_large", said("fetch.body_too_large", cap=self._cap()))
                chunks.append(piece)
            if time.monotonic() > deadline:
                raise FetchError(
                    "timeout", said("fetch.still_arriving", seconds=f"{self.limits.total_timeout:g}")
                )
        return b"".join(chunks)

    def _cap(self) -> str:
        return f"{self.limits.max_bytes / 1024 / 1024:g} MB"

    def _read_file(self, url: str) -> HttpResponse:
        parts = urlsplit(url)
        path = Path(unquote(parts.path))
        try:
            size = path.stat().st_size
            if size > self.limits.max_bytes:
                raise FetchError("too_large", said("fetch.file_too_large", size=size, cap=self._cap()))
            body = path.read_bytes()
        except FileNotFoundError:
            raise FetchError("http", said("fetch.no_such_file", path=path)) from None
        except OSError as exc:
            raise FetchError(
                "network", said("fetch.unreadable_file", path=path, reason=exc.strerror)
            ) from None
        return HttpResponse(200, httpx.Headers(), body, url)


def network_problem(error: BaseException) -> Said | str:
    """What a failed connection or exchange means, in each language when it is a common case (a
    name that resolves to nothing, a closed port, an unreachable network, a refused certificate);
    otherwise the system's own words."""
    chain: list[BaseException] = []
    cause: BaseException | None = error
    while cause is not None and cause not in chain:
        chain.append(cause)
        cause = cause.__cause__ or cause.__context__
    for cause in chain:
        if isinstance(cause, Unresolvable):
            return said("fetch.unresolvable", host=cause.host, reason=cause.reason)
        if isinstance(cause, Unconnectable) and cause.code == errno.ECONNREFUSED:
            return said("fetch.connection_refused", address=cause.address)
        if isinstance(cause, Unconnectable) and cause.code in (errno.EHOSTUNREACH, errno.ENETUNREACH):
            return said("fetch.host_unreachable", address=cause.address, reason=cause.reason)
        if isinstance(cause, ssl.SSLCertVerificationError):
            return said("fetch.certificate", reason=cause.verify_message or cause.reason or str(cause))
    return f"{type(error).__name__}: {error}"


class Decompressor(Protocol):
    """What `zlib.decompressobj` returns."""

    @property
    def unconsumed_tail(self) -> bytes: ...
    @property
    def unused_data(self) -> bytes: ...
    @property
    def eof(self) -> bool: ...
    def decompress(self, data: bytes, /, max_length: int = 0) -> bytes: ...


class Inflater:
    """Undoes a body's Content-Encoding (gzip, deflate, or several stacked) as it arrives, in pieces
    of at most `STEP` bytes: the reader stops taking pieces at the cap, so whatever a bomb would
    inflate to, no more than the cap and one piece is ever held. Encodings we never ask for pass
    through as sent."""

    STEP = 256 * 1024

    def __init__(self, encodings: list[str]) -> None:
        self._stages = [_Stage(e.strip().lower()) for e in reversed(encodings) if e.strip()]

    def feed(self, data: bytes) -> Iterator[bytes]:
        return self._through(0, data)

    def _through(self, index: int, data: bytes) -> Iterator[bytes]:
        if index == len(self._stages):
            if data:
                yield data
            return
        for piece in self._stages[index].pieces(data, self.STEP):
            yield from self._through(index + 1, piece)


class _Stage:
    """One encoding's inflater."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        self._inflater = self._new()
        self._started = False

    def _new(self, raw: bool = False) -> Decompressor | None:
        if self.encoding in ("gzip", "x-gzip"):
            return zlib.decompressobj(16 + zlib.MAX_WBITS)
        if self.encoding == "deflate":
            return zlib.decompressobj(-zlib.MAX_WBITS if raw else zlib.MAX_WBITS)
        return None

    def pieces(self, data: bytes, step: int) -> Iterator[bytes]:
        inflater = self._inflater
        if inflater is None:
            yield data
            return
        while data:
            if inflater.eof:
                # A gzip body may be several members one after the other; past the end of the
                # stream anything else is ignored, as browsers do.
                if self.encoding == "deflate" or not data.startswith(b"\x1f\x8b"):
                    return
                inflater = self._inflater = self._new()
                assert inflater is not None
            first, self._started = not self._started, True
            try:
                out = inflater.decompress(data, step)
            except zlib.error as exc:
                if not (first and self.encoding == "deflate"):
                    raise FetchError(
                        "invalid", said("api.undecodable", encoding=self.encoding, error=exc)
                    ) from None
                inflater = self._inflater = self._new(raw=True)  # "deflate" sent without its zlib header
                assert inflater is not None
                continue
            if out:
                yield out
            data = inflater.unconsumed_tail or (inflater.unused_data if inflater.eof else b"")


def raise_for_status(response: HttpResponse) -> HttpResponse:
    """The response when it is a success (or 304); otherwise the FetchError that says why not."""
    status, headers = response.status, response.headers
    if status in (429, 503) and "retry-after" in headers:
        raise FetchError(
            "rate_limited",
            said("fetch.asked_to_wait", status=status),
            retry_after=parse_retry_after(headers.get("retry-after")),
        )
    if status == 429:
        raise FetchError(
            "rate_limited", said("fetch.too_many_requests"), retry_after=ratelimit_pause(headers)
        )
    if status in (401, 403):
        raise FetchError("auth", said("fetch.status_refused", status=status))
    if status >= 400:
        raise FetchError("http", said("fetch.status", status=status))
    return response
