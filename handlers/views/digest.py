"""Block Kit for the hourly digest's lines: each line with the alert's own buttons.

The buttons carry the alert's action ids and values, and sit in an actions block named after the
alert (`veille_actions:42`) like the alert's, so a click on a digest line is the same click as on
the alert (veille.handlers.listeners.actions). Assigning is left to the alert's own message: its
thread reply would have no message to answer here.
"""

from __future__ import annotations

from typing import Any

from veille.handlers.views.alert import ACTIONS_BLOCK, triage_controls
from veille.i18n import Lang
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
    """The alert's own triage controls (no Assign: its thread reply would wait on a message that
    is never posted)."""
    return triage_controls(alert.alert_id, alert.state, lang)
