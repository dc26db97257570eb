"""`docker stop` while a slow feed trickles in: the bot is gone within 5 s, and nothing is lost.

The bot runs as a real `veille run` process. One feed sends a few bytes every 0.2 s and never
ends; the stop cancels that fetch (the source is simply polled again at the next start, with no
failure recorded), lets the outbox finish the post in flight, and exits. A second signal exits
at once.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from tests.conftest import REPO, SIGNING_SECRET, write_config
from tests.fakes.feeds import FeedEntry, FeedServer, rss
from tests.fakes.slack import BOT_TOKEN, FakeSlack, Hold
from veille.config import LoadedConfig
from veille.store import Store

STOP_WITHIN = 5.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until(condition: Callable[[], object], what: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def start_bot(config: Path, out: Path, err: Path, slack: FakeSlack | None = None) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
    if slack is not None:
        env |= {
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "VEILLE_SLACK_API_URL": slack.base_url,
        }
    with out.open("ab") as stdout, err.open("ab") as stderr:
        return subprocess.Popen(
            [sys.executable, "-m", "veille", "--config", str(config), "run"],
            cwd=REPO,
            env=env,
            stdout=stdout,
            stderr=stderr,
        )


def stop_takes(bot: subprocess.Popen[bytes], signum: int = signal.SIGTERM) -> float:
    """Seconds from the signal to the exit (the test fails past the 5 s `docker stop` allows)."""
    sent = time.monotonic()
    bot.send_signal(signum)
    try:
        bot.wait(STOP_WITHIN)
    except subprocess.TimeoutExpired:
        bot.kill()
        bot.wait()
        raise AssertionError(f"still running {STOP_WITHIN:g} s after the signal") from None
    return time.monotonic() - sent


def trickling_and_normal_feeds(feeds: FeedServer) -> None:
    feeds.set("/slow.xml", b"<!-- still coming -->\n", endless=0.2)
    feeds.set(
        "/news.xml",
        rss(
            [
                FeedEntry("Viadeo recrute à Paris", "Viadeo ouvre vingt postes.", "https://ex.fr/1", "1"),
                FeedEntry("Viadeo change de logo", "Le nouveau logo de Viadeo.", "https://ex.fr/2", "2"),
            ]
        ),
    )


def config_with(tmp_path: Path, feeds: FeedServer, extra: str = "") -> LoadedConfig:
    return write_config(
        tmp_path,
        database=f"sqlite:///{tmp_path / 'veille.db'}",
        sources=[
            {"type": "rss", "name": "slow", "url": feeds.url("/slow.xml")},
            {"type": "rss", "name": "news", "url": feeds.url("/news.xml")},
        ],
        extra=extra,
    )


def test_a_stop_during_a_trickling_fetch_ends_within_5_s_and_loses_nothing(tmp_path, feeds):
    trickling_and_normal_feeds(feeds)
    loaded = config_with(tmp_path, feeds)
    out, err = tmp_path / "out.txt", tmp_path / "err.txt"
    store = Store(loaded.database_url())
    try:
        bot = start_bot(loaded.path, out, err)
        wait_until(lambda: feeds.requests_to("/slow.xml"), "the slow feed to be asked", 60)
        wait_until(lambda: out.read_text().count("ALERTE #veille") == 2, "the two alerts to print")
        time.sleep(0.5)  # the slow feed keeps trickling in
        assert bot.poll() is None, err.read_text()

        stop_takes(bot)
        assert bot.returncode == 0, err.read_text()
        log = err.read_text()
        assert "arrêt demandé (SIGTERM)" in log
        assert "arrêté en" in log
        slow = store.source_state("slow")
        assert slow is None or (slow.consecutive_failures == 0 and slow.last_error is None), slow
        assert store.alerts_by_status() == {"posted": 2}

        asked = len(feeds.requests_to("/news.xml"))
        again = start_bot(loaded.path, tmp_path / "out2.txt", err)
        wait_until(lambda: len(feeds.requests_to("/news.xml")) > asked, "the restarted bot to poll again")
        wait_until(lambda: len(feeds.requests_to("/slow.xml")) > 1, "the slow feed to be asked again")
        stop_takes(again, signal.SIGINT)
        assert again.returncode == 0, err.read_text()
    finally:
        store.close()
    assert store.alerts_by_status() == {"posted": 2}
    assert "ALERTE" not in (tmp_path / "out2.txt").read_text()
    slow = store.source_state("slow")
    assert slow is None or (slow.consecutive_failures == 0 and slow.last_error is None), slow


def stopped_while_posting(
    config: Path, out: Path, err: Path, fake_slack: FakeSlack, feeds: FeedServer, held: Hold
) -> subprocess.Popen[bytes]:
    """A bot sent SIGTERM while Slack holds its post and the slow feed trickles."""
    bot = start_bot(config, out, err, fake_slack)
    assert held.arrived.wait(60), err.read_text()
    wait_until(lambda: feeds.requests_to("/slow.xml"), "the slow feed to be asked")
    bot.send_signal(signal.SIGTERM)
    return bot


def test_the_post_in_flight_is_finished_before_the_bot_exits(tmp_path, feeds, fake_slack):
    trickling_and_normal_feeds(feeds)
    feeds.set("/news.xml", rss([FeedEntry("Viadeo recrute", "Viadeo recrute.", "https://ex.fr/1", "1")]))
    loaded = config_with(tmp_path, feeds, f'\n[slack]\nhttp_host = "127.0.0.1"\nhttp_port = {free_port()}\n')
    held = fake_slack.hold("chat.postMessage", commit=False)
    out, err = tmp_path / "out.txt", tmp_path / "err.txt"
    store = Store(loaded.database_url())
    try:
        bot = stopped_while_posting(loaded.path, out, err, fake_slack, feeds, held)
        time.sleep(0.5)
        held.release.set()  # Slack answers while the bot is stopping
        bot.wait(STOP_WITHIN)
        assert bot.returncode == 0, err.read_text()
        assert store.alerts_by_status() == {"posted": 1}
    finally:
        held.release.set()
        store.close()
    assert len(fake_slack.messages()) == 1


def test_a_second_signal_exits_at_once(tmp_path, feeds, fake_slack):
    trickling_and_normal_feeds(feeds)
    loaded = config_with(tmp_path, feeds, f'\n[slack]\nhttp_host = "127.0.0.1"\nhttp_port = {free_port()}\n')
    held = fake_slack.hold("chat.postMessage", commit=False)  # the first stop waits for this post
    out, err = tmp_path / "out.txt", tmp_path / "err.txt"
    try:
        bot = stopped_while_posting(loaded.path, out, err, fake_slack, feeds, held)
        time.sleep(0.2)
        assert bot.poll() is None, "the first signal waits for the post in flight"
        assert stop_takes(bot) < 1.0
    finally:
        held.release.set()
    assert bot.returncode == 128 + signal.SIGTERM
    assert "second signal (SIGTERM) : sortie immédiate" in err.read_text()
