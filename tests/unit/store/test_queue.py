"""Alerts, notices and files share one outbox queue: claimed once, attempts counted, never lost."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from veille.delivery.uploads import NewUpload, UploadQueue


def test_a_notice_is_queued_once_per_key_and_counts_its_attempts(store):
    now = datetime.now(UTC)
    notice_id = store.queue_notice("source-down:blog", "#veille", "blog ne répond plus")
    assert notice_id is not None
    assert store.queue_notice("source-down:blog", "#veille", "encore") is None
    assert store.notice_queued("source-down:blog") and not store.notice_queued("source-up:blog")

    assert store.mark_notice_sending(notice_id, now)
    assert not store.mark_notice_sending(notice_id, now)  # a second worker cannot take it
    store.mark_notice_retry(notice_id, "HTTP 500", now + timedelta(minutes=5))
    assert store.due_notices(now) == []
    (again,) = store.due_notices(now + timedelta(minutes=6))
    assert again.attempts == 1 and store.undelivered() == 1

    assert store.mark_notice_sending(notice_id, now)
    store.mark_notice_posted(notice_id, "C0VEILLE1", "1.000002", now)
    assert store.notices_posted() == [("source-down:blog", "blog ne répond plus", "1.000002")]
    assert store.undelivered() == 0


def test_a_notice_given_up_is_no_longer_waiting(store):
    notice_id = store.queue_notice("dm:U0MARIE01", "U0MARIE01", "Bonjour")
    assert notice_id is not None
    store.give_up_notice(notice_id, "cannot_dm_bot")
    assert store.due_notices(datetime.now(UTC)) == [] and store.undelivered() == 0


def test_an_upload_starting_over_forgets_its_file_and_drops_its_bytes_once_settled(store):
    now = datetime.now(UTC)
    uploads = UploadQueue(store.engine)
    upload_id = uploads.queue(NewUpload("export:1", "C0VEILLE1", "veille.csv", "Veille", b"a,b\n"))
    assert upload_id is not None and uploads.queue(NewUpload("export:1", "C1", "x", "x", b"")) is None

    assert uploads.mark_sending(upload_id, "C0VEILLE1", now)
    assert uploads.mark_stage(upload_id, "F0FILE001", "reserved", now)
    uploads.mark_retry(upload_id, "HTTP 500", now)
    (due,) = uploads.due(now)
    assert (due.file_id, due.stage, due.attempts, due.content) == (None, None, 1, b"a,b\n")

    assert uploads.mark_sending(upload_id, "C0VEILLE1", now)
    uploads.mark_posted(upload_id, "F0FILE002", now)
    assert uploads.status_of("export:1") == "posted" and uploads.waiting() == 0


def test_a_chart_waits_for_its_summary_and_goes_where_the_summary_landed(store):
    now = datetime.now(UTC)
    summary = store.queue_notice("summary:1", "#veille", "Résumé")
    assert summary is not None
    uploads = UploadQueue(store.engine)
    uploads.queue(NewUpload("chart:1", "#veille", "chart.png", "Chart", b"png", after_notice_id=summary))
    assert uploads.due(now) == []
    store.mark_notice_sending(summary, now)
    store.mark_notice_posted(summary, "C0VEILLE1", "1.000003", now)
    (chart,) = uploads.due(now)
    assert chart.channel_id == "C0VEILLE1"
