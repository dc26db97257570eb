"""What the logs show a team's log stack, and what they never show: tokens, secrets, passwords."""

from __future__ import annotations

import io
import json
import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO, write_config
from tests.fakes.feeds import FeedServer
from veille.config import Secrets, load_config
from veille.logs import configure_logging, log_context, log_handler

BOT_TOKEN = "xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOpQrStUvWx"
USER_TOKEN = "xoxp-1234567890-0987654321-1122334455-abcdef0123456789"
APP_TOKEN = "xapp-1-A0123ABCD-4567890123-0a1b2c3d4e5f60718293a4b5c6d7e8f9"
REFRESH_TOKEN = "xoxe-1-My0xLTIzNDU2Nzg5MC0xMjM0NTY3ODkwMTIz"
SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"


class Logs:
    """A logger writing through Veille's handler into a buffer, one parsed line at a time."""

    def __init__(self, log_format: str | None) -> None:
        self.stream = io.StringIO()
        self.handler = log_handler(log_format, stream=self.stream)
        self.logger = logging.getLogger(f"veille.test_logs.{id(self)}")
        self.logger.propagate = False
        self.logger.setLevel(logging.DEBUG)
        self.logger.addHandler(self.handler)

    def lines(self) -> list[str]:
        return self.stream.getvalue().splitlines()

    def objects(self) -> list[dict[str, object]]:
        return [json.loads(line) for line in self.lines()]

    def close(self) -> None:
        self.logger.removeHandler(self.handler)


@pytest.fixture
def tokens_in_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)
    monkeypatch.setenv("SLACK_APP_TOKEN", APP_TOKEN)
    monkeypatch.setenv("SLACK_SIGNING_SECRET", SIGNING_SECRET)
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_0123456789abcdefFAKE")
    monkeypatch.setenv("STACKEXCHANGE_KEY", "se-key-Z9y8x7w6")
    monkeypatch.setenv("BLUESKY_APP_PASSWORD", "abcd-efgh-ijkl-mnop")


@pytest.fixture(params=["text", "json"])
def logs(request: pytest.FixtureRequest, tokens_in_env: None) -> Iterator[Logs]:
    made = Logs(request.param)
    yield made
    made.close()


def test_slack_tokens_bearer_headers_and_url_passwords_show_as_stars(logs: Logs) -> None:
    logs.logger.info("auth.test with %s failed", BOT_TOKEN)
    logs.logger.info("tokens: %s %s %s", USER_TOKEN, "xoxe.xoxp-1-Mi0yLTEyMzQ1Njc4OTAtMTIzNA", REFRESH_TOKEN)
    logs.logger.warning("socket mode with %s", APP_TOKEN)
    logs.logger.info("headers: {'Authorization': 'Bearer sk-live-abcdefghij0123456789'}")
    logs.logger.error("database away: postgresql://veille:Tr0ub4dor&3@db.internal:5432/veille")
    logs.logger.info("GET https://api.example.com/search?q=viadeo&api_key=abc123def456&page=2")
    logs.logger.info("source https://api.example.com/feed?key=zz99yy88xx: poll failed")
    logs.logger.debug("connecting to wss://wss-primary.slack.com/link/?ticket=5c1e7a9b-ticket&app_id=A01")
    logs.logger.info("signing_secret=%s client_secret: 'reddit-s3cr3t-value'", "f00ba4f00ba4f00ba4")

    shown = logs.stream.getvalue()
    for secret in (
        BOT_TOKEN,
        USER_TOKEN,
        APP_TOKEN,
        REFRESH_TOKEN,
        "Mi0yLTEyMzQ1Njc4OTAtMTIzNA",
        "sk-live-abcdefghij0123456789",
        "Tr0ub4dor&3",
        "abc123def456",
        "zz99yy88xx",
        "5c1e7a9b-ticket",
        "f00ba4f00ba4f00ba4",
        "reddit-s3cr3t-value",
    ):
        assert secret not in shown
    assert len(logs.lines()) == 9
    assert "xoxp-***" in shown and "xoxe-***" in shown and "xoxe.***" in shown
    assert "Bearer ***" in shown
    assert "postgresql://veille:***@db.internal:5432/veille" in shown
    assert "q=viadeo&api_key=***&page=2" in shown
    assert "feed?key=***: poll failed" in shown


