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
        [sys.executable, "-m", "veille", "--config", "config.example.toml", "run"],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        bufsize=0,  # read what the bot printed straight from the pipe: nothing waits in a buffer
    )
    assert bot.stdout is not None
    selector = selectors.DefaultSelector()
    selector.register(bot.stdout, selectors.EVENT_READ)
    output = b""
    deadline = time.monotonic() + 60
    try:
        while output.decode("utf-8", "replace").count("ALERTE #veille") < 5 and time.monotonic() < deadline:
            if selector.select(timeout=1):
                chunk = os.read(bot.stdout.fileno(), 65536)
                if not chunk:
                    break
                output += chunk
    finally:
        bot.send_signal(signal.SIGTERM)
        rest, error_bytes = bot.communicate(timeout=20)
    printed = (output + rest).decode("utf-8", "replace")
    errors = error_bytes.decode("utf-8", "replace")
    assert "mode console" in printed
    assert printed.count("ALERTE #veille") == 5, printed + errors
    assert "Réseaux professionnels : pourquoi Viadeo séduit les PME" in printed
    assert "Négatif" in printed and "Positif" in printed
    assert "Marketing 2.0 : le consommateur prend la parole" not in printed  # names no brand
    assert bot.returncode == 0, errors
