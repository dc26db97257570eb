"""Files (exports, summary charts) reach Slack once, never behind alerts, and never vanish silently."""

from __future__ import annotations

import time
from datetime import timedelta

from tests.conftest import slack_secrets, write_config
from tests.fakes.slack import FakeSlack
from tests.rigs import report
from tests.rigs.report import (
    daily_only,
    reporter,
)
from tests.unit.delivery.test_outbox import make_outbox, queue_alerts
from tests.unit.reports.test_reports_daily import MORNING, seed_a_fortnight
from tests.unit.reports.test_reports_export import run_command, seed
from veille.delivery.outbox import Outbox
from veille.delivery.uploads import NewUpload, UploadQueue
from veille.store import Store

store = report.store_on_each_back_end
slack = report.unpaced_slack

CSV = "brand,title\nViadeo,Viadeo déçoit\n".encode()


def outbox_for(store: Store, slack: FakeSlack, *, answer_within: float = 10.0) -> Outbox:
    """An outbox as the bot runs it, whose calls to Slack give up after `answer_within` seconds."""
    return make_outbox(
        store,
        slack,
        timeout=answer_within,
        backoff_base=0.05,
        backoff_max=0.2,
        attention_backoff=0.0,
        idle_wait=0.1,
        per_channel_interval=0.0,
    )


def queue_export(store: Store) -> UploadQueue:
    queue = UploadQueue(store.engine)
    export = NewUpload("export:U0MARIE01:1", "C0VEILLE1", "veille.csv", "Veille — mentions", CSV)
    queue.queue(export)
    return queue


def test_an_export_whose_answer_was_lost_is_posted_once_even_when_slack_shows_it_late(store, slack):
    queue = queue_export(store)
    slack.share_delay = 3.0  # Slack processes files asynchronously: the channel shows it later
    held = slack.hold("files.completeUploadExternal", commit=True)  # Slack shares it, the answer is lost
    first = outbox_for(store, slack, answer_within=1.0)
    first.deliver_due()  # gives up waiting for the answer
    held.release.set()

    restarted = outbox_for(store, slack)  # the bot restarts on the same database
    restarted.confirm_upload_for = timedelta(seconds=20)
    assert restarted.drain(timeout=40)

    assert len(slack.uploaded()) == 1
    assert len([m for m in slack.posts() if m.get("files")]) == 1
    assert queue.status_of("export:U0MARIE01:1") == "posted"
    # Looked for every few seconds, not on every pass: the channel's history is rate-limited.
    assert len(slack.calls_to("conversations.history")) <= 3


def test_an_export_whose_completion_never_reached_slack_is_completed_with_the_same_file(store, slack):
    queue = queue_export(store)
    held = slack.hold("files.completeUploadExternal", commit=False)  # lost on the way to Slack
    first = outbox_for(store, slack, answer_within=1.0)
    first.deliver_due()
    held.release.set()

    restarted = outbox_for(store, slack)
    restarted.confirm_upload_for = timedelta(seconds=3)
    assert restarted.drain(timeout=40)

    files = slack.uploaded()
    assert len(files) == 1 and files[0].content == CSV
    assert len(slack.calls_to("files.getUploadURLExternal")) == 1  # the same file, not a new upload
    assert queue.status_of("export:U0MARIE01:1") == "posted"


