"""One poll cycle over a local feed farm: Veille's real scheduler, poller, pipeline and store, and
lemon24/reader's `update_feeds(workers=32)` on the same farm in the same run when it is installed
(`pip install -e '.[bench]'`).

The farm is served by a separate process (asyncio, HTTP/1.1 keep-alive) on many addresses of the
loopback network, 127.0.0.2 … 127.0.0.251, one per host, so that Veille's per-host politeness
applies per host. Every request is answered after `--latency` (100 ms). Each feed holds 20 items;
about one in ten names one of the configured brands.

Each contestant runs in a process of its own, so the figures printed are its own: the cycle's wall
time, the CPU time of the process (all threads), and its peak RSS. The machine has 2 cores and is
often shared: read CPU time before wall time. Cases:

- 1,000 feeds from 50 hosts (the default politeness is enough);
- 1,000 feeds from one host, given a higher rate by a `[[hosts]]` table;
- with `--large`, 5,000 feeds from 250 hosts.

`--before REV` also runs the code of git revision REV (checked out with `git worktree` under /tmp,
put first on the contestant's PYTHONPATH as `veille`) on the same farm; a revision older than
`[[hosts]]` and `fetches_in_flight` runs with the fetcher's defaults of its day (its wall time is
then not comparable, its CPU time is). SQLite by default, and
PostgreSQL too when VEILLE_TEST_POSTGRES_URL is set (its server's own CPU is not counted).
`--cycles N` polls every feed N times in a row on one store, each time two items newer (the
steady state: a few new items among many known); the later cycles are printed after "then".
Run: .venv/bin/python -m benchmarks.poll_cycle [--before HEAD] [--large] [--only 50] [--cycles 2]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from html import escape
from inspect import signature
from pathlib import Path
from typing import Any

from sqlalchemy import update

from benchmarks.common import REPO, postgres_if_configured, revision, serving
from veille.cli.main import few_heaps
from veille.config import load_config
from veille.pipeline.poller import Poller, PollScheduler, ScheduledSource
from veille.pipeline.steps import Pipeline
from veille.sources.http import HttpFetcher
from veille.sources.registry import build_source
from veille.store import Store
from veille.store.schema import source_state
from veille.tone.checker import analyzer_for

ITEMS_PER_FEED = 20
NEW_ITEMS = 2  # new items in a feed from one cycle to the next
BRANDS = [
    "Viadeo",
    "Qonto",
    "Alan",
    "Doctolib",
    "Back Market",
    "Mirakl",
    "Swile",
    "Lydia",
    "Ledger",
    "Pennylane",
]
WORDS = (  # noqa: SIM905
    "le service client a répondu vite mais la livraison était en retard et le produit "
    "the new release ships faster builds better docs and a cleaner api for teams who "
    "deploy every day while the support queue keeps growing after the outage last week "
    "une équipe produit annonce une levée de fonds pour recruter des ingénieurs à Paris "
    "great awful slow reliable broken helpful expensive cheap amazing disappointing"
).split()


# -- the farm ---------------------------------------------------------------------------------


def html_of(text: str, link: str) -> str:
    return f'<p>{text}</p><p><a href="{link}">read more</a></p>'


def feed_body(index: int, base: str, generation: int = 0) -> bytes:
    """Feed `index`: 20 items, deterministic, about one item in ten naming a brand. Items link to
    public names, as real feeds do: feedparser-rs blanks links to loopback addresses, which sends
    such a feed to feedparser. Each `generation` (the feed asked once more) brings NEW_ITEMS new
    items on top, the oldest ones leaving, as a blog's feed does between two polls."""
    now = datetime.now(UTC)
    items = []
    newest = generation * NEW_ITEMS + ITEMS_PER_FEED - 1
    for number in range(newest, newest - ITEMS_PER_FEED, -1):
        rng = random.Random(index * 100_003 + number)
        words = [rng.choice(WORDS) for _ in range(rng.randint(40, 90))]
        if rng.random() < 0.1:
            words.insert(rng.randrange(len(words)), rng.choice(BRANDS))
        title = " ".join(words[:8]).capitalize()
        text = " ".join(words)
        link = f"https://blog{index % 97}.example.com/{index}/post-{number}"
        items.append(
            f"<item><title>{escape(title)}</title><link>{link}</link><guid>{link}</guid>"
            f"<pubDate>{format_datetime(now - timedelta(minutes=(newest - number) * 7))}</pubDate>"
            f"<description>{escape(html_of(text, link))}</description>"
            "</item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Feed {index}</title><link>{base}/</link><description>farm feed</description>"
        + "".join(items)
        + "</channel></rss>"
    ).encode()


