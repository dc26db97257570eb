"""Export and on-demand summaries: from Slack (/veille export, /veille summary) and the terminal."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

from tests.conftest import SIGNING_SECRET, slack_secrets, write_config
from tests.fakes.slack_requests import post_signed, slash_command
from tests.rigs.report import History, section_texts
from veille.cli.main import main
from veille.store import Store


def run_command(
    veille, fake_slack, text: str, count: int, user_id: str = "U0MARIE01", channel_id: str = "C0VEILLE1"
) -> dict:
    url = fake_slack.response_url_base + f"cmd{count}"
    body = slash_command(text, user_id=user_id, channel_id=channel_id, response_url=url)
    response = post_signed(f"http://127.0.0.1:{veille.http_port}/slack/events", body, SIGNING_SECRET)
    assert response.status_code == 200
    return fake_slack.wait_for_response(count)[-1]


def seed(database: str) -> None:
    store = Store(database)
    store.create_schema()
    now = datetime.now(UTC)
    history = History(store)
    history.add(
        "Viadeo", now - timedelta(days=2), "negative", source="forum", title='=HYPERLINK("x") Viadeo déçoit'
    )
    history.add(
        "Viadeo", now - timedelta(hours=3), "positive", count=2, source="presse", reach=12, alert=False
    )
    history.add("Viadeo", now - timedelta(days=40), "neutral", alert=False)  # older than the export
    alert = history.alert_ids[0]
    store.assign_alert(alert, "U0PAUL001", "U0MARIE01", now)
    store.set_alert_state(alert, "handled", "U0PAUL001", now)
    store.close()


def rows_of(content: bytes) -> list[dict[str, str]]:
    text = content.decode("utf-8")
    assert text.startswith("\ufeff")  # spreadsheets read the accents right
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def test_export_uploads_a_csv_of_the_mentions_to_the_channel(tmp_path, fake_slack, sqlite_url, start_veille):
    seed(sqlite_url)
    veille = start_veille(write_config(tmp_path, database=sqlite_url, sources=[]), slack_secrets(fake_slack))
    answer = run_command(veille, fake_slack, "export since:30d", 1)
    assert answer["response_type"] == "ephemeral"
    assert "📎 Export de 3 mentions depuis le" in answer["text"]

    fake_slack.wait_for("files.completeUploadExternal")
    files = fake_slack.uploaded("C0VEILLE1")
    assert len(files) == 1 and files[0].name.endswith(".csv")
    rows = rows_of(files[0].content or b"")
    assert len(rows) == 3
    negative = next(r for r in rows if r["tone"] == "negative")
    assert negative["state"] == "handled" and negative["assignee"] == "U0PAUL001"
    assert negative["state_by"] == "U0PAUL001" and negative["assigned_by"] == "U0MARIE01"
    assert negative["channel"] == "#veille" and negative["tone_score"] == "-0.600"
    assert negative["title"].startswith("'=HYPERLINK")  # never run as a formula
    assert negative["source"] == "forum" and negative["url"].startswith("https://")
    assert {r["tone"] for r in rows} == {"negative", "positive"}
    assert all(r["brand"] == "Viadeo" for r in rows)
    message = next(m for m in fake_slack.posts() if m.get("files"))
    assert "demandé par <@U0MARIE01> (3 lignes)" in message["text"]


def test_a_bad_period_says_what_to_type_and_an_empty_one_says_so(
    tmp_path, fake_slack, sqlite_url, start_veille
):
    veille = start_veille(write_config(tmp_path, database=sqlite_url, sources=[]), slack_secrets(fake_slack))
    bad = run_command(veille, fake_slack, "export since:<!here>", 1)["text"]
    assert "`since:7d`" in bad and "&lt;!here&gt;" in bad and "<!here>" not in bad
    assert "Usage : `/veille export [since:30d]" in bad
    assert "rien à exporter" in run_command(veille, fake_slack, "export since:7d", 2)["text"]
    assert fake_slack.calls_to("files.getUploadURLExternal") == []


def test_summary_answers_privately_now_with_the_last_24_hours(tmp_path, fake_slack, sqlite_url, start_veille):
    seed(sqlite_url)
    veille = start_veille(write_config(tmp_path, database=sqlite_url, sources=[]), slack_secrets(fake_slack))
    answer = run_command(veille, fake_slack, "summary", 1)
    assert answer["response_type"] == "ephemeral"
    text = section_texts(answer)
    assert "*Viadeo* : 2 mentions" in text and "🟢 2 positives (100 %)" in text
    weekly = section_texts(run_command(veille, fake_slack, "summary weekly", 2))
    assert "*Viadeo* : 3 mentions cette semaine, 0 la semaine d'avant (nouveau)" in weekly
    assert "`/veille summary weekly`" in run_command(veille, fake_slack, "summary hier", 3)["text"]
    assert "summary [weekly]" in run_command(veille, fake_slack, "help", 4)["text"]


def test_veille_export_writes_the_same_csv_on_the_command_line(tmp_path, sqlite_url, capsys):
    seed(sqlite_url)
    loaded = write_config(tmp_path, database=sqlite_url, sources=[])
    out = tmp_path / "mentions.csv"
    assert main(["--config", str(loaded.path), "export", "--since", "7d", "--output", str(out)]) == 0
    rows = rows_of(out.read_bytes())
    assert len(rows) == 3
    assert "3 mentions écrites dans" in capsys.readouterr().err
    assert main(["--config", str(loaded.path), "export", "--since", "soon"]) == 2
    assert "--since" in capsys.readouterr().err
    assert main(["--config", str(loaded.path), "summary"]) == 0
    printed = capsys.readouterr().out
    assert "Viadeo : 2 mentions" in printed and "*" not in printed  # Slack's bold means nothing here


def test_the_weekly_summary_in_a_terminal_draws_its_share_of_voice_bars_without_slack_code_marks(
    tmp_path, sqlite_url, capsys
):
    seed(sqlite_url)
    store = Store(sqlite_url)
    History(store).add("Netvibes", datetime.now(UTC) - timedelta(days=1), "neutral", alert=False)
    store.close()
    brands = [{"name": name, "terms": [name], "channel": "#veille"} for name in ("Viadeo", "Netvibes")]
    loaded = write_config(tmp_path, database=sqlite_url, sources=[], brands=brands)
    assert main(["--config", str(loaded.path), "summary", "--weekly"]) == 0
    printed = capsys.readouterr().out
    assert "Part de voix" in printed
    assert "███████████████      Viadeo : 75 %" in printed
    assert "`" not in printed


def test_veille_export_reads_periods_as_slack_does_and_names_a_file_it_cannot_write(
    tmp_path, sqlite_url, capsys
):
    seed(sqlite_url)
    loaded = write_config(tmp_path, database=sqlite_url, sources=[])
    out = tmp_path / "mentions.csv"
    assert main(["--config", str(loaded.path), "export", "--since", "7j", "--output", str(out)]) == 0
    assert len(rows_of(out.read_bytes())) == 3
    capsys.readouterr()
    unwritable = tmp_path / "no-such-folder" / "mentions.csv"
    assert main(["--config", str(loaded.path), "export", "--output", str(unwritable)]) == 1
    assert f"impossible d'écrire {unwritable}" in capsys.readouterr().err
