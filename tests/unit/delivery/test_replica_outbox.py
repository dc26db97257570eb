"""Replicas on one PostgreSQL drain one outbox: a replica never posts what another live replica is
posting, takes over what a dead one left, and applies a message update once."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from tests.conftest import _postgres_database
from tests.fakes.slack import FakeSlack
from tests.rigs.stores import two_replicas
from tests.unit.delivery.test_outbox import make_outbox, queue_alerts
from veille.delivery.recovery import SETTLE_AFTER
from veille.store import Store


@pytest.fixture
def postgres_url() -> Iterator[str]:
    yield from _postgres_database()


@pytest.fixture
def replicas(postgres_url: str) -> Iterator[tuple[Store, Store]]:
    yield from two_replicas(postgres_url)


def test_a_replica_leaves_alone_an_alert_another_live_replica_is_posting(replicas, fake_slack: FakeSlack):
    first, second = replicas
    queue_alerts(first, 1)
    slow = fake_slack.hold("chat.postMessage", commit=False)
    posting = threading.Thread(target=make_outbox(first, fake_slack, timeout=30).deliver_due)
    posting.start()
    assert slow.arrived.wait(10)

    time.sleep(SETTLE_AFTER.total_seconds() + 0.5)  # past the wait a replica gives its own posts
    second_outbox = make_outbox(second, fake_slack)
    for _ in range(3):
        second_outbox.deliver_due()

    assert len(fake_slack.calls_to("chat.postMessage")) == 1  # only the first replica's post
    assert fake_slack.calls_to("conversations.history") == []
    assert first.alerts_by_status() == {"sending": 1}
    slow.release.set()
    posting.join(40)


def test_alerts_a_killed_replica_was_posting_are_posted_once_by_another_at_once(
    replicas, fake_slack: FakeSlack
):
    first, second = replicas
    queue_alerts(first, 2)
    left = [entry.alert_id for entry in first.due_alerts(datetime.now(UTC), 10)]
    # The first replica claimed both, then was killed: its session, and its presence lock, ended.
    for alert_id in left:
        first.alert_queue.claim(alert_id, datetime.now(UTC), sending_by=first.replica)

    make_outbox(second, fake_slack).drain(timeout=10)

    posts = fake_slack.messages()
    assert sorted(post["metadata"]["event_payload"]["alert_id"] for post in posts) == sorted(left)
    assert second.alerts_by_status() == {"posted": 2}


def test_a_message_update_another_replica_is_applying_is_not_applied_twice(replicas, fake_slack: FakeSlack):
    first, second = replicas
    queue_alerts(first, 1)
    (alert_id,) = [entry.alert_id for entry in first.due_alerts(datetime.now(UTC), 10)]
    make_outbox(first, fake_slack).drain()
    assert first.set_alert_state(alert_id, "handled", "U0MARIE01", datetime.now(UTC))
    now = datetime.now(UTC)
    assert first.claim_update(alert_id, now, now + timedelta(minutes=2))  # the first is at it

    make_outbox(second, fake_slack).deliver_due()

    assert fake_slack.calls_to("chat.update") == []
