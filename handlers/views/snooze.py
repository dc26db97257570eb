"""The alert's snooze menu (« Mettre en sourdine… »): its story, its author or its site, for an
hour, a day or a week, and what the person who chose reads back (privately).

A select menu with one group per thing to snooze: Slack's overflow menu holds five options, the
nine choices would not fit. An option's value is `{alert id}:{kind}:{duration}`.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from veille.i18n import Lang, format_when, t
from veille.model import AlertView
from veille.store.mute_store import SnoozeResult
from veille.text.clean import cut_at_word
from veille.text.mrkdwn import escape
from veille.text.urls import host_of

ACTION_SNOOZE = "veille_snooze"
SNOOZE_KINDS = ("story", "author", "site")
SNOOZE_FOR: dict[str, timedelta] = {
    "1h": timedelta(hours=1),
    "1d": timedelta(days=1),
    "1w": timedelta(weeks=1),
}


def snooze_menu(view: AlertView, lang: Lang) -> dict[str, Any]:
    kinds = ["story"]
    if view.author:
        kinds.append("author")
    if host_of(view.url):
        kinds.append("site")
    return {
        "type": "static_select",
        "action_id": ACTION_SNOOZE,
        "placeholder": {"type": "plain_text", "text": t("snooze.placeholder", lang)},
        "option_groups": [
            {
                "label": {"type": "plain_text", "text": t(f"snooze.group_{kind}", lang)},
                "options": [
                    {
                        "text": {"type": "plain_text", "text": t(f"snooze.for_{duration}", lang)},
                        "value": f"{view.alert_id}:{kind}:{duration}",
                    }
                    for duration in SNOOZE_FOR
                ],
            }
            for kind in kinds
        ],
    }


def parse_snooze(value: object) -> tuple[int, str, timedelta] | None:
    """`42:author:1d` → (42, "author", one day); None when it is not one of ours."""
    if not isinstance(value, str):
        return None
    alert, _, rest = value.partition(":")
    kind, _, duration = rest.partition(":")
    if (
        not (alert.isascii() and alert.isdigit())
        or len(alert) > 18
        or kind not in SNOOZE_KINDS
        or duration not in SNOOZE_FOR
    ):
        return None
    return int(alert), kind, SNOOZE_FOR[duration]


def snooze_answer(result: SnoozeResult, lang: Lang, timezone: str) -> str:
    """What the person who snoozed reads (escaped mrkdwn): until when, and how to undo it."""
    shown = escape(cut_at_word(result.display, 80))
    if result.outcome == "unknown":
        return t("noise.unknown", lang)
    if result.outcome == "muted":
        return t("snooze.muted", lang, value=shown)
    if result.mute is None or result.mute.until is None:
        return t("snooze.nothing", lang)
    when = format_when(result.mute.until, timezone, lang)
    return t(f"snooze.done_{result.mute.kind}", lang, value=shown, until=when, id=result.mute.id)