def serve_farm(addresses: list[str], port: int, latency: float, ready: Any) -> None:
    """The farm's process: every address answers `/feed/N.xml` after `latency` seconds, a newer
    generation of the feed each time it is asked again (with an ETag of its own)."""
    bodies: dict[tuple[str, int, int], bytes] = {}
    asked: dict[tuple[str, int], int] = {}

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        host = writer.get_extra_info("sockname")[0]
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                path = head.split(b" ", 2)[1].decode()
                await asyncio.sleep(latency)
                name = path.rsplit("/", 1)[-1]
                if path.startswith("/feed/") and name.endswith(".xml") and name[:-4].isdigit():
                    index = int(name[:-4])
                    generation = asked[(host, index)] = asked.get((host, index), -1) + 1
                    body = bodies.get((host, index, generation))
                    if body is None:
                        body = bodies[(host, index, generation)] = feed_body(
                            index, f"http://{host}:{port}", generation
                        )
                    status = b"200 OK"
                    etag = f'"{index}-{generation}"'
                    extra = f"Content-Type: application/rss+xml\r\nETag: {etag}\r\n".encode()
                else:
                    body, status, extra = b"not found", b"404 Not Found", b""
                writer.write(
                    b"HTTP/1.1 "
                    + status
                    + b"\r\n"
                    + extra
                    + f"Content-Length: {len(body)}\r\n\r\n".encode()
                    + body
                )
                await writer.drain()
                if b"connection: close" in head.lower():
                    break
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError, IndexError):
            pass
        finally:
            writer.close()

    async def main() -> None:
        servers = [await asyncio.start_server(handle, address, port, backlog=1024) for address in addresses]
        ready.send("ready")
        await asyncio.gather(*(server.serve_forever() for server in servers))

    asyncio.run(main())


@contextlib.contextmanager
def farm(addresses: list[str], latency: float) -> Iterator[int]:
    probe = socket.socket()
    probe.bind((addresses[0], 0))
    port = probe.getsockname()[1]
    probe.close()
    with serving(serve_farm, addresses, port, latency, name="the feed farm"):
        yield port


def host_addresses(count: int) -> list[str]:
    if not 1 <= count <= 250:
        raise SystemExit("between 1 and 250 hosts")
    return [f"127.0.0.{2 + i}" for i in range(count)]


def feed_urls(feeds: int, addresses: list[str], port: int) -> list[str]:
    return [f"http://{addresses[i % len(addresses)]}:{port}/feed/{i}.xml" for i in range(feeds)]


# -- the contestants, each in a process of its own ---------------------------------------------


@dataclass(frozen=True)
class Case:
    name: str
    feeds: int
    hosts: int
    host_rate: float | None = None  # a [[hosts]] table for each host, at this rate and burst
    in_flight: int | None = None  # [veille] fetches_in_flight (None: the default)


def toml_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def veille_config(urls: list[str], database: str, case: Case, legacy: bool) -> str:
    lines = [
        "[veille]",
        'language = "en"',
        f"database = {toml_string(database)}",
        'default_channel = "#veille"',
        'poll_interval = "1h"',
        'jitter = "0s"',
        'backlog = "all"',
        'allow_private_addresses = ["127.0.0.0/8"]',
        "health_port = 0",
    ]
    if case.in_flight is not None and not legacy:
        lines.append(f"fetches_in_flight = {case.in_flight}")
    for brand in BRANDS:
        lines += ["[[brands]]", f"name = {toml_string(brand)}"]
    if case.host_rate is not None and not legacy:
        for address in host_addresses(case.hosts):
            lines += [
                "[[hosts]]",
                f'name = "{address}"',
                f"rate = {case.host_rate:g}",
                f"burst = {case.host_rate:g}",
            ]
    for url in urls:
        lines += ["[[sources]]", 'type = "rss"', f"url = {toml_string(url)}"]
    return "\n".join(lines) + "\n"


