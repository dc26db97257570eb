"""Alert actions: Handled, Not relevant (and its private offer to silence), Assign, Tone, Mute
author, Snooze, Open, and the daily summary's Bring back. Each listener acks at once, then calls
into `bot/` from the quick pool. The same buttons on a line of the hourly digest triage its alert;
the digest itself is not redrawn, so the person who clicked is told privately."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any, cast

from slack_bolt import Ack, App, Respond

from veille.handlers.commands.why import answer_why
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
    WHY_CHOICE,
    alert_id_of_block,
)
from veille.handlers.views.noise_offer import (
    ACTION_NOISE_AUTHOR,
    ACTION_NOISE_SITE,
    ACTION_NOISE_WORD,
    noise_offer,
)
from veille.handlers.views.snooze import ACTION_SNOOZE, parse_snooze, snooze_answer
from veille.i18n import t
from veille.model import ToneLabel
from veille.reports.render import ACTION_BRING_BACK
from veille.services import Services
from veille.store.pace_store import DIGESTED
from veille.text.clean import cut_at_word
from veille.text.mrkdwn import escape
from veille.triage import MuteKind, parse_alert_id, parse_choice, refusal

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


def _asks_why(body: dict[str, Any]) -> bool:
    """The tone menu's "Why?" item: answered from the slow pool (it may fit a relevance model)."""
    return parse_choice((_action(body).get("selected_option") or {}).get("value"), (WHY_CHOICE,)) is not None


def _private(respond: Respond, text: str, *, replace: bool = False) -> None:
    respond(text=text, response_type="ephemeral", replace_original=replace)


def register(app: App, services: Services, lang_of: LangOf, lanes: Lanes) -> None:
    triage = services.triage
    quick = acked(lanes, services, lang_of)

    def told_if_digested(
        alert_id: int, body: dict[str, Any], respond: Respond, key: str, **values: str
    ) -> None:
        """A click on a digest line changes no message of its own: tell the person privately."""
        ref = services.store.alert_ref(alert_id)
        view = services.store.alert_view(alert_id) if ref is not None and ref.status == DIGESTED else None
        if view is not None:
            title = escape(cut_at_word(view.title or view.url or "…", 80))
            _private(respond, t(key, lang_of(body), title=title, **values))

    @app.action(ACTION_HANDLED)
    @quick
    def handled(body: dict[str, Any], respond: Respond) -> None:
        clicked = _alert_click(body, "Handled")
        if clicked is not None:
            alert_id, user = clicked
            if triage.record(alert_id, "handled", user):
                told_if_digested(alert_id, body, respond, "digest.done_handled")

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
    @acked(lanes, services, lang_of, slow=_asks_why)
    def tone(body: dict[str, Any], respond: Respond) -> None:
        action, user = _action(body), _user(body)
        asked = parse_choice((action.get("selected_option") or {}).get("value"), (WHY_CHOICE,))
        if asked is not None:
            reply = answer_why(services, asked[0], lang_of(body))
            respond(text=reply.text, blocks=reply.blocks, response_type="ephemeral", replace_original=False)
            return
        choice = parse_choice((action.get("selected_option") or {}).get("value"), TONE_LABELS)
        if choice is None or not user:
            log.warning("ignored a Tone choice without a valid alert id, user or tone")
            return
        if triage.correct_tone(choice[0], cast(ToneLabel, choice[1]), user):
            tone_name = t(f"tone.{choice[1]}", lang_of(body)).lower()
            told_if_digested(choice[0], body, respond, "digest.done_tone", tone=tone_name)

    @app.action(ACTION_SNOOZE)
    @quick
    def snooze(body: dict[str, Any], respond: Respond) -> None:
        action, user = _action(body), _user(body)
        chosen = parse_snooze((action.get("selected_option") or {}).get("value"))
        if chosen is None or not user:
            log.warning("ignored a Snooze choice without a valid alert id, user or duration")
            return
        alert_id, kind, duration = chosen
        lang = lang_of(body)
        if not triage.may_silence(user):
            _private(respond, refusal(lang, triage.policy))
            return
        now = datetime.now(UTC)
        result = services.store.snooze_alert(alert_id, kind, now + duration, user, now)
        if result.outcome == "snoozed":
            log.info("alert %s: %s snoozed by %s for %s", alert_id, kind, user, duration)
        _private(respond, snooze_answer(result, lang, services.config.veille.timezone))

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