def dm_texts(slack: FakeSlack, user: str = "U0MARIE01", timeout: float = 20.0) -> list[str]:
    """The bot's direct messages to `user`, once there is one."""
    deadline = time.monotonic() + timeout
    while not slack.posts(slack.dm_channel(user)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return [str(m.get("text")) for m in slack.posts(slack.dm_channel(user))]


def test_an_export_asked_in_a_private_channel_veille_is_not_in_tells_the_person_at_once(
    tmp_path, fake_slack, sqlite_url, start_veille
):
    fake_slack.add_channel("C0PRIVE01", "direction", is_member=False, private=True)
    seed(sqlite_url)
    veille = start_veille(write_config(tmp_path, database=sqlite_url, sources=[]), slack_secrets(fake_slack))
    body = run_command(veille, fake_slack, "export since:30d", 1, channel_id="C0PRIVE01")
    assert "Export de 3 mentions" in body["text"]

    [told] = dm_texts(fake_slack)
    assert "Votre export (Veille — mentions" in told and "n'a pas pu être publié dans <#C0PRIVE01>" in told
    assert "invitez-le avec `/invite @Veille`, puis relancez `/veille export`" in told
    assert len(fake_slack.calls_to("files.completeUploadExternal")) == 1  # not retried for an hour
    assert fake_slack.uploaded("C0PRIVE01") == []


def test_an_export_asked_in_a_conversation_veille_cannot_reach_says_so_in_english(
    tmp_path, fake_slack, sqlite_url, start_veille
):
    seed(sqlite_url)
    loaded = write_config(tmp_path, database=sqlite_url, sources=[], language="en")
    veille = start_veille(loaded, slack_secrets(fake_slack))
    run_command(veille, fake_slack, "export", 1, channel_id="D0MARIEPAUL")  # a DM between two people

    [told] = dm_texts(fake_slack)
    assert "Your export (Veille — mentions" in told and "could not be posted in this conversation" in told
    assert "Run `/veille export` in a channel Veille is in" in told


def test_an_export_too_large_for_slack_asks_for_a_shorter_period(
    tmp_path, fake_slack, sqlite_url, start_veille
):
    fake_slack.max_file_bytes = 200
    seed(sqlite_url)
    veille = start_veille(write_config(tmp_path, database=sqlite_url, sources=[]), slack_secrets(fake_slack))
    run_command(veille, fake_slack, "export since:30d", 1)

    [told] = dm_texts(fake_slack)
    assert "n'a pas pu être publié dans <#C0VEILLE1>" in told
    assert (
        "trop gros pour Slack : demandez une période plus courte, par exemple `/veille export since:7d`"
        in told
    )
    assert len(fake_slack.calls_to("files.getUploadURLExternal")) == 1
    assert fake_slack.uploaded() == []


def test_a_chart_slack_keeps_refusing_is_given_up_and_the_team_told_while_the_summary_stays(store, slack):
    seed_a_fortnight(store)
    reporter(store, daily_only()).tick(MORNING + timedelta(minutes=1))
    slack.fail("files.getUploadURLExternal", error="missing_scope", times=20)  # no files:write yet
    outbox = outbox_for(store, slack)
    assert outbox.drain(timeout=30)

    texts = [str(m.get("text")) for m in slack.posts()]
    assert any(text.startswith("Résumé du") for text in texts)
    [notice] = [text for text in texts if "graphique" in text]
    assert "Le graphique du résumé (Veille — " in notice and "répondu `missing_scope`" in notice
    assert "Le texte du résumé, lui, est bien publié" in notice
    assert len(slack.calls_to("files.getUploadURLExternal")) == 8  # a person may fix the scope meanwhile
    assert slack.uploaded() == []


def test_an_alert_is_posted_while_a_big_export_is_still_uploading(store, slack):
    queue = queue_export(store)
    outbox = outbox_for(store, slack, answer_within=60.0)
    slow = slack.hold("upload", commit=True)  # the export's bytes are on their way, for a long while
    outbox.start()
    try:
        assert slow.arrived.wait(15)
        queue_alerts(store, 1)
        outbox.wake()
        [alert] = slack.wait_for("chat.postMessage", timeout=15)
        assert not slow.release.is_set()  # the upload is still going on
        assert "Viadeo, épisode 0" in str(alert.args.get("text"))
    finally:
        slow.release.set()
    slack.wait_for("files.completeUploadExternal", timeout=15)
    outbox.stop()
    assert queue.status_of("export:U0MARIE01:1") == "posted"
    assert [f.content for f in slack.uploaded()] == [CSV]


def test_an_export_nobody_can_be_told_about_is_given_up_once_not_retried_forever(store, slack):
    slack.add_channel("C0PRIVE01", "direction", is_member=False, private=True)
    queue = UploadQueue(store.engine)
    export = NewUpload(
        "export:U0MARIE01:2",
        "C0PRIVE01",
        "veille.csv",
        "Veille — mentions",
        CSV,
        requester="U0MARIE01",
        tell="U0MARIE01",
        tell_lang="fr",
    )
    queue.queue(export)
    slack.fail("chat.postMessage", error="messages_tab_disabled", times=50)  # Marie cannot get DMs

    assert outbox_for(store, slack).drain(timeout=10)

    assert queue.status_of("export:U0MARIE01:2") == "failed"
    assert len(slack.calls_to("chat.postMessage")) == 1  # the DM was tried once, then let go
    assert slack.posts(slack.dm_channel("U0MARIE01")) == []


def test_slack_asking_to_wait_while_an_export_is_checked_is_waited_for(store, slack):
    queue = queue_export(store)
    held = slack.hold("files.completeUploadExternal", commit=False)
    outbox_for(store, slack, answer_within=1.0).deliver_due()
    held.release.set()
    slack.fail("conversations.history", status=429, retry_after=30, times=10)

    restarted = outbox_for(store, slack)
    deadline = time.monotonic() + 10
    while not slack.calls_to("conversations.history") and time.monotonic() < deadline:
        restarted.deliver_due()  # the bot's passes, once the interrupted upload is due a check
        time.sleep(0.1)
    for _ in range(5):
        restarted.deliver_due()

    assert len(slack.calls_to("conversations.history")) == 1  # Retry-After: 30 s is respected
    assert queue.status_of("export:U0MARIE01:1") == "sending"
