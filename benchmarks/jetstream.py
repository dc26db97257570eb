"""Events per second one core keeps up with on a Jetstream subscription: websocket, parse, match
against 100 brands, and the pipeline (dedup, tone, store) for the few posts that name one.

A local server (another process, so its work is not counted) sends recorded-shape events as fast
as the client reads them: Jetstream's post commits (creates, with some replies, quotes and
deletes) whose texts are drawn from everyday words, about 1 in 1,000 naming one of the 100 brands
of `benchmarks.pipeline`. The client is the real `bluesky_jetstream` source under the real
`StreamRunner`, storing into a temporary SQLite file. Printed: events per wall second and per
CPU-second of the client process, then the same for parse and match alone (no network), next to
the public firehose's average (Bluesky's posts: tens a second).

Run: .venv/bin/python -m benchmarks.jetstream [--events N]
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from datetime import UTC, datetime
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from websockets.exceptions import ConnectionClosed
from websockets.sync.server import ServerConnection, serve

from benchmarks.common import serving
from benchmarks.pipeline import BRANDS, CONFIG
from veille.config import parse_config
from veille.matching.matcher import Matcher
from veille.pipeline.poller import ScheduledSource
from veille.pipeline.steps import Pipeline, rules_from_config
from veille.pipeline.streams import StreamRunner
from veille.sources.addresses import AddressPolicy
from veille.sources.jetstream import JetstreamSource, event_to_item, parse_event
from veille.sources.stream import stored_position
from veille.store import Store
from veille.tone.checker import ToneChecker

FIREHOSE_POSTS_PER_SECOND = 50  # Bluesky's average: a few million posts a day
MENTION_EVERY = 1000
LONG_AGO = datetime(2000, 1, 1, tzinfo=UTC)
START_US = 1_760_000_000_000_000
_LINES = (
    "the a of to and in is it you that was for on are with as I his they be at one have this from",
    "or had by hot word but what some we can out other were all there when up use your how said an",
    "each she which do their time if will way about many then them write would like so these her",
    "long make thing see him two has look more day could go come did number sound no most people",
    "le la les de des un une et est pas que qui dans pour sur avec ce il elle nous vous ils on",
    "très bien aussi mais plus tout faire dit encore jour aujourd'hui demain hier chat café photo",
)
WORDS = [word for line in _LINES for word in line.split()]


def events(count: int, seed: int = 7) -> list[str]:
    """`count` frames in Jetstream's shape, about one in MENTION_EVERY naming a brand."""
    rng = random.Random(seed)
    brand_terms = [term for name, terms in BRANDS for term in (terms or (name,))]
    frames: list[str] = []
    for n in range(count):
        time_us = START_US + n * 20_000
        if n % 10 == 9:  # a deleted post
            commit: dict[str, Any] = {
                "rev": f"3l{n:011d}",
                "operation": "delete",
                "collection": "app.bsky.feed.post",
                "rkey": f"3ld{n:09d}",
            }
        else:
            words = rng.choices(WORDS, k=rng.randint(4, 40))
            if rng.randrange(MENTION_EVERY) == 0:
                words.insert(rng.randrange(len(words) + 1), rng.choice(brand_terms))
            record: dict[str, Any] = {
                "$type": "app.bsky.feed.post",
                "createdAt": "2025-10-09T08:53:20.000Z",
                "langs": [rng.choice(["en", "en", "fr", "ja", "pt"])],
                "text": " ".join(words),
            }
            if rng.random() < 0.3:
                parent = {"uri": f"at://did:plc:p{n}/app.bsky.feed.post/3lp", "cid": "bafyreib"}
                record["reply"] = {"root": parent, "parent": parent}
            if rng.random() < 0.05:
                uri = f"at://did:plc:q{n}/app.bsky.feed.post/3lq"
                record["embed"] = {"$type": "app.bsky.embed.record", "record": {"uri": uri, "cid": "bafy"}}
            commit = {
                "rev": f"3l{n:011d}",
                "operation": "create",
                "collection": "app.bsky.feed.post",
                "rkey": f"3lp{n:09d}",
                "record": record,
                "cid": f"bafyreib{n:020d}",
            }
        event = {"did": f"did:plc:u{n % 50_000:07d}", "time_us": time_us, "kind": "commit", "commit": commit}
        frames.append(json.dumps(event))
    return frames


