"""A crash between "stored" and "posted" neither loses nor repeats an alert.

The bot runs as a real process; the fake Slack holds its chat.postMessage while the test kills
the process with SIGKILL, then the bot is started again on the same database.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO, SIGNING_SECRET, write_config
from tests.fakes.feeds import FeedEntry, rss
from tests.fakes.slack import BOT_TOKEN, FakeSlack
from veille.store import Store


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_bot(config: Path, fake: FakeSlack, log: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "VEILLE_SLACK_API_URL": fake.base_url,
    }
    env.pop("SLACK_APP_TOKEN", None)
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "veille", "--config", str(config), "run"],
            cwd=REPO,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def wait_until(condition, what: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


@pytest.mark.parametrize("slack_got_it", [False, True], ids=["lost-in-flight", "answer-lost"])
def test_a_killed_bot_delivers_its_alert_exactly_once_after_restart(
    tmp_path, feeds, fake_slack, database_url, slack_got_it
):
    feeds.set("/f.xml", rss([FeedEntry("Viadeo déçoit", "Viadeo est lent.", "https://ex.fr/v", "v")]))
    loaded = write_config(
        tmp_path,
        database=database_url,
        sources=[{"type": "rss", "url": feeds.url("/f.xml")}],
        extra=f'\n[slack]\nhttp_host = "127.0.0.1"\nhttp_port = {free_port()}\n',
    )
    log = tmp_path / "bot.log"
    held = fake_slack.hold("chat.postMessage", commit=slack_got_it)
    bot = start_bot(loaded.path, fake_slack, log)
    try:
        assert held.arrived.wait(60), log.read_text()
        bot.send_signal(signal.SIGKILL)
        bot.wait(10)
    finally:
        held.release.set()
    store = Store(loaded.database_url())
    assert store.alerts_by_status() == {"sending": 1}
    assert len(fake_slack.messages()) == (1 if slack_got_it else 0)

    again = start_bot(loaded.path, fake_slack, log)
    try:
        wait_until(lambda: store.alerts_by_status() == {"posted": 1}, "the alert to be posted")
    finally:
        again.send_signal(signal.SIGTERM)
        assert again.wait(20) == 0, log.read_text()
        store.close()
    assert len(fake_slack.messages()) == 1
    successful_posts = [c for c in fake_slack.calls_to("chat.postMessage") if c.answer and c.answer.get("ok")]
    assert len(successful_posts) == 1
    if slack_got_it:
        assert fake_slack.calls_to("conversations.history"), "the restarted bot looked before posting"
