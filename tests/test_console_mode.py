"""`make run` on a fresh machine: no Slack tokens, no network, and the sample feed's alerts print."""

from __future__ import annotations

import os
import selectors
import signal
import subprocess
import sys
import time

from tests.conftest import REPO


def test_the_example_config_prints_the_sample_alerts_in_console_mode(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
    env["VEILLE_DATABASE_URL"] = f"sqlite:///{tmp_path / 'veille.db'}"
    bot = subprocess.Popen(
        [sys.executable, "-m", "bot", "--config", "config.example.toml", "run"],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert bot.stdout is not None
    selector = selectors.DefaultSelector()
    selector.register(bot.stdout, selectors.EVENT_READ)
    printed = ""
    deadline = time.monotonic() + 60
    try:
        while printed.count("ALERTE #veille") < 5 and time.monotonic() < deadline:
            if selector.select(timeout=1):
                line = bot.stdout.readline()
                if not line:
                    break
                printed += line
    finally:
        bot.send_signal(signal.SIGTERM)
        _, errors = bot.communicate(timeout=20)
    assert "mode console" in printed
    assert printed.count("ALERTE #veille") == 5, printed + errors
    assert "Réseaux professionnels : pourquoi Viadeo séduit les PME" in printed
    assert "Négatif" in printed and "Positif" in printed
    assert "Marketing 2.0 : le consommateur prend la parole" not in printed  # names no brand
    assert bot.returncode == 0, errors
