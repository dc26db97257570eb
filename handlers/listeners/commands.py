"""The /veille slash command: ack at once, then answer through the response_url."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond

from veille.handlers.commands.base import CommandRequest
from veille.handlers.commands.registry import build_dispatcher
from veille.handlers.listeners.politely import politely
from veille.handlers.people import LangOf
from veille.services import Services


def register(app: App, services: Services, lang_of: LangOf) -> None:
    dispatcher = build_dispatcher(services)

    @app.command("/veille")
    @politely(services, lang_of, failure_key="command.failed")
    def veille(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack()
        request = CommandRequest(
            user_id=str(body.get("user_id") or ""),
            channel_id=str(body.get("channel_id") or ""),
            lang=lang_of(body),
            text=str(body.get("text") or "")[:2000],
        )
        respond(**dispatcher.run(request).payload())
