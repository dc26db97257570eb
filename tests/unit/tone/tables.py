"""Sentence tables for the turns of phrase: each sentence with its language and the tone a reader
would give it, as pytest parameters named by kind."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest


def readings(kind: str, language: str, texts: Sequence[str | tuple[str, str]], tone: str = "") -> list[Any]:
    """`texts` are sentences read as `tone`, or (sentence, tone) pairs when the tone varies."""
    params = []
    for number, entry in enumerate(texts, 1):
        text, expected = entry if isinstance(entry, tuple) else (entry, tone)
        params.append(pytest.param(text, language, expected, id=f"{kind}-{language}-{number}"))
    return params
