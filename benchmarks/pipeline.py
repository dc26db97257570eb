"""Mentions per CPU-second through normalize → dedup → match → tone → store, on the shared feeds.

The shared feed texts, parsed once, are fed to `Pipeline.process` 20 items at a time (one poll
of one feed) with 100 brands, on SQLite (a temporary file) and, when VEILLE_TEST_POSTGRES_URL is
set, on PostgreSQL (a fresh database). CPU time is this process's plus, on PostgreSQL, that of
the server backends serving its connections (read from /proc, the server being local), so work
moved to the database is not hidden. `--before REV` runs the same measure against the package as
it was at git revision REV (a `git worktree` in /tmp, imported by a subprocess) and prints both
side by side. Run: .venv/bin/python -m benchmarks.pipeline [--repeat N] [--before HEAD] [--rounds N]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Collection, Iterator
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

import feedparser
import psycopg
from sqlalchemy import event

from benchmarks.common import REPO, cpu_seconds_of, feed_files, revision
from veille.config import parse_config
from veille.matching.matcher import Matcher
from veille.model import Item, Tone
from veille.pipeline.steps import Pipeline, item_keys, rules_from_config
from veille.sources.base import FetchError
from veille.sources.feed import parse_feed
from veille.store import Store
from veille.tone.checker import ToneAnalyzer, ToneChecker

# 100 brands a team could watch: tech, games, media, and French companies; some with extra terms.
BRANDS: list[tuple[str, tuple[str, ...]]] = [
    ("Google", ("Google", "AdWords", "Gmail")),
    ("Apple", ("Apple", "iPhone", "iPad", "macOS")),
    ("Amazon", ("Amazon", "AWS", "Kindle")),
    ("Microsoft", ("Microsoft", "Windows", "Azure")),
    ("Meta", ("Facebook", "Instagram", "WhatsApp")),
    ("Twitter", ()),
    ("YouTube", ()),
    ("Linux", ()),
    ("Python", ()),
    ("Slack", ()),
    ("Reddit", ()),
    ("Wikipedia", ()),
    ("Mozilla", ("Mozilla", "Firefox")),
    ("Android", ()),
    ("Netflix", ()),
    ("Tesla", ()),
    ("Nintendo", ("Nintendo", "Wii", "Mario", "Zelda")),
    ("Xbox", ()),
    ("PlayStation", ()),
    ("Sony", ()),
    ("Capcom", ()),
    ("Bitcoin", ()),
    ("PayPal", ()),
    ("Flattr", ()),
    ("Mastodon", ()),
    ("GitHub", ()),
    ("Spotify", ()),
    ("Samsung", ()),
    ("Intel", ()),
    ("Nvidia", ()),
    ("AMD", ()),
    ("IBM", ()),
    ("Oracle", ("Oracle", "Java")),
    ("Adobe", ("Adobe", "Photoshop")),
    ("Dropbox", ()),
    ("Uber", ()),
    ("Airbnb", ()),
    ("Twitch", ()),
    ("Discord", ()),
    ("Valve", ("Valve", "Steam")),
    ("Ubisoft", ("Ubisoft", "Assassin's Creed")),
    ("Electronic Arts", ("Electronic Arts", "EA Sports", "Battlefield")),
    ("Activision Blizzard", ("Activision", "Blizzard", "Warcraft", "Call of Duty")),
    ("Bethesda", ("Bethesda", "Fallout", "Skyrim")),
    ("Epic Games", ("Epic Games", "Fortnite")),
    ("Square Enix", ("Square Enix", "Final Fantasy")),
    ("Sega", ()),
    ("Bungie", ("Bungie", "Destiny", "Halo")),
    ("WordPress", ()),
    ("Shopify", ()),
    ("Stripe", ()),
    ("Salesforce", ()),
    ("Zoom", ()),
    ("LinkedIn", ()),
    ("Pinterest", ()),
    ("Snapchat", ()),
    ("TikTok", ()),
    ("Huawei", ()),
    ("Xiaomi", ()),
    ("Nokia", ()),
    ("Ericsson", ()),
    ("Orange", ("Orange Business", "opérateur Orange")),
    ("SNCF", ()),
    ("Renault", ()),
    ("Peugeot", ()),
    ("Michelin", ()),
    ("Danone", ()),
    ("L'Oréal", ()),
    ("LVMH", ()),
    ("Carrefour", ()),
    ("Decathlon", ()),
    ("Dailymotion", ()),
    ("Deezer", ()),
    ("Qwant", ()),
    ("OVHcloud", ("OVH", "OVHcloud")),
    ("Doctolib", ()),
    ("BlaBlaCar", ()),
    ("Leboncoin", ()),
    ("Criteo", ()),
    ("Capgemini", ()),
    ("Thales", ()),
    ("Airbus", ()),
    ("Boeing", ()),
    ("Ford", ()),
    ("Toyota", ()),
    ("BMW", ()),
    ("Volkswagen", ()),
    ("Nike", ()),
    ("Adidas", ()),
    ("Coca-Cola", ()),
    ("Starbucks", ()),
    ("McDonald's", ()),
    ("IKEA", ()),
    ("Lego", ()),
    ("Disney", ("Disney", "Pixar", "Marvel")),
    ("Warner Bros", ()),
    ("Ruby on Rails", ("Rails", "Ruby")),
    ("Dota", ()),
    ("Mortal Kombat", ()),
    ("Giant Bomb", ("Giant Bomb", "Bombcast")),
]
CONFIG = parse_config(
    {
        "veille": {"default_channel": "#veille"},
        "brands": [{"name": name, "terms": list(terms)} for name, terms in BRANDS],
    },
    "benchmark.toml",
)
POLL = 20  # items per poll: about one feed's worth


@dataclass
class Run:
    items: int
    new_items: int
    mentions: int
    bot_cpu: float
    server_cpu: float
    wall: float
    tone_calls: int
    tone_cpu: float

    @property
    def cpu(self) -> float:
        return self.bot_cpu + self.server_cpu


class TimedAnalyzer:
    """The analyzer, counting its calls and the CPU time they take."""

    def __init__(self, inner: ToneAnalyzer) -> None:
        self.inner = inner
        self.calls = 0
        self.cpu = 0.0

    def analyze(self, text: str, declared_language: str | None = None, names: Collection[str] = ()) -> Tone:
        start = time.process_time()
        try:
            return self.inner.analyze(text, declared_language, names)
        finally:
            self.calls += 1
            self.cpu += time.process_time() - start


def parse_all(files: list[Path]) -> tuple[list[Item], float]:
    items: list[Item] = []
    start = time.process_time()
    for path in files:
        with contextlib.suppress(FetchError):
            items.extend(parse_feed(path.read_bytes(), path.name))
    return items, time.process_time() - start


def corpus(repeat: int) -> tuple[list[Item], list[Path]]:
    """The shared feeds' items, `repeat` times, each copy with its own GUIDs and URLs."""
    files = feed_files()
    items, _ = parse_all(files)
    copies = [
        replace(i, guid=f"{n}-{i.guid}", url=f"{i.url}?copy={n}" if i.url else None)
        for n in range(repeat)
        for i in items
    ]
    return copies, files


