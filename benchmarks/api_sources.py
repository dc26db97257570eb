"""Cost of the search-API adapters: converting answers to items, and one poll over local HTTP.

Baseline: the RSS adapter on a feed with the same number of items. Mastodon uses the recorded
hashtag timeline from ../shared/data/api when present (statuses repeated to fill a page).
Run: .venv/bin/python -m benchmarks.api_sources [--rounds 200]
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from benchmarks.common import shared_data
from tests.fakes.api import ApiServer, Reply
from tests.fakes.feeds import FeedEntry, FeedServer, rss
from tests.fakes.net import local_fetcher
from tests.unit.sources.test_source_bluesky import post
from tests.unit.sources.test_source_github import issue, results
from tests.unit.sources.test_source_mastodon import status
from tests.unit.sources.test_source_stackexchange import page, question
from veille.sources.bluesky import BlueskySource, BlueskySourceConfig, post_to_item
from veille.sources.feed import FeedSource, parse_feed
from veille.sources.github import GitHubSource, GitHubSourceConfig, issue_to_item
from veille.sources.mastodon import MastodonSource, MastodonSourceConfig, status_to_item
from veille.sources.stackexchange import StackExchangeSource, StackExchangeSourceConfig, question_to_item

PAGE = 40


def statuses() -> list[dict[str, Any]]:
    path = shared_data() / "api" / "mastodon" / "get_timeline_hashtag_instance.body0.json"
    if path.is_file():
        recorded = json.loads(path.read_text(encoding="utf-8"))
        return [dict(recorded[i % len(recorded)], id=str(10**17 + i)) for i in range(PAGE)]
    html = "<p>Le réseau <a href='https://x/tags/viadeo'>#<span>Viadeo</span></a> &amp; nous&nbsp;!</p>"
    return [status(str(10**17 + i), html) for i in range(PAGE)]


def rate(convert: Callable[[], int], rounds: int) -> float:
    start = time.perf_counter()
    count = sum(convert() for _ in range(rounds))
    return count / (time.perf_counter() - start)


def poll_ms(fetch: Callable[[], int], rounds: int) -> float:
    fetch()  # warm the connection
    start = time.perf_counter()
    for _ in range(rounds):
        fetch()
    return (time.perf_counter() - start) / rounds * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=200)
    rounds = parser.parse_args().rounds
    toots = statuses()
    posts = [
        post(f"3lb{i:08d}", f"Viadeo post number {i} with some words about the brand") for i in range(PAGE)
    ]
    questions = [
        question(i, f"Viadeo question {i}", "<p>How do I <code>log in</code>?</p>", 1_763_888_400)
        for i in range(PAGE)
    ]
    issues = [
        issue(i, f"Viadeo import fails {i}", "Steps:\r\n1. open", "2026-11-22T08:00:00Z") for i in range(PAGE)
    ]
    feed = rss(
        [
            FeedEntry(
                f"Viadeo billet {i}",
                "Le réseau Viadeo & nous",
                f"https://ex.fr/{i}",
                str(i),
                published=datetime.now(UTC),
            )
            for i in range(PAGE)
        ]
    ).encode()

    print(f"Converting a page of {PAGE} items ({rounds} rounds):")
    base = rate(lambda: len(parse_feed(feed, "f")), rounds)
    print(f"  {'rss (baseline, parse_feed)':<32} {base:>10,.0f} items/s")
    for label, convert in [
        ("mastodon status_to_item", lambda: sum(status_to_item(s, "m", "h") is not None for s in toots)),
        ("bluesky post_to_item", lambda: sum(post_to_item(p, "b") is not None for p in posts)),
        (
            "stackexchange question_to_item",
            lambda: sum(question_to_item(q, "s", "so") is not None for q in questions),
        ),
        ("github issue_to_item", lambda: sum(issue_to_item(i, "g") is not None for i in issues)),
    ]:
        per_second = rate(convert, rounds)
        print(f"  {label:<32} {per_second:>10,.0f} items/s   ×{per_second / base:.1f} vs rss")

    api, feeds, fetcher = ApiServer().start(), FeedServer().start(), local_fetcher()
    try:
        feeds.set("/f.xml", feed)
        api.on("/api/v1/timelines/tag/viadeo", Reply(toots))
        api.on("/xrpc/com.atproto.server.createSession", Reply({"accessJwt": "a", "refreshJwt": "r"}), "POST")
        api.on("/xrpc/app.bsky.feed.searchPosts", Reply({"posts": posts}))
        api.on("/2.3/search/advanced", Reply(page(*questions), gzip=True))
        api.on("/search/issues", Reply(results(*issues)))
        brand = [("Viadeo", ("Viadeo",))]
        sources: list[tuple[str, Any]] = [
            ("rss (baseline)", FeedSource("f", feeds.url("/f.xml"), fetcher)),
            (
                "mastodon, 1 hashtag",
                MastodonSource(
                    "m",
                    MastodonSourceConfig(type="mastodon", instances=(api.base_url,), hashtags=("viadeo",)),
                    fetcher,
                ),
            ),
            (
                "bluesky, 1 term",
                BlueskySource(
                    "b",
                    BlueskySourceConfig(type="bluesky", api_url=api.base_url),
                    fetcher,
                    brand,
                    environ={"BLUESKY_IDENTIFIER": "i", "BLUESKY_APP_PASSWORD": "p"},
                ),
            ),
            (
                "stackexchange, 1 term gzip",
                StackExchangeSource(
                    "s",
                    StackExchangeSourceConfig(
                        type="stackexchange", api_url=f"{api.base_url}/2.3", sites=("so",)
                    ),
                    fetcher,
                    brand,
                ),
            ),
            (
                "github, 1 term",
                GitHubSource("g", GitHubSourceConfig(type="github", api_url=api.base_url), fetcher, brand),
            ),
        ]
        print(f"One poll over local HTTP, {PAGE} items ({rounds // 4} rounds):")
        baseline = 0.0
        for label, source in sources:
            ms = poll_ms(lambda source=source: len(source.fetch(None).items), rounds // 4)
            baseline = baseline or ms
            print(f"  {label:<28} {ms:>8.2f} ms/poll   ×{ms / baseline:.2f} vs rss")
    finally:
        api.stop()
        feeds.stop()
        fetcher.close()


if __name__ == "__main__":
    main()
