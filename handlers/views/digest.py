"""Block Kit for the hourly digest's lines: each line with the alert's own buttons.

The buttons carry the alert's action ids and values, and sit in an actions block named after the
alert (`veille_actions:42`) like the alert's, so a click on a digest line is the same click as on
the alert (veille.handlers.listeners.actions). Assigning is left to the alert's own message: its
thread reply would have no message to answer here.
"""

from __future__ import annotations

from typing import Any

from veille.handlers.views.alert import (
    ACTION_HANDLED,
    ACTION_NOT_RELEVANT,
    ACTION_TONE,
    ACTIONS_BLOCK,
    TONE_LABELS,
)
from veille.i18n import Lang, t
from veille.reports.digest import Story, Unit, line_text, story_heading
from veille.store.pace_store import HeldAlert


def story_blocks(story: Story, lang: Lang, timezone: str) -> list[Unit]:
    """A story of the digest: its heading when it has several lines or other sources, then each
    line and its buttons."""
    heading = story_heading(story, lang)
    units: list[Unit] = [[heading]] if heading else []
    for alert in story.lines:
        units.append(
            [
                {"type": "section", "text": {"type": "mrkdwn", "text": line_text(alert, lang)}},
                {
                    "type": "actions",
                    "block_id": f"{ACTIONS_BLOCK}:{alert.alert_id}",
                    "elements": buttons(alert, lang),
                },
            ]
        )
    return units


def buttons(alert: HeldAlert, lang: Lang) -> list[dict[str, Any]]:
    value = str(alert.alert_id)
    handled: dict[str, Any] = {
        "type": "button",
        "action_id": ACTION_HANDLED,
        "text": {"type": "plain_text", "text": t("button.handled", lang)},
        "value": value,
    }
    if alert.state == "new":
        handled["style"] = "primary"
    not_relevant = {
        "type": "button",
        "action_id": ACTION_NOT_RELEVANT,
        "text": {"type": "plain_text", "text": t("button.not_relevant", lang)},
        "value": value,
    }
    tone = {
        "type": "overflow",
        "action_id": ACTION_TONE,
        "options": [
            {
                "text": {
                    "type": "plain_text",
                    "text": t("button.tone_as", lang, tone=t(f"tone.{label}", lang)),
                },
                "value": f"{alert.alert_id}:{label}",
            }
            for label in TONE_LABELS
        ],
    }
    return [handled, not_relevant, tone]