@contextlib.contextmanager
def server_backends(store: Store) -> Iterator[set[int]]:
    """The process ids of the PostgreSQL backends serving `store`'s connections."""
    pids: set[int] = set()

    def remember(dbapi_connection: Any, _record: Any) -> None:
        with dbapi_connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pids.add(int(cursor.fetchone()[0]))

    if store.backend == "postgresql":
        event.listen(store.engine, "connect", remember)
    yield pids


def measure(items: list[Item], url: str) -> Run:
    store = Store(url)
    analyzer = TimedAnalyzer(ToneChecker())
    with server_backends(store) as backends:
        store.create_schema()
        pipeline = Pipeline(CONFIG, store, analyzer)
        # Connections open and the analyzer's models loaded, as in a running bot.
        pipeline.process([])
        analyzer.analyze("Warm up: Google is great", "en", {"Google"})
        # A text of no declared language whose function words leave a doubt loads the language
        # model, once per process: a running bot has it from its first such text on.
        analyzer.analyze("Google the service client is great mais le prix est cher", None, {"Google"})
        analyzer.calls, analyzer.cpu = 0, 0.0
        server_start = {pid: cpu_seconds_of(pid) for pid in backends}
        wall, cpu = time.perf_counter(), time.process_time()
        mentions = new = 0
        for offset in range(0, len(items), POLL):
            report = pipeline.process(items[offset : offset + POLL])
            mentions += report.mentions
            new += report.new_items
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        server = sum(cpu_seconds_of(pid) - server_start.get(pid, 0.0) for pid in backends)
    store.close()
    return Run(len(items), new, mentions, cpu, server, wall, analyzer.calls, analyzer.cpu)


