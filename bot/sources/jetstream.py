"""Bluesky's Jetstream: every new post on the network, streamed over a websocket and matched here.

One subscription per source (`/subscribe?wantedCollections=app.bsky.feed.post`), no account. Each
event carries `time_us`, the instance's own clock in microseconds: the source hands its posts over
in small batches (every `BATCH_EVENTS` events or `BATCH_SECONDS`, whichever comes first) and the
newest `time_us` a batch held becomes its position. A reconnection or a restart asks for
`cursor` = that position less `REWIND_US`: instances order events only roughly, and two
instances' clocks differ, so the margin is read twice and deduplication (the post's `at://` URI as
its GUID) keeps one copy. An event stamped more than `AHEAD_US` past Veille's clock is read but
never becomes the position: resuming from it would skip everything sent until then. A connection
that fails or ends is tried again on the next endpoint, after an exponential delay with jitter.

Connections obey the address policy like every fetch: the host is resolved and each of its
addresses judged before connecting, and the websocket runs over a socket to a checked address.
Frames are capped (`MAX_FRAME`, after inflation); a frame that is not JSON, or an event of an
unexpected shape, is skipped.
"""

from __future__ import annotations

import json
import logging
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Annotated, Any, ClassVar, Literal
from urllib.parse import quote, urlencode, urlsplit

import httpcore
import httpx
from pydantic import BeforeValidator, Field
from websockets.exceptions import ConnectionClosed, InvalidHandshake
from websockets.sync.client import ClientConnection, connect

from veille.i18n import Lang, Said, said, t
from veille.model import Item, SourceState
from veille.sources.addresses import AddressPolicy
from veille.sources.api import as_dict, as_list, post_title, text_of
from veille.sources.base import FetchCancelled, FetchError, FetchResult
from veille.sources.guard import GuardedBackend, Resolver, system_resolver
from veille.sources.http import USER_AGENT, HttpFetcher, network_problem
from veille.sources.kind import Loaded, SourceKind
from veille.sources.settings import SourceBase, well_formed
from veille.sources.stream import Backoff, StreamHealth, StreamSink
from veille.text.clean import clean_text

log = logging.getLogger(__name__)

POSTS = "app.bsky.feed.post"
PUBLIC_ENDPOINTS = (
    "wss://jetstream1.us-east.bsky.network",
    "wss://jetstream2.us-east.bsky.network",
    "wss://jetstream1.us-west.bsky.network",
    "wss://jetstream2.us-west.bsky.network",
)
WEB = "https://bsky.app"
MAX_FRAME = 1 << 20  # bytes, once inflated; a post event is a few KB
MAX_TEXT = 20_000
REWIND_US = 5_000_000
AHEAD_US = 3600 * 1_000_000
BATCH_EVENTS = 500
BATCH_SECONDS = 1.0
READ_SLICE = 0.2  # a read waits this long at most before looking at the stop flag
OPEN_TIMEOUT = 10.0
SILENT_AFTER = 60.0  # the public stream never pauses this long: a silent connection is dead
RECENT_GUIDS = 20_000  # posts remembered to drop the ones a rewind reads again
CHECK_SECONDS = 3.0  # how long `veille sources check` listens
_DID = re.compile(r"^did:[a-z]{1,32}:[A-Za-z0-9._:%-]{1,2000}$")
_RKEY = re.compile(r"^[A-Za-z0-9._:~-]{1,512}$")
_ENDPOINT = re.compile(r"^wss?://[^\s/?#]+(/[^\s?#]*)?$", re.IGNORECASE)
QUOTES = frozenset({"app.bsky.embed.record", "app.bsky.embed.recordWithMedia"})


def _endpoint(value: object) -> str:
    text = str(value).strip().rstrip("/")
    if "://" not in text:
        text = f"wss://{text}"
    text = text.removesuffix("/subscribe")
    if not _ENDPOINT.match(text) or not well_formed(text):
        raise said("config.jetstream_url", value=repr(value))
    return text


Endpoint = Annotated[str, BeforeValidator(_endpoint)]


def subscribe_url(endpoint: str, position: int | None) -> str:
    """The subscription of one endpoint, from `position` less the rewind margin (None: live)."""
    query: list[tuple[str, str]] = [("wantedCollections", POSTS)]
    if position is not None:
        query.append(("cursor", str(max(0, position - REWIND_US))))
    return f"{endpoint}/subscribe?{urlencode(query)}"