def usage() -> tuple[float, float]:
    """CPU seconds of this process (all threads) and its peak RSS in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime, own.ru_maxrss / 1024


def run_veille(
    urls: list[str], database: str, case: Case, legacy: bool, folder: Path, cycles: int
) -> dict[str, Any]:
    if not legacy:
        few_heaps()  # as `veille run` does before its threads start
    path = folder / "config.toml"
    path.write_text(veille_config(urls, database, case, legacy), encoding="utf-8")
    loaded = load_config(path)
    store = Store(loaded.database_url())
    store.create_schema()
    pipeline = Pipeline(loaded.config, store, analyzer_for(loaded.config.tone), datetime.now(UTC))
    rounds = []
    for _ in range(cycles):
        rounds.append(veille_cycle(loaded, store, pipeline, legacy))
        with store.engine.begin() as conn:  # the interval is over: every lease has run out
            conn.execute(update(source_state).values(lease_owner=None, lease_until=None))
    states = store.all_source_states()
    return {
        "cycles": rounds,
        "rss": usage()[1],
        "ok": sum(1 for s in states if s.last_success_at is not None),
        "items": sum(s.items_seen for s in states),
        "deferred": sum(1 for s in states if s.last_success_at is None and s.next_attempt_at is not None),
    }


def veille_cycle(loaded: Any, store: Store, pipeline: Pipeline, legacy: bool) -> tuple[float, float]:
    """One poll of every source by Veille's own scheduler: its wall and CPU seconds."""
    config = loaded.config
    done = threading.Semaphore(0)

    class CountedPoller(Poller):
        def poll(self, *args: Any, **kwargs: Any) -> Any:
            try:
                return super().poll(*args, **kwargs)
            finally:
                done.release()

    poller = CountedPoller(store, pipeline)
    if legacy:
        fetcher = HttpFetcher(addresses=config.veille.address_policy())
        options: dict[str, Any] = {}
    else:
        fetcher = HttpFetcher(
            addresses=config.veille.address_policy(),
            host_rates=config.host_rates(),
            in_flight=config.fetches_in_flight,
        )
        options = {"workers": config.fetches_in_flight}
    sources = [
        ScheduledSource(build_source(s, loaded, fetcher), config.source_interval(s), config.source_backlog(s))
        for s in config.sources
    ]
    scheduler = PollScheduler(poller, sources, config.veille.jitter, **options)
    cpu_before, _ = usage()
    started = time.perf_counter()
    scheduler.start()
    for _ in sources:
        done.acquire()
    wall = time.perf_counter() - started
    cpu_after, _ = usage()
    scheduler.stop(timeout=5)
    fetcher.close()
    return wall, cpu_after - cpu_before


def run_reader(urls: list[str], folder: Path, cycles: int) -> dict[str, Any]:
    from reader import make_reader  # optional: the bench extra

    reader = make_reader(str(folder / "reader.sqlite"))
    for url in urls:
        reader.add_feed(url)
    rounds = []
    for cycle in range(cycles):
        cpu_before, _ = usage()
        started = time.perf_counter()
        reader.update_feeds(workers=32, scheduled=cycle == 0)  # later: as if the interval were over
        rounds.append((time.perf_counter() - started, usage()[0] - cpu_before))
    counts = reader.get_entry_counts()
    failed = sum(1 for feed in reader.get_feeds() if feed.last_exception is not None)
    reader.close()
    return {"cycles": rounds, "rss": usage()[1], "ok": len(urls) - failed, "items": counts.total}


def worker(args: argparse.Namespace) -> None:
    """The contestant's process: prints its figures as one JSON line."""
    urls = Path(args.urls).read_text(encoding="utf-8").split()
    case = Case(args.case, len(urls), args.hosts, args.host_rate, args.in_flight)
    folder = Path(tempfile.mkdtemp(prefix="veille-cycle-"))
    try:
        if args.worker == "reader":
            result = run_reader(urls, folder, args.cycles)
        else:
            database = args.database or str(folder / "veille.db")
            legacy = args.worker == "legacy" and "host_rates" not in signature(HttpFetcher).parameters
            result = run_veille(urls, database, case, legacy, folder, args.cycles)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(json.dumps(result))


# -- the run -----------------------------------------------------------------------------------


def reader_installed() -> bool:
    try:
        import reader  # noqa: F401
    except ImportError:
        return False
    return True


