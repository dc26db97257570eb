"""The database goes away and comes back: a backup holding the SQLite file, PostgreSQL cut off
behind a proxy. The watch the bot shares says so once, finds when it is back, and tells such an
outage apart from a bug."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import event, text
from sqlalchemy.engine import make_url

from tests.fakes.tcp_proxy import DatabaseOutage
from veille.store import Store
from veille.store.availability import DatabaseWatch

WATCH = "veille.store.availability"


@pytest.fixture
def outage(database_url: str) -> Iterator[DatabaseOutage]:
    down = DatabaseOutage(database_url)
    yield down
    down.close()


@pytest.fixture
def store(outage: DatabaseOutage) -> Iterator[Store]:
    store = Store(outage.url)
    store.create_schema()
    yield store
    store.close()


def watch_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.name == WATCH]


def write_fails(store: Store, channel_id: str) -> BaseException:
    with pytest.raises(Exception) as raised:
        store.remember_channel("#veille", channel_id)
    return raised.value


def test_an_outage_is_logged_once_and_its_end_once_and_writes_go_through_again(outage, store, caplog):
    caplog.set_level(logging.INFO, logger=WATCH)
    watch = DatabaseWatch(store.engine, probe_every=0.2)
    assert not watch.is_down and watch.probe()

    outage.begin()
    for attempt in range(3):
        assert watch.failed(write_fails(store, f"C0ATTEMPT{attempt}"))
    assert watch.is_down
    time.sleep(0.25)
    assert not watch.probe()
    assert not watch.wait_until_up(0.5)

    outage.end()
    assert watch.wait_until_up(10)
    assert not watch.is_down
    store.remember_channel("#veille", "C0BACK001")
    assert store.channel_id("#veille") == "C0BACK001"

    unreachable, back = watch_lines(caplog)
    reason = "database is locked" if outage.backend == "sqlite" else "connection"
    assert unreachable.startswith("database unreachable: ") and reason in unreachable
    assert back.startswith("database back after ")


def test_a_bug_is_not_an_outage(store, caplog):
    caplog.set_level(logging.INFO, logger=WATCH)
    watch = DatabaseWatch(store.engine)
    with pytest.raises(Exception) as raised, store.engine.connect() as conn:
        conn.execute(text("SELECT * FROM no_such_table"))
    assert not watch.failed(raised.value)
    assert not watch.is_down
    assert watch_lines(caplog) == []


def test_while_down_the_database_is_asked_at_most_every_few_seconds(outage, store):
    moment = [1000.0]
    watch = DatabaseWatch(store.engine, probe_every=5.0, clock=lambda: moment[0])
    asked: list[object] = []
    event.listen(store.engine, "checkout", lambda *_: asked.append(1))
    outage.begin()
    assert watch.failed(write_fails(store, "C0DOWN001"))

    asked.clear()
    assert not any(watch.probe() for _ in range(50))
    assert asked == []  # within 5 s of the failure: nothing asked
    moment[0] += 5.0
    assert not any(watch.probe() for _ in range(50))
    assert len(asked) <= 1  # one connection checked out at most (PostgreSQL refuses it before)

    outage.end()
    assert not watch.probe()  # back, but not asked again before 5 s
    moment[0] += 5.0
    assert watch.probe()


def test_everyone_waiting_for_the_database_goes_on_when_it_is_back(outage, store, caplog):
    caplog.set_level(logging.INFO, logger=WATCH)
    watch = DatabaseWatch(store.engine, probe_every=0.1)
    outage.begin()
    assert watch.failed(write_fails(store, "C0DOWN001"))
    answers: list[bool] = []
    waiters = [threading.Thread(target=lambda: answers.append(watch.wait_until_up(20))) for _ in range(5)]
    for waiter in waiters:
        waiter.start()
    time.sleep(0.3)
    assert answers == []
    outage.end()
    for waiter in waiters:
        waiter.join(25)
    assert answers == [True] * 5
    assert sum("back after" in line for line in watch_lines(caplog)) == 1


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_the_log_names_the_database_but_never_its_password(outage, caplog):
    caplog.set_level(logging.INFO, logger=WATCH)
    url = make_url(outage.url).set(password="s3cret-pw").render_as_string(hide_password=False)
    store = Store(url)
    try:
        store.create_schema()
        watch = DatabaseWatch(store.engine)
        outage.begin()
        assert watch.failed(write_fails(store, "C0DOWN001"))
    finally:
        store.close()
    (line,) = watch_lines(caplog)
    assert "s3cret-pw" not in line and f":***@127.0.0.1:{outage.proxy.port}/" in line


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_an_unreachable_server_fails_within_seconds_instead_of_hanging(outage, store):
    """The host stops answering (packets dropped): connecting gives up after a few seconds."""
    watch = DatabaseWatch(store.engine)
    outage.begin(blackhole=True)
    failures: list[BaseException] = []

    def write() -> None:
        try:
            store.remember_channel("#veille", "C0DOWN001")
        except Exception as error:
            failures.append(error)

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    writer.join(15)
    assert not writer.is_alive(), "the write still waits for the unreachable server after 15 s"
    assert len(failures) == 1 and watch.failed(failures[0])
