"""Requests that do not come from Slack change nothing."""

from __future__ import annotations

import sqlite3
import time
from typing import Any

import pytest

from tests.conftest import SIGNING_SECRET, slack_secrets, write_config
from tests.fakes.feeds import FeedEntry, rss
from tests.fakes.slack_requests import block_action, post_signed
from veille.handlers.views.alert import ACTION_HANDLED


def _alert(tmp_path, feeds, fake_slack, url, start_veille):
    feeds.set("/f.xml", rss([FeedEntry("Viadeo", "Un billet sur Viadeo.", "https://ex.fr/v", "v")]))
    loaded = write_config(tmp_path, database=url, sources=[{"type": "rss", "url": feeds.url("/f.xml")}])
    veille = start_veille(loaded, slack_secrets(fake_slack))
    post = fake_slack.wait_for("chat.postMessage")[0]
    return veille, post


@pytest.mark.parametrize(
    ("secret", "forged"),
    [
        pytest.param(SIGNING_SECRET, {"forged_signature": "v0=" + "0" * 64}, id="forged signature"),
        pytest.param("not-the-secret", {}, id="signed with another secret"),
        pytest.param(SIGNING_SECRET, {"timestamp": int(time.time()) - 600}, id="stale timestamp"),
    ],
)
def test_a_request_not_signed_by_slack_gets_401_and_changes_nothing(
    tmp_path, feeds, fake_slack, database_url, start_veille, secret: str, forged: dict[str, Any]
):
    veille, post = _alert(tmp_path, feeds, fake_slack, database_url, start_veille)
    alert_id = post.answer["message"]["blocks"][-1]["elements"][0]["value"]
    body = block_action(ACTION_HANDLED, alert_id)
    response = post_signed(f"http://127.0.0.1:{veille.http_port}/slack/events", body, secret, **forged)
    assert response.status_code == 401
    view = veille.store.alert_view(int(alert_id))
    assert view is not None and view.state == "new" and view.actor is None
    assert fake_slack.calls_to("chat.update") == []


def test_the_click_is_answered_while_the_database_is_still_busy(
    tmp_path, feeds, fake_slack, sqlite_url, start_veille
):
    """Slack's 3-second deadline: the listener acks before it touches the database.

    The test locks the SQLite database, clicks, and only releases the lock once the HTTP answer
    has arrived; a listener that wrote before acking would never answer.
    """
    veille, post = _alert(tmp_path, feeds, fake_slack, sqlite_url, start_veille)
    alert_id = post.answer["message"]["blocks"][-1]["elements"][0]["value"]
    locker = sqlite3.connect(sqlite_url.removeprefix("sqlite:///"), timeout=30)
    locker.execute("BEGIN EXCLUSIVE")
    try:
        body = block_action(ACTION_HANDLED, alert_id, message_ts=post.answer["ts"])
        response = post_signed(
            f"http://127.0.0.1:{veille.http_port}/slack/events", body, SIGNING_SECRET, timeout=5
        )
        assert response.status_code == 200
        assert fake_slack.calls_to("chat.update") == []
    finally:
        locker.rollback()
        locker.close()
    fake_slack.wait_for("chat.update")
    view = veille.store.alert_view(int(alert_id))
    assert view is not None and view.state == "handled"