def test_credentials_set_in_the_environment_never_show_whatever_their_shape(logs: Logs) -> None:
    logs.logger.info("signature computed with %s", SIGNING_SECRET)
    logs.logger.info("github answered 401 for ghp_0123456789abcdefFAKE")
    logs.logger.info("stackexchange quota for se-key-Z9y8x7w6: 300")
    logs.logger.info("bluesky session for veille.bsky.social (abcd-efgh-ijkl-mnop)")

    shown = logs.stream.getvalue()
    for secret in (SIGNING_SECRET, "ghp_0123456789abcdefFAKE", "se-key-Z9y8x7w6", "abcd-efgh-ijkl-mnop"):
        assert secret not in shown
    assert shown.count("***") == 4
    assert "veille.bsky.social" in shown  # the rest of the line is still there


def test_a_traceback_that_quotes_a_token_shows_it_as_stars(logs: Logs) -> None:
    try:
        raise RuntimeError(f"Slack refused {USER_TOKEN} and postgresql://u:pa55word@db/veille")
    except RuntimeError:
        logs.logger.exception("startup failed")

    shown = logs.stream.getvalue()
    assert "RuntimeError: Slack refused xoxp-*** and postgresql://u:***@db/veille" in shown
    assert USER_TOKEN not in shown and "pa55word" not in shown


