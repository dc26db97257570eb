"""Monday morning: the week against the one before, and each brand's share of voice."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from tests.rigs.report import (
    History,
    daily_only,
    paris,
    report_config,
    reporter,
    section_texts,
    slack_outbox,
)
from veille.delivery.uploads import uploads
from veille.store import Store

MONDAY = paris(2026, 11, 23, 9, 0)


def test_monday_morning_compares_the_week_and_gives_the_share_of_voice(store, slack):
    history = History(store)
    history.polled_since(MONDAY - timedelta(days=30))
    history.add("Viadeo", MONDAY - timedelta(days=10), "neutral", count=4, alert=False)
    history.add("Viadeo", MONDAY - timedelta(days=3), "positive", count=6, alert=False)
    history.add("Netvibes", MONDAY - timedelta(days=9), "neutral", count=4, alert=False)
    history.add("Netvibes", MONDAY - timedelta(days=2), "negative", count=2, alert=False)
    weekly_only = report_config(reports={"daily": [], "weekly": "monday 09:00"}, spikes={"enabled": False})

    assert reporter(store, weekly_only).tick(MONDAY - timedelta(minutes=1)) == 0
    assert reporter(store, weekly_only).tick(MONDAY + timedelta(minutes=1)) == 1
    assert reporter(store, weekly_only).tick(MONDAY + timedelta(hours=2)) == 0
    slack_outbox(store, slack).drain()

    posts = slack.posts()
    assert len(posts) == 1
    text = section_texts(posts[0])
    assert "🗓️ Semaine du 16 nov. 2026 au 23 nov. 2026" in text
    assert "*Viadeo* : 6 mentions cette semaine, 4 la semaine d'avant (+50 %)" in text
    assert "*Netvibes* : 2 mentions cette semaine, 4 la semaine d'avant (-50 %)" in text
    assert "Viadeo : 75 % (semaine d'avant : 50 %)" in text
    assert "Netvibes : 25 % (semaine d'avant : 50 %)" in text
    assert text.index("Viadeo : 75 %") < text.index("Netvibes : 25 %")


def test_a_chart_upload_cut_short_by_a_crash_is_settled_not_repeated(store, slack):
    history = History(store)
    history.polled_since(MONDAY - timedelta(days=30))
    history.add("Viadeo", MONDAY - timedelta(hours=3), "positive", count=3, alert=False)
    morning = paris(2026, 11, 23, 8, 30)
    reporter(store, daily_only()).tick(morning)
    long_ago = morning - timedelta(minutes=5)

    # The bot died while uploading, before Slack got the file: it is uploaded, once.
    with store.engine.begin() as conn:
        conn.execute(update(uploads).values(status="sending", sending_at=long_ago))
    slack_outbox(store, slack).drain()
    assert len(slack.uploaded()) == 1
    assert section_texts(slack.posts()[0]).startswith("📊 Résumé du 23 nov. 2026")

    # The bot died after Slack took the file but before the store heard back: not again.
    with store.engine.begin() as conn:
        conn.execute(update(uploads).values(status="sending", sending_at=long_ago))
    slack_outbox(store, slack).drain()
    assert len(slack.uploaded()) == 1
    assert len(slack.calls_to("files.completeUploadExternal")) == 1


def test_in_console_mode_the_summary_prints_and_its_chart_is_saved(sqlite_url, tmp_path, monkeypatch):
    import io

    from veille.delivery.outbox import Outbox
    from veille.delivery.poster import ConsolePoster

    monkeypatch.chdir(tmp_path)
    store = Store(sqlite_url)
    store.create_schema()
    history = History(store)
    history.polled_since(MONDAY - timedelta(days=3))
    history.add("Viadeo", MONDAY - timedelta(hours=4), "negative", title="Viadeo <b>déçoit</b>", alert=False)
    out = io.StringIO()
    poster = ConsolePoster(out, lambda alert_id, channel: "", lambda alert_id: "")
    reporter(store, daily_only()).tick(paris(2026, 11, 23, 8, 30))
    Outbox(store, poster, lambda _id: None, per_channel_interval=0.0).drain()
    store.close()

    printed = out.getvalue()
    assert "── #veille ──\n📊 Résumé du 23 nov. 2026" in printed
    assert "\nViadeo : 1 mention (" in printed  # no Slack bold stars in a terminal
    assert "Viadeo <b>déçoit</b> (https://blog.example.fr/" in printed
    saved = list((tmp_path / "veille-files").glob("veille-2026-11-23-v*.png"))
    assert len(saved) == 1 and saved[0].read_bytes().startswith(b"\x89PNG")
    assert f"📎 {saved[0].relative_to(tmp_path)}" in printed


def test_a_file_for_a_channel_that_does_not_exist_is_given_up_at_once_not_retried(store, slack):
    from veille.delivery.uploads import NewUpload, UploadQueue

    queue = UploadQueue(store.engine)
    queue.queue(NewUpload("export:U1:x", "C0NOWHERE", "veille.csv", "Veille", b"a,b\n", comment="export"))
    outbox = slack_outbox(store, slack)
    assert outbox.drain(timeout=20)
    assert queue.status_of("export:U1:x") == "failed"
    assert len(slack.calls_to("files.completeUploadExternal")) == 1  # retrying cannot create it
    assert slack.uploaded() == []


def test_an_export_is_not_held_back_by_many_charts_whose_summaries_are_not_posted_yet(store):
    from veille.delivery.uploads import NewUpload, UploadQueue

    queue = UploadQueue(store.engine)
    for day in range(25):  # a channel the summaries cannot reach, for weeks
        notice = store.queue_notice(f"summary:{day}", "#private", "Résumé", None, at=MONDAY)
        assert notice is not None
        queue.queue(NewUpload(f"chart:{day}", "#private", "v.png", "Veille", b"png", after_notice_id=notice))
    queue.queue(NewUpload("export:U1:x", "C0123", "veille.csv", "Veille", b"a,b\n", comment="export"))
    assert [u.filename for u in queue.due(MONDAY)] == ["veille.csv"]


def test_a_week_without_any_mention_says_so_without_a_table_of_zero_shares(store, slack):
    History(store).polled_since(MONDAY - timedelta(days=30))
    weekly_only = report_config(reports={"daily": [], "weekly": "monday 09:00"}, spikes={"enabled": False})

    assert reporter(store, weekly_only).tick(MONDAY + timedelta(minutes=1)) == 1
    slack_outbox(store, slack).drain()

    text = section_texts(slack.posts()[0])
    assert "☀️ Semaine calme : aucune mention de Viadeo ni de Netvibes, ni cette semaine" in text
    assert "Part de voix" not in text
