"""Delay from a new item on a feed to its alert at Slack.

Runs the real bot in HTTP mode against the fake Slack Web API and a local feed server (both
from tests/fakes), publishes a new item N times and measures the time until chat.postMessage
arrives. The delay is bounded by the poll interval: it is printed for the interval used.
Run: .venv/bin/python -m benchmarks.alert_latency [--interval 2] [--runs 10]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from tests.conftest import slack_secrets
from tests.fakes.feeds import FeedEntry, FeedServer, rss
from tests.fakes.slack import FakeSlack
from veille.app import Veille
from veille.config import load_config


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--interval", type=float, default=2.0, help="poll interval in seconds")
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    feeds = FeedServer().start()
    slack = FakeSlack().start()
    entries: list[FeedEntry] = []
    feeds.set("/f.xml", rss(entries))
    with tempfile.TemporaryDirectory() as folder:
        config = Path(folder) / "config.toml"
        config.write_text(
            f"""
[veille]
database = "{folder}/veille.db"
default_channel = "#veille"
poll_interval = "{args.interval}s"
jitter = "0s"
backlog = "all"
allow_private_addresses = ["127.0.0.1"]
[[brands]]
name = "Viadeo"
[[sources]]
type = "rss"
url = "{feeds.url("/f.xml")}"
""",
            encoding="utf-8",
        )
        veille = Veille(load_config(config), slack_secrets(slack), http_port=0)
        veille.start()
        delays: list[float] = []
        processing: list[float] = []
        try:
            time.sleep(args.interval)
            for run in range(args.runs):
                entries.append(
                    FeedEntry(
                        f"Viadeo, nouvelle {run}",
                        "Un billet sur Viadeo.",
                        f"https://ex.fr/{run}",
                        str(run),
                        published=datetime.now(UTC),
                    )
                )
                feeds.set("/f.xml", rss(entries))
                published = time.time()
                call = slack.wait_for("chat.postMessage", count=run + 1, timeout=60)[run]
                delays.append(call.at - published)
                fetched = min(r.at for r in feeds.requests_to("/f.xml") if r.at >= published)
                processing.append(call.at - fetched)
                time.sleep(random.uniform(0, args.interval))  # land anywhere in the poll cycle
        finally:
            veille.stop()
            feeds.stop()
            slack.stop()
    print(f"poll interval {args.interval:g} s, {args.runs} runs: new item → alert at Slack")
    print(f"  min {min(delays):.2f} s, median {statistics.median(delays):.2f} s, max {max(delays):.2f} s")
    print(
        f"  from the poll's request to the alert: median {statistics.median(processing) * 1000:.0f} ms,"
        f" max {max(processing) * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
