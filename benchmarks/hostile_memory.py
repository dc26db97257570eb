"""Peak memory of the real bot polling hostile feeds.

Runs `veille run` (console mode, its own process) against a local feed server whose feeds misbehave:
a gzip bomb (1 GB of zeros in about 1 MB), an endless body, a declared length of 10 GB, a feed at
the size cap, deeply nested XML, a billion-laughs entity feed, a redirect chain and a redirect
loop, each behind several sources polled every few seconds. Prints the bot's peak resident memory
(VmHWM) with a benign feed, with each hostile feed, then with them all (with and without the feed
at the cap, which is a big legitimate feed rather than an attack). Linux only (reads /proc).

Run: .venv/bin/python -m benchmarks.hostile_memory [--seconds 20] [--copies 4] [--only /bomb.xml]
The bot inherits the environment: prefix `MALLOC_ARENA_MAX=2` to see glibc's per-thread arenas'
share of the peak (each poll worker thread otherwise keeps its own fragmented heap).
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

from tests.fakes.feeds import FeedEntry, FeedServer, rss
from veille.config import GeneralConfig

REPO = Path(__file__).resolve().parents[1]


def gzip_bomb(gigabytes: int = 1) -> bytes:
    stream = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = bytes(1024 * 1024)
    return b"".join(stream.compress(zeros) for _ in range(1024 * gigabytes)) + stream.flush()


def billion_laughs() -> str:
    entities = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)]
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE rss [{"".join(entities)}]>\n'
        '<rss version="2.0"><channel><title>&lol9;</title><link>http://127.0.0.1/</link>'
        "<item><title>Viadeo &lol9;</title><link>https://ex.fr/laughs</link>"
        "<description>&lol9;</description></item></channel></rss>"
    )


def deep_nesting(depth: int = 400_000) -> str:
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>deep</title>'
        "<item><title>Viadeo, profond</title><link>https://ex.fr/deep</link><description>"
        + "<div>" * depth
        + "Viadeo"
        + "</div>" * depth
        + "</description></item></channel></rss>"
    )


def big_feed(target: int = 4_800_000) -> str:
    entries: list[FeedEntry] = []
    text = "Un billet sur Viadeo et le réseau professionnel. " * 8
    while len(rss(entries[:1])) * len(entries) < target:
        n = len(entries)
        entries.append(FeedEntry(f"Viadeo, billet {n}", text, f"https://ex.fr/big/{n}", f"big-{n}"))
    return rss(entries)


def serve_hostile(feeds: FeedServer) -> list[str]:
    """Set the hostile routes; the paths a source may poll."""
    feeds.set("/bomb.xml", gzip_bomb(), headers={"Content-Encoding": "gzip"})
    feeds.set("/endless.xml", b"<rss>" + b" " * 65536, endless=0.0)
    feeds.set("/declared.xml", b"<rss/>", length=10 * 1024**3)
    feeds.set("/big.xml", big_feed())
    feeds.set("/deep.xml", deep_nesting())
    feeds.set("/laughs.xml", billion_laughs())
    for hop in range(30):
        feeds.set(f"/chain/{hop}", b"", status=302, headers={"Location": f"/chain/{hop + 1}"})
    feeds.set("/loop", b"", status=302, headers={"Location": "/loop"})
    return [
        "/bomb.xml",
        "/endless.xml",
        "/declared.xml",
        "/big.xml",
        "/deep.xml",
        "/laughs.xml",
        "/chain/0",
        "/loop",
    ]


def write_config(folder: Path, urls: list[str]) -> Path:
    allow = (
        'allow_private_addresses = ["127.0.0.1"]'
        if "allow_private_addresses" in GeneralConfig.model_fields
        else ""
    )
    sources = "".join(
        f'[[sources]]\ntype = "rss"\nname = "s{n}"\nurl = "{url}"\n' for n, url in enumerate(urls)
    )
    path = folder / "config.toml"
    path.write_text(
        f'[veille]\ndatabase = "{folder}/veille.db"\ndefault_channel = "#veille"\npoll_interval = "3s"\n'
        f'jitter = "0s"\nbacklog = 5\n{allow}\n[reports]\ndaily = []\nweekly = ""\n'
        f'[spikes]\nenabled = false\n[[brands]]\nname = "Viadeo"\n{sources}',
        encoding="utf-8",
    )
    return path


def peak_rss(config: Path, seconds: float) -> float:
    """Run the bot for `seconds`; its peak resident memory (MB)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
    bot = subprocess.Popen(
        [sys.executable, "-m", "veille", "--config", str(config), "run"],
        cwd=config.parent,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    peak = 0
    deadline = time.monotonic() + seconds
    try:
        while time.monotonic() < deadline and bot.poll() is None:
            peak = max(peak, _status_kb(bot.pid, "VmHWM"))
            time.sleep(0.2)
    finally:
        bot.send_signal(signal.SIGTERM)
        try:
            bot.wait(20)
        except subprocess.TimeoutExpired:
            bot.kill()
            bot.wait()
    return peak / 1024


def _status_kb(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=20.0, help="how long each run polls")
    parser.add_argument("--copies", type=int, default=4, help="sources per hostile feed")
    parser.add_argument(
        "--only", help="poll only this hostile feed, e.g. /bomb.xml (default: each, then all)"
    )
    args = parser.parse_args()
    feeds = FeedServer().start()
    benign = rss(
        [FeedEntry(f"Viadeo, billet {n}", "Viadeo.", f"https://ex.fr/{n}", str(n)) for n in range(20)]
    )
    feeds.set("/calm.xml", benign)
    hostile = [p for p in serve_hostile(feeds) if args.only in (None, p)]
    # A feed at the cap is a legitimate load, not an attack: the hostile ones are also run without it.
    attacks = [p for p in hostile if p != "/big.xml"]
    runs = [[p] for p in hostile] + [r for r in (attacks, hostile) if len(r) > 1]
    print(f"{args.copies} sources per feed, polled every 3 s for {args.seconds:g} s; peak RSS of the bot:")
    try:
        calm = [feeds.url(f"/calm.xml?copy={n}") for n in range(args.copies)]
        print(f"  {'benign feed':<26} {run_bot(calm, args.seconds):7.1f} MB")
        for paths in runs:
            urls = [feeds.url(f"{p}?copy={n}") for p in paths for n in range(args.copies)]
            before = {p: len(feeds.requests_to(p)) for p in paths}
            peak = run_bot(urls, args.seconds)
            polls = sum(len(feeds.requests_to(p)) - before[p] for p in paths)
            name = paths[0] if len(paths) == 1 else f"{len(paths)} feeds together"
            print(f"  {name:<26} {peak:7.1f} MB ({polls} requests)")
    finally:
        feeds.stop()


def run_bot(urls: list[str], seconds: float) -> float:
    with tempfile.TemporaryDirectory() as folder:
        return peak_rss(write_config(Path(folder), urls), seconds)


if __name__ == "__main__":
    main()