def contest(
    kind: str,
    urls_file: Path,
    case: Case,
    cycles: int,
    path: Path | None = None,
    database: str | None = None,
) -> str:
    command = [sys.executable, "-m", "benchmarks.poll_cycle", "--worker", kind, "--urls", str(urls_file)]
    command += ["--case", case.name, "--hosts", str(case.hosts), "--cycles", str(cycles)]
    if case.host_rate is not None:
        command += ["--host-rate", str(case.host_rate)]
    if case.in_flight is not None:
        command += ["--in-flight", str(case.in_flight)]
    if database:
        command += ["--database", database]
    env = dict(os.environ)
    if path is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(path), str(REPO)])
    done = subprocess.run(command, env=env, cwd=REPO, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        return f"failed: {done.stderr.strip().splitlines()[-1] if done.stderr.strip() else done.returncode}"
    result = json.loads(done.stdout.strip().splitlines()[-1])
    (wall, cpu), later = result["cycles"][0], result["cycles"][1:]
    line = f"wall {wall:6.2f} s  CPU {cpu:6.2f} s"
    if later:
        line += "  then " + ", ".join(f"{w:.2f} s (CPU {c:.2f})" for w, c in later)
    line += f"  peak RSS {result['rss']:5.0f} MB  feeds ok {result['ok']:>5}/{case.feeds}"
    line += f"  items {result['items']:>6}"
    if result.get("deferred"):
        line += f"  deferred {result['deferred']}"
    return line


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", metavar="REV", help="also run git revision REV (e.g. HEAD)")
    parser.add_argument("--large", action="store_true", help="also 5,000 feeds from 250 hosts")
    parser.add_argument("--only", type=int, metavar="HOSTS", help="only the case with this many hosts")
    parser.add_argument("--latency", type=float, default=0.1, help="seconds before each answer (0.1)")
    parser.add_argument("--no-reader", action="store_true", help="do not run reader even if installed")
    parser.add_argument(
        "--cycles",
        type=int,
        default=1,
        help=f"cycles in a row on one store, each feed {NEW_ITEMS} items newer than the last (1)",
    )
    parser.add_argument(
        "--in-flight", type=int, help="[veille] fetches_in_flight (default: sized to the feeds)"
    )
    parser.add_argument("--worker", choices=["veille", "legacy", "reader"], help=argparse.SUPPRESS)
    parser.add_argument("--urls", help=argparse.SUPPRESS)
    parser.add_argument("--case", default="", help=argparse.SUPPRESS)
    parser.add_argument("--hosts", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--host-rate", type=float, help=argparse.SUPPRESS)
    parser.add_argument("--database", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args)
        return
    cases = [
        Case("1,000 feeds / 50 hosts", 1000, 50),
        Case("1,000 feeds / 1 host, [[hosts]] rate 1000", 1000, 1, 1000),
    ]
    if args.large:
        cases.append(Case("5,000 feeds / 250 hosts", 5000, 250))
    if args.only:
        cases = [case for case in cases if case.hosts == args.only]
    cases = [replace(case, in_flight=args.in_flight) for case in cases]
    with_reader = reader_installed() and not args.no_reader
    if not with_reader and not args.no_reader:
        print("reader is not installed (pip install -e '.[bench]'): Veille alone")
    print(
        f"latency {args.latency * 1000:.0f} ms per request; {os.cpu_count()} CPU(s),"
        f" load {os.getloadavg()[0]:.1f}"
    )
    with contextlib.ExitStack() as stack:
        before = stack.enter_context(revision(args.before)) if args.before else None
        postgres = stack.enter_context(postgres_if_configured())
        for case in cases:
            addresses = host_addresses(case.hosts)
            with farm(addresses, args.latency) as port, tempfile.TemporaryDirectory() as folder:
                urls_file = Path(folder) / "urls.txt"
                urls_file.write_text("\n".join(feed_urls(case.feeds, addresses, port)), encoding="utf-8")
                print(f"\n{case.name}")
                backends = [("SQLite", None)] + ([("PostgreSQL", postgres)] if postgres else [])
                for label, database in backends:
                    if database:
                        reset_postgres(database)
                    result = contest("veille", urls_file, case, args.cycles, database=database)
                    print(f"  Veille, {label:<10}  {result}")
                    if before is not None:
                        if database:
                            reset_postgres(database)
                        result = contest("legacy", urls_file, case, args.cycles, before, database)
                        print(f"  before ({args.before}), {label:<10}  {result}")
                if with_reader:
                    print(f"  reader, workers=32   {contest('reader', urls_file, case, args.cycles)}")


def reset_postgres(url: str) -> None:
    import psycopg  # only with PostgreSQL

    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as conn:
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")


if __name__ == "__main__":
    main()
