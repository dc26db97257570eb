"""A monotonic clock for tests: time moves only when Veille sleeps."""

from __future__ import annotations


class Clock:
    """Time that moves only when Veille waits."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds
