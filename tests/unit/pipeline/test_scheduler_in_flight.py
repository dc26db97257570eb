"""A running Veille sends at most `[veille] fetches_in_flight` requests at once, and each host's
requests follow the budget its `[[hosts]]` table gives it."""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.conftest import write_config
from tests.fakes.feeds import FeedEntry, FeedServer, Request, Route, rss
from veille.config import Secrets
from veille.store import Store

CONSOLE = Secrets(None, None, None, None)


class Gate:
    """Holds every request it answers until opened, counting how many it holds at once."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self.arrived = 0
        self.held = 0
        self.most_held = 0
        self.opened = False

    def answer(self, body: str) -> Callable[[Request], Route]:
        def respond(_request: Request) -> Route:
            with self._changed:
                self.arrived += 1
                self.held += 1
                self.most_held = max(self.most_held, self.held)
                self._changed.notify_all()
                self._changed.wait_for(lambda: self.opened, timeout=30)
                self.held -= 1
            return Route(body.encode())

        return respond

    def wait_for_arrivals(self, count: int, timeout: float) -> bool:
        with self._changed:
            return self._changed.wait_for(lambda: self.arrived >= count, timeout)

    def open(self) -> None:
        with self._changed:
            self.opened = True
            self._changed.notify_all()


def wait_until(condition: Callable[[], Any], what: str, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)


def feed(number: int) -> str:
    return rss([FeedEntry(f"Viadeo {number}", "Viadeo recrute.", f"https://ex.fr/{number}", str(number))])


def sources(feeds: FeedServer, count: int) -> list[dict[str, Any]]:
    return [{"name": f"blog-{n}", "type": "rss", "url": feeds.url(f"/f{n}.xml")} for n in range(count)]


def polled(store: Store, count: int) -> Callable[[], bool]:
    def check() -> bool:
        states = store.all_source_states()
        return len(states) == count and all(s.last_success_at or s.next_attempt_at for s in states)

    return check


def test_no_more_fetches_than_configured_are_in_flight(tmp_path: Path, feeds, sqlite_url, start_veille):
    gate = Gate()
    for n in range(10):
        feeds.respond(f"/f{n}.xml", gate.answer(feed(n)))
    loaded = write_config(
        tmp_path, database=sqlite_url, sources=sources(feeds, 10), extra="fetches_in_flight = 3"
    )
    start_veille(loaded, CONSOLE, out=io.StringIO())
    assert gate.wait_for_arrivals(3, timeout=20)
    assert not gate.wait_for_arrivals(4, timeout=0.5)  # the other seven wait for a free slot
    gate.open()
    store = Store(sqlite_url)
    wait_until(polled(store, 10), "every feed polled")
    assert gate.most_held == 3
    assert all(state.last_success_at is not None for state in store.all_source_states())
    store.close()


def test_a_host_given_a_small_budget_gets_no_more_requests_than_it_allows(
    tmp_path: Path, feeds, sqlite_url, start_veille
):
    for n in range(6):
        feeds.set(f"/f{n}.xml", feed(n))
    hosts = '\n[[hosts]]\nname = "127.0.0.1"\nrate = 0.01\nburst = 3\n'
    loaded = write_config(tmp_path, database=sqlite_url, sources=sources(feeds, 6), extra=hosts)
    start_veille(loaded, CONSOLE, out=io.StringIO())
    store = Store(sqlite_url)
    wait_until(polled(store, 6), "every feed polled or put off")
    states = store.all_source_states()
    assert len(feeds.requests) == 3  # a burst of three, then one request every 100 s
    assert sum(1 for s in states if s.last_success_at is not None) == 3
    put_off = [s for s in states if s.last_success_at is None]
    assert len(put_off) == 3 and all(s.consecutive_failures == 0 for s in put_off)
    store.close()
