"""The team hears once when a source breaks, once when it recovers, and never twice about a story."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from slack_sdk import WebClient

from tests.fakes.feeds import FeedEntry, rss
from tests.fakes.net import local_fetcher
from tests.fakes.slack import BOT_TOKEN
from tests.fakes.tone import FixedTone
from veille.config import parse_config
from veille.delivery.outbox import Outbox
from veille.handlers.poster import SlackPoster
from veille.handlers.views.alert import render_alert
from veille.model import SourceState
from veille.pipeline.health import SourceWatch, health_label
from veille.pipeline.poller import Poller, ScheduledSource
from veille.pipeline.steps import Pipeline
from veille.sources.feed import FeedSource
from veille.store import Store

CONFIG = parse_config(
    {
        "veille": {"default_channel": "#veille", "notify_channel": "#veille-escalade"},
        "brands": [{"name": "Viadeo"}],
    },
    "t.toml",
)


class Rig:
    """The poller, pipeline and outbox of a running bot, driven one step at a time."""

    def __init__(self, store: Store, fake, feeds) -> None:
        self.store = store
        self.feeds = feeds
        client = WebClient(token=BOT_TOKEN, base_url=fake.base_url)
        poster = SlackPoster(client, store.remember_channel, store.channel_id)

        def render(alert_id: int):
            view = store.alert_view(alert_id)
            return None if view is None else render_alert(view, "fr", "Europe/Paris")

        self.outbox = Outbox(store, poster, render, per_channel_interval=0, backoff_base=0.1, backoff_max=0.2)
        watch = SourceWatch(store, CONFIG.notify_channel, "fr", "Europe/Paris")
        self.poller = Poller(store, Pipeline(CONFIG, store, FixedTone()), watch=watch)

    def poll(self, name: str, path: str) -> None:
        source = FeedSource(name, self.feeds.url(path), local_fetcher())
        self.poller.poll(ScheduledSource(source, 60, "all"), force=True)
        assert self.outbox.drain(20)


@pytest.fixture
def rig(database_url, fake_slack, feeds):
    store = Store(database_url)
    store.create_schema()
    yield Rig(store, fake_slack, feeds)
    store.close()


def notices(fake_slack) -> list[str]:
    return [m["text"] for m in fake_slack.messages("C0ESCAL01")]


def test_a_source_that_keeps_failing_is_reported_once_then_its_recovery_once(rig, fake_slack, feeds):
    feeds.set("/f.xml", b"oops", status=500)
    for _ in range(5):
        rig.poll("blog-fr", "/f.xml")
    assert len(notices(fake_slack)) == 1
    text = notices(fake_slack)[0]
    assert "*blog-fr*" in text and "en échec" in text and "HTTP 500" in text
    assert health_label(rig.store.source_state("blog-fr")) == "failing"

    feeds.set("/f.xml", rss([]))
    rig.poll("blog-fr", "/f.xml")
    rig.poll("blog-fr", "/f.xml")
    assert len(notices(fake_slack)) == 2
    assert "fonctionne de nouveau" in notices(fake_slack)[1]
    assert health_label(rig.store.source_state("blog-fr")) == "ok"


def test_one_or_two_failures_are_degraded_and_not_worth_a_message(rig, fake_slack, feeds):
    feeds.set("/f.xml", b"oops", status=503)
    rig.poll("blog-fr", "/f.xml")
    rig.poll("blog-fr", "/f.xml")
    assert health_label(rig.store.source_state("blog-fr")) == "degraded"
    assert notices(fake_slack) == []


def test_a_refused_access_is_reported_at_once(rig, fake_slack, feeds):
    feeds.set("/f.xml", b"no", status=401)
    rig.poll("private", "/f.xml")
    assert len(notices(fake_slack)) == 1 and "HTTP 401" in notices(fake_slack)[0]


def test_the_source_name_in_a_notice_is_escaped(rig, fake_slack, feeds):
    feeds.set("/f.xml", b"no", status=403)
    rig.poll("<!channel>", "/f.xml")
    assert "&lt;!channel&gt;" in notices(fake_slack)[0] and "<!channel>" not in notices(fake_slack)[0]


def test_a_story_syndicated_by_an_aggregator_is_alerted_once_then_replied_to_in_its_thread(
    rig, fake_slack, feeds
):
    title = "Viadeo ouvre son réseau aux indépendants"
    feeds.set(
        "/blog.xml", rss([FeedEntry(title, "Le réseau Viadeo s'ouvre.", "https://blog.example.fr/a", "b1")])
    )
    feeds.set(
        "/news.xml",
        rss([FeedEntry(f"{title} - Le Journal", "Viadeo s'ouvre.", "https://news.example/redirect/9", "n1")]),
    )
    rig.poll("blog-fr", "/blog.xml")
    rig.poll("google-news", "/news.xml")
    rig.poll("google-news", "/news.xml")  # the next poll sees the same item again: nothing new
    alert, *replies = fake_slack.messages()
    assert all(r.get("thread_ts") == alert["ts"] for r in replies)
    assert len(replies) == 1 and "google-news" in replies[0]["text"]
    (update,) = fake_slack.calls_to("chat.update")
    assert "Vu aussi sur : google-news" in str(update.args["blocks"])


def test_the_same_link_in_two_feeds_is_one_mention(rig, fake_slack, feeds):
    entry = FeedEntry("Viadeo et les PME", "Viadeo.", "https://blog.example.fr/pme?utm_source=a", "x")
    feeds.set("/a.xml", rss([entry]))
    feeds.set("/b.xml", rss([FeedEntry("Viadeo & les PME !", "Viadeo.", "https://blog.example.fr/pme", "y")]))
    rig.poll("feed-a", "/a.xml")
    rig.poll("feed-b", "/b.xml")
    (alert,) = fake_slack.posts()
    assert rig.store.also_seen(1) == ["feed-b"]
    assert "feed-b" in fake_slack.thread(alert["ts"])[0]["text"]


def test_short_generic_titles_are_not_taken_for_the_same_story(rig, fake_slack, feeds):
    feeds.set("/a.xml", rss([FeedEntry("Viadeo", "Un billet sur Viadeo.", "https://a.example/1", "1")]))
    feeds.set("/b.xml", rss([FeedEntry("Viadeo", "Un autre billet sur Viadeo.", "https://b.example/2", "2")]))
    rig.poll("feed-a", "/a.xml")
    rig.poll("feed-b", "/b.xml")
    assert len(fake_slack.messages()) == 2


def test_health_labels_follow_consecutive_failures():
    def state(failures: int, kind: str | None = None, polled: bool = True) -> SourceState:
        now = datetime.now(UTC) if polled else None
        return SourceState("s", None, None, None, now, now, now, None, None, None, failures, None, 0, kind)

    assert health_label(None) == "new"
    assert health_label(state(0, polled=False)) == "new"
    assert health_label(state(0)) == "ok"
    assert health_label(state(2, "http")) == "degraded"
    assert health_label(state(3, "timeout")) == "failing"
    assert health_label(state(1, "auth")) == "failing"
