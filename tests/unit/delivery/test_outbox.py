"""Alerts reach Slack exactly once, at Slack's pace, whatever Slack answers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from slack_sdk import WebClient

from tests.fakes.slack import BOT_TOKEN, FakeSlack
from tests.fakes.tone import FixedTone
from veille.config import parse_config
from veille.delivery.outbox import Outbox
from veille.delivery.pace import Clock
from veille.handlers.poster import SlackPoster
from veille.handlers.views.alert import render_alert
from veille.model import Item, Message, Tone
from veille.pipeline.steps import Pipeline
from veille.store import Store

CONFIG = parse_config({"veille": {"default_channel": "#veille"}, "brands": [{"name": "Viadeo"}]}, "t.toml")


def queue_alerts(store: Store, count: int) -> None:
    items = [
        Item(
            source="blog",
            source_type="rss",
            title=f"Viadeo, épisode {n}",
            text="Viadeo encore.",
            url=f"https://ex.fr/{n}",
            guid=str(n),
            published_at=datetime.now(UTC),
        )
        for n in range(count)
    ]
    Pipeline(CONFIG, store, FixedTone(Tone("negative", -0.4, "fr", 0.8))).process(items)


def make_outbox(
    store: Store,
    fake: FakeSlack,
    token: str = BOT_TOKEN,
    timeout: float = 10,
    clock: Clock | None = None,
    quick: bool = True,
    **options: float,
) -> Outbox:
    """An outbox posting to the fake Slack, with backoffs cut short when `quick`."""
    short = {"backoff_base": 0.2, "backoff_max": 1.0, "attention_backoff": 0.5} if quick else {}
    poster = slack_poster(store, fake, token, timeout)
    return Outbox(store, poster, alert_renderer(store), clock, **(short | options))


def slack_poster(store: Store, fake: FakeSlack, token: str = BOT_TOKEN, timeout: float = 10) -> SlackPoster:
    client = WebClient(token=token, base_url=fake.base_url, timeout=timeout)
    return SlackPoster(client, store.remember_channel, store.channel_id)


def alert_renderer(store: Store) -> Callable[[int], Message | None]:
    def render(alert_id: int) -> Message | None:
        view = store.alert_view(alert_id)
        return None if view is None else render_alert(view, "fr", "Europe/Paris")

    return render


@pytest.fixture
def store(database_url):
    store = Store(database_url)
    store.create_schema()
    yield store
    store.close()


def test_a_burst_of_alerts_is_posted_one_per_second_per_channel_without_a_429(store, fake_slack):
    queue_alerts(store, 4)
    outbox = make_outbox(store, fake_slack)
    outbox.drain()
    assert len(fake_slack.messages()) == 4
    assert fake_slack.paced_rejections == 0
    assert store.alerts_by_status() == {"posted": 4}


def test_a_429_waits_for_retry_after_then_posts_once(store, fake_slack):
    queue_alerts(store, 1)
    fake_slack.fail("chat.postMessage", status=429, retry_after=1)
    outbox = make_outbox(store, fake_slack)
    outbox.deliver_due()
    assert store.alerts_by_status() == {"pending": 1}
    outbox.deliver_due()
    assert len(fake_slack.calls_to("chat.postMessage")) == 1  # not before Retry-After
    outbox.drain()
    assert len(fake_slack.messages()) == 1
    answered = [c.status for c in fake_slack.calls_to("chat.postMessage")]
    assert answered == [429, 200]


def test_server_errors_are_retried_with_backoff_and_never_dropped(store, fake_slack):
    queue_alerts(store, 1)
    fake_slack.fail("chat.postMessage", status=500, times=3)
    make_outbox(store, fake_slack).drain()
    assert len(fake_slack.messages()) == 1
    assert [c.status for c in fake_slack.calls_to("chat.postMessage")] == [500, 500, 500, 200]


def test_a_revoked_token_keeps_the_alert_until_the_token_is_fixed(store, fake_slack):
    queue_alerts(store, 1)
    make_outbox(store, fake_slack, token="xoxb-revoked").deliver_due()
    assert fake_slack.messages() == []
    assert store.alerts_by_status() == {"pending": 1}
    entry_due = store.due_alerts(datetime.now(UTC) + timedelta(seconds=1))
    assert len(entry_due) == 1  # kept, waiting for its next attempt
    make_outbox(store, fake_slack).drain()
    assert len(fake_slack.messages()) == 1


def test_a_channel_the_bot_is_not_in_is_joined_then_posted_to(store, fake_slack):
    fake_slack.channels["C0VEILLE1"].is_member = False
    queue_alerts(store, 1)
    make_outbox(store, fake_slack).drain()
    assert len(fake_slack.calls_to("conversations.join")) == 1
    assert len(fake_slack.messages()) == 1


def test_a_post_whose_answer_never_came_is_not_posted_twice(store, fake_slack):
    """Slack received the post but the answer was lost: the outbox finds it by its metadata."""
    queue_alerts(store, 1)
    held = fake_slack.hold("chat.postMessage", commit=True)
    outbox = make_outbox(store, fake_slack, timeout=1)
    outbox.deliver_due()  # times out waiting for the answer
    held.release.set()
    assert store.alerts_by_status() == {"sending": 1}
    outbox.drain()
    assert len(fake_slack.messages()) == 1
    assert store.alerts_by_status() == {"posted": 1}
    (message,) = fake_slack.messages()
    (entry_id,) = [a for a in range(1, 2)]
    assert store.alert_location(entry_id)[1] == message["ts"]


def test_a_post_lost_in_flight_is_posted_again_once(store, fake_slack):
    queue_alerts(store, 1)
    held = fake_slack.hold("chat.postMessage", commit=False)
    outbox = make_outbox(store, fake_slack, timeout=1)
    outbox.deliver_due()
    held.release.set()
    outbox.drain()
    assert len(fake_slack.messages()) == 1
    assert store.alerts_by_status() == {"posted": 1}


def test_a_direct_message_lost_in_flight_is_sent_again_not_held_forever(store, fake_slack):
    # The bot cannot read a person's DM history to check whether it arrived (Slack answers
    # channel_not_found for a user id): it must send it again rather than keep checking.
    store.queue_notice("export-failed:1", "U0MARIE01", "Votre export n'a pas pu être posté.")
    held = fake_slack.hold("chat.postMessage", commit=False)
    outbox = make_outbox(store, fake_slack, timeout=1)
    outbox.deliver_due()
    held.release.set()
    assert outbox.drain(timeout=15)
    assert [m["text"] for m in fake_slack.posts(fake_slack.dm_channel("U0MARIE01"))] == [
        "Votre export n'a pas pu être posté."
    ]
