"""How fast Slack's requests are acked, and whether every one is, while searches run over a big store.

Starts the real app in HTTP mode, in a subprocess, on a copy of the million-mention store of
`benchmarks.bigstore` (SQLite; on PostgreSQL the cached database itself), with the fake Slack Web
API of tests/fakes answering its calls and collecting what it posts to the response_urls. Then
keeps `--slow` searches in flight, signed (common words, phrases, filters; each "person" searches
again as soon as their answer is in), while four senders send `--cheap` cheap commands in all
(help, brands, mutes), one every 0.25 s each. Prints, for each code: ack latency p50/p99/max
(wall clock, from the request sent to its HTTP status), how many requests were answered 200, how
many got their answer (or "busy") on the response_url, the server's CPU seconds and the
machine's load average (the figures are wall clock: read them against it).

`--before REV` runs the same on that revision too (a `git worktree` in /tmp, its store built at
its own schema revision), side by side.

Run: .venv/bin/python -m benchmarks.acks [--before HEAD] [--backend sqlite] [--rows 1000000]
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from benchmarks.bigstore import million_store
from benchmarks.common import REPO, revision
from tests.conftest import SIGNING_SECRET
from tests.fakes.feeds import FeedServer, rss
from tests.fakes.slack import BOT_TOKEN, FakeSlack
from tests.fakes.slack_requests import signature, slash_command

SLOW_QUERIES = (
    "search the",
    "search le",
    "search google tone:pos since:90d",
    'search "service client"',
    "search servi*",
    "search customer service since:30d",
    "search la since:365d",
    "search data brand:Google",
)
CHEAP = ("help", "brands", "mutes")
SENDERS = 4
PACE = 0.25  # seconds between two cheap commands of one sender: 16 a second in all
ANSWER_WITHIN = 60.0  # seconds a person waits for an answer before giving up on it
RETRY_AFTER = 5.0  # seconds before a person whose request failed sends it again
CLIENT_TIMEOUT = 5.0  # Slack itself gives up after 3 s
BRANDS = ("Google", "Orange", "Apple", "Amazon", "Tesla")

SERVE = """
import sys
from pathlib import Path
from veille.app import Veille
from veille.config import Secrets, load_config

