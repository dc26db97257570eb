"""Feed parsing throughput on the shared feed corpus: Veille's parse, feedparser alone and
feedparser-rs alone, side by side, then where Veille's time goes.

Veille's parse is one pass over the body's tags, feedparser-rs on the body made safe for it,
checks of its reading, and feedparser for the documents it misreads
(`veille.sources.feed_parse`); reading the fields into items (HTML to text, dates, links) comes
after and is shown apart. On the documents feedparser-rs reads right, the target is Veille's parse
taking at most 20 % more than feedparser-rs alone.
Run: .venv/bin/python -m benchmarks.feeds [--repeat N]
"""

from __future__ import annotations

import argparse
import contextlib
import time
from collections import Counter
from collections.abc import Callable

import feedparser_rs

from benchmarks.common import feed_files
from veille.sources.base import FetchError
from veille.sources.feed import parse_feed
from veille.sources.feed_parse import (
    Shapes,
    careful_reason,
    fast_body,
    parse_careful,
    parse_document,
    parse_fast,
)

TARGET = 1.2


def best_of(repeat: int, *runs: Callable[[], object]) -> list[float]:
    """The best time of each run over `repeat` rounds, the runs taking turns in each round so
    that a busy machine slows them alike."""
    best = [float("inf")] * len(runs)
    for _ in range(repeat):
        for index, run in enumerate(runs):
            start = time.perf_counter()
            run()
            best[index] = min(best[index], time.perf_counter() - start)
    return best


def each(bodies: list[bytes], parse: Callable[[bytes], object]) -> Callable[[], None]:
    def run() -> None:
        for body in bodies:
            parse(body)

    return run


def items_of(body: bytes) -> None:
    with contextlib.suppress(FetchError):
        parse_feed(body, "benchmark")


def line(label: str, seconds: float, documents: int, size: int, baseline: float | None = None) -> None:
    ratio = f"  {seconds / baseline:6.2f}× feedparser-rs" if baseline else ""
    print(
        f"{label:<44} {seconds * 1000:9.1f} ms {documents / seconds:10,.0f} docs/s "
        f"{size / seconds / 1e6:8.1f} MB/s{ratio}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    repeat = parser.parse_args().repeat
    bodies = [path.read_bytes() for path in feed_files()]
    size = sum(len(body) for body in bodies)
    print(f"{len(bodies)} documents, {size / 1e6:.1f} MB (best of {repeat} runs)\n")

    alone = each(bodies, lambda body: feedparser_rs.parse(body, sanitize_html=False))
    fast_alone, veille, with_items = best_of(
        repeat, alone, each(bodies, parse_document), each(bodies, items_of)
    )
    [careful_alone] = best_of(max(1, repeat // 3), each(bodies, lambda body: parse_careful(body, None)))
    line("feedparser-rs alone", fast_alone, len(bodies), size, fast_alone)
    line("feedparser alone", careful_alone, len(bodies), size, fast_alone)
    line("Veille's parse", veille, len(bodies), size, fast_alone)
    line("Veille's parse + reading items", with_items, len(bodies), size, fast_alone)

    reasons = [careful_reason(body, None, parse_fast(fast_body(body))) for body in bodies]
    trusted = [body for body, reason in zip(bodies, reasons, strict=True) if reason is None]
    careful = [body for body, reason in zip(bodies, reasons, strict=True) if reason is not None]
    trusted_size = sum(len(body) for body in trusted)
    print(f"\nThe {len(trusted)} documents Veille reads with feedparser-rs:")
    shapes = [Shapes(body) for body in trusted]
    safe = [fast_body(body, found) for body, found in zip(trusted, shapes, strict=True)]
    parsed = [parse_fast(body) for body in safe]
    rs_trusted, veille_trusted, scanned, made_safe, checked = best_of(
        repeat,
        each(trusted, lambda body: feedparser_rs.parse(body, sanitize_html=False)),
        each(trusted, parse_document),
        each(trusted, Shapes),
        lambda: [fast_body(body, found) for body, found in zip(trusted, shapes, strict=True)],
        lambda: [
            careful_reason(body, None, fast, found)
            for body, fast, found in zip(trusted, parsed, shapes, strict=True)
        ],
    )
    line("  feedparser-rs alone", rs_trusted, len(trusted), trusted_size, rs_trusted)
    line("  Veille's parse", veille_trusted, len(trusted), trusted_size, rs_trusted)
    print(f"  of which one pass over the tags                 {scanned * 1000:9.1f} ms")
    print(f"  of which making bodies safe for feedparser-rs   {made_safe * 1000:9.1f} ms")
    print(f"  of which checks of feedparser-rs's reading      {checked * 1000:9.1f} ms")
    ratio = veille_trusted / rs_trusted
    verdict = "met" if ratio <= TARGET else f"{(ratio - TARGET) * rs_trusted * 1000:.1f} ms over it"
    print(f"  target: at most {TARGET:.2f}× feedparser-rs alone, {ratio:.2f}× measured ({verdict})")
    print(f"\nThe {len(careful)} documents Veille reads with feedparser, and why:")
    for reason, count in Counter(reason for reason in reasons if reason is not None).most_common():
        chosen = [body for body, why in zip(bodies, reasons, strict=True) if why == reason]
        [seconds] = best_of(1, each(chosen, lambda body: parse_careful(body, None)))
        print(f"  {reason:<30} {count:4d} documents {seconds * 1000:9.1f} ms in feedparser")
    print(
        f"\nReading items after the parse (HTML to text, dates, links): {(with_items - veille) * 1000:.1f} ms"
    )


if __name__ == "__main__":
    main()
