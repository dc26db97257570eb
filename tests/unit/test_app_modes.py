"""Which mode the bot runs in follows the environment, and a half-set environment is explained."""

from __future__ import annotations

import httpx
import pytest

from tests.conftest import slack_secrets, write_config
from veille.app import StartupError, choose_mode
from veille.config import Secrets


def secrets(bot: str | None = None, app: str | None = None, signing: str | None = None) -> Secrets:
    return Secrets(bot, app, signing, None)


def test_no_bot_token_means_console_mode():
    assert choose_mode(secrets(), "auto") == "console"


def test_an_app_token_means_socket_mode_and_a_signing_secret_http_mode():
    assert choose_mode(secrets("xoxb", app="xapp"), "auto") == "socket"
    assert choose_mode(secrets("xoxb", signing="s"), "auto") == "http"
    assert choose_mode(secrets("xoxb", app="xapp", signing="s"), "http") == "http"


def test_a_bot_token_alone_is_not_enough_and_says_what_to_set():
    with pytest.raises(StartupError) as caught:
        choose_mode(secrets("xoxb"), "auto")
    assert "SLACK_APP_TOKEN" in str(caught.value) and "SLACK_SIGNING_SECRET" in str(caught.value)
    with pytest.raises(StartupError):
        choose_mode(secrets("xoxb", signing="s"), "socket")


def test_http_mode_answers_health_checks_for_load_balancers(tmp_path, fake_slack, sqlite_url, start_veille):
    loaded = write_config(tmp_path, database=sqlite_url, sources=[])
    veille = start_veille(loaded, slack_secrets(fake_slack))
    response = httpx.get(f"http://127.0.0.1:{veille.http_port}/healthz", timeout=5)
    assert response.status_code == 200 and response.json() == {"ok": True}
    assert httpx.get(f"http://127.0.0.1:{veille.http_port}/elsewhere", timeout=5).status_code == 404


def test_a_token_slack_refuses_stops_the_start_with_a_clear_message(tmp_path, fake_slack, sqlite_url):
    from veille.app import Veille

    loaded = write_config(tmp_path, database=sqlite_url, sources=[])
    bad = Secrets("xoxb-wrong", None, "secret", fake_slack.base_url)
    veille = Veille(loaded, bad, http_port=0)
    with pytest.raises(StartupError) as caught:
        veille.start()
    assert "SLACK_BOT_TOKEN" in str(caught.value)
