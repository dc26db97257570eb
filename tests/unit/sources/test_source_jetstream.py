"""Bluesky's Jetstream: every new post of the network streams in and the ones naming a brand become
alerts, with no account. A stream cut in the middle, a restart or an endpoint that is down loses no
post and repeats none; whatever an endpoint sends, nothing crashes and nobody is pinged."""

from __future__ import annotations

import io
import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import write_config
from tests.fakes.jetstream import BASE_US, FakeJetstream, closed_port, jetstream, post_event
from tests.fakes.tone import FixedTone
from tests.rigs.api import LONG_AGO, fetcher, loaded_config
from tests.rigs.posted import Posted, posted_alerts
from veille.app import Veille
from veille.config import ConfigError, LoadedConfig, Secrets
from veille.pipeline.health import SourceWatch, health_label
from veille.pipeline.poller import ScheduledSource
from veille.pipeline.source_report import sources_status
from veille.pipeline.steps import Pipeline
from veille.pipeline.streams import StreamRunner
from veille.sources.jetstream import PUBLIC_ENDPOINTS, REWIND_US, JetstreamSource
from veille.sources.registry import build_source
from veille.sources.stream import stored_position
from veille.store import Store

CONSOLE = Secrets(slack_bot_token=None, slack_app_token=None, slack_signing_secret=None, slack_api_url=None)


def wait_until(condition: Callable[[], Any], what: str, timeout: float = 20.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"still waiting for {what}")


class Stream:
    """One `bluesky_jetstream` source streaming into a store as the running bot does it."""

    def __init__(self, store: Store, endpoints: list[str], interval: float = 60.0) -> None:
        self.store = store
        self.loaded: LoadedConfig = loaded_config(
            {"type": "bluesky_jetstream", "endpoints": endpoints}, ["Viadeo"]
        )
        self.source = build_source(self.loaded.config.sources[0], self.loaded, fetcher())
        assert isinstance(self.source, JetstreamSource)
        self.woken = threading.Event()
        pipeline = Pipeline(self.loaded.config, store, FixedTone(), started_at=LONG_AGO)
        watch = SourceWatch(store, "#veille-ops", "en", "Europe/Paris")
        self.runner = StreamRunner(
            store,
            pipeline,
            [ScheduledSource(self.source, interval, "all")],
            self.woken.set,
            watch,
            checkpoint_every=0.1,
        )

    def alerts(self, count: int) -> list[Posted]:
        return wait_until(
            lambda: (a := posted_alerts(self.store)) and len(a) >= count and a, f"{count} alerts"
        )

    @property
    def state(self) -> Any:
        return self.store.source_state("bluesky_jetstream")

    def reached(self, event: dict[str, Any]) -> None:
        """Wait until the stored position is `event`'s: every batch up to it went through."""
        wait_until(
            lambda: self.state and stored_position(self.state.cursor) == event["time_us"], "the position"
        )


@contextmanager
def streaming(store: Store, endpoints: list[str], interval: float = 60.0) -> Iterator[Stream]:
    stream = Stream(store, endpoints, interval)
    stream.runner.start()
    try:
        yield stream
    finally:
        stream.runner.stop()
        assert stream.runner.wait(10), "the stream did not stop"


def connected(server: FakeJetstream, count: int = 1) -> None:
    wait_until(lambda: len(server.subscriptions) >= count and server._live, "a subscriber")


def urls(alerts: list[Posted]) -> list[str | None]:
    return [alert.view.url for alert in alerts]


def test_a_post_naming_a_brand_anywhere_on_bluesky_becomes_an_alert(store: Store) -> None:
    with jetstream() as server, streaming(store, [server.url]) as stream:
        connected(server)
        server.publish(
            post_event(1, "Rien à voir, un chat sur un toit"),
            post_event(2, "Le nouveau Viadeo est vraiment bien fait", langs=["fr"]),
            post_event(3, "Viadeo again?", langs=["en"], reply={"root": {}, "parent": {}}),
        )
        alerts = stream.alerts(2)
        wait_until(lambda: stream.woken.is_set(), "the outbox woken")

    first, reply = alerts
    assert first.view.url == "https://bsky.app/profile/did:plc:alice7x3/post/3lpost0000002"
    assert first.view.author == "did:plc:alice7x3"
    assert "Le nouveau Viadeo est vraiment bien fait" in first.slack.shown
    assert first.view.published_at == datetime(2025, 10, 9, 8, 53, 20, tzinfo=UTC)
    assert reply.view.title.startswith("Re: Viadeo again?")
    assert server.subscriptions[0].path == "/subscribe?wantedCollections=app.bsky.feed.post"
    # The posts naming no brand are not kept: the firehose is millions of posts a day.
    assert store.items_per_source(LONG_AGO) == {"bluesky_jetstream": 2}


