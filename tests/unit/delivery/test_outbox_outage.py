"""After a Slack outage, the team gets every alert once, in the order Veille found them, within a
minute of Slack coming back, at Slack's pace; and Slack is not hammered while it is down.

The bot's clock is simulated: minutes of outage play in about a second, while the fake Slack Web
API answers over real HTTP, on the same simulated clock.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import pairwise
from typing import Protocol

import pytest

from tests.fakes.slack import Call, FakeSlack
from tests.fakes.tone import FixedTone
from tests.unit.delivery.test_outbox import make_outbox
from veille.config import parse_config
from veille.model import Item, Tone
from veille.pipeline.steps import Pipeline
from veille.store import Store

CHANNELS = {"#veille": "C0VEILLE1", "#veille-escalade": "C0ESCAL01"}
CONFIG = parse_config(
    {
        "brands": [
            {"name": "Viadeo", "channel": "#veille"},
            {"name": "Qonto", "channel": "#veille-escalade"},
        ]
    },
    "t.toml",
)
TONE = FixedTone(Tone("negative", -0.4, "fr", 0.8))


class SimulatedClock:
    """Time moves only when the bot waits, so a five-minute outage plays in a moment."""

    def __init__(self) -> None:
        self.started = time.time()
        self.elapsed = 0.0

    def now(self) -> datetime:
        return datetime.fromtimestamp(self.time(), UTC)

    def time(self) -> float:
        return self.started + self.elapsed

    def monotonic(self) -> float:
        return 1_000.0 + self.elapsed

    def wait(self, event: threading.Event, seconds: float) -> bool:
        if not event.is_set():
            self.elapsed += max(0.0, seconds)
        return event.is_set()


class Worker(Protocol):
    def tick(self) -> int: ...

    def wake(self) -> None: ...


@dataclass(frozen=True)
class Outage:
    rate_limited: float  # seconds of 429 with Retry-After: 5 on every call
    server_errors: float  # then seconds of HTTP 500
    alerts: int = 20  # found during the outage, evenly spread over it

    @property
    def length(self) -> float:
        return self.rate_limited + self.server_errors


@dataclass(frozen=True)
class Played:
    found: dict[str, list[str]]  # channel id → titles of its alerts, in the order they were found
    recovered_at: float  # simulated seconds since the outage began
    calls_while_down: list[Call]

    def posted(self, slack: FakeSlack, channel: str) -> list[str]:
        """Titles of the alerts a person reading `channel` sees, top to bottom."""
        return titles_in(slack, channel)

    def delivered(self, slack: FakeSlack) -> list[Call]:
        """Successful posts, in the order Slack took them."""
        return [c for c in slack.calls_to("chat.postMessage") if c.answer and c.answer.get("ok")]


def titles_in(slack: FakeSlack, channel: str = "C0VEILLE1") -> list[str]:
    """What a person reading `channel` sees first in each message: an alert's title, a notice's text."""
    return [str(message["text"]).split(" : ", 1)[-1] for message in slack.posts(channel)]


def find_alert(store: Store, number: int) -> tuple[str, str]:
    """The pipeline finds one new mention; (channel id it goes to, its title)."""
    brand, channel = ("Viadeo", "#veille") if number % 2 == 0 else ("Qonto", "#veille-escalade")
    title = f"{brand}, alerte {number:02d}"
    item = Item(
        source="blog",
        source_type="rss",
        title=title,
        text=f"{brand} ne répond plus.",
        url=f"https://ex.fr/{number}",
        guid=str(number),
        published_at=datetime.now(UTC),
    )
    Pipeline(CONFIG, store, TONE).process([item])
    return CHANNELS[channel], title


def play(
    store: Store,
    slack: FakeSlack,
    worker: Worker,
    clock: SimulatedClock,
    outage: Outage,
    patience: float = 180,
) -> Played:
    """Slack rate limits everything, then fails with 500s, then recovers; alerts keep coming meanwhile.

    Played until every alert is posted, or `patience` seconds after Slack recovered.
    """
    slack.wall, slack.monotonic = clock.time, clock.monotonic
    began = clock.elapsed
    arrivals = [began + n * outage.length / outage.alerts for n in range(outage.alerts)]
    found: dict[str, list[str]] = {channel: [] for channel in CHANNELS.values()}
    slack.down(status=429, retry_after=5)
    phase, recovered_at = "rate limited", outage.length
    calls_while_down: list[Call] = []
    while clock.elapsed - began < outage.length + patience:
        now = clock.elapsed - began
        if phase == "rate limited" and now >= outage.rate_limited:
            slack.down(status=500)
            phase = "server errors"
        if phase == "server errors" and now >= outage.length:
            calls_while_down = list(slack.calls)
            slack.up()
            phase, recovered_at = "up", now
        while arrivals and arrivals[0] <= clock.elapsed:
            arrivals.pop(0)
            channel, title = find_alert(store, sum(map(len, found.values())))
            found[channel].append(title)
            worker.wake()  # as the poller does after storing new mentions
        if phase == "up" and not arrivals and store.alerts_by_status() == {"posted": outage.alerts}:
            break
        worker.tick()
    return Played(found, recovered_at, calls_while_down)


@pytest.fixture
def store(database_url):
    store = Store(database_url)
    store.create_schema()
    yield store
    store.close()


OUTAGES = [
    pytest.param(Outage(rate_limited=45, server_errors=45), id="45s-of-429-then-45s-of-500"),
    pytest.param(Outage(rate_limited=60, server_errors=240), id="1min-of-429-then-4min-of-500"),
]


@pytest.mark.parametrize("outage", OUTAGES)
def test_after_an_outage_every_alert_arrives_once_in_order_within_a_minute(store, fake_slack, outage):
    clock = SimulatedClock()
    outbox = make_outbox(store, fake_slack, clock=clock, quick=False)  # the bot's own backoffs

    played = play(store, fake_slack, outbox, clock, outage)

    for channel, titles in played.found.items():
        assert played.posted(fake_slack, channel) == titles  # each once, in the order found
    delivered = played.delivered(fake_slack)
    assert len(delivered) == outage.alerts
    last = delivered[-1].at - clock.started
    assert last - played.recovered_at <= 60
    for channel in CHANNELS.values():
        times = [c.at for c in delivered if c.answer and c.answer["channel"] == channel]
        assert all(later - earlier >= 0.99 for earlier, later in pairwise(times))
    assert fake_slack.paced_rejections == 0


@pytest.mark.parametrize("outage", OUTAGES[:1])
def test_while_slack_asks_to_wait_each_channel_asks_again_only_when_told(store, fake_slack, outage):
    clock = SimulatedClock()
    outbox = make_outbox(store, fake_slack, clock=clock, quick=False)

    played = play(store, fake_slack, outbox, clock, outage)

    for channel in CHANNELS.values():
        told_to_wait = [
            c
            for c in played.calls_while_down
            if c.status == 429 and CHANNELS.get(c.args["channel"], c.args["channel"]) == channel
        ]
        # One try per Retry-After (5 s) at most, whatever the number of alerts waiting.
        assert len(told_to_wait) <= outage.rate_limited / 5 + 1
    # While Slack answers 500, one call tells for every channel: a few probes, spaced out.
    failing = [c for c in played.calls_while_down if c.status == 500]
    assert len(failing) <= 12
    # Its 429s are not counted against the first alert, only the 500s and the post that worked.
    assert store.alert_attempts(1) == len(failing) + 1


def test_a_post_lost_in_flight_keeps_its_place_in_the_channel(store, fake_slack):
    for number in range(0, 6, 2):  # three alerts for #veille
        find_alert(store, number)
    clock = SimulatedClock()
    fake_slack.wall, fake_slack.monotonic = clock.time, clock.monotonic
    lost = fake_slack.hold("chat.postMessage", commit=False)  # Slack never sees the first post
    outbox = make_outbox(store, fake_slack, clock=clock, timeout=1)
    outbox.deliver_due()  # gives up waiting for the answer
    lost.release.set()

    assert outbox.drain(timeout=60)

    assert titles_in(fake_slack) == [
        "Viadeo, alerte 00",
        "Viadeo, alerte 02",
        "Viadeo, alerte 04",
    ]


def test_a_notice_queued_during_an_outage_comes_after_the_alerts_found_before_it(store, fake_slack):
    clock = SimulatedClock()
    fake_slack.wall, fake_slack.monotonic = clock.time, clock.monotonic
    outbox = make_outbox(store, fake_slack, clock=clock, quick=False)
    fake_slack.down(status=500)
    find_alert(store, 0)
    find_alert(store, 2)
    run_for(outbox, clock, 60)
    store.queue_notice("source-down:blog", "#veille", "La source blog ne répond plus.")
    run_for(outbox, clock, 30)
    fake_slack.up()
    run_for(outbox, clock, 60)

    assert titles_in(fake_slack) == [
        "Viadeo, alerte 00",
        "Viadeo, alerte 02",
        "La source blog ne répond plus.",
    ]


def run_for(outbox: Worker, clock: SimulatedClock, seconds: float) -> None:
    until = clock.elapsed + seconds
    while clock.elapsed < until:
        outbox.tick()


def test_a_long_queue_for_a_channel_the_bot_cannot_reach_does_not_hold_other_channels_back(store, fake_slack):
    fake_slack.add_channel("C0PRIVE01", "veille-privee", is_member=False, private=True)
    config = parse_config(
        {
            "brands": [
                {"name": "Secret", "channel": "#veille-privee"},
                {"name": "Viadeo", "channel": "#veille"},
            ]
        },
        "t.toml",
    )
    backlog = [
        Item("blog", "rss", f"Secret {n}", "Secret fuite.", f"https://ex.fr/s{n}", f"s{n}")
        for n in range(120)
    ]
    Pipeline(config, store, TONE).process(backlog)
    Pipeline(config, store, TONE).process(
        [Item("blog", "rss", "Viadeo en panne", "Viadeo ne répond plus.", "https://ex.fr/v", "v")]
    )
    clock = SimulatedClock()
    fake_slack.wall, fake_slack.monotonic = clock.time, clock.monotonic
    outbox = make_outbox(store, fake_slack, clock=clock, quick=False)

    run_for(outbox, clock, 30)

    assert titles_in(fake_slack) == ["Viadeo en panne"]
    assert fake_slack.posts("C0PRIVE01") == []
