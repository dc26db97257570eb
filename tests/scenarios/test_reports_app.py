"""The running bot posts the summary it missed at start, with its chart, and not again after a restart."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from tests.conftest import slack_secrets, write_config
from tests.rigs.report import History, section_texts
from veille.store import Store


def test_the_bot_posts_a_missed_summary_with_its_chart_once_across_a_restart(
    tmp_path, fake_slack, sqlite_url, start_veille
):
    now = datetime.now(UTC)
    store = Store(sqlite_url)
    store.create_schema()
    history = History(store)
    history.polled_since(now - timedelta(days=3))
    history.add(
        "Viadeo", now - timedelta(hours=5), "negative", title="Viadeo : service client aux abonnés absents"
    )
    history.add("Viadeo", now - timedelta(hours=4), "positive", count=2, source="presse", alert=False)
    store.close()
    missed = (now - timedelta(minutes=3)).astimezone(ZoneInfo("Europe/Paris")).strftime("%H:%M")
    extra = f'[reports]\ndaily = ["{missed}"]\nweekly = ""\n[spikes]\nenabled = false\n'
    loaded = write_config(tmp_path, database=sqlite_url, sources=[], extra=extra)

    veille = start_veille(loaded, slack_secrets(fake_slack))
    fake_slack.wait_for("files.completeUploadExternal")
    veille.stop()
    restarted = start_veille(loaded, slack_secrets(fake_slack))
    assert restarted.reporter.tick() == 0  # what its scheduler runs every minute
    assert restarted.outbox.drain(timeout=10)
    fake_slack.wait_for("chat.postMessage", count=2)  # the negative mention's alert and the summary

    summaries = [m for m in fake_slack.posts() if (m.get("text") or "").startswith("Résumé du")]
    assert len(summaries) == 1
    text = section_texts(summaries[0])
    assert "*Viadeo* : 3 mention(s)" in text
    assert "🔴 1 mention(s) négative(s) pas encore traitée(s)" in text
    assert "service client aux abonnés absents" in text
    charts = fake_slack.uploaded()
    assert len(charts) == 1 and (charts[0].content or b"").startswith(b"\x89PNG")
    assert len(fake_slack.calls_to("files.getUploadURLExternal")) == 1