def serve_frames(frames: list[str], ready: Connection) -> None:
    """The server process: every frame to the first subscriber, as fast as it reads them."""

    def handle(connection: ServerConnection) -> None:
        try:
            for frame in frames:
                connection.send(frame)
            time.sleep(3600)
        except ConnectionClosed:
            pass

    with serve(handle, "127.0.0.1", 0) as server:
        ready.send(server.socket.getsockname()[1])
        server.serve_forever()


def through_the_stream(frames: list[str]) -> tuple[float, float, int]:
    """Wall seconds and client CPU seconds until the last event's position is stored, and the
    mentions stored."""
    last_us = json.loads(frames[-1])["time_us"]
    with (
        serving(serve_frames, frames, name="the Jetstream server") as port,
        tempfile.TemporaryDirectory() as folder,
    ):
        store = Store(f"sqlite:///{Path(folder) / 'bench.db'}")
        store.create_schema()
        config = parse_config(
            {
                "veille": {"default_channel": "#veille"},
                "brands": [{"name": name, "terms": list(terms)} for name, terms in BRANDS],
                "sources": [{"type": "bluesky_jetstream", "endpoints": [f"ws://127.0.0.1:{port}"]}],
            },
            "benchmark.toml",
        )
        source = JetstreamSource("bluesky_jetstream", config.sources[0], AddressPolicy(allow_private=True))
        pipeline = Pipeline(config, store, ToneChecker())
        runner = StreamRunner(store, pipeline, [ScheduledSource(source, 60.0, "all")], checkpoint_every=0.5)
        wall, cpu = time.perf_counter(), time.process_time()
        runner.start()
        try:
            while True:
                state = store.source_state(source.key)
                if stored_position(state.cursor if state else None) == last_us:
                    break
                time.sleep(0.05)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        finally:
            runner.stop()
            runner.wait(5)
        mentions = sum(store.items_per_source(LONG_AGO).values())
        store.close()
    return wall, cpu, mentions


def parse_and_match(frames: list[str]) -> tuple[float, int]:
    """CPU seconds to parse every frame and match its post, without the network or the store."""
    matcher = Matcher(rules_from_config(CONFIG))
    started = time.process_time()
    found = 0
    for frame in frames:
        event = parse_event(frame)
        item = None if event is None else event_to_item(event, "bench")
        if item is not None and matcher.match(item):
            found += 1
    return time.process_time() - started, found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    arguments = parser.parse_args()
    frames = events(arguments.events)
    print(f"{len(frames):,} events, {len(BRANDS)} brands, about 1 in {MENTION_EVERY:,} names a brand")
    parse_cpu, found = parse_and_match(frames)
    wall, cpu, stored = through_the_stream(frames)
    rate = len(frames) / wall
    label = "{:<27}".format
    print(
        label("parse + match alone")
        + f"{len(frames) / parse_cpu:>9,.0f} events per CPU-second ({found} mentions)"
    )
    print(label("websocket → stored") + f"{rate:>9,.0f} events/s, {len(frames) / cpu:,.0f} per CPU-second")
    print(label("") + f"{stored} mentions stored")
    headroom = len(frames) / cpu / FIREHOSE_POSTS_PER_SECOND
    print(
        label("public firehose (average)")
        + f"{FIREHOSE_POSTS_PER_SECOND:>9,} posts/s: one core keeps up with {headroom:,.0f} times that"
    )


if __name__ == "__main__":
    main()
