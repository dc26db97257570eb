"""A blog's hub pushes its new posts: Veille subscribes, proves it asked, and alerts on a push at once.

The hub is a real HTTPS server written here, speaking WebSub as the W3C recommendation has it: it
takes the subscription request, checks it by calling Veille's callback with a challenge, then
pushes signed content to Veille's real HTTP server. Veille's public address is
https://veille.example.test; the hub reaches it on 127.0.0.1, as a reverse proxy would."""

from __future__ import annotations

import json
import secrets
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl
from xml.sax.saxutils import escape

import httpx
import pytest
from sqlalchemy import func, select

from tests.conftest import slack_secrets, write_config
from tests.fakes.feeds import FeedServer, Request, Route
from tests.fakes.tls import client_context, server_context
from veille.app import Veille
from veille.handlers.websub import PUSHES_AT_ONCE
from veille.pipeline.source_report import sources_status
from veille.sources.addresses import AddressPolicy
from veille.sources.http import HttpFetcher
from veille.sources.websub import sign
from veille.store.schema import alerts, items, mentions

PUBLIC_URL = "https://veille.example.test"
WAIT = 15.0


@dataclass
class Check:
    mode: str
    topic: str
    callback: str
    status: int
    echoed: bool


@dataclass
class Hub:
    """A WebSub hub: subscriptions are checked with a challenge, then content is pushed, signed."""

    lease_seconds: int = 3600
    server: FeedServer = field(default_factory=lambda: FeedServer(tls=server_context()))
    requests: list[dict[str, str]] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    subscribers: dict[str, tuple[str, str]] = field(default_factory=dict)  # topic → callback, secret
    veille_port: int | None = None
    denies: str | None = None  # the reason the hub gives when it denies every subscription
    _changed: threading.Condition = field(default_factory=threading.Condition)

    def start(self) -> Hub:
        self.server.start()
        self.server.respond("/hub", self._request)
        return self

    @property
    def url(self) -> str:
        return self.server.url("/hub")

    def reaches(self, veille: Veille) -> None:
        """Where the public address leads: Veille's own listener."""
        with self._changed:
            self.veille_port = veille.http_port
            self._changed.notify_all()

    def local(self, callback: str) -> str:
        with self._changed:
            self._changed.wait_for(lambda: self.veille_port is not None, WAIT)
        return callback.replace(PUBLIC_URL, f"http://127.0.0.1:{self.veille_port}")

    def _request(self, request: Request) -> Route:
        form = dict(parse_qsl(request.body.decode()))
        with self._changed:
            self.requests.append(form)
            self._changed.notify_all()
        threading.Thread(target=self._verify, args=(form,), daemon=True).start()
        return Route(b"", status=202, content_type="text/plain")

    def _verify(self, form: dict[str, str]) -> None:
        if self.denies is not None and form["hub.mode"] == "subscribe":
            self.deny(form["hub.topic"], form["hub.callback"], self.denies)
            return
        self.check(form["hub.mode"], form["hub.topic"], form["hub.callback"], form.get("hub.secret"))

    def deny(self, topic: str, callback: str, reason: str) -> None:
        """Tell the subscriber its subscription is refused, as a hub does, with why."""
        params = {"hub.mode": "denied", "hub.topic": topic, "hub.reason": reason}
        response = httpx.get(self.local(callback), params=params, timeout=WAIT)
        with self._changed:
            self.checks.append(Check("denied", topic, callback, response.status_code, response.is_success))
            self._changed.notify_all()

    def check(self, mode: str, topic: str, callback: str, secret: str | None = None) -> Check:
        """Ask the subscriber to confirm, as a hub does before a (un)subscription takes effect."""
        challenge = secrets.token_urlsafe(12)
        params = {"hub.mode": mode, "hub.topic": topic, "hub.challenge": challenge}
        if mode == "subscribe":
            params["hub.lease_seconds"] = str(self.lease_seconds)
        response = httpx.get(self.local(callback), params=params, timeout=WAIT)
        echoed = response.status_code == 200 and response.text == challenge
        check = Check(mode, topic, callback, response.status_code, echoed)
        with self._changed:
            self.checks.append(check)
            if echoed and mode == "subscribe":
                self.subscribers[topic] = (callback, secret or "")
            elif echoed and mode == "unsubscribe":
                self.subscribers.pop(topic, None)
            self._changed.notify_all()
        return check

    def confirmed(self, mode: str = "subscribe", count: int = 1) -> list[Check]:
        def done() -> list[Check]:
            return [c for c in self.checks if c.mode == mode and c.echoed]

        with self._changed:
            if not self._changed.wait_for(lambda: len(done()) >= count, WAIT):
                raise AssertionError(f"the hub confirmed {len(done())} {mode} request(s), not {count}")
            return done()

    def publish(
        self, topic: str, body: str, secret: str | None = None, signed: bool = True
    ) -> httpx.Response:
        """Push `body` to the topic's subscriber, signed with its secret (or `secret`)."""
        callback, known = self.subscribers[topic]
        data = body.encode()
        headers = {"Content-Type": "application/atom+xml"}
        if signed:
            headers["X-Hub-Signature"] = sign(secret or known, data, "sha256")
        return httpx.post(self.local(callback), content=data, headers=headers, timeout=WAIT)


