"""`veille status` asks the bot on this machine directly, whatever proxy the environment names."""

from __future__ import annotations

import socket
import time

import httpx
import pytest

from tests.conftest import write_config
from tests.fakes.feeds import FeedEntry, rss
from veille.cli.main import main
from veille.config import Secrets

CONSOLE = Secrets(slack_bot_token=None, slack_app_token=None, slack_signing_secret=None, slack_api_url=None)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_status_reaches_the_running_bot_even_behind_an_http_proxy(
    tmp_path, feeds, start_veille, monkeypatch: pytest.MonkeyPatch, capsys
):
    for name in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    feeds.set("/news.xml", rss([FeedEntry("Rien à signaler", "Aucune marque ici.", "https://ex.fr/1", "1")]))
    port = free_port()
    source = {"name": "news", "type": "rss", "url": feeds.url("/news.xml"), "interval": "1s"}
    loaded = write_config(
        tmp_path,
        database=f"sqlite:///{tmp_path / 'veille.db'}",
        sources=[source],
        language="en",
        extra=f"health_port = {port}",
    )
    start_veille(loaded, CONSOLE)
    deadline = time.monotonic() + 20
    while httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=5).status_code != 200:
        assert time.monotonic() < deadline, "the bot never became ready"
        time.sleep(0.1)
    # A proxy nobody answers on: asking it would make a running bot look stopped.
    monkeypatch.setenv("http_proxy", f"http://127.0.0.1:{free_port()}")
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{free_port()}")
    capsys.readouterr()
    assert main(["status", "-c", str(loaded.path)]) == 0
    assert capsys.readouterr().out.startswith(f"Veille is ready (http://127.0.0.1:{port}/readyz).")
