"""A tone check that always gives the same tone, for tests about something other than tone."""

from __future__ import annotations

from collections.abc import Collection

from veille.model import Tone

NEUTRAL = Tone("neutral", 0.0, "fr", 0.5)


class FixedTone:
    def __init__(self, tone: Tone = NEUTRAL) -> None:
        self.tone = tone

    def analyze(self, text: str, declared_language: str | None = None, names: Collection[str] = ()) -> Tone:
        return self.tone