def atom(entries: list[tuple[str, str, str]], hub: str, topic: str) -> str:
    """An Atom feed naming its hub and itself; entries are (title, text, link)."""
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    body = "".join(
        f"<entry><title>{escape(title)}</title><link href={json.dumps(link)}/><id>{escape(link)}</id>"
        f"<updated>{now}</updated><content type='text'>{escape(text)}</content></entry>"
        for title, text, link in entries
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>Le blog</title><id>urn:le-blog</id><updated>{now}</updated>"
        f'<link rel="hub" href="{escape(hub)}"/><link rel="self" href="{escape(topic)}"/>{body}</feed>'
    )


WELCOME = ("Bienvenue sur le blog", "Premier billet, sans marque.", "https://blog.example/bienvenue")
NEWS = ("Viadeo ouvre un bureau à Lyon", "Viadeo recrute vingt personnes.", "https://blog.example/lyon")


@pytest.fixture
def hub() -> Iterator[Hub]:
    started = Hub().start()
    yield started
    started.server.stop()


def _fetcher() -> HttpFetcher:
    return HttpFetcher(addresses=AddressPolicy.allowing(["127.0.0.1"]), ssl_context=client_context())


@dataclass
class Blog:
    feeds: FeedServer
    hub: Hub

    @property
    def topic(self) -> str:
        return self.feeds.url("/feed.xml")

    def serve(self, *entries: tuple[str, str, str]) -> None:
        self.feeds.set(
            "/feed.xml", atom(list(entries), self.hub.url, self.topic), content_type="application/atom+xml"
        )

    def push(self, *entries: tuple[str, str, str], **options: Any) -> httpx.Response:
        return self.hub.publish(self.topic, atom(list(entries), self.hub.url, self.topic), **options)


def _run(
    tmp_path, blog: Blog, database: str, start: Callable[..., Veille], fake_slack, sources=None
) -> Veille:
    loaded = write_config(
        tmp_path,
        database=database,
        sources=sources if sources is not None else [{"type": "rss", "url": blog.topic}],
        extra=f'public_url = "{PUBLIC_URL}"',
    )
    veille = start(loaded, slack_secrets(fake_slack), fetcher=_fetcher())
    blog.hub.reaches(veille)
    return veille


def _stored(veille: Veille, title: str) -> int:
    with veille.store.engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(items).where(items.c.title == title)) or 0)


def _alerts(veille: Veille, title: str) -> int:
    with veille.store.engine.connect() as conn:
        query = (
            select(func.count())
            .select_from(alerts.join(mentions, alerts.c.mention_id == mentions.c.id))
            .join(items, mentions.c.item_id == items.c.id)
            .where(items.c.title == title)
        )
        return int(conn.scalar(query) or 0)


def _posted(fake_slack, title: str) -> list[Any]:
    return [
        c for c in fake_slack.calls_to("chat.postMessage") if title in json.dumps(c.args, ensure_ascii=False)
    ]


