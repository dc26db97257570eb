"""Alert buttons: Handled, Not relevant, Open."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App

from bot.blocks import ACTION_HANDLED, ACTION_NOT_RELEVANT, ACTION_OPEN
from bot.models import AlertState
from bot.services import Services
from bot.triage import parse_alert_id

log = logging.getLogger(__name__)


def _decision(services: Services, state: AlertState) -> Any:
    def listener(ack: Ack, body: dict[str, Any]) -> None:
        ack()
        action = (body.get("actions") or [{}])[0]
        alert_id = parse_alert_id(action.get("value"))
        user_id = str((body.get("user") or {}).get("id") or "")
        if alert_id is None or not user_id:
            log.warning("ignored a %s click without a valid alert id or user", state)
            return
        services.triage.record(alert_id, state, user_id)

    return listener


def _open(ack: Ack) -> None:
    ack()  # a link button: Slack opens the URL itself, but still expects an answer


def register(app: App, services: Services) -> None:
    app.action(ACTION_HANDLED)(_decision(services, "handled"))
    app.action(ACTION_NOT_RELEVANT)(_decision(services, "not_relevant"))
    app.action(ACTION_OPEN)(_open)
