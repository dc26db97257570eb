"""HTTP for every source: timeouts, a body-size cap, a redirect limit and an honest User-Agent.

One shared httpx client (thread-safe, pooled) fetches for all sources. `file:` URLs are read
from disk under the same size cap so local samples behave like feeds.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

import httpx

from veille import __version__
from veille.sources.base import FetchError
from veille.sources.polite import MAX_SERVER_WAIT, Politeness, ratelimit_pause

USER_AGENT = f"Veille/{__version__} (self-hosted brand monitoring; +https://pypi.org/project/veille/)"


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
    if value.isdigit():
        return min(float(value), MAX_SERVER_WAIT)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return min(max(0.0, (when - (now or datetime.now(UTC))).total_seconds()), MAX_SERVER_WAIT)


class HttpFetcher:
    def __init__(
        self,
        limits: HttpLimits | None = None,
        user_agent: str = USER_AGENT,
        politeness: Politeness | None = None,
    ) -> None:
        self.limits = limits or HttpLimits()
        self.politeness = politeness or Politeness()
        self._client = httpx.Client(
            follow_redirects=True,
            max_redirects=self.limits.max_redirects,
            timeout=httpx.Timeout(
                connect=self.limits.connect_timeout,
                read=self.limits.read_timeout,
                write=self.limits.read_timeout,
                pool=self.limits.connect_timeout,
            ),
            headers={"User-Agent": user_agent, "Accept-Encoding": "gzip, deflate"},
        )

    def close(self) -> None:
        self._client.close()

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
        self.politeness.before_request(url)
        response = self._send(method, url, headers, json, data)
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
        deadline = time.monotonic() + self.limits.total_timeout
        try:
            with self._client.stream(method, url, headers=headers or {}, json=json, data=data) as response:
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > self.limits.max_bytes:
                    raise FetchError(
                        "too_large", f"body of {int(declared):,} bytes is over the {self._cap()} cap"
                    )
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > self.limits.max_bytes:
                        raise FetchError("too_large", f"body is over the {self._cap()} cap")
                    if time.monotonic() > deadline:
                        raise FetchError(
                            "timeout", f"body still arriving after {self.limits.total_timeout:g} s"
                        )
                    chunks.append(chunk)
                body = b"".join(chunks)
                return HttpResponse(response.status_code, response.headers, body, str(response.url))
        except FetchError:
            raise
        except httpx.TooManyRedirects:
            raise FetchError("redirects", f"more than {self.limits.max_redirects} redirects") from None
        except httpx.TimeoutException as exc:
            raise FetchError("timeout", f"no answer in time ({type(exc).__name__})") from None
        except httpx.DecodingError as exc:
            raise FetchError("invalid", f"undecodable body: {exc}") from None
        except httpx.HTTPError as exc:
            raise FetchError("network", f"{type(exc).__name__}: {exc}") from None
        except (ValueError, OSError) as exc:
            raise FetchError("network", f"{type(exc).__name__}: {exc}") from None

    def _cap(self) -> str:
        return f"{self.limits.max_bytes / 1024 / 1024:g} MB"

    def _read_file(self, url: str) -> HttpResponse:
        parts = urlsplit(url)
        path = Path(unquote(parts.path))
        try:
            size = path.stat().st_size
            if size > self.limits.max_bytes:
                raise FetchError("too_large", f"file of {size:,} bytes is over the {self._cap()} cap")
            body = path.read_bytes()
        except FileNotFoundError:
            raise FetchError("http", f"no such file: {path}") from None
        except OSError as exc:
            raise FetchError("network", f"cannot read {path}: {exc.strerror}") from None
        return HttpResponse(200, httpx.Headers(), body, url)


def raise_for_status(response: HttpResponse) -> HttpResponse:
    """The response when it is a success (or 304); otherwise the FetchError that says why not."""
    status, headers = response.status, response.headers
    if status in (429, 503) and "retry-after" in headers:
        raise FetchError(
            "rate_limited",
            f"HTTP {status}, asked to wait",
            retry_after=parse_retry_after(headers.get("retry-after")),
        )
    if status == 429:
        raise FetchError("rate_limited", "HTTP 429 Too Many Requests", retry_after=ratelimit_pause(headers))
    if status in (401, 403):
        raise FetchError("auth", f"HTTP {status}: access refused (check the source's credentials)")
    if status >= 400:
        raise FetchError("http", f"HTTP {status}")
    return response
