"""`/veille search` over a million mentions: p50, p95 and max per back end and per query.

The store is built once, in bulk, and kept in a cache folder (benchmarks.bigstore). Each query of
the mix is typed as after `/veille search` (the default `since:30d` applies, as in Slack), run once
to warm the caches, then `--repeat` times; each run's wall time, the CPU time of this process and,
on PostgreSQL, of the server process answering it are recorded.

`--before REV` (default HEAD) runs the same mix with the search of that git revision (a `git
worktree` under /tmp, in a subprocess) against a store at the schema revision that code knows,
side by side. The previous code took up to 15 s a query on PostgreSQL at a million rows, so its
store has `--before-rows` items (200,000 by default; say 1000000 to compare like for like).

Run: .venv/bin/python -m benchmarks.search [--backends sqlite postgresql] [--repeat 5]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text

from benchmarks.bigstore import label, million_store
from benchmarks.common import REPO, cpu_seconds_of, revision
from veille.search.history import search_history
from veille.search.request import parse_search
from veille.store import Store, items, migrate

QUERIES = (
    "panne",
    "outage",
    "google",
    "the",
    "le",
    "orange",
    "réseau",
    '"service client"',
    '"customer service"',
    "service client",
    "veill*",
    "secur*",
    "google tone:pos since:90d",
    "the since:7d",
    "panne source:rss",
    "le source:reddit",
    "brand:orange",
    "google brand:free",
    "the brand:mirakl since:365d",
    "amende tone:neg",
    "panne OR coupure",
    "orange -mécanique",
    "service -client",
    "-the",
)


def run_mix(url: str, repeat: int, queries: tuple[str, ...] = QUERIES) -> dict[str, Any]:
    """Each query's runs: wall, this process's CPU and the database server's CPU, in seconds."""
    store = Store(url)
    with store.engine.connect() as conn:
        now = conn.scalar(select(func.max(items.c.fetched_at))) or datetime.now(UTC)
        server = (
            int(conn.scalar(text("SELECT pg_backend_pid()")) or 0) if store.backend == "postgresql" else 0
        )
    measured: dict[str, Any] = {}
    for query in queries:
        request = parse_search(query, "en")
        runs = []
        for attempt in range(repeat + 1):
            began, cpu, server_cpu = time.perf_counter(), time.process_time(), cpu_seconds_of(server)
            page = search_history(
                store,
                request.query,
                since=now - request.since,
                tone=request.tone,
                source=request.source,
                brand=request.brand,
                limit=10,
            )
            if attempt:  # the first run warms the caches
                runs.append(
                    (
                        time.perf_counter() - began,
                        time.process_time() - cpu,
                        cpu_seconds_of(server) - server_cpu if server else 0.0,
                    )
                )
        shown = f"{'>' if getattr(page, 'at_least', False) else ''}{page.total}"
        measured[query] = {"runs": runs, "total": shown}
    store.close()
    return measured


def _before(path: Path, backend: str, rows: int, repeat: int) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": f"{path}:{REPO}"}
    code = "from veille.store import migrate; print(migrate.head())"
    revision = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout.strip()
    url = million_store(backend, rows, revision)
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.search", "--worker", url, "--repeat", str(repeat)],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    return dict(json.loads(done.stdout.splitlines()[-1]))


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f}"


def _percentiles(walls: list[float]) -> tuple[float, float, float]:
    ordered = sorted(walls)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95, ordered[-1]


def report(
    backend: str, now: dict[str, Any], before: dict[str, Any] | None, rows: int, before_rows: int
) -> None:
    head = f"{backend}, {label(rows)} items now"
    if before is not None:
        head += f", {label(before_rows)} items before"
    print(f"\n== {head} (milliseconds; wall on a shared 2-core machine, CPU = this process + server)")
    print(f"{'query':32} {'before p50':>10} {'now p50':>10} {'now max':>10} {'now CPU':>10}  results (now)")
    for query, found in now.items():
        walls = [r[0] for r in found["runs"]]
        cpus = [r[1] + r[2] for r in found["runs"]]
        was = _ms(statistics.median(r[0] for r in before[query]["runs"])) if before else "       -"
        print(
            f"{query[:32]:32} {was:>10} {_ms(statistics.median(walls)):>10} {_ms(max(walls)):>10}"
            f" {_ms(statistics.median(cpus)):>10}  {found['total']}"
        )
    for name, measured in (("before", before), ("now", now)):
        if measured is None:
            continue
        walls = [r[0] for found in measured.values() for r in found["runs"]]
        cpus = [r[1] + r[2] for found in measured.values() for r in found["runs"]]
        p50, p95, top = _percentiles(walls)
        cpu50, cpu95, _ = _percentiles(cpus)
        walled = f"wall p50 {_ms(p50)} p95 {_ms(p95)} max {_ms(top)}"
        print(f"{name:>6}: {walled} | CPU p50 {_ms(cpu50)} p95 {_ms(cpu95)}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--before", default="HEAD", help="git revision to compare with ('' for none)")
    parser.add_argument("--before-rows", type=int, default=200_000)
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(run_mix(args.worker, args.repeat)))
        return
    print(f"schema revision {migrate.head()}; {len(QUERIES)} queries × {args.repeat} runs after a warm-up")
    with contextlib.ExitStack() as stack:
        path = stack.enter_context(revision(args.before)) if args.before else None
        for backend in args.backends:
            if backend == "postgresql" and not os.environ.get("VEILLE_TEST_POSTGRES_URL"):
                print("postgresql skipped: set VEILLE_TEST_POSTGRES_URL")
                continue
            now = run_mix(million_store(backend, args.rows), args.repeat)
            before = _before(path, backend, args.before_rows, args.repeat) if path else None
            report(backend, now, before, args.rows, args.before_rows)


if __name__ == "__main__":
    main()
