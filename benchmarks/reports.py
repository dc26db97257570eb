"""How long summaries, spike checks, the chart and an export take on a large store.

Seeds N mentions (default 200,000) over 30 days for 3 brands, with alerts on one in ten, on
SQLite (a temporary file) and, when VEILLE_TEST_POSTGRES_URL is set, on PostgreSQL. The baseline
for the daily summary is reading the full mention records of the 14 days (what a summary costs
when it loads mentions one by one instead of counting per hour in the database).
Run: .venv/bin/python -m benchmarks.reports [--mentions N]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from benchmarks.common import postgres_if_configured
from veille.config import parse_config
from veille.reports import data
from veille.reports.chart import chart_png
from veille.reports.export import export_csv
from veille.reports.jobs import Reporter, rolling_windows
from veille.store import Store, alerts, fulltext, items, mentions

BRANDS = ("Viadeo", "Netvibes", "Qwant")
TONES = ("positive", "neutral", "neutral", "negative")


def seed(store: Store, count: int, now: datetime) -> None:
    rng = random.Random(6)
    chunk = 5000
    next_id = 1
    for start in range(0, count, chunk):
        size = min(chunk, count - start)
        item_rows: list[dict[str, Any]] = []
        mention_rows: list[dict[str, Any]] = []
        alert_rows: list[dict[str, Any]] = []
        for offset in range(size):
            n = next_id + offset
            seen = now - timedelta(seconds=rng.uniform(0, 30 * 86400))
            published = seen - timedelta(minutes=rng.uniform(0, 120))
            item_rows.append(
                {
                    "id": n,
                    "source": f"source-{n % 40}",
                    "source_type": "rss",
                    "guid": f"g{n}",
                    "url": f"https://example.fr/{n}",
                    "title": f"Billet {n} sur la marque",
                    "text": "Un texte de quelques mots sur la marque." * 3,
                    "published_at": published,
                    "fetched_at": seen,
                    "happened_at": fulltext.happened_at(published, seen),
                    "reach": {"points": rng.randint(0, 300)},
                }
            )
            mention_rows.append(
                {
                    "id": n,
                    "item_id": n,
                    "brand": BRANDS[n % len(BRANDS)],
                    "terms": [BRANDS[n % len(BRANDS)]],
                    "spans": [],
                    "language": "fr",
                    "tone": rng.choice(TONES),
                    "tone_score": rng.uniform(-1, 1),
                    "created_at": seen,
                }
            )
            if n % 10 == 0:
                alert_rows.append(
                    {
                        "mention_id": n,
                        "channel": "#veille",
                        "status": "posted",
                        "attempts": 1,
                        "created_at": seen,
                        "state": rng.choice(("new", "handled")),
                        "needs_update": False,
                        "update_attempts": 0,
                        "revision": 0,
                        "ping_here": False,
                    }
                )
        next_id += size
        with store.engine.begin() as conn:
            conn.execute(items.insert(), item_rows)
            conn.execute(mentions.insert(), mention_rows)
            if alert_rows:
                conn.execute(alerts.insert(), alert_rows)
    store.record_poll_success("source-0", now - timedelta(days=31))  # watching long enough for spikes
    if store.backend == "postgresql":
        with store.engine.begin() as conn:
            for table in ("items", "mentions", "alerts"):
                conn.exec_driver_sql(f"SELECT setval('{table}_id_seq', (SELECT max(id) FROM {table}))")
                conn.exec_driver_sql(f"ANALYZE {table}")


def timed(label: str, action: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    best = float("inf")
    result: Any = None
    for _ in range(repeat):
        started = time.perf_counter()
        result = action()
        best = min(best, time.perf_counter() - started)
    print(f"  {label:<46} {best * 1000:9.1f} ms")
    return best, result


def run(url: str, count: int, repeat: int) -> None:
    store = Store(url)
    store.create_schema()
    now = datetime.now(UTC)
    started = time.perf_counter()
    seed(store, count, now)
    print(f"{store.backend}: {count:,} mentions seeded in {time.perf_counter() - started:.1f} s")
    config = parse_config(
        {"veille": {"default_channel": "#veille"}, "brands": [{"name": b} for b in BRANDS]}, "b"
    )
    reporter = Reporter(config, store)
    windows = rolling_windows(now)
    _, points = timed(
        "hourly counts for 14 days (SQL GROUP BY)",
        lambda: data.load_points(store, windows[0][0], now),
        repeat,
    )
    full_s, _ = timed(
        "baseline: loading the 14 days mention by mention",
        lambda: data.load_records(store, windows[0][0]),
        repeat,
    )
    daily_s, summary = timed(
        "daily summary, all brands (end to end)", lambda: reporter.daily(windows), repeat
    )
    timed("weekly summary with share of voice", lambda: reporter.weekly(now), repeat)
    timed("spike check, all brands", lambda: reporter.check_spikes(now), repeat)
    timed("chart PNG (14 days x 3 brands)", lambda: chart_png(summary, "fr", "Europe/Paris"), repeat)
    _, content = timed(
        "export 30 days to CSV (load + write)",
        lambda: export_csv(data.load_records(store, now - timedelta(days=30))),
        1,
    )
    counted = sum(p.count for p in points)
    print(
        f"  mentions in 14 days: {counted:,} as {len(points):,} hourly points;"
        f" CSV: {len(content) / 1e6:.1f} MB"
    )
    print(f"  daily summary vs reading full records: {full_s / daily_s:.1f}x faster")
    print(f"  per mention in the 14-day window: {daily_s / max(1, counted) * 1e6:.2f} µs (summary)")
    store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mentions", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        run(f"sqlite:///{Path(folder) / 'bench.db'}", args.mentions, args.repeat)
    with postgres_if_configured() as url:
        if url is None:
            print("postgresql: skipped (set VEILLE_TEST_POSTGRES_URL)")
        else:
            run(url, args.mentions, args.repeat)


if __name__ == "__main__":
    main()
