"""A team's monitoring asks the bot whether it works: /healthz (the process answers), /readyz
(database, scheduler, polls, outbox, Slack; 503 naming what is wrong) and /metrics, in console
mode and Socket Mode on `[veille] health_port`, in HTTP mode beside /slack/events. `veille status`
says the same in the terminal, in the team's language, and what the database says when no bot
answers."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from tests.conftest import slack_secrets, write_config
from tests.fakes.feeds import FeedEntry, FeedServer, rss
from tests.fakes.tcp_proxy import DatabaseOutage
from veille.cli.status import status_command
from veille.config import LoadedConfig, Secrets

CONSOLE = Secrets(slack_bot_token=None, slack_app_token=None, slack_signing_secret=None, slack_api_url=None)
ENTRIES = [
    FeedEntry("Viadeo recrute à Paris", "Viadeo ouvre vingt postes.", "https://ex.fr/1", "1"),
    FeedEntry("Viadeo change de logo", "Le logo de Viadeo change.", "https://ex.fr/2", "2"),
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until(condition: Callable[[], Any], what: str, timeout: float = 20.0) -> Any:
    deadline = time.monotonic() + timeout
    while not (found := condition()):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)
    return found


def get(port: int, path: str) -> httpx.Response:
    return httpx.get(f"http://127.0.0.1:{port}{path}", timeout=10)


def readiness(port: int) -> tuple[int, dict[str, Any]]:
    answer = get(port, "/readyz")
    return answer.status_code, answer.json()


def ready(port: int) -> bool:
    return readiness(port)[0] == 200


def failing(port: int, check: str) -> dict[str, Any] | None:
    status, report = readiness(port)
    return report if status == 503 and check in report["failing"] else None


def news_config(folder: Any, feeds: FeedServer, *, language: str = "fr", **options: Any) -> LoadedConfig:
    feeds.set("/news.xml", rss(ENTRIES))
    source = {"name": "news", "type": "rss", "url": feeds.url("/news.xml"), "interval": "1s"}
    port = options.pop("health_port", None)
    database = options.pop("database", f"sqlite:///{folder / 'veille.db'}")
    extra = f"health_port = {port}" if port is not None else ""
    return write_config(folder, database=database, sources=[source], language=language, extra=extra)


@pytest.fixture
def no_slack_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET"):
        monkeypatch.delenv(name, raising=False)


def test_a_console_bot_answers_health_readiness_and_metrics_on_its_health_port(tmp_path, feeds, start_veille):
    port = free_port()
    veille = start_veille(news_config(tmp_path, feeds, health_port=port), CONSOLE)
    assert veille.health_port == port

    health = get(port, "/healthz")
    assert health.status_code == 200 and health.json() == {"ok": True}
    wait_until(lambda: ready(port), "the bot to be ready")
    # Ready counts from the start; the first poll of "news" then names it.
    wait_until(lambda: "news" in readiness(port)[1]["checks"]["polls"]["why"], "the first poll")
    _, report = readiness(port)
    assert report["ready"] is True and report["failing"] == []
    checks = report["checks"]
    assert checks["database"]["ok"] is True
    assert checks["scheduler"]["ok"] is True
    assert checks["polls"]["ok"] is True and "news" in checks["polls"]["why"]
    assert checks["outbox"]["ok"] is True
    assert checks["slack"] == {"ok": None, "why": "mode console : pas de Slack"}

    metrics = get(port, "/metrics")
    assert metrics.status_code == 200
    assert metrics.headers["content-type"].startswith("text/plain")
    assert get(port, "/slack/events").status_code == 404


def test_health_port_zero_opens_no_listener(tmp_path, feeds, start_veille):
    veille = start_veille(news_config(tmp_path, feeds, health_port=0), CONSOLE)
    assert veille.health_port is None


def test_in_http_mode_slack_health_and_metrics_share_one_port(tmp_path, feeds, fake_slack, start_veille):
    health_port = free_port()
    veille = start_veille(news_config(tmp_path, feeds, health_port=health_port), slack_secrets(fake_slack))
    port = veille.http_port
    assert port is not None and veille.health_port == port

    assert get(port, "/healthz").json() == {"ok": True}
    wait_until(lambda: ready(port), "the bot to be ready")
    assert readiness(port)[1]["checks"]["slack"]["ok"] is True
    assert get(port, "/metrics").status_code == 200
    with pytest.raises(httpx.TransportError):
        get(health_port, "/healthz")


@pytest.fixture
def outage(database_url: str) -> Iterator[DatabaseOutage]:
    down = DatabaseOutage(database_url)
    yield down
    down.close()


def test_readyz_names_the_database_while_it_is_away(tmp_path, feeds, outage, start_veille):
    port = free_port()
    veille = start_veille(news_config(tmp_path, feeds, health_port=port, database=outage.url), CONSOLE)
    wait_until(lambda: ready(port), "the bot to be ready")

    outage.begin()
    report = wait_until(lambda: failing(port, "database"), "/readyz to name the database")
    assert "la base de données ne répond pas" in report["checks"]["database"]["why"]
    assert get(port, "/healthz").status_code == 200  # the process itself is fine

    outage.end()
    wait_until(lambda: ready(port), "the bot to be ready again")
    assert veille.readiness().ready


def test_readyz_names_a_stuck_outbox_while_slack_is_down(tmp_path, feeds, fake_slack, start_veille):
    veille = start_veille(news_config(tmp_path, feeds), slack_secrets(fake_slack), stuck_after=1.0)
    port = veille.http_port
    assert port is not None
    wait_until(lambda: len(fake_slack.posts()) == 2, "the first alerts")

    fake_slack.down()
    later = [FeedEntry(f"Viadeo {n}", "Encore Viadeo.", f"https://ex.fr/later{n}", f"l{n}") for n in (1, 2)]
    feeds.set("/news.xml", rss(ENTRIES + later))

    report = wait_until(lambda: failing(port, "outbox"), "/readyz to name the outbox")
    assert "envoi bloqué : 2 alertes en attente" in report["checks"]["outbox"]["why"]
    assert report["checks"]["database"]["ok"] is True

    fake_slack.up()
    wait_until(lambda: ready(port), "the alerts to reach Slack")
    assert len(fake_slack.posts()) == 4


def test_readyz_names_polls_that_stopped_succeeding(tmp_path, feeds, start_veille):
    port = free_port()
    veille = start_veille(news_config(tmp_path, feeds, health_port=port, language="en"), CONSOLE)
    wait_until(lambda: ready(port), "the first poll")
    assert veille.readiness().ready

    feeds.set("/news.xml", "gone", status=500)
    report = wait_until(lambda: failing(port, "polls"), "/readyz to name the polls")
    assert "no successful poll for 3 intervals" in report["checks"]["polls"]["why"]
    assert "(news)" in report["checks"]["polls"]["why"]


@pytest.mark.parametrize(
    ("language", "running", "stopped", "polled"),
    [
        ("fr", "Veille fonctionne", "Aucun bot Veille ne répond sur", "source news : dernier succès il y a"),
        ("en", "Veille is ready", "No Veille bot answers on", "source news: last success"),
    ],
)
def test_veille_status_asks_the_running_bot_then_reads_the_database(
    tmp_path, feeds, start_veille, capsys, no_slack_env, language, running, stopped, polled
):
    port = free_port()
    loaded = news_config(tmp_path, feeds, health_port=port, language=language)
    veille = start_veille(loaded, CONSOLE)
    wait_until(lambda: ready(port), "the bot to be ready")
    shown: list[str] = []

    def alerts_shown() -> bool:
        shown.append(capsys.readouterr().out)
        return all(entry.title in "".join(shown) for entry in ENTRIES)

    wait_until(alerts_shown, "the alerts in the console")
    assert status_command(loaded) == 0
    printed = capsys.readouterr().out
    assert printed.startswith(f"{running} (http://127.0.0.1:{port}/readyz).")
    assert "✓" in printed and "✗" not in printed

    veille.stop()
    assert status_command(loaded) == 2
    printed = capsys.readouterr().out
    assert printed.startswith(stopped)
    assert polled in printed
    assert "✗" not in printed.split("\n", 2)[1]  # the database still answers


def test_veille_status_says_what_is_wrong_and_exits_1(tmp_path, feeds, start_veille, capsys, no_slack_env):
    port = free_port()
    loaded = news_config(tmp_path, feeds, health_port=port, language="en")
    start_veille(loaded, CONSOLE)
    wait_until(lambda: ready(port), "the first poll")
    feeds.set("/news.xml", "gone", status=500)
    wait_until(lambda: failing(port, "polls"), "/readyz to name the polls")

    capsys.readouterr()
    assert status_command(loaded) == 1
    printed = capsys.readouterr().out
    assert printed.startswith(f"Veille is running but not ready (http://127.0.0.1:{port}/readyz): polls.")
    assert "✗ polls: no successful poll for 3 intervals" in printed


def test_readyz_names_slack_when_it_refuses_the_token(tmp_path, feeds, fake_slack, start_veille):
    veille = start_veille(news_config(tmp_path, feeds, language="en"), slack_secrets(fake_slack))
    port = veille.http_port
    assert port is not None
    wait_until(lambda: len(fake_slack.posts()) == 2, "the first alerts")

    fake_slack.down(status=200, error="token_revoked")
    later = [FeedEntry("Viadeo encore", "Encore Viadeo.", "https://ex.fr/later", "later")]
    feeds.set("/news.xml", rss(ENTRIES + later))
    report = wait_until(lambda: failing(port, "slack"), "/readyz to name Slack")
    assert report["checks"]["slack"]["why"] == "Slack refuses the bot token: token_revoked"
