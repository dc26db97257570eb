"""The bot's two languages."""

from __future__ import annotations

from typing import Literal, get_args

Lang = Literal["fr", "en"]
LANGS: tuple[Lang, ...] = get_args(Lang)
