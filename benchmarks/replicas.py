"""1, 2 and 3 replicas of `veille run` on one PostgreSQL database, on the same local feed farm.

The farm (`--feeds` feeds, 1 s interval, the shortest the config allows) answers every request
with `--items` items never seen before: the figure is how many items per second the replicas
store together, and how many per CPU-second of the bots plus the database's backends (read from
/proc; PostgreSQL on this host). The farm is one host, so it stays under a host's default
politeness (10 requests a second, per replica): every case gets the same load, and the CPU
figures compare. One replica is the baseline; the
gap to it is the cost of sharing (leases, claims, the reports' leader). Each case also checks the
correctness the replicas promise: no item stored twice, no feed asked twice within one interval.

On a machine with two cores, expect little gain from more replicas: the point is correctness and
failover, and the figure shows the overhead. The machine is often shared: read CPU figures first.
Needs VEILLE_TEST_POSTGRES_URL (postgresql://user@host:port/db of a server that may create
databases). Console mode: nothing reaches Slack.
`--before REV` also runs one instance of the code of git revision REV (before replicas: no
leases, no claims' owner) on the same farm, the baseline of the overhead.
Run: .venv/bin/python -m benchmarks.replicas [--feeds 8] [--items 50] [--seconds 20] [--before HEAD]
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg

from benchmarks.common import REPO, cpu_seconds_of, revision, scratch_postgres
from tests.fakes.feeds import FeedEntry, FeedServer, Request, Route, rss
from tests.rigs.bots import stop

INTERVAL = 1.0
LEASE_EARLY = 0.2  # veille.pipeline.poller.LEASE_EARLY: a replica's own poll may come this early
TRANSIT = 0.25


class Farm:
    """Feeds that bring `items` new items at every request, one in five naming the brand."""

    def __init__(self, feeds: int, items: int) -> None:
        self.server = FeedServer().start()
        self.items = items
        self._counts: dict[str, Iterator[int]] = {}
        self._lock = threading.Lock()
        self.paths = [f"/farm/{n}.xml" for n in range(feeds)]
        for path in self.paths:
            self._counts[path] = itertools.count()
            self.server.respond(path, self._answer)

    def _answer(self, request: Request) -> Route:
        path = request.path.split("?")[0]
        with self._lock:
            turn = next(self._counts[path])
        entries = [
            FeedEntry(
                f"{'Viadeo' if k % 5 == 0 else 'Billet'} {path} {turn}-{k}",
                "Un billet comme un autre, avec un peu de texte pour le ton et la recherche.",
                f"https://ex.fr{path}/{turn}/{k}",
                f"{path}-{turn}-{k}",
            )
            for k in range(self.items)
        ]
        return Route(rss(entries).encode())

    def too_soon(self) -> int:
        """Requests that came sooner after the previous one to the same feed than an interval allows."""
        count = 0
        for path in self.paths:
            times = sorted(r.at for r in self.server.requests_to(path))
            count += sum(
                1 for a, b in itertools.pairwise(times) if b - a < INTERVAL * (1 - LEASE_EARLY) - TRANSIT
            )
        return count

    def stop(self) -> None:
        self.server.stop()


def write_config(folder: Path, url: str, farm: Farm) -> Path:
    lines = [
        "[veille]",
        'language = "en"',
        f'database = "{url}"',
        'default_channel = "#veille"',
        'poll_interval = "1s"',
        'jitter = "0s"',
        'backlog = "all"',
        'allow_private_addresses = ["127.0.0.1"]',
        "health_port = 0",
        "[[brands]]",
        'name = "Viadeo"',
        'terms = ["Viadeo"]',
    ]
    for path in farm.paths:
        lines += ["[[sources]]", 'type = "rss"', f'url = "{farm.server.url(path)}"', f'name = "{path}"']
    config = folder / "config.toml"
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return config


def backend_cpu(url: str) -> float:
    """CPU time of the database's backend processes serving `url`'s database (this host only)."""
    admin = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as conn:
        pids = [
            row[0]
            for row in conn.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")
        ]
    return sum(cpu_seconds_of(pid) for pid in pids)


def stored(url: str) -> tuple[int, int]:
    admin = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as conn:
        try:
            count = conn.execute("SELECT count(*) FROM items").fetchone()
            twice = conn.execute(
                "SELECT count(*) FROM (SELECT guid FROM items GROUP BY guid HAVING count(*) > 1) d"
            )
            return int(count[0] if count else 0), int((twice.fetchone() or (0,))[0])
        except psycopg.errors.UndefinedTable:
            return 0, 0


def run_case(
    base: str,
    replicas: int,
    feeds: int,
    items: int,
    seconds: float,
    warmup: float,
    package: Path | None = None,
) -> dict[str, float]:
    farm = Farm(feeds, items)
    env = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
    if package is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(package), str(REPO)])
    with scratch_postgres(base) as url, tempfile.TemporaryDirectory() as tmp:
        config = write_config(Path(tmp), url, farm)
        bots = [
            subprocess.Popen(
                [sys.executable, "-m", "veille", "--config", str(config), "run"],
                cwd=REPO,
                env=env,
                stdout=(Path(tmp) / f"r{n}.out").open("wb"),
                stderr=(Path(tmp) / f"r{n}.log").open("wb"),
            )
            for n in range(replicas)
        ]
        try:
            # Console mode says it started once built (the tone model loaded): then the polls begin.
            outputs = [Path(tmp) / f"r{n}.out" for n in range(replicas)]
            deadline = time.monotonic() + 120
            while not all(out.stat().st_size for out in outputs) and time.monotonic() < deadline:
                time.sleep(0.2)
            time.sleep(warmup)
            items0, _ = stored(url)
            cpu0 = sum(cpu_seconds_of(b.pid) for b in bots) + backend_cpu(url)
            start = time.monotonic()
            time.sleep(seconds)
            items1, twice = stored(url)
            cpu1 = sum(cpu_seconds_of(b.pid) for b in bots) + backend_cpu(url)
            wall = time.monotonic() - start
        finally:
            stop(bots)
            farm.stop()
        new = items1 - items0
        return {
            "items/s": new / wall,
            "items per CPU-s": new / max(1e-9, cpu1 - cpu0),
            "CPU %": 100 * (cpu1 - cpu0) / wall,
            "stored twice": twice,
            "asked too soon": farm.too_soon(),
        }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--feeds", type=int, default=8, help="at most 9: the farm is one host, 10 requests/s")
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20.0, help="the measured window")
    parser.add_argument("--warmup", type=float, default=5.0, help="after start-up: first polls, not measured")
    parser.add_argument("--replicas", default="1,2,3")
    parser.add_argument("--before", help="also run one instance of this git revision")
    args = parser.parse_args()
    base = os.environ.get("VEILLE_TEST_POSTGRES_URL")
    if not base:
        print("skipped: set VEILLE_TEST_POSTGRES_URL to a PostgreSQL server that may create databases")
        return
    print(
        f"{args.feeds} feeds × {args.items} new items per request, {INTERVAL:g} s interval "
        f"(offered: {args.feeds * args.items / INTERVAL:.0f} items/s); {args.seconds:g} s measured after "
        f"{args.warmup:g} s; {os.cpu_count()} cores"
    )
    columns = ("replicas", "items/s", "items/CPU-s", "CPU %", "stored twice", "asked too soon")
    widths = (8, 9, 12, 7, 13, 15)
    print(" ".join(f"{name:>{width}}" for name, width in zip(columns, widths, strict=True)))
    with contextlib.ExitStack() as stack:
        cases: list[tuple[str, int, Path | None]] = []
        if args.before:
            cases.append((args.before[:8], 1, stack.enter_context(revision(args.before))))
        cases += [(str(n), n, None) for n in (int(n) for n in args.replicas.split(","))]
        for label, count, package in cases:
            got = run_case(base, count, args.feeds, args.items, args.seconds, args.warmup, package)
            print(
                f"{label:>8} {got['items/s']:>9.0f} {got['items per CPU-s']:>12.0f} {got['CPU %']:>7.0f}"
                f" {got['stored twice']:>13.0f} {got['asked too soon']:>15.0f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
