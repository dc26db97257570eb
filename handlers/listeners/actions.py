"""Alert actions: Handled, Not relevant (and its private offer to silence), Assign, Tone, Mute
author, Open, and the daily summary's Bring back. Each listener acks at once, then calls into
`bot/` from the quick pool."""

from __future__ import annotations

import logging
from typing import Any, cast

from slack_bolt import Ack, App, Respond

from veille.handlers.listeners.acked import BoltListener, acked
from veille.handlers.people import LangOf
from veille.handlers.pool import Lanes
from veille.handlers.views.alert import (
    ACTION_ASSIGN,
    ACTION_HANDLED,
    ACTION_MUTE_AUTHOR,
    ACTION_NOT_RELEVANT,
    ACTION_OPEN,
    ACTION_TONE,
    TONE_LABELS,
    alert_id_of_block,
)
from veille.handlers.views.noise_offer import (
    ACTION_NOISE_AUTHOR,
    ACTION_NOISE_SITE,
    ACTION_NOISE_WORD,
    noise_offer,
)
from veille.i18n import t
from veille.model import ToneLabel
from veille.reports.render import ACTION_BRING_BACK
from veille.services import Services
from veille.text.mrkdwn import escape
from veille.triage import MuteKind, parse_alert_id, parse_choice

log = logging.getLogger(__name__)


def _action(body: dict[str, Any]) -> dict[str, Any]:
    actions = body.get("actions") or [{}]
    return actions[0] if isinstance(actions[0], dict) else {}


def _user(body: dict[str, Any]) -> str:
    return str((body.get("user") or {}).get("id") or "")


def _alert_click(body: dict[str, Any], button: str) -> tuple[int, str] | None:
    """The alert id (the button's value) and the person of a click; None, logged, if either is missing."""
    alert_id, user = parse_alert_id(_action(body).get("value")), _user(body)
    if alert_id is None or not user:
        log.warning("ignored a %s click without a valid alert id or user", button)
        return None
    return alert_id, user


def _private(respond: Respond, text: str, *, replace: bool = False) -> None:
    respond(text=text, response_type="ephemeral", replace_original=replace)


def register(app: App, services: Services, lang_of: LangOf, lanes: Lanes) -> None:
    triage = services.triage
    quick = acked(lanes, services, lang_of)

    @app.action(ACTION_HANDLED)
    @quick
    def handled(body: dict[str, Any], respond: Respond) -> None:
        clicked = _alert_click(body, "Handled")
        if clicked is not None:
            alert_id, user = clicked
            triage.record(alert_id, "handled", user)

    @app.action(ACTION_NOT_RELEVANT)
    @quick
    def not_relevant(body: dict[str, Any], respond: Respond) -> None:
        clicked = _alert_click(body, "Not relevant")
        if clicked is None:
            return
        alert_id, user = clicked
        triage.record(alert_id, "not_relevant", user)
        found = services.store.alert_item(alert_id)
        if found is None or not triage.may_silence(user):
            return
        _, brand, author, url, text = found
        lang = lang_of(body)
        offer = noise_offer(alert_id, services.brand_terms(brand), author, url, text, lang)
        respond(text=offer.text, blocks=offer.blocks, response_type="ephemeral", replace_original=False)

    @app.action(ACTION_ASSIGN)
    @quick
    def assign(body: dict[str, Any], respond: Respond) -> None:
        action, user = _action(body), _user(body)
        alert_id = alert_id_of_block(action.get("block_id"))
        assignee = action.get("selected_user")
        if alert_id is None or not user or not isinstance(assignee, str) or not assignee:
            log.warning("ignored an Assign choice without a valid alert id, user or assignee")
            return
        triage.assign(alert_id, assignee, user)

    @app.action(ACTION_TONE)
    @quick
    def tone(body: dict[str, Any], respond: Respond) -> None:
        action, user = _action(body), _user(body)
        choice = parse_choice((action.get("selected_option") or {}).get("value"), TONE_LABELS)
        if choice is None or not user:
            log.warning("ignored a Tone choice without a valid alert id, user or tone")
            return
        triage.correct_tone(choice[0], cast(ToneLabel, choice[1]), user)

    def mute(kind: MuteKind, *, from_offer: bool) -> BoltListener:
        @quick
        def listener(body: dict[str, Any], respond: Respond) -> None:
            action, user = _action(body), _user(body)
            if kind == "word":
                choice = parse_choice((action.get("selected_option") or {}).get("value"))
                alert_id, word = (choice[0], choice[1]) if choice else (None, None)
            else:
                alert_id, word = parse_alert_id(action.get("value")), None
            if alert_id is None or not user:
                log.warning("ignored a mute %s click without a valid alert id or user", kind)
                return
            result = triage.mute(alert_id, kind, user, word)
            _private(respond, result.message(lang_of(body), triage.policy), replace=from_offer)

        return listener

    app.action(ACTION_MUTE_AUTHOR)(mute("author", from_offer=False))
    app.action(ACTION_NOISE_AUTHOR)(mute("author", from_offer=True))
    app.action(ACTION_NOISE_SITE)(mute("site", from_offer=True))
    app.action(ACTION_NOISE_WORD)(mute("word", from_offer=True))

    @app.action(ACTION_BRING_BACK)
    @quick
    def bring_back(body: dict[str, Any], respond: Respond) -> None:
        clicked = _alert_click(body, "Bring back")
        if clicked is None:
            return
        alert_id, user = clicked
        lang = lang_of(body)
        ref = services.store.alert_ref(alert_id)
        if ref is not None and triage.bring_back(alert_id, user):
            _private(respond, t("relevance.brought_back", lang, channel=escape(ref.channel)))
        else:
            _private(respond, t("relevance.not_set_aside", lang))

    @app.action(ACTION_OPEN)
    def open_link(ack: Ack) -> None:
        ack()  # a link button: Slack opens the URL itself, but still expects an answer
