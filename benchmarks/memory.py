"""Veille's memory: resident set at rest (started, no poll done yet) and at its peak over one cycle
of `--feeds` feeds (default 1,000).

Runs `veille run` in console mode, in a subprocess, on config.example.toml with its sources
replaced by `--feeds` RSS feeds spread over 50 loopback addresses (127.0.0.2 …, one host each, so
the per-host politeness lets a cycle end in seconds). The feed server holds every request at first:
the RSS read from /proc/<pid>/status (VmRSS) a few seconds after the start line is the memory at
rest. It then answers (20 items per feed, one in five naming one of the example's brands, half of
those in words that leave their language to the language model); once every feed was served and
the process is idle again, VmHWM is the peak of the cycle.

`--before REV` runs the code of git revision REV the same way (a `git worktree` under /tmp, first
on PYTHONPATH as `veille`), side by side. Imports at rest: `.venv/bin/python -X importtime -c
"import veille.app"`.
Run: .venv/bin/python -m benchmarks.memory [--before HEAD] [--feeds 1000]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from benchmarks.acks import cpu_seconds
from benchmarks.common import REPO, revision
from tests.fakes.feeds import FeedEntry, rss

HOSTS = 50
ITEMS = 20
SETTLE = 3.0  # seconds after the start line before reading the memory at rest


class Farm:
    """Feeds on HOSTS loopback addresses, held until `release()`, counting what it served."""

    def __init__(self, feeds: int) -> None:
        self.feeds = feeds
        self.released = threading.Event()
        self.served = 0
        self._lock = threading.Lock()
        farm = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                farm.released.wait()
                body = farm.body(int(self.path.strip("/").split(".")[0] or 0)).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                with farm._lock:
                    farm.served += 1

        self.servers = []
        for host in range(HOSTS):
            server = ThreadingHTTPServer((f"127.0.0.{host + 2}", 0), Handler)
            server.daemon_threads = True
            threading.Thread(target=server.serve_forever, args=(0.1,), daemon=True).start()
            self.servers.append(server)

    def urls(self) -> list[str]:
        return [
            f"http://127.0.0.{n % HOSTS + 2}:{self.servers[n % HOSTS].server_port}/{n}.xml"
            for n in range(self.feeds)
        ]

    @staticmethod
    def body(feed: int) -> str:
        now = datetime.now(UTC)
        entries = []
        for n in range(ITEMS):
            brand = {0: "Viadeo", 1: "Netvibes"}.get((feed + n) % 10, "")  # one item in five
            summary = f"Un article du flux {feed} sur le marché de l'emploi. {brand} y est cité, ou pas."
            if brand == "Netvibes":  # no function word to settle its language: the model must judge
                summary = f"{brand} lance un nouveau tableau de bord personnalisable, version {feed}."
            entries.append(
                FeedEntry(
                    f"Article {feed}-{n} {brand}".strip(),
                    summary,
                    f"https://site{feed}.example/{n}",
                    f"{feed}-{n}",
                    published=now - timedelta(minutes=n),
                )
            )
        return rss(entries)

    def close(self) -> None:
        self.released.set()
        for server in self.servers:
            server.shutdown()
            server.server_close()


def config_text(urls: list[str]) -> str:
    example = (REPO / "config.example.toml").read_text(encoding="utf-8")
    head = example.split("# Each [[sources]] table")[0]
    head = head.replace("allow_private_addresses = false", 'allow_private_addresses = ["127.0.0.0/8"]')
    head = head.replace("health_port = 3000", "health_port = 0")
    sources = [f'[[sources]]\ntype = "rss"\nurl = "{url}"\ninterval = "1h"\n' for url in urls]
    return head + "\n" + "\n".join(sources)


def status(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM of a process, in kB."""
    found: dict[str, int] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            found[name] = int(value.split()[0])
    return found


@contextmanager
def running(pythonpath: str, folder: Path) -> Iterator[subprocess.Popen[bytes]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "VEILLE_DATABASE"))}
    env["PYTHONPATH"] = pythonpath
    with (folder / "out.txt").open("wb") as out, (folder / "err.txt").open("wb") as err:
        process = subprocess.Popen(
            [sys.executable, "-m", "veille", "run", "-c", str(folder / "config.toml")],
            cwd=folder,
            env=env,
            stdout=out,
            stderr=err,
        )
        try:
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def measure(label: str, pythonpath: str, feeds: int) -> dict[str, float]:
    farm = Farm(feeds)
    with tempfile.TemporaryDirectory(prefix="veille-memory-") as name:
        folder = Path(name)
        (folder / "config.toml").write_text(config_text(farm.urls()), encoding="utf-8")
        try:
            with running(pythonpath, folder) as process:
                deadline = time.monotonic() + 120
                while not (folder / "out.txt").read_bytes().strip():
                    if process.poll() is not None or time.monotonic() > deadline:
                        log = (folder / "err.txt").read_text()
                        raise SystemExit(f"[{label}] veille did not start:\n{log}")
                    time.sleep(0.05)
                time.sleep(SETTLE)
                rest = status(process.pid)["VmRSS"]
                started = time.monotonic()
                farm.released.set()
                while farm.served < feeds and time.monotonic() - started < 600:
                    time.sleep(0.2)
                served_in = time.monotonic() - started
                before = cpu_seconds(process.pid)
                while True:  # the last items through the pipeline: idle for a second
                    time.sleep(1.0)
                    now = cpu_seconds(process.pid)
                    if now - before < 0.05:
                        break
                    before = now
                peak = status(process.pid)
        finally:
            farm.close()
    print(f"[{label}] served {farm.served} feeds in {served_in:.1f} s", file=sys.stderr)
    return {"rest": rest / 1024, "peak": peak["VmHWM"] / 1024, "after": peak["VmRSS"] / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--before", help="a git revision to measure side by side (e.g. HEAD)")
    parser.add_argument("--feeds", type=int, default=1000)
    args = parser.parse_args()
    runs: list[tuple[str, dict[str, float]]] = []
    if args.before:
        label = f"before ({args.before})"
        with revision(args.before) as before:
            runs.append((label, measure(label, f"{before}:{REPO}", args.feeds)))
    runs.append(("now", measure("now", str(REPO), args.feeds)))
    print(f"veille run, console mode, config.example.toml with {args.feeds} feeds on {HOSTS} hosts (MB)")
    print(f"{'':34}" + "".join(f"{label:>16}" for label, _ in runs))
    names = {"rest": "RSS at rest (before any poll)", "peak": "peak RSS over the cycle", "after": "RSS after"}
    for key, name in names.items():
        print(f"{name:34}" + "".join(f"{found[key]:>16.0f}" for _, found in runs))


if __name__ == "__main__":
    main()
