"""The /veille slash command: ack at once, then answer through the response_url."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, Respond

from veille.handlers.commands.base import CommandRequest
from veille.handlers.commands.registry import build_dispatcher
from veille.i18n import lang_for_locale, t
from veille.services import Services

log = logging.getLogger(__name__)


def register(app: App, services: Services) -> None:
    dispatcher = build_dispatcher(services)

    @app.command("/veille")
    def veille(ack: Ack, command: dict[str, Any], respond: Respond) -> None:
        ack()
        request = CommandRequest(
            user_id=str(command.get("user_id") or ""),
            channel_id=str(command.get("channel_id") or ""),
            lang=lang_for_locale(command.get("locale"), services.lang),
            text=str(command.get("text") or "")[:2000],
        )
        try:
            reply = dispatcher.run(request)
        except Exception:
            log.exception("/veille %s failed", request.text[:100])
            respond(text=t("command.failed", request.lang), response_type="ephemeral")
            return
        respond(**reply.payload())
