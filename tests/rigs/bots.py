"""Running `veille run` processes as tests and benchmarks stop them."""

from __future__ import annotations

import signal
import subprocess


def stop(bots: list[subprocess.Popen[bytes]]) -> None:
    """SIGTERM to each bot still running, then up to 20 s each to exit before it is killed."""
    for bot in bots:
        if bot.poll() is None:
            bot.send_signal(signal.SIGTERM)
    for bot in bots:
        try:
            bot.wait(20)
        except subprocess.TimeoutExpired:
            bot.kill()
