"""What the team sees of the alerts a poll queued: each rendered as the bot posts it, and read as
Slack reads mrkdwn (what is shown, who is pinged, where links lead)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from tests.unit.sources.test_feed_text import SlackReading, read_as_slack
from veille.handlers.views.alert import render_alert
from veille.model import AlertView, Message
from veille.store import Store


@dataclass(frozen=True)
class Posted:
    view: AlertView
    slack: SlackReading


def mrkdwn_of(message: Message) -> str:
    """The fallback text and every mrkdwn text of the message's sections and context lines."""
    parts = [message.text]
    for block in message.blocks:
        if block["type"] in ("section", "context"):
            texts = [block["text"]] if "text" in block else block["elements"]
            parts.extend(text["text"] for text in texts if text.get("type") == "mrkdwn")
    return "\n".join(parts)


def posted_alerts(store: Store, lang: str = "en") -> list[Posted]:
    """Every alert waiting in the outbox, oldest first, as it would be posted."""
    posted: list[Posted] = []
    for entry in store.due_alerts(datetime.now(UTC) + timedelta(days=1), 1000):
        view = store.alert_view(entry.alert_id)
        assert view is not None
        message = render_alert(view, "en" if lang == "en" else "fr", "Europe/Paris")
        posted.append(Posted(view, read_as_slack(mrkdwn_of(message))))
    return posted
