"""Items per second through each adapter's parsing, on the shared recorded bodies, and the cost
of politeness per request. Baselines: `json.loads` alone for JSON APIs, the generic feed reader
for the presets. Run: .venv/bin/python -m benchmarks.adapters [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable

from benchmarks.common import require_shared
from tests.fakes.net import local_fetcher
from veille.sources.api import decode_json
from veille.sources.feed import parse_feed
from veille.sources.google_alerts import GoogleAlertsSource
from veille.sources.hackernews import hit_to_item
from veille.sources.http import HttpResponse
from veille.sources.polite import HostRate, Politeness
from veille.sources.reddit import listing_page
from veille.sources.youtube import YoutubeSource


def rate(label: str, repeat: int, run: Callable[[], int], baseline: float | None = None) -> float:
    start = time.perf_counter()
    items = sum(run() for _ in range(repeat))
    per_second = items / (time.perf_counter() - start)
    ratio = f"  ({per_second / baseline:.2f}× baseline)" if baseline else ""
    print(f"{label:<48} {per_second:>12,.0f} items/s{ratio}")
    return per_second


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    repeat = parser.parse_args().repeat
    api, feeds = require_shared("api"), require_shared("feeds")
    fetcher = local_fetcher()

    bodies = [p.read_bytes() for p in sorted((api / "reddit").glob("*.json"))]
    count = sum(len(json.loads(b)["data"]["children"]) for b in bodies)
    base = rate(
        "reddit: json.loads only (baseline)",
        repeat,
        lambda: sum(1 for b in bodies if json.loads(b)) and count,
    )
    rate(
        "reddit: decode + listing_page",
        repeat,
        lambda: sum(
            len(listing_page(decode_json(HttpResponse(200, {}, b, "")), "r", "https://www.reddit.com")[0])  # type: ignore[arg-type]
            for b in bodies
        ),
        base,
    )

    hits = [
        {
            "objectID": str(n),
            "created_at_i": 1_790_000_000 + n,
            "author": "pg",
            "title": f"Story {n}",
            "url": f"https://ex.com/{n}",
            "points": n,
            "num_comments": 3,
            "_tags": ["story"],
        }
        if n % 2
        else {
            "objectID": str(n),
            "created_at_i": 1_790_000_000 + n,
            "author": "pg",
            "comment_text": f"<p>I like <i>Viadeo</i> &amp; co, {n}</p>",
            "story_title": "Ask HN",
            "_tags": ["comment"],
        }
        for n in range(1000)
    ]
    hn_body = json.dumps({"hits": hits}).encode()
    base = rate("hackernews: json.loads only (baseline)", repeat, lambda: len(json.loads(hn_body)["hits"]))
    rate(
        "hackernews: decode + hit_to_item",
        repeat,
        lambda: sum(
            1 for h in decode_json(HttpResponse(200, {}, hn_body, ""))["hits"] if hit_to_item(h, "hn")
        ),  # type: ignore[arg-type]
        base,
    )

    for name, path, source in (
        (
            "google_alerts",
            "feedjira/sample_feeds/google_alerts_atom.xml",
            GoogleAlertsSource("a", "", fetcher),
        ),
        ("youtube", "feedjira/sample_feeds/youtube_atom.xml", YoutubeSource("y", "https://x", "UC", fetcher)),
    ):
        body = (feeds / path).read_bytes()
        base = rate(f"{name}: generic feed reader (baseline)", repeat, lambda b=body: len(parse_feed(b, "s")))
        rate(
            f"{name}: preset",
            repeat,
            lambda b=body, s=source: len(s.parse(b, None)),
            base,
        )

    # Budgets wide enough never to sleep: this measures the bookkeeping, not the waiting.
    polite = Politeness(rates={}, default=HostRate(1e12, 1e-12))
    n = 100_000
    start = time.perf_counter()
    for i in range(n):
        polite.before_request(f"https://host{i % 50}.example/feed")
    micros = (time.perf_counter() - start) / n * 1e6
    print(f"{'politeness: before_request (50 hosts)':<48} {micros:>12.2f} µs/request")
    fetcher.close()


if __name__ == "__main__":
    main()