def post_url(did: str, rkey: str) -> str:
    return f"{WEB}/profile/{quote(did, safe=':.')}/post/{quote(rkey, safe='')}"


def at_uri_url(uri: object) -> str | None:
    """The bsky.app page of an `at://DID/app.bsky.feed.post/RKEY` reference."""
    if not isinstance(uri, str) or not uri.startswith("at://"):
        return None
    parts = uri[5:].split("/")
    if len(parts) != 3 or parts[1] != POSTS or not _DID.match(parts[0]) or not _RKEY.match(parts[2]):
        return None
    return post_url(parts[0], parts[2])


def parse_event(frame: str | bytes) -> dict[str, Any] | None:
    """An event from one frame; None for a frame that is not a JSON object."""
    try:
        data = json.loads(frame)
    except (ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


def event_time(event: dict[str, Any]) -> int | None:
    value = event.get("time_us")
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**62:
        return value
    return None


def event_to_item(event: dict[str, Any], source: str) -> Item | None:
    """The item of a new post; None for any other event or one missing what a post needs."""
    if event.get("kind") != "commit":
        return None
    commit = as_dict(event.get("commit"))
    if commit.get("operation") != "create" or commit.get("collection") != POSTS:
        return None
    did, rkey = event.get("did"), commit.get("rkey")
    if not isinstance(did, str) or not _DID.match(did) or not isinstance(rkey, str) or not _RKEY.match(rkey):
        return None
    record = as_dict(commit.get("record"))
    text = clean_text(text_of(record.get("text"), MAX_TEXT)).strip()
    if not text:
        return None
    langs = [lang for lang in as_list(record.get("langs")) if isinstance(lang, str) and lang.strip()]
    embed = as_dict(record.get("embed"))
    if embed.get("$type") in QUOTES:
        quoted = as_dict(embed.get("record"))
        quoted_url = at_uri_url(as_dict(quoted.get("record")).get("uri") or quoted.get("uri"))
        if quoted_url:
            text = f"{text}\n\n{quoted_url}"
    title = post_title(text.split("\n\n")[0])
    if isinstance(record.get("reply"), dict):
        title = f"Re: {title}"
    return Item(
        source=source,
        source_type="bluesky_jetstream",
        title=title,
        text=text,
        url=post_url(did, rkey),
        guid=f"at://{did}/{POSTS}/{rkey}",
        author=did[:200],
        published_at=_created_at(record.get("createdAt")),
        language=langs[0].strip()[:20] if langs else None,
    )


def _created_at(value: object) -> datetime | None:
    if not isinstance(value, str) or len(value) > 64:
        return None
    try:
        when = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


class JetstreamSourceConfig(SourceBase):
    """Every new Bluesky post through Jetstream, matched here; no account needed."""

    type: Literal["bluesky_jetstream"]
    endpoints: tuple[Endpoint, ...] = Field(default=PUBLIC_ENDPOINTS, min_length=1)

    # For a stream, how long it may stay disconnected before that counts as a failed attempt.
    default_interval: ClassVar[float | None] = 60.0

    def default_key(self) -> str:
        return "bluesky_jetstream"

    def describe(self, lang: Lang) -> str:
        more = f" (+{len(self.endpoints) - 1})" if len(self.endpoints) > 1 else ""
        return t("reads.jetstream", lang, posts=POSTS, endpoint=self.endpoints[0], more=more)


class _Refused(Exception):
    """The sink refused a batch: reconnect from the last position it took."""


class _Silent(Exception):
    pass


class _Recent:
    """The GUIDs of the latest posts, to skip those a rewind reads again."""

    def __init__(self, size: int = RECENT_GUIDS) -> None:
        self.size = size
        self._seen: OrderedDict[str, None] = OrderedDict()

    def __contains__(self, guid: str) -> bool:
        return guid in self._seen

    def add(self, items: Sequence[Item]) -> None:
        """Remember the posts of a batch the sink took (only then: a refused batch is read again)."""
        for item in items:
            if item.guid is not None:
                self._seen[item.guid] = None
        while len(self._seen) > self.size:
            self._seen.popitem(last=False)


class _Progress:
    """The position of the last batch the sink took, kept across connections."""

    def __init__(self, position: int | None) -> None:
        self.position = position


class JetstreamSource:
    type = "bluesky_jetstream"

    def __init__(
        self,
        key: str,
        config: JetstreamSourceConfig,
        policy: AddressPolicy | None = None,
        *,
        resolve: Resolver = system_resolver,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.key = key
        self.config = config
        self.policy = policy or AddressPolicy()
        self.resolve = resolve
        self.clock = clock  # wall time in seconds, for the lag
        self.endpoints = list(config.endpoints)
        self._turn = 0  # the endpoint tried next

    @classmethod
    def build(cls, config: JetstreamSourceConfig, loaded: Loaded, fetcher: HttpFetcher) -> JetstreamSource:
        return cls(config.key, config, fetcher.addresses)

    # -- streaming ------------------------------------------------------------------------------

    def run(self, start: int | None, sink: StreamSink, stop: threading.Event) -> None:
        progress = _Progress(start)
        recent = _Recent()
        backoff = Backoff()
        down_since: datetime | None = datetime.now(UTC)
        error: FetchError | None = None
        while not stop.is_set():
            endpoint = self.endpoints[self._turn % len(self.endpoints)]
            host = urlsplit(endpoint).netloc
            try:
                with self._open(endpoint, progress.position, stop) as ws:
                    log.info("source %s: connected to %s", self.key, host)
                    down_since, error = None, None
                    self._read(ws, host, progress, recent, sink, stop, backoff)
            except FetchCancelled:
                break
            except _Refused as refused:
                error = FetchError("network", said("stream.batch_refused", error=refused)).at(host)
            except _Silent:
                error = FetchError("network", said("stream.silent", seconds=f"{SILENT_AFTER:.0f}")).at(host)
                self._turn += 1
            except (
                OSError,
                ConnectionClosed,
                InvalidHandshake,
                httpcore.ConnectError,
                httpcore.ConnectTimeout,
            ) as exc:
                error = FetchError("network", _reason(exc)).at(host)
                self._turn += 1
            except FetchError as exc:  # the address policy refused the host
                error = exc
                self._turn += 1
            except Exception as exc:  # a surprise from the library: the stream goes on all the same
                log.exception("source %s: unexpected error on %s", self.key, host)
                error = FetchError("network", _reason(exc)).at(host)
                self._turn += 1
            if stop.is_set():
                break
            down_since = down_since or datetime.now(UTC)
            delay = backoff.next_delay()
            log.warning("source %s: %s; trying again in %.1f s", self.key, error and error.message, delay)
            self._wait(delay, progress.position, host, error, down_since, sink, stop)

    def _open(self, endpoint: str, position: int | None, stop: threading.Event) -> ClientConnection:
        url = subscribe_url(endpoint, position)
        parts = urlsplit(url)
        secure = parts.scheme == "wss"
        host = parts.hostname or ""
        stream = GuardedBackend(self.policy, stop, self.resolve).connect_tcp(
            host, parts.port or (443 if secure else 80), timeout=OPEN_TIMEOUT
        )
        sock = stream.get_extra_info("socket")
        sock.setblocking(True)
        try:
            opened = connect(
                url,
                sock=sock,
                ssl=httpx.create_ssl_context() if secure else None,
                server_hostname=host if secure else None,
                user_agent_header=USER_AGENT,
                proxy=None,
                open_timeout=OPEN_TIMEOUT,
                close_timeout=1.0,
                max_size=MAX_FRAME,
            )
        except BaseException:
            sock.close()
            raise
        if not isinstance(opened, ClientConnection):  # connect() with these arguments never retries
            raise TypeError(f"unexpected websocket connection {type(opened).__name__}")
        return opened

    def _read(
        self,
        ws: ClientConnection,
        host: str,
        progress: _Progress,
        recent: _Recent,
        sink: StreamSink,
        stop: threading.Event,
        backoff: Backoff,
    ) -> None:
        """Read until stopped or the connection ends (raises), handing batches over."""
        batch: list[Item] = []
        in_batch: set[str] = set()
        newest = progress.position
        events = 0
        started = last_event = time.monotonic()
        while True:
            due = events >= BATCH_EVENTS or time.monotonic() - started >= BATCH_SECONDS
            if due or stop.is_set():
                self._hand(sink, batch, self._health(newest, host, events, started))
                recent.add(batch)
                progress.position = newest
                if events:
                    backoff.reset()
                batch, events, started = [], 0, time.monotonic()
                in_batch.clear()
                if stop.is_set():
                    return
            try:
                frame: str | bytes | None = ws.recv(timeout=READ_SLICE)
            except TimeoutError:
                frame = None
            except ConnectionClosed:
                # What came before the end is whole: hand it over, so the next connection
                # starts past it.
                self._hand(sink, batch, self._health(newest, host, events, started))
                recent.add(batch)
                progress.position = newest
                raise
            now = time.monotonic()
            if frame is not None:
                last_event = now
                event = parse_event(frame)
                moment = None if event is None else event_time(event)
                if event is not None and moment is not None:
                    events += 1
                    if moment <= self.clock() * 1e6 + AHEAD_US:
                        newest = moment if newest is None else max(newest, moment)
                    item = event_to_item(event, self.key)
                    guid = None if item is None else item.guid
                    if item is not None and guid is not None and guid not in recent and guid not in in_batch:
                        in_batch.add(guid)
                        batch.append(item)
            elif now - last_event > SILENT_AFTER:
                raise _Silent()

    def _health(self, newest: int | None, host: str, events: int, started: float) -> StreamHealth:
        elapsed = max(time.monotonic() - started, 1e-3)
        lag = None if newest is None else max(0.0, self.clock() - newest / 1e6)
        return StreamHealth(newest, True, host, events / elapsed, lag)

    def _wait(
        self,
        delay: float,
        position: int | None,
        host: str,
        error: FetchError | None,
        down_since: datetime,
        sink: StreamSink,
        stop: threading.Event,
    ) -> None:
        """Wait before the next attempt, telling the sink where the stream stands every second."""
        until = time.monotonic() + delay
        next_try = datetime.fromtimestamp(time.time() + delay, UTC)
        while not stop.is_set():
            health = StreamHealth(position, False, host, 0.0, None, error, down_since, next_try)
            self._hand(sink, [], health, quiet=True)
            left = until - time.monotonic()
            if left <= 0 or stop.wait(min(left, 1.0)):
                return

    def _hand(
        self, sink: StreamSink, items: Sequence[Item], health: StreamHealth, quiet: bool = False
    ) -> None:
        try:
            sink.deliver(items, health)
        except Exception as exc:
            if quiet or not items:
                return  # only the health: nothing to read again
            raise _Refused(f"{type(exc).__name__}: {exc}") from exc

    # -- a one-off try (`veille sources check`) ------------------------------------------------

    def fetch(self, state: SourceState | None) -> FetchResult:
        """Listen for a few seconds and return the posts read; fails when no endpoint answers."""
        listener = _Listener(len(self.endpoints))
        self.run(None, listener, listener.stop)
        if listener.connected:
            return FetchResult(items=listener.items)
        raise listener.error or FetchError("network", said("stream.no_endpoint"))


class _Listener:
    """A sink that keeps what a few seconds of stream bring, or gives up after every endpoint failed."""

    def __init__(self, endpoints: int) -> None:
        self.items: list[Item] = []
        self.stop = threading.Event()
        self.connected = False
        self.error: FetchError | None = None
        self._tries = endpoints
        self._errors: set[str] = set()
        self._since = time.monotonic()

    def deliver(self, items: Sequence[Item], health: StreamHealth) -> None:
        self.items.extend(items)
        if health.connected:
            self.connected = True
            if time.monotonic() - self._since >= CHECK_SECONDS:
                self.stop.set()
        elif health.error:
            self.error = health.error
            self._errors.add(health.error.message)
            if len(self._errors) >= self._tries or time.monotonic() - self._since >= 4 * CHECK_SECONDS:
                self.stop.set()


def _reason(exc: BaseException) -> Said | str:
    if isinstance(exc, ConnectionClosed):
        received = exc.rcvd
        sent = exc.sent
        if sent is not None and sent.code == 1009:
            return said("stream.frame_too_large", size=MAX_FRAME // 1024)
        if received is not None:
            if received.reason:
                return said("stream.closed_because", code=received.code, reason=received.reason)
            return said("stream.closed", code=received.code)
        return said("stream.lost")
    if isinstance(exc, TimeoutError):
        return said("stream.no_answer")
    return network_problem(exc)


BLUESKY_JETSTREAM = SourceKind(JetstreamSourceConfig, JetstreamSource.build)
