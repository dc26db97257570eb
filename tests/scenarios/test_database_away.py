"""The database goes away in the middle of a poll (PostgreSQL cut off behind a TCP proxy, or a
backup holding the SQLite file) and comes back a few seconds later.

The feed's answer arrives while the database is away: nothing of it can be stored, so nothing is
recorded (no failure on the source, no "poll failed"), and nothing more is fetched until the
database answers again. Then the bot polls the source again by itself and every mention reaches
Slack exactly once. The log says once that the database is unreachable and once that it is back,
with no traceback. A morning summary due while a backup holds the SQLite file goes out once the
backup is done.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from sqlalchemy.exc import OperationalError

from tests.conftest import slack_secrets, write_config
from tests.fakes.feeds import FeedEntry, FeedServer, rss
from tests.fakes.slack import FakeSlack
from tests.fakes.tcp_proxy import DatabaseOutage
from tests.rigs.report import History, paris, reporter, section_texts, slack_outbox
from veille.store import Store, is_database_away
from veille.store.availability import PROBE_EVERY

ENTRIES = [
    FeedEntry("Viadeo recrute à Paris", "Viadeo ouvre vingt postes.", "https://ex.fr/1", "1"),
    FeedEntry("Viadeo change de logo", "Le logo de Viadeo change.", "https://ex.fr/2", "2"),
    FeedEntry("Viadeo lance une offre", "Une nouvelle offre chez Viadeo.", "https://ex.fr/3", "3"),
]


@pytest.fixture
def outage(database_url: str) -> Iterator[DatabaseOutage]:
    down = DatabaseOutage(database_url)
    yield down
    down.close()


def wait_until(condition: Callable[[], object], what: str, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def veille_lines(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name.startswith("veille") and r.levelno >= logging.INFO]


def said(caplog: pytest.LogCaptureFixture, words: str) -> list[str]:
    return [r.getMessage() for r in veille_lines(caplog) if words in r.getMessage()]


def test_a_poll_cut_short_by_the_database_is_polled_again_once_it_is_back(
    tmp_path, outage, fake_slack: FakeSlack, feeds: FeedServer, start_veille, caplog
):
    caplog.set_level(logging.INFO)
    answer = threading.Event()
    feeds.set("/news.xml", rss(ENTRIES), hold=answer)
    loaded = write_config(
        tmp_path,
        database=outage.url,
        sources=[{"name": "news", "type": "rss", "url": feeds.url("/news.xml"), "interval": "1h"}],
    )
    veille = start_veille(loaded, slack_secrets(fake_slack))
    wait_until(lambda: feeds.requests_to("/news.xml"), "the first poll to ask for the feed")

    outage.begin()
    answer.set()
    wait_until(lambda: said(caplog, "database unreachable"), "the log to say the database is away")
    # Longer than the wait between two looks at the database: the source is asked for again
    # only once it answers.
    time.sleep(PROBE_EVERY + 1.5)
    fetched_while_away = len(feeds.requests_to("/news.xml"))
    posted_while_away = len(fake_slack.posts("C0VEILLE1"))
    outage.end()

    wait_until(lambda: len(fake_slack.posts("C0VEILLE1")) >= len(ENTRIES), "every mention in Slack")
    time.sleep(1.5)  # anything posted twice would show by now

    assert (fetched_while_away, posted_while_away) == (1, 0)
    posted = [post["text"] for post in fake_slack.posts("C0VEILLE1")]
    for entry in ENTRIES:
        assert sum(entry.title in text for text in posted) == 1, (entry.title, posted)
    assert len(posted) == len(ENTRIES)
    state = veille.store.source_state("news")
    assert state is not None and state.consecutive_failures == 0 and not state.last_error
    assert len(said(caplog, "database unreachable")) == 1
    assert len(said(caplog, "database back")) == 1
    assert not said(caplog, "poll failed")
    assert not [r.getMessage() for r in veille_lines(caplog) if r.exc_info or r.levelno >= logging.ERROR]


def test_an_alert_that_reached_slack_as_the_database_went_away_is_not_posted_again(
    tmp_path, outage, fake_slack: FakeSlack, feeds: FeedServer, start_veille, caplog
):
    caplog.set_level(logging.INFO)
    feeds.set("/news.xml", rss(ENTRIES[:1]))
    answer = fake_slack.hold("chat.postMessage", commit=True)  # Slack takes it; its answer waits
    loaded = write_config(
        tmp_path,
        database=outage.url,
        sources=[{"name": "news", "type": "rss", "url": feeds.url("/news.xml"), "interval": "1h"}],
    )
    start_veille(loaded, slack_secrets(fake_slack))
    assert answer.arrived.wait(20)

    outage.begin()
    answer.release.set()  # the bot hears "posted" but cannot write it down
    wait_until(lambda: said(caplog, "database unreachable"), "the log to say the database is away")
    time.sleep(1)
    outage.end()

    wait_until(lambda: said(caplog, "already posted"), "the bot to find its alert in the channel")
    time.sleep(1.5)  # a second copy would show by now

    (post,) = fake_slack.posts("C0VEILLE1")
    assert ENTRIES[0].title in post["text"]
    assert len(said(caplog, "database unreachable")) == 1
    assert len(said(caplog, "database back")) == 1
    assert not [r.getMessage() for r in veille_lines(caplog) if r.exc_info or r.levelno >= logging.ERROR]


def test_the_morning_summary_due_during_a_backup_goes_out_once_the_backup_is_done(
    sqlite_url, fake_slack: FakeSlack
):
    backup = DatabaseOutage(sqlite_url)
    store = Store(backup.url)
    store.create_schema()
    morning = paris(2026, 11, 23, 8, 30)
    history = History(store)
    history.polled_since(morning - timedelta(days=30))
    history.add("Viadeo", morning - timedelta(hours=5), "positive", count=3, alert=False)
    reports = reporter(store)

    backup.begin()
    with pytest.raises(OperationalError) as during:  # the report job logs it once and tries next minute
        reports.tick(morning + timedelta(minutes=1))
    backup.end()
    assert is_database_away(during.value)

    assert reports.tick(morning + timedelta(minutes=2)) == 2  # the summary and its chart
    assert reports.tick(morning + timedelta(minutes=3)) == 0
    slack_outbox(store, fake_slack).drain()
    summaries = [m for m in fake_slack.posts() if (m.get("text") or "").startswith("Résumé du")]
    assert len(summaries) == 1 and "*Viadeo* : 3 mentions" in section_texts(summaries[0])
    backup.close()
    store.close()
