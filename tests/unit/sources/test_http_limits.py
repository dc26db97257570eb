"""A hostile server costs Veille no more than the size cap, and a stopping Veille is never held by
a server that keeps it waiting."""

from __future__ import annotations

import gzip
import socket
import threading
import time
import tracemalloc
import zlib
from collections.abc import Iterator

import pytest

from tests.fakes.feeds import FeedEntry, FeedServer, SilentServer, rss
from tests.fakes.net import local_fetcher
from veille.sources.base import FetchCancelled, FetchError
from veille.sources.feed import FeedSource
from veille.sources.http import HttpFetcher, HttpLimits

CAP = 1024 * 1024


@pytest.fixture(scope="module")
def gzip_bomb() -> bytes:
    """1 GB of zeros as gzip (16 members of 64 MB, one after the other): about 1 MB on the wire."""
    member = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = bytes(1024 * 1024)
    one = b"".join(member.compress(zeros) for _ in range(64)) + member.flush()
    return one * 16


def refused_with_peak(fetcher: HttpFetcher, url: str) -> tuple[FetchError, int]:
    """The error fetching `url` raises, and the most memory the fetch held at once."""
    tracemalloc.start()
    try:
        with pytest.raises(FetchError) as refused:
            fetcher.get(url)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return refused.value, peak


def test_a_gzip_bomb_stops_at_the_cap_without_being_inflated(feeds: FeedServer, gzip_bomb: bytes) -> None:
    feeds.set("/bomb.xml", gzip_bomb, headers={"Content-Encoding": "gzip"})
    error, peak = refused_with_peak(local_fetcher(HttpLimits(max_bytes=CAP)), feeds.url("/bomb.xml"))
    assert error.kind == "too_large" and "1 MB cap" in error.message
    assert peak < 2 * CAP


def test_a_deflate_stream_that_inflates_past_the_cap_stops_there(feeds: FeedServer) -> None:
    stream = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS)
    body = b"".join(stream.compress(bytes(1024 * 1024)) for _ in range(64)) + stream.flush()
    feeds.set("/bomb.xml", body, headers={"Content-Encoding": "deflate"})
    error, peak = refused_with_peak(local_fetcher(HttpLimits(max_bytes=CAP)), feeds.url("/bomb.xml"))
    assert error.kind == "too_large"
    assert peak < 2 * CAP


def deflate(data: bytes, wbits: int) -> bytes:
    stream = zlib.compressobj(6, zlib.DEFLATED, wbits)
    return stream.compress(data) + stream.flush()


FEED = rss(
    [FeedEntry(f"Viadeo, billet {n}", "Viadeo. " * 50, f"https://ex.fr/{n}", str(n)) for n in range(200)]
)


@pytest.mark.parametrize(
    ("encoding", "body"),
    [
        ("gzip", gzip.compress(FEED.encode())),
        ("x-gzip", gzip.compress(FEED.encode())),
        ("gzip", gzip.compress(FEED.encode()[:5000]) + gzip.compress(FEED.encode()[5000:])),
        ("deflate", deflate(FEED.encode(), zlib.MAX_WBITS)),
        ("deflate", deflate(FEED.encode(), -zlib.MAX_WBITS)),
        ("gzip, gzip", gzip.compress(gzip.compress(FEED.encode()))),
        ("identity", FEED.encode()),
    ],
)
def test_compressed_feeds_still_read_whole(feeds: FeedServer, encoding: str, body: bytes) -> None:
    feeds.set("/f.xml", body, headers={"Content-Encoding": encoding})
    items = FeedSource("blog", feeds.url("/f.xml"), local_fetcher()).fetch(None).items
    assert len(items) == 200 and items[-1].title == "Viadeo, billet 199"


def test_a_body_that_is_not_what_its_encoding_says_is_invalid(feeds: FeedServer) -> None:
    feeds.set("/f.xml", FEED, headers={"Content-Encoding": "gzip"})
    with pytest.raises(FetchError) as refused:
        local_fetcher().get(feeds.url("/f.xml"))
    assert refused.value.kind == "invalid" and "gzip" in refused.value.message


def cancel_during(fetcher: HttpFetcher, url: str, after: float = 0.3) -> tuple[FetchError, float]:
    """Fetch `url`, cancel the fetcher `after` seconds in; the error and how long it took to come."""
    cancelled_at: list[float] = []

    def cancel() -> None:
        cancelled_at.append(time.monotonic())
        fetcher.cancel()

    timer = threading.Timer(after, cancel)
    timer.start()
    try:
        with pytest.raises(FetchError) as stopped:
            fetcher.get(url)
    finally:
        timer.cancel()
    assert cancelled_at, "the fetch ended before it was cancelled"
    return stopped.value, time.monotonic() - cancelled_at[0]


@pytest.fixture
def held(feeds: FeedServer) -> Iterator[threading.Event]:
    answer = threading.Event()
    yield answer
    answer.set()


def test_cancel_stops_a_request_whose_server_holds_the_answer(
    feeds: FeedServer, held: threading.Event
) -> None:
    feeds.set("/slow.xml", FEED, hold=held)
    fetcher = local_fetcher()
    error, waited = cancel_during(fetcher, feeds.url("/slow.xml"))
    assert isinstance(error, FetchCancelled) and error.kind == "cancelled"
    assert waited < 0.5


def test_cancel_stops_a_body_that_trickles_in(feeds: FeedServer) -> None:
    feeds.set("/trickle.xml", b"<rss>" + b" " * 100, endless=0.05)
    error, waited = cancel_during(local_fetcher(), feeds.url("/trickle.xml"))
    assert isinstance(error, FetchCancelled)
    assert waited < 0.5


def test_cancel_stops_a_connection_that_is_never_accepted() -> None:
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port = listener.getsockname()[1]
    queue = []  # the accept queue full: the next handshake waits
    for _ in range(3):
        waiting = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        waiting.setblocking(False)
        waiting.connect_ex(("127.0.0.1", port))
        queue.append(waiting)
    try:
        error, waited = cancel_during(local_fetcher(), f"http://127.0.0.1:{port}/feed.xml")
    finally:
        for sock in [*queue, listener]:
            sock.close()
    assert isinstance(error, FetchCancelled)
    assert waited < 0.5


def test_cancel_stops_a_tls_handshake_the_server_never_answers() -> None:
    silent = SilentServer()
    try:
        url = silent.url("/feed.xml").replace("http://", "https://")
        error, waited = cancel_during(local_fetcher(), url)
    finally:
        silent.close()
    assert isinstance(error, FetchCancelled)
    assert waited < 0.5


def test_after_cancel_no_request_is_sent(feeds: FeedServer) -> None:
    feeds.set("/f.xml", FEED)
    fetcher = local_fetcher()
    fetcher.cancel()
    started = time.monotonic()
    with pytest.raises(FetchCancelled):
        fetcher.get(feeds.url("/f.xml"))
    assert time.monotonic() - started < 0.5
    assert feeds.requests == []


def test_a_url_with_a_broken_address_is_a_recorded_failure_not_a_crash():
    with pytest.raises(FetchError) as caught:
        HttpFetcher().get("http://[::1/feed")
    assert caught.value.kind == "invalid"