config, slack_url, token, secret = sys.argv[1:5]
veille = Veille(load_config(Path(config)), Secrets(token, None, secret, slack_url), http_port=0)
veille.start()
print(veille.http_port, flush=True)
sys.stdin.read()
veille.stop()
veille.leave()
"""


@dataclass
class Sent:
    path: str  # of its response_url
    slow: bool
    latency: float | None = None  # seconds to the HTTP status; None when it never came
    status: int | None = None


@dataclass
class Run:
    label: str
    sent: list[Sent] = field(default_factory=list)
    answered: int = 0  # requests whose answer (or "busy") reached the response_url
    busy: int = 0
    cpu: float = 0.0
    seconds: float = 0.0
    load: float = 0.0  # the machine's 1-minute load average at the end of the run


def head_revision(pythonpath: str) -> str:
    code = "from veille.store import migrate; print(migrate.head())"
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "PYTHONPATH": pythonpath},
        capture_output=True,
        text=True,
    )
    return done.stdout.strip()


def store_copy(backend: str, rows: int, revision: str, folder: Path) -> str:
    url = million_store(backend, rows, revision)
    if backend != "sqlite":
        return url  # a copy of a PostgreSQL database costs more than the few rows the run writes
    source = Path(url.removeprefix("sqlite:///"))
    target = folder / "veille.db"
    shutil.copyfile(source, target)
    return f"sqlite:///{target}"


def write_config(folder: Path, database: str, feed_url: str) -> Path:
    lines = [
        "[veille]",
        'language = "fr"',
        f'database = "{database}"',
        'default_channel = "#veille"',
        'allow_private_addresses = ["127.0.0.1"]',
        "health_port = 0",
        "[reports]",
        "daily = []",
        'weekly = ""',
        "[spikes]",
        "enabled = false",
    ]
    for brand in BRANDS:
        lines += ["[[brands]]", f'name = "{brand}"']
    lines += ["[[sources]]", 'type = "rss"', f'url = "{feed_url}"', 'interval = "1h"']
    path = folder / "config.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def post(client: httpx.Client, url: str, body: str) -> tuple[float | None, int | None]:
    stamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": signature(SIGNING_SECRET, stamp, body),
    }
    started = time.perf_counter()
    try:
        status = client.post(url, content=body.encode(), headers=headers, timeout=CLIENT_TIMEOUT).status_code
    except httpx.HTTPError:
        return None, None
    return time.perf_counter() - started, status


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(label: str, pythonpath: str, backend: str, rows: int, slow_count: int, cheap_count: int) -> Run:
    run = Run(label)
    slack = FakeSlack(enforce_pace=False).start()
    feeds = FeedServer().start()
    feeds.set("/feed.xml", rss([]))
    with tempfile.TemporaryDirectory(prefix="veille-acks-") as folder:
        revision = head_revision(pythonpath)
        print(f"[{label}] store at schema revision {revision}…", file=sys.stderr, flush=True)
        database = store_copy(backend, rows, revision, Path(folder))
        config = write_config(Path(folder), database, feeds.url("/feed.xml"))
        server = subprocess.Popen(
            [sys.executable, "-c", SERVE, str(config), slack.base_url, BOT_TOKEN, SIGNING_SECRET],
            env={**os.environ, "PYTHONPATH": pythonpath},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert server.stdout is not None
            port = int(server.stdout.readline())
            events = f"http://127.0.0.1:{port}/slack/events"
            ids = itertools.count()

            def send(text: str, slow: bool, client: httpx.Client) -> Sent:
                entry = Sent(f"/response/r{next(ids)}", slow)
                body = slash_command(text, response_url=slack.response_url_base + entry.path[10:])
                entry.latency, entry.status = post(client, events, body)
                run.sent.append(entry)
                return entry

            with httpx.Client() as client:
                send("help", False, client)  # warm up: Bolt, the store's first connection
            slack.wait_for_response(1, timeout=60)
            run.sent.clear()
            enough = threading.Event()
            cheap_sent = itertools.count(1)
            # Clients made beforehand: making one costs the sending process tens of milliseconds.
            clients = [httpx.Client() for _ in range(slow_count + SENDERS)]
            go = threading.Barrier(slow_count + SENDERS)

            def cheap_sender(offset: int) -> None:
                go.wait()
                for n in itertools.count(offset, SENDERS):
                    if enough.wait(PACE):
                        return
                    send(CHEAP[n % len(CHEAP)], False, clients[offset])
                    if next(cheap_sent) >= cheap_count:
                        enough.set()

            def slow_sender(n: int) -> None:
                """One person searching again as soon as the previous answer is in."""
                go.wait()
                for k in itertools.count(n, slow_count):
                    if enough.is_set():
                        return
                    entry = send(SLOW_QUERIES[k % len(SLOW_QUERIES)], True, clients[SENDERS + n])
                    if entry.status == 200:
                        _wait_posted(slack, {entry.path}, ANSWER_WITHIN)
                    else:  # Slack showed them an error: they try again a little later
                        enough.wait(RETRY_AFTER)

            cpu_before = cpu_seconds(server.pid)
            started = time.perf_counter()
            with ThreadPoolExecutor(slow_count + SENDERS) as senders:
                for future in [senders.submit(cheap_sender, k) for k in range(SENDERS)] + [
                    senders.submit(slow_sender, n) for n in range(slow_count)
                ]:
                    future.result()
            _wait_posted(slack, {s.path for s in run.sent if s.status == 200}, ANSWER_WITHIN)
            for each in clients:
                each.close()
            run.seconds = time.perf_counter() - started
            run.cpu = cpu_seconds(server.pid) - cpu_before
            run.load = os.getloadavg()[0]
            sent = {s.path for s in run.sent}
            posted = [r for r in slack.responses if r["path"] in sent]
            run.answered = len({r["path"] for r in posted})
            run.busy = sum(1 for r in posted if "occupée" in str(r.get("text")))
        finally:
            try:
                server.communicate("", timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()  # a code that cannot stop while requests wait: measured all the same
                server.wait()
            slack.stop()
            feeds.stop()
    return run


def _wait_posted(slack: FakeSlack, paths: set[str], timeout: float) -> None:
    """Until an answer was posted to each of these response_urls, or `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not paths <= {str(r["path"]) for r in list(slack.responses)}:
        time.sleep(0.05)


def _ms(values: list[float], q: float) -> str:
    if not values:
        return "—"
    ordered = sorted(values)
    return f"{ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000:.0f}"


def report(runs: list[Run]) -> None:
    rows: list[tuple[str, ...]] = [("", *(r.label for r in runs))]

    def line(name: str, value: Callable[[Run], object]) -> None:
        rows.append((name, *(str(value(r)) for r in runs)))

    def acks(r: Run, slow: bool | None) -> list[float]:
        return [s.latency for s in r.sent if s.latency is not None and (slow is None or s.slow == slow)]

    line(
        "requests sent (slow searches + cheap)",
        lambda r: f"{sum(s.slow for s in r.sent)} + {sum(not s.slow for s in r.sent)}",
    )
    line("ack p50 ms, all", lambda r: _ms(acks(r, None), 0.5))
    line("ack p99 ms, all", lambda r: _ms(acks(r, None), 0.99))
    line("ack max ms, all", lambda r: _ms(acks(r, None), 1.0))
    line("ack p99 ms, cheap commands", lambda r: _ms(acks(r, False), 0.99))
    line("ack p99 ms, searches", lambda r: _ms(acks(r, True), 0.99))
    line("answered 200", lambda r: f"{sum(s.status == 200 for s in r.sent)}/{len(r.sent)}")
    line("answer posted (incl. busy)", lambda r: f"{r.answered}/{len(r.sent)}")
    line("of which 'busy'", lambda r: r.busy)
    line("run wall s", lambda r: f"{r.seconds:.1f}")
    line("server CPU s", lambda r: f"{r.cpu:.1f}")
    line("load average (2 cores)", lambda r: f"{r.load:.1f}")
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--before", help="a git revision to measure side by side (e.g. HEAD)")
    parser.add_argument("--backend", default="sqlite", choices=("sqlite", "postgresql"))
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--slow", type=int, default=20, help="searches in flight at once")
    parser.add_argument("--cheap", type=int, default=200, help="cheap commands sent over the run")
    args = parser.parse_args()
    with contextlib.ExitStack() as stack:
        codes = [("now", str(REPO))]
        if args.before:
            before = stack.enter_context(revision(args.before))
            codes.insert(0, (f"before ({args.before})", f"{before}:{REPO}"))
        runs = [measure(label, path, args.backend, args.rows, args.slow, args.cheap) for label, path in codes]
    print(f"{args.rows:,} mentions, {args.backend}; wall-clock latencies (2 cores shared with other work)")
    report(runs)


if __name__ == "__main__":
    main()
