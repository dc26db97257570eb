"""The /veille slash command: ack at once, then answer through the response_url from a pool."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, Respond

from veille.handlers.commands.base import CommandRequest
from veille.handlers.commands.registry import build_dispatcher
from veille.handlers.listeners.acked import acked
from veille.handlers.people import LangOf
from veille.handlers.pool import Lanes
from veille.services import Services

MAX_TEXT = 2000


def register(app: App, services: Services, lang_of: LangOf, lanes: Lanes) -> None:
    dispatcher = build_dispatcher(services)

    def slow(body: dict[str, Any]) -> bool:
        return dispatcher.is_slow(str(body.get("text") or "")[:MAX_TEXT])

    @app.command("/veille")
    @acked(lanes, services, lang_of, slow=slow, failure_key="command.failed")
    def veille(body: dict[str, Any], respond: Respond) -> None:
        request = CommandRequest(
            user_id=str(body.get("user_id") or ""),
            channel_id=str(body.get("channel_id") or ""),
            lang=lang_of(body),
            text=str(body.get("text") or "")[:MAX_TEXT],
        )
        respond(**dispatcher.run(request).payload())
