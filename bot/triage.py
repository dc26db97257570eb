"""Triage decisions taken from Slack: stored first, then reflected on the alert message.

The message update goes through the outbox, so it is retried like a post and survives a
restart; the Slack listener only has to record the decision and return.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from bot.models import AlertState
from bot.outbox import Outbox
from bot.store import Store

log = logging.getLogger(__name__)


class Triage:
    def __init__(self, store: Store, outbox: Outbox) -> None:
        self.store = store
        self.outbox = outbox

    def record(self, alert_id: int, state: AlertState, user_id: str) -> bool:
        """Apply a decision; False when nothing changed (unknown alert, or a repeated click)."""
        changed = self.store.set_alert_state(alert_id, state, user_id, datetime.now(UTC))
        if changed:
            log.info("alert %s: %s by %s", alert_id, state, user_id)
            self.outbox.wake()
        return changed


def parse_alert_id(value: object) -> int | None:
    """The alert id carried by a button's value, None when it is not one of ours."""
    if not isinstance(value, str) or not value.isdigit() or len(value) > 18:
        return None
    return int(value)
