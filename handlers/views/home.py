"""The App Home tab: open mentions (assigned to me, unassigned), today's counts, failing sources."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from veille.config import Config
from veille.handlers.commands.overview import stats_text
from veille.handlers.views.alert import TONE_EMOJI
from veille.i18n import Lang, format_when, t
from veille.pipeline.health import HEALTH_EMOJI, health_label
from veille.search.history import OpenAlert, count_open, mention_stats, open_alerts
from veille.store import Store
from veille.text.clean import cut_at_word
from veille.text.mrkdwn import channel_ref, escape, link

SHOWN_OPEN = 10
SECTION_CHARS = 2900


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": cut_at_word(text, SECTION_CHARS)}}


def open_line(alert: OpenAlert, lang: Lang) -> str:
    title = cut_at_word(alert.title or t("alert.untitled", lang), 120)
    parts = [
        f"{TONE_EMOJI.get(alert.tone, '❔')} *{link(alert.url, title)}*",
        escape(cut_at_word(alert.brand, 60)),
        escape(cut_at_word(alert.source, 60)),
    ]
    if alert.channel_id:
        parts.append(t("home.in_channel", lang, channel=channel_ref(alert.channel_id)))
    return " · ".join(parts)


def _open_section(store: Store, assignee: str | None, lang: Lang, timezone: str) -> list[dict[str, Any]]:
    found = open_alerts(store, assignee=assignee, limit=SHOWN_OPEN, timezone=timezone)
    lines = [open_line(alert, lang) for alert in found] or [t("home.none", lang)]
    more = count_open(store, assignee=assignee) - len(found) if len(found) == SHOWN_OPEN else 0
    title = t("home.unassigned" if assignee is None else "home.mine", lang)
    blocks = [_section(title), _section("\n".join(lines))]
    if more > 0:
        key = "home.more_unassigned" if assignee is None else "home.more_mine"
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": t(key, lang, count=more)}]})
    return blocks


def start_of_day(now: datetime, timezone: str) -> datetime:
    local = now.astimezone(ZoneInfo(timezone))
    return local.replace(hour=0, minute=0, second=0, microsecond=0).astimezone(UTC)


def failing_lines(config: Config, store: Store, lang: Lang) -> list[str]:
    lines = []
    states = {state.source: state for state in store.all_source_states()}  # one query per Home open
    for source in config.sources:
        state = states.get(source.key)
        label = health_label(state)
        if state is None or label not in ("failing", "degraded"):
            continue
        since = state.failing_since or state.last_polled_at
        lines.append(
            t(
                "home.failing_line",
                lang,
                emoji=HEALTH_EMOJI[label],
                source=escape(cut_at_word(source.key, 80)),
                error=escape(cut_at_word(state.last_error or t(f"health.{label}", lang), 200)),
                since=format_when(since, config.veille.timezone, lang) if since else "?",
            )
        )
    return lines


def home_view(
    config: Config, store: Store, user_id: str, lang: Lang, now: datetime | None = None
) -> dict[str, Any]:
    now = now or datetime.now(UTC)
    tz = config.veille.timezone
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": t("home.title", lang)}},
        *_open_section(store, user_id, lang, tz),
        *_open_section(store, None, lang, tz),
        {"type": "divider"},
        _section(t("home.today", lang)),
    ]
    today = start_of_day(now, tz)
    stats = mention_stats(store, today)
    blocks.append(_section(stats_text(stats, today, lang, tz) if stats.total else t("home.today_none", lang)))
    blocks += [{"type": "divider"}, _section(t("home.failing", lang))]
    failing = failing_lines(config, store, lang)
    blocks.append(_section("\n".join(failing) if failing else t("home.all_ok", lang)))
    blocks.append(
        {
            "type": "context",
            "elements": [
                {"type": "mrkdwn", "text": t("home.updated", lang, when=format_when(now, tz, lang))}
            ],
        }
    )
    return {"type": "home", "blocks": blocks}
