"""The running bot posts the summary it missed at start, with its chart, and not again after a restart."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from tests.conftest import REPO, slack_secrets, write_config
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
    assert "*Viadeo* : 3 mentions" in text
    assert "🔴 1 mention négative pas encore traitée" in text
    assert "service client aux abonnés absents" in text
    charts = fake_slack.uploaded()
    assert len(charts) == 1 and (charts[0].content or b"").startswith(b"\x89PNG")
    assert len(fake_slack.calls_to("files.getUploadURLExternal")) == 1


def test_the_demos_first_summary_lists_the_demos_mentions(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
    env["VEILLE_DATABASE_URL"] = f"sqlite:///{tmp_path / 'veille.db'}"
    command = [sys.executable, "-m", "veille", "--config", "config.example.toml"]
    bot = subprocess.Popen(
        [*command, "run"], cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert bot.stdout is not None
    printed = ""
    deadline = time.monotonic() + 60
    try:
        while printed.count("ALERTE #veille") < 5 and time.monotonic() < deadline:
            line = bot.stdout.readline()
            if not line:
                break
            printed += line.decode("utf-8", "replace")
    finally:
        bot.send_signal(signal.SIGTERM)
        bot.communicate(timeout=20)
    assert printed.count("ALERTE #veille") == 5, printed

    summary = subprocess.run(
        [*command, "summary"], cwd=REPO, env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert summary.returncode == 0, summary.stderr
    assert "Rien aujourd'hui" not in summary.stdout
    assert "Viadeo : 3 mentions" in summary.stdout and "Netvibes : 2 mentions" in summary.stdout
    assert "Réseaux professionnels : pourquoi Viadeo séduit les PME" in summary.stdout
