"""Replicas on one database take turns on each source: one lease at a time, and a dead replica's
lease runs out so another polls its sources. Two Store objects are two replicas."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from tests.fakes.feeds import FeedEntry, FeedServer, rss
from tests.fakes.net import local_fetcher
from tests.fakes.tone import FixedTone
from tests.rigs.stores import two_replicas
from veille.config import parse_config
from veille.pipeline.poller import Poller, ScheduledSource
from veille.pipeline.steps import Pipeline
from veille.sources.feed import FeedSource
from veille.store import Store
from veille.store.leader import Leadership, presence_key, replicas_alive

CONFIG = parse_config({"veille": {"default_channel": "#veille"}, "brands": [{"name": "Viadeo"}]}, "t.toml")
NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
MINUTE = timedelta(minutes=1)


@pytest.fixture
def replicas(database_url: str) -> Iterator[tuple[Store, Store]]:
    yield from two_replicas(database_url)


def test_two_replicas_asking_for_one_source_get_one_lease(replicas):
    first, second = replicas
    assert first.replica != second.replica
    assert first.take_lease("blog", first.replica, NOW, NOW + MINUTE)
    assert not second.take_lease("blog", second.replica, NOW, NOW + MINUTE)
    # Not twice in one interval, not even by its holder; its next poll, a moment early, may.
    assert not first.take_lease("blog", first.replica, NOW + MINUTE / 2, NOW + MINUTE)
    soon = NOW + MINUTE - timedelta(seconds=5)
    assert first.take_lease("blog", first.replica, soon, soon + MINUTE, early=timedelta(seconds=10))
    assert second.lease_of("blog") == (first.replica, soon + MINUTE)


def test_a_lease_whose_holder_died_is_taken_over_once_it_runs_out(replicas):
    first, second = replicas
    assert first.take_lease("blog", first.replica, NOW, NOW + MINUTE)
    assert not second.take_lease(
        "blog", second.replica, NOW + MINUTE - timedelta(seconds=1), NOW + 2 * MINUTE
    )
    assert second.take_lease("blog", second.replica, NOW + MINUTE, NOW + 2 * MINUTE)
    assert not first.take_lease("blog", first.replica, NOW + MINUTE, NOW + 2 * MINUTE)
    assert first.lease_of("blog") == (second.replica, NOW + 2 * MINUTE)


def test_a_lease_given_back_is_free_at_once_and_renewing_keeps_only_ones_own(replicas):
    first, second = replicas
    first.take_lease("blog", first.replica, NOW, NOW + MINUTE)
    second.take_lease("forum", second.replica, NOW, NOW + MINUTE)
    assert first.renew_leases(["blog", "forum"], first.replica, NOW + 5 * MINUTE) == 1
    assert second.lease_of("blog") == (first.replica, NOW + 5 * MINUTE)
    assert second.lease_of("forum") == (second.replica, NOW + MINUTE)
    first.release_lease("blog", first.replica)
    assert second.take_lease("blog", second.replica, NOW, NOW + MINUTE)


def test_a_replica_above_its_share_lets_its_lease_run_out_and_waits_before_taking_one(replicas):
    first, second = replicas
    assert first.take_lease("blog", first.replica, NOW, NOW + MINUTE)
    soon = NOW + MINUTE - timedelta(seconds=5)
    # Not even its own lease a moment early: it runs out, for a replica below its share to take.
    assert not first.take_lease("blog", first.replica, soon, soon + MINUTE, early=None)
    wait = timedelta(seconds=30)
    assert not second.take_lease("blog", second.replica, NOW + MINUTE, NOW + 2 * MINUTE, wait=wait)
    assert not first.take_lease("blog", first.replica, NOW + MINUTE + wait / 2, NOW + 2 * MINUTE, None, wait)
    assert second.take_lease("blog", second.replica, NOW + MINUTE + wait, NOW + 2 * MINUTE, wait=wait)
    assert first.lease_of("blog") == (second.replica, NOW + 2 * MINUTE)


def test_the_replicas_alive_are_those_holding_their_presence(replicas):
    first, second = replicas
    presences = [Leadership(store.engine, presence_key(store.replica)) for store in replicas]
    try:
        if first.backend == "sqlite":
            assert replicas_alive(first.engine, first.replica) == 1  # one instance per file
            return
        assert replicas_alive(first.engine, first.replica) == 1  # itself, even before it announces
        assert presences[1].holds()
        assert replicas_alive(first.engine, first.replica) == 2
        assert presences[0].holds()
        assert replicas_alive(first.engine, first.replica) == 2
        presences[1].release()  # the second replica stopped
        assert replicas_alive(first.engine, first.replica) == 1
        assert replicas_alive(second.engine, second.replica) == 2
    finally:
        for presence in presences:
            presence.release()


def test_a_lease_leaves_the_sources_polling_state_alone(replicas):
    first, _ = replicas
    first.record_poll_success("blog", NOW, etag='"v1"', new_items=3)
    first.take_lease("blog", first.replica, NOW, NOW + MINUTE)
    state = first.source_state("blog")
    assert state is not None and state.etag == '"v1"' and state.items_seen == 3


def test_a_lease_comes_with_the_state_the_poll_needs(replicas):
    first, second = replicas
    first.record_poll_success("blog", NOW, etag='"v1"', new_items=3)
    state = first.take_lease("blog", first.replica, NOW, NOW + MINUTE)
    assert state == first.source_state("blog") and state is not None and state.etag == '"v1"'
    assert second.take_lease("blog", second.replica, NOW, NOW + MINUTE) is None
    fresh = second.take_lease("podcast", second.replica, NOW, NOW + MINUTE)
    assert fresh == second.source_state("podcast") and fresh is not None and fresh.first_polled_at is None


def test_a_lease_is_one_statement_whether_the_source_is_new_known_or_held(replicas):
    first, second = replicas
    statements: list[str] = []
    sa.event.listen(first.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    sa.event.listen(second.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    assert first.take_lease("blog", first.replica, NOW, NOW + MINUTE)  # a source never seen
    assert not second.take_lease("blog", second.replica, NOW, NOW + MINUTE)  # held by the first
    assert second.take_lease("blog", second.replica, NOW + MINUTE, NOW + 2 * MINUTE)  # ran out
    assert len(statements) == 3


def test_a_leased_poll_reads_its_sources_state_with_the_lease(replicas, feeds: FeedServer):
    feeds.set("/f.xml", rss([FeedEntry("Viadeo recrute", "Viadeo.", "https://ex.fr/1", "1")]))
    first, _ = replicas
    first.record_poll_success("blog", NOW - 2 * MINUTE, etag='"v0"')
    reads: list[str] = []
    sa.event.listen(
        first.engine,
        "before_cursor_execute",
        lambda _conn, _cursor, statement, *_: (
            reads.append(statement)
            if statement.startswith("SELECT") and "FROM source_state" in statement
            else None
        ),
    )
    scheduled = ScheduledSource(FeedSource("blog", feeds.url("/f.xml"), local_fetcher()), 60, "all")
    assert _poller(first).poll(scheduled) is not None
    assert reads == []
    assert feeds.requests_to("/f.xml")[0].headers.get("If-None-Match") == '"v0"'


def _poller(store: Store) -> Poller:
    return Poller(store, Pipeline(CONFIG, store, FixedTone(), started_at=NOW - MINUTE), leases=True)


def test_of_two_replicas_polling_one_feed_in_one_interval_only_one_fetches_it(replicas, feeds: FeedServer):
    feeds.set("/f.xml", rss([FeedEntry("Viadeo recrute", "Viadeo.", "https://ex.fr/1", "1")]))
    first, second = replicas
    scheduled = ScheduledSource(FeedSource("blog", feeds.url("/f.xml"), local_fetcher()), 60, "all")
    reports = [_poller(first).poll(scheduled), _poller(second).poll(scheduled)]
    assert len(feeds.requests_to("/f.xml")) == 1
    assert reports[1] is None
    assert first.count("items") == 1


def test_a_replica_polls_a_source_again_once_the_others_interval_is_over(replicas, feeds: FeedServer):
    feeds.set("/f.xml", rss([FeedEntry("Viadeo recrute", "Viadeo.", "https://ex.fr/1", "1")]))
    first, second = replicas
    later = NOW + timedelta(seconds=61)
    scheduled = ScheduledSource(FeedSource("blog", feeds.url("/f.xml"), local_fetcher()), 60, "all")
    Poller(first, Pipeline(CONFIG, first, FixedTone()), clock=lambda: NOW, leases=True).poll(scheduled)
    Poller(second, Pipeline(CONFIG, second, FixedTone()), clock=lambda: later, leases=True).poll(scheduled)
    assert len(feeds.requests_to("/f.xml")) == 2
    assert first.lease_of("blog")[0] == second.replica


def _at_a_later_tick(holds: Callable[[], bool], within: float = 10.0) -> bool:
    deadline = time.monotonic() + within
    while not holds():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def test_one_replica_leads_the_reports_and_another_takes_the_lead_when_it_ends(database_url: str):
    first, second = Store(database_url), Store(database_url)
    first.create_schema()
    leading, waiting = Leadership(first.engine), Leadership(second.engine)
    try:
        if first.backend == "sqlite":
            assert leading.holds() and waiting.holds()  # one instance per file: it always leads
            return
        assert leading.holds()
        assert not waiting.holds()
        assert leading.holds()  # still its own at its next tick
        with second.engine.begin() as conn:  # the leader dies: PostgreSQL ends its session
            conn.execute(
                sa.text(
                    "SELECT pg_terminate_backend(pid) FROM pg_locks"
                    " WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database"
                    " WHERE datname = current_database())"
                )
            )
        assert _at_a_later_tick(waiting.holds)
        assert not leading.holds()
    finally:
        waiting.release()
        first.close()
        second.close()