def test_a_pushed_mention_becomes_an_alert_within_the_push_not_at_the_next_poll(
    tmp_path, feeds, hub, fake_slack, database_url, start_veille
):
    blog = Blog(feeds, hub)
    blog.serve(WELCOME)
    veille = _run(tmp_path, blog, database_url, start_veille, fake_slack)

    check = hub.confirmed()[0]
    asked = hub.requests[0]
    assert asked["hub.mode"] == "subscribe" and asked["hub.topic"] == blog.topic
    assert (
        asked["hub.callback"].startswith(f"{PUBLIC_URL}/websub/") and check.callback == asked["hub.callback"]
    )
    assert len(asked["hub.secret"]) >= 32 and int(asked["hub.lease_seconds"]) > 0

    answer = blog.push(NEWS)

    assert answer.is_success
    # Stored and alerted by the push itself: the feed Veille polls has never held this post.
    assert _stored(veille, NEWS[0]) == 1 and _alerts(veille, NEWS[0]) == 1
    assert all(NEWS[0] not in route.body.decode() for route in feeds.routes.values())
    fake_slack.wait_for("chat.postMessage")
    assert len(_posted(fake_slack, NEWS[0])) == 1

    shown = sources_status(veille.loaded, veille.store, lang="en")
    assert f"push via {hub.server.url('')[8:]}, lease until" in shown
    assert "poussé par" in sources_status(veille.loaded, veille.store, lang="fr")


def test_a_hub_that_denies_the_subscription_is_shown_with_its_reason_in_the_teams_language(
    tmp_path, feeds, hub, fake_slack, sqlite_url, start_veille
):
    hub.denies = "sujet non autorisé sur ce hub"
    blog = Blog(feeds, hub)
    blog.serve(WELCOME)
    veille = _run(tmp_path, blog, sqlite_url, start_veille, fake_slack)

    hub.confirmed("denied")

    shown = sources_status(veille.loaded, veille.store, lang="fr")
    assert f"pas de push de {hub.server.url('')[8:]} (refusé : sujet non autorisé sur ce hub)" in shown


def test_a_push_with_a_wrong_signature_or_none_is_acknowledged_and_ignored(
    tmp_path, feeds, hub, fake_slack, sqlite_url, start_veille
):
    blog = Blog(feeds, hub)
    blog.serve(WELCOME)
    veille = _run(tmp_path, blog, sqlite_url, start_veille, fake_slack)
    hub.confirmed()

    forged = blog.push(NEWS, secret="not-the-subscription-secret")
    unsigned = blog.push(NEWS, signed=False)

    assert forged.is_success and unsigned.is_success  # a forger learns nothing
    assert _stored(veille, NEWS[0]) == 0 and _posted(fake_slack, NEWS[0]) == []
    callback, secret = hub.subscribers[blog.topic]
    stranger = callback.rsplit("/", 1)[0] + "/" + "x" * 32
    body = atom([NEWS], hub.url, blog.topic).encode()
    gone = httpx.post(hub.local(stranger), content=body, headers={"X-Hub-Signature": sign(secret, body)})
    assert gone.status_code == 410
    assert _stored(veille, NEWS[0]) == 0

    assert blog.push(NEWS).is_success
    assert _stored(veille, NEWS[0]) == 1


def test_a_check_veille_did_not_ask_for_is_refused(
    tmp_path, feeds, hub, fake_slack, sqlite_url, start_veille
):
    blog = Blog(feeds, hub)
    blog.serve(WELCOME)
    _run(tmp_path, blog, sqlite_url, start_veille, fake_slack)
    callback = hub.confirmed()[0].callback

    other_topic = hub.check("subscribe", "https://elsewhere.example/feed.xml", callback)
    not_asked = hub.check("unsubscribe", blog.topic, callback)
    unknown = hub.check("subscribe", blog.topic, callback.rsplit("/", 1)[0] + "/" + "y" * 32)

    assert (other_topic.status, other_topic.echoed) == (404, False)
    assert (not_asked.status, not_asked.echoed) == (404, False)
    assert (unknown.status, unknown.echoed) == (404, False)
    assert blog.topic in hub.subscribers  # the real subscription stands


def test_the_lease_is_renewed_before_it_runs_out(tmp_path, feeds, fake_slack, sqlite_url, start_veille):
    hub = Hub(lease_seconds=3).start()
    try:
        blog = Blog(feeds, hub)
        blog.serve(WELCOME)
        veille = _run(tmp_path, blog, sqlite_url, start_veille, fake_slack)

        first, renewed = hub.confirmed(count=2)[:2]

        assert renewed.callback == first.callback and renewed.topic == first.topic
        assert [r["hub.mode"] for r in hub.requests[:2]] == ["subscribe", "subscribe"]
        assert hub.requests[1]["hub.secret"] == hub.requests[0]["hub.secret"]
        assert blog.push(NEWS).is_success
        assert _stored(veille, NEWS[0]) == 1
    finally:
        hub.server.stop()


