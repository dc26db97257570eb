"""Three `veille run` on one PostgreSQL share a farm of feeds: every item is stored once, every
alert posted once, no feed is polled twice in one interval, each replica polls a share of the
feeds, and when one replica is killed the others poll its feeds within two intervals. On SQLite,
a second instance is refused.

The bots run as real processes; the feeds are local, the Slack is the fake one.
"""

from __future__ import annotations

import itertools
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.conftest import REPO, _postgres_database, write_config
from tests.fakes.feeds import FeedEntry, FeedServer, rss
from tests.fakes.slack import FakeSlack
from tests.rigs.bots import stop
from tests.scenarios.test_restart import free_port, start_bot, wait_until
from veille.pipeline.poller import LEASE_EARLY
from veille.store import Store

FEEDS = 30
WITH_BRAND = 10  # feeds whose first item names the brand: one alert each
# Short, yet long enough that a busy machine's scheduling noise (TRANSIT) stays a small part of it.
INTERVAL = 2.0
REPLICAS = 3
# The time between a feed's lease and its request reaching the server, on a busy machine.
TRANSIT = 0.5


@pytest.fixture
def postgres_url() -> Iterator[str]:
    yield from _postgres_database()


def farm(feeds: FeedServer) -> list[str]:
    paths = []
    for n in range(FEEDS):
        first = f"Viadeo, nouvelle {n}" if n < WITH_BRAND else f"Billet du jour {n}"
        entries = [
            FeedEntry(first, "Texte du billet.", f"https://ex.fr/{n}/a", f"{n}-a"),
            FeedEntry(f"Autre billet {n}", "Rien à signaler.", f"https://ex.fr/{n}/b", f"{n}-b"),
        ]
        path = f"/farm/{n}.xml"
        feeds.set(path, rss(entries))
        paths.append(path)
    return paths


def replica_config(folder: Path, database: str, feeds: FeedServer, paths: list[str]) -> Path:
    folder.mkdir()
    loaded = write_config(
        folder,
        database=database,
        sources=[
            {"type": "rss", "url": feeds.url(path), "name": path, "interval": f"{INTERVAL:g}s"}
            for path in paths
        ],
        extra=f'\n[slack]\nhttp_host = "127.0.0.1"\nhttp_port = {free_port()}\n',
    )
    return loaded.path


def polled_at(feeds: FeedServer, path: str) -> list[float]:
    return sorted(request.at for request in feeds.requests_to(path))


def test_three_replicas_share_a_farm_of_feeds_and_take_over_from_a_killed_one(
    tmp_path: Path, feeds: FeedServer, fake_slack: FakeSlack, postgres_url: str
):
    paths = farm(feeds)
    configs = [replica_config(tmp_path / f"r{n}", postgres_url, feeds, paths) for n in range(REPLICAS)]
    Store(postgres_url).create_schema()  # the replicas then start on an up-to-date schema
    logs = [tmp_path / f"r{n}.log" for n in range(REPLICAS)]
    # One replica polls the whole farm at first; then it is scaled out to three.
    bots = [start_bot(configs[0], fake_slack, logs[0])]
    store = Store(postgres_url)
    try:
        wait_until(lambda: all(feeds.requests_to(path) for path in paths), "the farm polled", timeout=60)
        bots += [
            start_bot(config, fake_slack, log) for config, log in zip(configs[1:], logs[1:], strict=True)
        ]
        wait_until(lambda: len(fake_slack.messages()) >= WITH_BRAND, "every alert in Slack", timeout=90)
        time.sleep(5 * INTERVAL)  # the farm polled again and again by the three of them
        assert all(bot.poll() is None for bot in bots), "\n".join(log.read_text() for log in logs)

        with store.engine.connect() as conn:
            owners = dict(conn.execute(sa.text("SELECT source, lease_owner FROM source_state")).all())
        # Each replica polls its share of the feeds; the victim is the one that holds the most.
        held_by = {
            bot: [source for source, owner in owners.items() if owner and f":{bot.pid}:" in owner]
            for bot in bots
        }
        shares = sorted(len(held) for held in held_by.values())
        assert shares[0] >= 1 and shares[-1] <= FEEDS // 2, shares  # loose: the farm is shared
        victim = max(bots, key=lambda bot: len(held_by[bot]))
        held = held_by[victim]
        killed_at = time.time()
        victim.send_signal(signal.SIGKILL)
        victim.wait(10)
        time.sleep(4 * INTERVAL)
    finally:
        stop(bots)
    report = "\n".join(log.read_text(errors="replace")[-3000:] for log in logs)

    with store.engine.connect() as conn:
        items = conn.scalar(sa.text("SELECT count(*) FROM items"))
        twice = conn.execute(sa.text("SELECT guid FROM items GROUP BY guid HAVING count(*) > 1")).all()
    store.close()
    assert (items, twice) == (2 * FEEDS, []), report

    posts = fake_slack.messages()
    alert_ids = [post["metadata"]["event_payload"]["alert_id"] for post in posts]
    assert len(posts) == WITH_BRAND and len(set(alert_ids)) == WITH_BRAND, report

    for path in paths:
        times = polled_at(feeds, path)
        gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
        assert len(times) >= 5, (path, times)
        assert min(gaps) >= INTERVAL * (1 - LEASE_EARLY) - TRANSIT, (path, gaps)

    assert held, "the killed replica held no lease"
    for source in held:
        after = [at for at in polled_at(feeds, source) if at > killed_at]
        assert after and after[0] - killed_at <= 2 * INTERVAL + TRANSIT, (source, after[:3])


def test_a_second_instance_on_the_same_sqlite_file_is_refused(tmp_path: Path, feeds: FeedServer):
    feeds.set("/f.xml", rss([FeedEntry("Billet", "Texte.", "https://ex.fr/1", "1")]))
    loaded = write_config(
        tmp_path,
        database=f"sqlite:///{tmp_path / 'veille.db'}",
        sources=[{"type": "rss", "url": feeds.url("/f.xml")}],
    )
    command = [sys.executable, "-m", "veille", "--config", str(loaded.path), "run"]
    env = {name: value for name, value in os.environ.items() if not name.startswith("SLACK_")}
    with (tmp_path / "first.log").open("wb") as out:
        first = subprocess.Popen(command, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_until(lambda: feeds.requests_to("/f.xml"), "the first instance to poll")
        second = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
    finally:
        first.send_signal(signal.SIGTERM)
        first.wait(20)
    assert second.returncode == 2
    assert f"Un autre Veille tourne déjà sur la base {tmp_path / 'veille.db'} (processus {first.pid})" in (
        second.stderr
    )
    assert first.returncode == 0
