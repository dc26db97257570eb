"""What the team sees of the alerts a poll queued: each rendered as the bot posts it, and read as
Slack reads mrkdwn (what is shown, who is pinged, where links lead)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from veille.handlers.views.alert import render_alert
from veille.model import AlertView, Message
from veille.store import Store


@dataclass
class SlackReading:
    """A message's mrkdwn as Slack reads it: what is shown, who is pinged, where links lead."""

    shown: str
    pings: list[str]
    links: list[str]


def read_as_slack(mrkdwn: str) -> SlackReading:
    pings: list[str] = []
    links: list[str] = []

    def control(match: re.Match[str]) -> str:
        target, _, label = match.group(1).partition("|")
        if target.startswith(("!", "@", "#")):
            pings.append(match.group(0))
        else:
            links.append(target)
        return label or target

    shown = re.sub(r"<([^<>]*)>", control, mrkdwn)
    shown = shown.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return SlackReading(shown, pings, links)


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