def test_every_credential_veille_reads_from_the_environment_is_hidden_by_its_name(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The Slack secrets and the credentials the sources read by default: a value of any shape."""
    asked: list[str] = []

    class Environment(dict[str, str]):
        def get(self, name: str, default: str | None = None) -> str | None:  # type: ignore[override]
            asked.append(name)
            return super().get(name, default)

    Secrets.from_env(Environment())
    names = [name for name in asked if name != "VEILLE_SLACK_API_URL"]
    config = tmp_path / "config.toml"
    config.write_text(
        '[veille]\ndatabase = "v.db"\n[[brands]]\nname = "Viadeo"\nterms = ["Viadeo"]\nchannel = "#veille"\n'
        '[[sources]]\ntype = "github"\n[[sources]]\ntype = "stackexchange"\n'
        '[[sources]]\ntype = "bluesky"\n',
        encoding="utf-8",
    )
    for source in load_config(config).config.sources:
        names += [str(value) for field, value in source if field.endswith("_env")]
    names = [name for name in names if name != "BLUESKY_IDENTIFIER"]  # a handle, not a secret
    names += ["REDDIT_CLIENT_SECRET"]
    assert {"SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "GITHUB_TOKEN", "STACKEXCHANGE_KEY"} <= set(names)

    for number, name in enumerate(names):
        monkeypatch.setenv(name, f"plain{number}value")
    logs = Logs("text")
    try:
        logs.logger.info(" ".join(f"plain{number}value" for number in range(len(names))))
    finally:
        logs.close()
    assert logs.lines()[0].endswith(" ".join(["***"] * len(names)))


def test_json_lines_carry_time_level_logger_message_and_the_context_known() -> None:
    logs = Logs("json")
    try:
        logs.logger.info("starting")
        with log_context(source="https://blog.example/feed.xml"):
            logs.logger.info("polled")
            with log_context(brand="Viadeo", alert_id=42, channel="#veille"):
                logs.logger.warning("posted")
        try:
            raise ValueError("bad feed")
        except ValueError:
            logs.logger.exception("failed")
    finally:
        logs.close()

    starting, polled, posted, failed = logs.objects()
    assert set(starting) == {"time", "level", "logger", "message"}
    assert str(starting["time"]).endswith("+00:00") and "T" in str(starting["time"])
    assert starting["level"] == "INFO" and starting["message"] == "starting"
    assert str(starting["logger"]).startswith("veille.test_logs.")
    assert polled["source"] == "https://blog.example/feed.xml" and "alert_id" not in polled
    assert posted == posted | {
        "level": "WARNING",
        "source": "https://blog.example/feed.xml",
        "brand": "Viadeo",
        "alert_id": 42,
        "channel": "#veille",
    }
    assert "source" not in failed
    assert "ValueError: bad feed" in str(failed["exc_info"])


def test_the_text_format_stays_the_one_people_read() -> None:
    logs = Logs("text")
    try:
        with log_context(source="rss"):
            logs.logger.info("polled %d item(s)", 3)
    finally:
        logs.close()
    (line,) = logs.lines()
    assert line.endswith(f" INFO {logs.logger.name}: polled 3 item(s)")


def test_the_format_comes_from_the_config_else_the_environment_else_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def first_line(log_format: str | None) -> str:
        logs = Logs(log_format)
        logs.logger.info("hello")
        logs.close()
        return logs.lines()[0]

    monkeypatch.delenv("VEILLE_LOG_FORMAT", raising=False)
    assert first_line(None).endswith(": hello")
    monkeypatch.setenv("VEILLE_LOG_FORMAT", "json")
    assert json.loads(first_line(None))["message"] == "hello"
    assert first_line("text").endswith(": hello")


def test_configuring_twice_replaces_the_first_setup(capsys: pytest.CaptureFixture[str]) -> None:
    root = logging.getLogger()
    kept = root.handlers[:]
    level = root.level
    root.handlers.clear()
    try:
        configure_logging(False, "text")
        configure_logging(False, "json")
        logging.getLogger("veille.test_logs").info("once")
        assert logging.getLogger("httpx").level == logging.WARNING
        assert len(root.handlers) == 1
    finally:
        for handler in root.handlers[:]:
            root.removeHandler(handler)
        root.handlers.extend(kept)
        root.setLevel(level)
    (line,) = capsys.readouterr().err.splitlines()
    assert json.loads(line)["message"] == "once"


def test_a_bot_run_with_json_logs_writes_only_json_lines_and_no_secret(
    tmp_path: Path, feeds: FeedServer
) -> None:
    feeds.set("/feed.xml", (REPO / "examples" / "veille-demo-fr.xml").read_bytes())
    feeds.set("/broken.xml", "nope", status=500)
    with_password = feeds.url("/feed.xml").replace("//", "//reader:hunter2pass@") + "?token=feedtok123"
    with_key = feeds.url("/broken.xml") + "?sig=ghp_0123456789abcdefFAKE"
    write_config(
        tmp_path,
        database=f"sqlite:///{tmp_path / 'veille.db'}",
        sources=[{"type": "rss", "url": with_password}, {"type": "rss", "url": with_key}],
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "VEILLE_"))}
    env.update(
        VEILLE_LOG_FORMAT="json",
        SLACK_APP_TOKEN=APP_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        GITHUB_TOKEN="ghp_0123456789abcdefFAKE",
    )
    bot = subprocess.Popen(
        [sys.executable, "-m", "veille", "-v", "--config", str(tmp_path / "config.toml"), "run"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 30
    while len(feeds.requests_to("/broken.xml")) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    bot.send_signal(signal.SIGTERM)
    _, stderr = bot.communicate(timeout=20)
    errors = stderr.decode("utf-8")

    lines = [json.loads(line) for line in errors.splitlines()]
    assert len(lines) > 10
    assert all({"time", "level", "logger", "message"} <= set(line) for line in lines)
    polled = [line for line in lines if line["logger"] == "veille.pipeline.poller"]
    assert polled and all("source" in line for line in polled)
    assert any("broken.xml?sig=***: poll failed" in str(line["message"]) for line in polled)
    posted = [line for line in lines if line["logger"] == "veille.delivery.outbox"]
    assert posted and all(line["channel"] == "#veille" and "alert_id" in line for line in posted)
    for secret in ("hunter2pass", "feedtok123", "ghp_0123456789abcdefFAKE", APP_TOKEN, SIGNING_SECRET):
        assert secret not in errors
    assert "http://reader:***@127.0.0.1" in errors
    assert bot.returncode == 0, errors
