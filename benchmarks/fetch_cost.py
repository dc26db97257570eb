"""CPU that one HTTP fetch costs Veille: `HttpFetcher.get` of a ~60 KB feed from a local server.

A separate process (asyncio, HTTP/1.1 keep-alive) serves the same generated RSS body on several
ports of 127.0.0.1, each port a host of its own for the connection pool and the politeness, and
answers every request after `--latency`. A contestant is a process of its own that fetches
`--fetches` URLs spread over the hosts on `--in-flight` threads (as the poller's workers do),
through an `HttpFetcher` whose address policy allows 127.0.0.1 and whose politeness does not make
it wait; it reports the CPU time of the whole process (all threads) per fetch. Plain
`httpx.Client` (no guard, no size cap, default transport) on the same threads is the reference.

`--before REV` also runs the code of git revision REV (checked out with `git worktree` under /tmp,
put first on the contestant's PYTHONPATH as `veille`, the worktree removed at the end); the
contestants take turns in every round, so that all meet the same load on the machine.
Run: PYTHONPATH=. .venv/bin/python -m benchmarks.fetch_cost [--before HEAD] [--rounds 3] [--gzip]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gzip
import itertools
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from benchmarks.common import REPO, revision, serving

VOCABULARY = (
    "veille marque client service panne livraison retard merci excellent produit prix support "
    "brand customer outage delivery refund great awful update release feature bug fix team "
    "nouvelle version application mobile serveur réseau sécurité données confiance avis"
)
WORDS = VOCABULARY.split()


def feed_body(target: int = 60_000, seed: int = 7) -> bytes:
    """An RSS document of about `target` bytes, items of made-up text in French and English."""
    rng = random.Random(seed)
    items: list[str] = []
    size = 0
    n = 0
    while size < target:
        title = " ".join(rng.choice(WORDS) for _ in range(8)).capitalize()
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(60, 200)))
        item = (
            f"<item><title>{title}</title><link>https://blog.example/{n}</link>"
            f"<guid>https://blog.example/{n}</guid><pubDate>Mon, 06 Jan 2025 10:{n % 60:02d}:00 GMT"
            f"</pubDate><description>&lt;p&gt;{text}.&lt;/p&gt;</description></item>"
        )
        items.append(item)
        size += len(item.encode())
        n += 1
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Blog</title>'
        "<link>https://blog.example/</link><description>bench</description>"
        + "".join(items)
        + "</channel></rss>"
    ).encode()


def serve(ports: list[int], latency: float, ready: Any) -> None:
    """The server's process: every port answers any GET with the feed after `latency` seconds."""
    body = feed_body()
    packed = gzip.compress(body, 6)

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = (await reader.readuntil(b"\r\n\r\n")).lower()
                if latency:
                    await asyncio.sleep(latency)
                wants_gzip = b"/gz/" in head and b"gzip" in head.split(b"accept-encoding:", 1)[-1]
                sent, extra = (packed, b"Content-Encoding: gzip\r\n") if wants_gzip else (body, b"")
                writer.write(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n"
                    + extra
                    + f"Content-Length: {len(sent)}\r\n\r\n".encode()
                    + sent
                )
                await writer.drain()
                if b"connection: close" in head:
                    break
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
            pass
        finally:
            writer.close()

    async def main() -> None:
        servers = [await asyncio.start_server(handle, "127.0.0.1", port, backlog=1024) for port in ports]
        ready.send("ready")
        await asyncio.gather(*(server.serve_forever() for server in servers))

    asyncio.run(main())


def free_ports(count: int) -> list[int]:
    probes = []
    for _ in range(count):
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        probes.append(probe)
    ports = [probe.getsockname()[1] for probe in probes]
    for probe in probes:
        probe.close()
    return ports


@contextlib.contextmanager
def server(hosts: int, latency: float) -> Iterator[list[int]]:
    ports = free_ports(hosts)
    with serving(serve, ports, latency, name="the feed server"):
        yield ports


def urls(ports: list[int], count: int, compressed: bool) -> list[str]:
    folder = "gz" if compressed else "feed"
    return [f"http://127.0.0.1:{ports[n % len(ports)]}/{folder}/{n % 97}.xml" for n in range(count)]


def veille_get(in_flight: int) -> tuple[Callable[[str], bytes], Callable[[], None]]:
    from veille.sources.addresses import AddressPolicy
    from veille.sources.http import HttpFetcher
    from veille.sources.polite import HostRate

    fetcher = HttpFetcher(
        addresses=AddressPolicy.allowing(["127.0.0.1"]),
        host_rates={"127.0.0.1": HostRate(1e9, 1e-9)},  # never waits: the CPU is what is measured
        in_flight=in_flight,
    )
    return (lambda url: fetcher.get(url).body), fetcher.close