@contextlib.contextmanager
def database(backend: str, folder: str) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite:///{folder}/{uuid.uuid4().hex[:8]}.db"
        return
    admin = os.environ["VEILLE_TEST_POSTGRES_URL"].replace("postgresql+psycopg://", "postgresql://")
    name = f"veille_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield admin.rpartition("/")[0].replace("postgresql://", "postgresql+psycopg://") + f"/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def backends() -> list[str]:
    return ["sqlite", "postgresql"] if os.environ.get("VEILLE_TEST_POSTGRES_URL") else ["sqlite"]


def run_here(repeat: int) -> dict[str, Run]:
    items, _ = corpus(repeat)
    runs: dict[str, Run] = {}
    with tempfile.TemporaryDirectory() as folder:
        for backend in backends():
            with database(backend, folder) as url:
                runs[backend] = measure(items, url)
    return runs


def run_before(path: Path, repeat: int) -> dict[str, Run]:
    """The same measure, in a subprocess importing the package from `path` first."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(path), str(REPO)]))
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.pipeline", "--repeat", str(repeat), "--json"],
        check=True,
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
    ).stdout
    return {backend: Run(**fields) for backend, fields in json.loads(out).items()}


def best(kept: dict[str, Run], new: dict[str, Run]) -> dict[str, Run]:
    return {
        name: min((r for r in (kept.get(name), run) if r), key=lambda r: r.cpu) for name, run in new.items()
    }


def row(label: str, run: Run) -> str:
    return (
        f"{label:<22} {run.items:>6} {run.mentions:>8} {run.bot_cpu:>8.2f} {run.server_cpu:>8.2f}"
        f" {run.items / run.cpu:>10,.0f} {run.mentions / run.cpu:>10,.0f}"
        f" {run.tone_calls:>6} {run.tone_cpu:>7.2f} {run.wall:>7.2f}"
    )


def stages(items: list[Item]) -> None:
    """CPU per stage outside the store: keys, matching, tone (one call per matched item)."""
    start = time.process_time()
    for item in items:
        item_keys(item)
    t_keys = time.process_time() - start
    matcher = Matcher(rules_from_config(CONFIG))
    start = time.process_time()
    matched = [(i, m) for i in items if (m := matcher.match(i))]
    t_match = time.process_time() - start
    analyzer = TimedAnalyzer(ToneChecker())
    for item, found in matched:
        analyzer.analyze(f"{item.title}. {item.text[:1200]}", item.language, {m.brand for m in found})
    print(f"  keys  {len(items) / t_keys:>10,.0f} items/CPU-s")
    print(f"  match {len(items) / t_match:>10,.0f} items/CPU-s ({len(matched)} matched)")
    print(f"  tone  {analyzer.calls / analyzer.cpu:>10,.0f} texts/CPU-s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--repeat", type=int, default=3, help="copies of the corpus, each with fresh GUIDs/URLs"
    )
    parser.add_argument("--before", metavar="REV", help="also measure the package at this git revision")
    parser.add_argument("--rounds", type=int, default=1, help="measure each this many times, keep the best")
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)  # for --before
    args = parser.parse_args()
    if args.json:
        print(json.dumps({backend: asdict(run) for backend, run in run_here(args.repeat).items()}))
        return
    items, files = corpus(1)
    _, t_parse = parse_all(files)
    start = time.process_time()
    for path in files:
        feedparser.parse(path.read_bytes())
    t_feedparser = time.process_time() - start
    print(f"shared feeds: {len(files)} files, {len(items)} items, {len(CONFIG.brands)} brands")
    print(f"parse: {t_parse:.2f} CPU-s; feedparser alone {t_feedparser:.2f} CPU-s")
    stages(items)
    before: dict[str, Run] = {}
    after: dict[str, Run] = {}
    with contextlib.ExitStack() as stack:
        package = stack.enter_context(revision(args.before)) if args.before else None
        # alternated, the least CPU of each kept: a busy machine adds, never takes
        for _ in range(args.rounds):
            if package:
                before = best(before, run_before(package, args.repeat))
            after = best(after, run_here(args.repeat))
    print(
        f"\nwhole pipeline, {args.repeat}× the corpus, polls of {POLL} items, best of {args.rounds};"
        " CPU = this process + the PostgreSQL backends serving it"
    )
    print(
        f"{'':<22} {'items':>6} {'mentions':>8} {'bot CPU':>8} {'db CPU':>8}"
        f" {'items/CPU-s':>10} {'ment/CPU-s':>10} {'tones':>6} {'tone s':>7} {'wall s':>7}"
    )
    for backend, run in after.items():
        if backend in before:
            print(row(f"{backend} {args.before}", before[backend]))
        print(row(f"{backend} now", run))


if __name__ == "__main__":
    main()