def test_an_item_pushed_then_polled_is_stored_and_alerted_once(
    tmp_path, feeds, hub, fake_slack, sqlite_url, start_veille
):
    blog = Blog(feeds, hub)
    blog.serve(WELCOME)
    veille = _run(tmp_path, blog, sqlite_url, start_veille, fake_slack)
    hub.confirmed()
    assert blog.push(NEWS).is_success

    blog.serve(NEWS, WELCOME)  # the blog's feed now holds the post too
    report = veille.poller.poll(veille.sources[0], force=True)

    assert report is not None and report.fetched == 2 and report.new_items == 0 and report.alerts == 0
    assert _stored(veille, NEWS[0]) == 1 and _alerts(veille, NEWS[0]) == 1
    fake_slack.wait_for("chat.postMessage")
    assert len(_posted(fake_slack, NEWS[0])) == 1


def test_a_restart_keeps_the_subscription(tmp_path, feeds, hub, fake_slack, database_url, start_veille):
    blog = Blog(feeds, hub)
    blog.serve(WELCOME)
    first = _run(tmp_path, blog, database_url, start_veille, fake_slack)
    hub.confirmed()
    first.stop()

    again = _run(tmp_path, blog, database_url, start_veille, fake_slack)
    answer = blog.push(NEWS)

    assert answer.is_success and _stored(again, NEWS[0]) == 1
    assert [r["hub.mode"] for r in hub.requests] == ["subscribe"]  # the same subscription, same secret
    fake_slack.wait_for("chat.postMessage")
    assert len(_posted(fake_slack, NEWS[0])) == 1
    assert "push via" in sources_status(again.loaded, again.store, lang="en")


def test_a_feed_taken_out_of_the_configuration_is_unsubscribed(
    tmp_path, feeds, hub, fake_slack, sqlite_url, start_veille
):
    blog = Blog(feeds, hub)
    blog.serve(WELCOME)
    first = _run(tmp_path, blog, sqlite_url, start_veille, fake_slack)
    callback = hub.confirmed()[0].callback
    first.stop()

    feeds.set("/other.xml", atom([WELCOME], hub.url, feeds.url("/other.xml")).replace('rel="hub"', 'rel="x"'))
    _run(
        tmp_path,
        blog,
        sqlite_url,
        start_veille,
        fake_slack,
        sources=[{"type": "rss", "url": feeds.url("/other.xml")}],
    )

    left = hub.confirmed("unsubscribe")[0]
    assert left.callback == callback and left.topic == blog.topic
    assert blog.topic not in hub.subscribers
    body = atom([NEWS], hub.url, blog.topic).encode()
    pushed = httpx.post(hub.local(callback), content=body, headers={"X-Hub-Signature": sign("?", body)})
    assert pushed.status_code == 410  # the hub may drop any subscription it still keeps


def test_a_burst_of_pushes_is_turned_back_rather_than_holding_the_threads_that_ack_slack(
    tmp_path, feeds, hub, fake_slack, sqlite_url, start_veille, monkeypatch
):
    blog = Blog(feeds, hub)
    blog.serve(WELCOME)
    veille = _run(tmp_path, blog, sqlite_url, start_veille, fake_slack)
    hub.confirmed()
    assert veille.websub is not None
    receive = veille.websub.receive
    inside = threading.Semaphore(0)
    go_on = threading.Event()

    def slow_receive(*args: Any) -> Any:
        inside.release()
        go_on.wait(WAIT)
        return receive(*args)

    monkeypatch.setattr(veille.websub, "receive", slow_receive)
    answers: list[httpx.Response] = []
    pushes = [threading.Thread(target=lambda: answers.append(blog.push(NEWS))) for _ in range(PUSHES_AT_ONCE)]
    for push in pushes:
        push.start()
    for _ in pushes:
        assert inside.acquire(timeout=WAIT)  # that many pushes are being processed, held

    turned_back = blog.push(NEWS)
    health = httpx.get(f"http://127.0.0.1:{veille.http_port}/healthz", timeout=WAIT)
    go_on.set()
    for push in pushes:
        push.join(WAIT)

    assert turned_back.status_code == 503 and int(turned_back.headers["Retry-After"]) > 0
    assert health.status_code == 200  # the listener still answers while pushes are processed
    assert sorted(a.status_code for a in answers) == [202] * PUSHES_AT_ONCE
    assert blog.push(NEWS).status_code == 202  # room again once the others are done
    assert _stored(veille, NEWS[0]) == 1 and _alerts(veille, NEWS[0]) == 1
    fake_slack.wait_for("chat.postMessage")
    assert len(_posted(fake_slack, NEWS[0])) == 1