def test_a_post_quoting_another_links_to_it(store: Store) -> None:
    quoted = "at://did:plc:bob/app.bsky.feed.post/3kquoted"
    embed = {"$type": "app.bsky.embed.record", "record": {"uri": quoted, "cid": "bafy"}}
    with jetstream() as server, streaming(store, [server.url]) as stream:
        connected(server)
        server.publish(post_event(1, "Viadeo, enfin", embed=embed))
        (alert,) = stream.alerts(1)
    assert "https://bsky.app/profile/did:plc:bob/post/3kquoted" in alert.view.text


def test_a_stream_cut_in_the_middle_reconnects_and_loses_no_post_nor_repeats_one(store: Store) -> None:
    with jetstream(cuts=[3]) as server, streaming(store, [server.url]) as stream:
        connected(server)
        server.publish(*(post_event(n, f"Viadeo, épisode {n}") for n in range(1, 9)))
        stream.alerts(8)
        stream.reached(post_event(8, ""))  # every post read again after the cut went through
        alerts = posted_alerts(store)

    assert len(server.subscriptions) >= 2
    assert sorted(urls(alerts)) == [
        f"https://bsky.app/profile/did:plc:alice7x3/post/3lpost{n:07d}" for n in range(1, 9)
    ]
    # The second subscription starts a few seconds before the last post the first one handed over.
    third = post_event(3, "")["time_us"]
    assert server.cursors[1] == third - REWIND_US


def test_a_restarted_stream_resumes_where_it_stopped(store: Store) -> None:
    with jetstream() as server:
        with streaming(store, [server.url]) as stream:
            connected(server)
            server.publish(post_event(1, "Viadeo avant l'arrêt"), post_event(2, "rien"))
            stream.alerts(1)
            stream.reached(post_event(2, ""))
        # Posted while Veille was stopped: a live subscription would never see them.
        server.publish(post_event(3, "Viadeo pendant l'arrêt"), post_event(4, "rien non plus"))
        with streaming(store, [server.url]) as restarted:
            connected(server, 2)
            restarted.alerts(2)
            restarted.reached(post_event(4, ""))
            alerts = posted_alerts(store)

    assert urls(alerts) == [
        "https://bsky.app/profile/did:plc:alice7x3/post/3lpost0000001",
        "https://bsky.app/profile/did:plc:alice7x3/post/3lpost0000003",
    ]
    assert server.cursors == [None, post_event(2, "")["time_us"] - REWIND_US]


def test_an_event_stamped_in_the_future_does_not_make_a_restart_skip_posts(store: Store) -> None:
    far_ahead = int(datetime(2099, 1, 1, tzinfo=UTC).timestamp() * 1e6)
    with jetstream() as server:
        with streaming(store, [server.url]) as stream:
            connected(server)
            server.publish(
                post_event(1, "Viadeo avant l'arrêt"),
                post_event(2, "une horloge déréglée", time_us=far_ahead),
                post_event(3, "rien"),
            )
            stream.alerts(1)
            third = post_event(3, "")["time_us"]
            wait_until(lambda: stored_position(stream.state.cursor) in (third, far_ahead), "the position")
        server.publish(post_event(4, "Viadeo pendant l'arrêt"))
        with streaming(store, [server.url]) as restarted:
            connected(server, 2)
            assert server.cursors == [None, third - REWIND_US]
            assert (
                urls(restarted.alerts(2))[1] == "https://bsky.app/profile/did:plc:alice7x3/post/3lpost0000004"
            )


def test_endpoints_are_tried_in_turn_when_one_is_down(store: Store) -> None:
    down = f"ws://127.0.0.1:{closed_port()}"
    with jetstream() as server, streaming(store, [down, server.url]) as stream:
        connected(server)
        server.publish(post_event(1, "Viadeo depuis le second point d'accès"))
        stream.alerts(1)
        wait_until(lambda: "stream_endpoint" in (stream.state.cursor or ""), "health stored")
        shown = sources_status(stream.loaded, store, lang="en")
    assert f"stream connected to 127.0.0.1:{server.port}" in shown
    assert health_label(stream.state) == "ok"


def test_a_stream_down_for_long_is_failing_and_the_team_is_told_once(store: Store) -> None:
    down = [f"ws://127.0.0.1:{closed_port()}", f"ws://127.0.0.1:{closed_port()}"]
    with streaming(store, down, interval=0.3) as stream:
        wait_until(lambda: health_label(stream.state) == "failing", "a failing source", timeout=30)
        # The notice is queued just after the failure that makes the source failing is recorded.
        wait_until(lambda: store.due_notices(datetime.now(UTC) + timedelta(days=1)), "the notice", timeout=10)
        time.sleep(1.0)  # a second notice, were one queued, would be there by now
        notices = store.due_notices(datetime.now(UTC) + timedelta(days=1))
        shown = sources_status(stream.loaded, store, lang="fr")
    assert len(notices) == 1 and "bluesky_jetstream" in notices[0].text
    assert "127.0.0.1" in (stream.state.last_error or "")
    assert "flux déconnecté depuis" in shown
    assert "refuse la connexion : aucun serveur n'écoute sur ce port" in (stream.state.last_error or "")


