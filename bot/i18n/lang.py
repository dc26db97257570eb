"""The bot's two languages."""

from __future__ import annotations

from typing import Literal

Lang = Literal["fr", "en"]
