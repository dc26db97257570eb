"""Mentions per second through normalize → dedup → match → tone → store, on the shared feeds.

Prints each stage's throughput and the whole pipeline's, on SQLite (a temporary file) and, when
VEILLE_TEST_POSTGRES_URL is set, on PostgreSQL. Parsing is measured against plain feedparser as
the baseline. Run: .venv/bin/python -m benchmarks.pipeline [--repeat N]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import tempfile
import time
import uuid
from dataclasses import replace
from pathlib import Path

import feedparser
import psycopg

from benchmarks.common import feed_files
from veille.config import parse_config
from veille.matching.matcher import Matcher
from veille.model import Item
from veille.pipeline.steps import Pipeline, item_keys, rules_from_config
from veille.sources.base import FetchError
from veille.sources.feed import parse_feed
from veille.store import Store
from veille.tone.checker import LexiconToneAnalyzer, ToneAnalyzer, ToneChecker

BRANDS = [
    "Google",
    "Apple",
    "Amazon",
    "Microsoft",
    "Facebook",
    "Twitter",
    "YouTube",
    "Linux",
    "Python",
    "Slack",
    "Reddit",
    "AWS",
    "Wikipedia",
    "Firefox",
    "Android",
    "iPhone",
    "Netflix",
    "Tesla",
]
CONFIG = parse_config(
    {"veille": {"default_channel": "#veille"}, "brands": [{"name": b} for b in BRANDS]}, "benchmark.toml"
)


def parse_all(files: list[Path]) -> tuple[list[Item], float]:
    items: list[Item] = []
    start = time.perf_counter()
    for path in files:
        with contextlib.suppress(FetchError):
            items.extend(parse_feed(path.read_bytes(), path.name))
    return items, time.perf_counter() - start


def feedparser_baseline(files: list[Path]) -> float:
    start = time.perf_counter()
    for path in files:
        feedparser.parse(path.read_bytes())
    return time.perf_counter() - start


def rate(count: int, seconds: float) -> str:
    return f"{count / seconds:,.0f}/s" if seconds > 0 else "n/a"


def stages(items: list[Item], store_url: str, analyzer: ToneAnalyzer) -> None:
    store = Store(store_url)
    store.create_schema()
    start = time.perf_counter()
    keyed = [item_keys(i) for i in items]
    t_keys = time.perf_counter() - start
    start = time.perf_counter()
    store.unseen([k for k, _ in keyed])
    t_dedup = time.perf_counter() - start
    matcher = Matcher(rules_from_config(CONFIG))
    start = time.perf_counter()
    matched = [(i, m) for i in items if (m := matcher.match(i))]
    t_match = time.perf_counter() - start
    t_tone = tone_seconds(matched, analyzer)
    # The previous analyzer (TextBlob / textblob-fr) as the baseline; CPU time, so that other
    # processes on the machine do not count.
    t_old = tone_seconds(matched, LexiconToneAnalyzer())
    print(f"  normalize (keys)  {rate(len(items), t_keys):>12} items")
    print(f"  dedup lookup      {rate(len(items), t_dedup):>12} items")
    print(f"  match             {rate(len(items), t_match):>12} items ({len(matched)} matched)")
    print(
        f"  tone              {rate(len(matched), t_tone):>12} mentions"
        f" (previous analyzer {rate(len(matched), t_old)}: ×{t_old / t_tone:.1f}, CPU time)"
    )
    store.close()


def tone_seconds(matched: list[tuple[Item, object]], analyzer: ToneAnalyzer) -> float:
    start = time.process_time()
    for item, _ in matched:
        analyzer.analyze(f"{item.title}. {item.text[:1200]}", item.language)
    return time.process_time() - start


def whole(items: list[Item], store_url: str, analyzer: ToneAnalyzer) -> tuple[int, int, float]:
    store = Store(store_url)
    store.create_schema()
    pipeline = Pipeline(CONFIG, store, analyzer)
    start = time.perf_counter()
    mentions = new = 0
    for offset in range(0, len(items), 20):  # a poll brings about one feed's worth of items
        report = pipeline.process(items[offset : offset + 20])
        mentions += report.mentions
        new += report.new_items
    elapsed = time.perf_counter() - start
    store.close()
    return new, mentions, elapsed


def postgres_url() -> tuple[str, str] | None:
    base = os.environ.get("VEILLE_TEST_POSTGRES_URL")
    if not base:
        return None
    admin = base.replace("postgresql+psycopg://", "postgresql://")
    name = f"veille_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return admin, admin.rpartition("/")[0].replace("postgresql://", "postgresql+psycopg://") + f"/{name}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--repeat", type=int, default=3, help="copies of the corpus, each with fresh GUIDs/URLs"
    )
    args = parser.parse_args()
    files = feed_files()
    items, t_parse = parse_all(files)
    t_baseline = feedparser_baseline(files)
    print(f"shared feeds: {len(files)} files, {len(items)} items")
    print(
        f"parse: {t_parse:.2f} s ({rate(len(files), t_parse)} files); feedparser alone {t_baseline:.2f} s"
        f" → {t_baseline / t_parse:.1f}× faster"
    )
    corpus = [
        replace(i, guid=f"{n}-{i.guid}", url=f"{i.url}?copy={n}" if i.url else None)
        for n in range(args.repeat)
        for i in items
    ]
    analyzer = ToneChecker()
    backends: list[tuple[str, str, str | None]] = []
    with tempfile.TemporaryDirectory() as folder:
        backends.append(("sqlite", f"sqlite:///{folder}/bench.db", None))
        pg = postgres_url()
        if pg:
            backends.append(("postgresql", pg[1], pg[0]))
        for name, url, admin in backends:
            print(f"\n[{name}] stages on {len(items)} items:")
            stages(items, url.replace("bench.db", "stages.db"), analyzer)
            new, mentions, elapsed = whole(corpus, url, analyzer)
            print(
                f"[{name}] whole pipeline on {len(corpus)} items ({args.repeat}× the corpus):"
                f" {elapsed:.2f} s, {rate(len(corpus), elapsed)} items, {rate(mentions, elapsed)} mentions"
                f" ({mentions} mentions of {len(BRANDS)} brands, {new} new items stored)"
            )
            if admin:
                with psycopg.connect(admin, autocommit=True) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{url.rpartition("/")[2]}" WITH (FORCE)')


if __name__ == "__main__":
    main()
