"""The /veille slash command."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond

from bot.i18n import t
from bot.mrkdwn import escape
from bot.services import Services


def register(app: App, services: Services) -> None:
    @app.command("/veille")
    def veille(ack: Ack, command: dict[str, Any], respond: Respond) -> None:
        ack()
        words = str(command.get("text") or "").split()
        name = words[0].lower() if words else "help"
        if name == "help":
            respond(text=t("command.help", services.lang), response_type="ephemeral")
            return
        respond(
            text=t("command.unknown", services.lang, command=escape(name[:50])), response_type="ephemeral"
        )