def test_a_private_address_is_refused_unless_allowed(store: Store) -> None:
    with jetstream() as server:
        loaded = loaded_config({"type": "bluesky_jetstream", "endpoints": [server.url]}, ["Viadeo"])
        source = JetstreamSource("refused", loaded.config.sources[0])  # the default policy
        with pytest.raises(Exception, match="loopback"):
            source.fetch(None)
    assert server.subscriptions == []


HOSTILE: list[str | bytes] = [
    "not json at all",
    b"\x00\xff\xfe binary",
    "[1, 2, 3]",
    "{" * 100_000,
    "[" * 100_000,
    json.dumps({"did": 5, "time_us": "soon", "kind": "commit"}),
    json.dumps({"did": "did:plc:x", "time_us": BASE_US + 50, "kind": "commit", "commit": []}),
    json.dumps({"did": "did:plc:x", "time_us": BASE_US + 51, "kind": "commit", "commit": {"record": 3}}),
    json.dumps(
        {
            "did": "did:plc:x",
            "time_us": BASE_US + 52,
            "kind": "commit",
            "commit": {"operation": "create", "collection": "app.bsky.feed.post", "rkey": "../../x"},
        }
    ),
    json.dumps(post_event(60, ["Viadeo"])),  # type: ignore[arg-type]
    json.dumps({**post_event(61, "Viadeo"), "did": "javascript:alert(1)"}),
    json.dumps(post_event(62, "Viadeo", langs=[None, 7], createdAt=12)),  # type: ignore[list-item]
    json.dumps({"did": "did:plc:x", "time_us": BASE_US + 63, "kind": "identity", "identity": {}}),
    json.dumps({"did": "did:plc:x", "time_us": BASE_US + 64, "kind": "account", "account": None}),
]


def test_hostile_frames_crash_nothing_and_a_post_pings_nobody(store: Store) -> None:
    with jetstream() as server, streaming(store, [server.url]) as stream:
        connected(server)
        for frame in HOSTILE:
            server.send_raw(frame)
        server.send_raw("x" * (2 << 20))  # over the frame cap: the connection is dropped
        connected(server, 2)
        server.publish(
            post_event(70, "<!channel> <@U0123ABC> Viadeo <https://evil.example|cliquez> *gras* &amp;")
        )
        alerts = stream.alerts(2)

    texts = {alert.view.url: alert for alert in alerts}
    assert set(texts) == {
        "https://bsky.app/profile/did:plc:alice7x3/post/3lpost0000062",
        "https://bsky.app/profile/did:plc:alice7x3/post/3lpost0000070",
    }
    hostile = texts["https://bsky.app/profile/did:plc:alice7x3/post/3lpost0000070"]
    assert hostile.slack.pings == []
    assert "https://evil.example" not in hostile.slack.links
    assert "<!channel>" in hostile.slack.shown


@pytest.mark.parametrize(
    ("endpoints", "expected"),
    [
        (None, list(PUBLIC_ENDPOINTS)),
        (["jetstream2.us-west.bsky.network"], ["wss://jetstream2.us-west.bsky.network"]),
        (["wss://js.example.org/subscribe/"], ["wss://js.example.org"]),
    ],
)
def test_endpoints_are_read_from_the_config(endpoints: list[str] | None, expected: list[str]) -> None:
    source: dict[str, Any] = {"type": "bluesky_jetstream"}
    if endpoints is not None:
        source["endpoints"] = endpoints
    assert list(loaded_config(source, ["Viadeo"]).config.sources[0].endpoints) == expected


@pytest.mark.parametrize("endpoints", [[], ["https://js.example.org"], ["wss://bad host"]])
def test_a_wrong_endpoint_is_refused_by_the_config(endpoints: list[str]) -> None:
    with pytest.raises(ConfigError):
        loaded_config({"type": "bluesky_jetstream", "endpoints": endpoints}, ["Viadeo"])


def test_veille_runs_the_stream_beside_its_polls_and_stops_it_where_it_stopped(
    tmp_path: Path, sqlite_url: str
) -> None:
    out = io.StringIO()
    with jetstream() as server:
        loaded = write_config(
            tmp_path,
            database=sqlite_url,
            sources=[{"type": "bluesky_jetstream", "endpoints": [server.url]}],
            language="en",
        )
        veille = Veille(loaded, CONSOLE, out=out)
        veille.start()
        try:
            connected(server)
            server.publish(post_event(1, "Viadeo, vu depuis le terminal"))
            wait_until(lambda: "3lpost0000001" in out.getvalue(), "the alert printed")
        finally:
            assert veille.stop()
        reopened = Store(sqlite_url)
        state = reopened.source_state("bluesky_jetstream")
        reopened.close()
    assert state is not None and stored_position(state.cursor) == post_event(1, "")["time_us"]
    assert '"stream": "disconnected"' in (state.cursor or "")