def httpx_get(in_flight: int) -> tuple[Callable[[str], bytes], Callable[[], None]]:
    import httpx

    client = httpx.Client(
        trust_env=False,
        limits=httpx.Limits(max_connections=100, max_keepalive_connections=max(20, in_flight)),
    )
    return (lambda url: client.get(url).content), client.close


def contestant(task: dict[str, Any]) -> dict[str, Any]:
    """One contestant's run in this process: CPU and wall seconds for all fetches."""
    make = veille_get if task["kind"] == "veille" else httpx_get
    get, close = make(task["in_flight"])
    expected = len(feed_body())
    todo = urls(task["ports"], task["fetches"], task["gzip"])
    for url in todo[: task["in_flight"] * 2]:  # connections opened, code warm
        assert len(get(url)) == expected
    turn = itertools.count()
    wrong: list[str] = []

    def work() -> None:
        while (n := next(turn)) < len(todo):
            if len(get(todo[n])) != expected:
                wrong.append(todo[n])

    threads = [threading.Thread(target=work) for _ in range(task["in_flight"])]
    wall, cpu = time.perf_counter(), time.process_time()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    close()
    if wrong:
        raise SystemExit(f"{len(wrong)} bodies of the wrong size, e.g. {wrong[0]}")
    return {"cpu": cpu, "wall": wall}


class Side:
    def __init__(self, label: str, kind: str, path: Path | None) -> None:
        self.label, self.kind, self.path = label, kind, path
        self.cpu: list[float] = []
        self.wall: list[float] = []

    def run(self, task: dict[str, Any]) -> None:
        paths = [str(self.path)] if self.path else []
        env = dict(os.environ, PYTHONPATH=os.pathsep.join([*paths, str(REPO)]))
        out = subprocess.run(
            [sys.executable, "-m", "benchmarks.fetch_cost", "--contestant", json.dumps(task)],
            env=env,
            cwd=REPO,
            check=True,
            capture_output=True,
            text=True,
        )
        result = json.loads(out.stdout)
        self.cpu.append(result["cpu"])
        self.wall.append(result["wall"])

    def line(self, fetches: int) -> str:
        best, median = min(self.cpu) / fetches * 1e6, statistics.median(self.cpu) / fetches * 1e6
        rounds = ", ".join(f"{cpu / fetches * 1e6:.0f}" for cpu in self.cpu)
        return (
            f"  {self.label:16s} {best:7.0f} µs CPU/fetch (best; median {median:.0f}; rounds {rounds})"
            f"  wall {min(self.wall):.1f} s"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description="CPU per HTTP fetch through HttpFetcher")
    parser.add_argument("--fetches", type=int, default=2000)
    parser.add_argument("--hosts", type=int, default=50, help="ports of 127.0.0.1 served (50)")
    parser.add_argument("--in-flight", type=int, default=32, help="fetching threads (32)")
    parser.add_argument("--latency", type=float, default=0.05, help="seconds before each answer (0.05)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds per contestant, taken in turn")
    parser.add_argument("--gzip", action="store_true", help="serve the feed gzip-compressed")
    parser.add_argument("--before", metavar="REV", help="also measure the package at this git revision")
    parser.add_argument("--no-httpx", action="store_true", help="leave out the plain httpx reference")
    parser.add_argument("--contestant", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.contestant:
        json.dump(contestant(json.loads(args.contestant)), sys.stdout)
        return
    body = feed_body()
    print(
        f"{args.fetches:,} fetches of a {len(body) / 1000:.0f} KB feed"
        f"{f' (gzip: {len(gzip.compress(body, 6)) / 1000:.0f} KB sent)' if args.gzip else ''}"
        f" from {args.hosts} hosts, {args.in_flight} in flight, {args.latency * 1000:.0f} ms latency;"
        f" {args.rounds} rounds in turn, CPU of the client process; {os.cpu_count()} CPU(s)"
    )
    with contextlib.ExitStack() as stack:
        sides = [Side("now", "veille", None)]
        if args.before:
            sides.insert(0, Side(f"at {args.before}", "veille", stack.enter_context(revision(args.before))))
        if not args.no_httpx:
            sides.append(Side("plain httpx", "httpx", None))
        with server(args.hosts, args.latency) as ports:
            for _ in range(args.rounds):
                for side in sides:
                    side.run(
                        {
                            "kind": side.kind,
                            "in_flight": args.in_flight,
                            "ports": ports,
                            "fetches": args.fetches,
                            "gzip": args.gzip,
                        }
                    )
    for side in sides:
        print(side.line(args.fetches))
    if args.before:
        then, now = min(sides[0].cpu), min(sides[1].cpu)
        print(f"  now: {then / now:.2f}× less CPU per fetch than at {args.before}")


if __name__ == "__main__":
    main()
