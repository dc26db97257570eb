"""The buttons under a /veille search answer: "More" (next page) and "Share in channel"."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, Respond

from veille.handlers.commands.base import UsageError
from veille.handlers.commands.search import answer_search
from veille.handlers.listeners.acked import acked
from veille.handlers.people import LangOf
from veille.handlers.pool import Lanes
from veille.handlers.views.search import ACTION_SEARCH_MORE, ACTION_SEARCH_SHARE, read_button_value
from veille.i18n import t
from veille.services import Services


def register(app: App, services: Services, lang_of: LangOf, lanes: Lanes) -> None:
    def run(body: dict[str, Any], respond: Respond, *, share: bool) -> None:
        user = body.get("user") or {}
        lang = lang_of(body)
        actions = body.get("actions") or [{}]
        asked = read_button_value(actions[0].get("value") if isinstance(actions[0], dict) else None)
        if asked is None:
            respond(text=t("search.expired", lang), response_type="ephemeral", replace_original=False)
            return
        query, offset = asked
        try:
            reply = answer_search(
                services,
                query,
                lang,
                offset=offset,
                live=False,
                shared_by=str(user.get("id")) if share else None,
            )
        except UsageError:
            respond(text=t("search.expired", lang), response_type="ephemeral", replace_original=False)
            return
        reply.replace_original = not share
        respond(**reply.payload())

    @app.action(ACTION_SEARCH_MORE)
    @acked(lanes, services, lang_of, slow=True, failure_key="command.failed")
    def more(body: dict[str, Any], respond: Respond) -> None:
        run(body, respond, share=False)

    @app.action(ACTION_SEARCH_SHARE)
    @acked(lanes, services, lang_of, slow=True, failure_key="command.failed")
    def share(body: dict[str, Any], respond: Respond) -> None:
        run(body, respond, share=True)
