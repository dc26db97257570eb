"""The hourly digest: a channel's held alerts, grouped by story, in as few messages as Slack takes.

A brand delivered "hourly" gets no alert at once: its alerts are stored "held"
(veille.store.pace_store). At the first report tick of each hour the leader gathers the alerts
held before that hour, one digest per channel, and queues its messages under
`digest:{hour}:{channel}:{part}` while marking the alerts "digested", in one transaction: a crash
or a restart between the two neither loses an alert nor posts a digest twice. An alert stored a
moment too late for its hour's digest goes in the next one.

Mentions of one story (the same item named for two brands, the same title posted twice) are shown
together. Slack takes 50 blocks a message: a longer digest is split into parts, never inside a
story unless that story alone is too long.

The blocks of a story come from a `StoryView`: the Slack side lays each line out with the alert's
own buttons (veille.handlers.views.digest), so a click on a digest line triages its alert as a
click on the alert would; without Slack, `plain_story` lists the lines.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from veille.config import Config
from veille.i18n import Lang, t
from veille.pipeline.routing import reach_total
from veille.store import Store
from veille.store.item_store import also_seen
from veille.store.pace_store import DigestNotice, HeldAlert, held_alerts, queue_digest
from veille.text.clean import clean_text, cut_at_word
from veille.text.mrkdwn import escape, link

log = logging.getLogger(__name__)

MAX_BLOCKS = 50
TITLE_CHARS = 150
TONE_EMOJI = {"positive": "🟢", "neutral": "⚪", "negative": "🔴", "unknown": "❔"}
Block = dict[str, Any]
Unit = list[Block]  # blocks that stay in one message: a line and its buttons


@dataclass(frozen=True)
class Story:
    """The held alerts of one story, in one channel's digest."""

    lines: tuple[HeldAlert, ...]
    also_seen: tuple[str, ...] = ()  # other sources that carried it


# A story's blocks, as units that stay together (the first may be the story's own heading).
StoryView = Callable[[Story, Lang, str], list[Unit]]


def hour_start(now: datetime, timezone: str) -> datetime:
    """The start of the team's hour that `now` falls in (time zones a half hour off UTC too)."""
    local = now.astimezone(ZoneInfo(timezone)).replace(minute=0, second=0, microsecond=0)
    return local.astimezone(UTC)


def group_stories(held: Sequence[HeldAlert]) -> list[Story]:
    """Held alerts grouped by story, in the order of each story's first alert: alerts of one item
    or one story, and items with the same title fingerprint, go together."""
    groups: list[list[HeldAlert]] = []
    index: dict[tuple[str, object], int] = {}
    for alert in held:
        keys: list[tuple[str, object]] = [("story", alert.story_id)]
        keys += [("title", key) for key in alert.title_keys if key]
        found = next((index[key] for key in keys if key in index), None)
        if found is None:
            found = len(groups)
            groups.append([])
        groups[found].append(alert)
        for key in keys:
            index.setdefault(key, found)
    return [Story(tuple(group)) for group in groups]


def pack(stories: Sequence[list[Unit]], room: int) -> list[list[Block]]:
    """Stories' blocks packed into messages of at most `room` blocks each: a story stays in one
    message when it fits in one, and a unit is never cut."""
    parts: list[list[Block]] = []
    current: list[Block] = []
    for units in stories:
        size = sum(len(unit) for unit in units)
        if current and len(current) + size > room:
            parts.append(current)
            current = []
        for unit in units:
            if current and len(current) + len(unit) > room:
                parts.append(current)
                current = []
            current.extend(unit[:room])
    if current:
        parts.append(current)
    return parts


def line_text(alert: HeldAlert, lang: Lang) -> str:
    """« 🔴 *Orange* · <url|titre> » and, below, where it comes from (escaped mrkdwn)."""
    title = cut_at_word(clean_text(alert.title) or alert.url or t("alert.untitled", lang), TITLE_CHARS)
    brand = escape(cut_at_word(alert.brand, 60))
    head = f"{TONE_EMOJI.get(alert.tone, '❔')} *{brand}* · {link(alert.url, title)}"
    where = [escape(cut_at_word(alert.source, 60)), t(f"tone.{alert.tone}", lang)]
    if alert.author:
        where.append(t("alert.by", lang, author=escape(cut_at_word(alert.author, 60))))
    reach = reach_total(alert.reach)
    if reach:
        where.append(t("digest.reach", lang, count=reach))
    return head + "\n" + " · ".join(where)


def story_heading(story: Story, lang: Lang) -> Block | None:
    """« 🧵 Une même histoire : 2 mentions · vue aussi sur … », for a story with more to say than a line."""
    parts = []
    if len(story.lines) > 1:
        parts.append(t("digest.story", lang, count=len(story.lines)))
    if story.also_seen:
        sources = ", ".join(escape(cut_at_word(s, 60)) for s in story.also_seen[:10])
        parts.append(t("alert.also_seen", lang, sources=sources))
    if not parts:
        return None
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": " · ".join(parts)}]}


def plain_story(story: Story, lang: Lang, timezone: str) -> list[Unit]:
    """A story's lines without buttons (console mode)."""
    heading = story_heading(story, lang)
    units: list[Unit] = [[heading]] if heading else []
    units += [
        [{"type": "section", "text": {"type": "mrkdwn", "text": line_text(a, lang)}}] for a in story.lines
    ]
    return units


def digest_messages(
    channel: str,
    held: Sequence[HeldAlert],
    hour: datetime,
    lang: Lang,
    timezone: str,
    view: StoryView,
    seen_elsewhere: Callable[[int], Sequence[str]] = lambda _: (),
) -> list[DigestNotice]:
    """A channel's digest for the hour starting at `hour`: its messages, each under its key."""
    stories = [
        Story(story.lines, tuple(seen_elsewhere(story.lines[0].story_id))) for story in group_stories(held)
    ]
    parts = pack([view(story, lang, timezone) for story in stories], MAX_BLOCKS - 1)
    counts: dict[str, int] = {}
    for alert in held:
        counts[alert.brand] = counts.get(alert.brand, 0) + 1
    brands = ", ".join(f"{escape(brand)} ({n})" for brand, n in counts.items())
    until = hour.astimezone(ZoneInfo(timezone))
    title = t("digest.title", lang, count=len(held), brands=brands, hour=f"{until:%H:%M}")
    fallback = t("digest.fallback", lang, count=len(held), brands=brands)
    messages = []
    for number, blocks in enumerate(parts, start=1):
        heading = title if len(parts) == 1 else title + t("digest.part", lang, part=number, parts=len(parts))
        messages.append(
            DigestNotice(
                key=f"digest:{hour.isoformat()}:{channel}:{number}",
                channel=channel,
                text=fallback,
                blocks=[{"type": "section", "text": {"type": "mrkdwn", "text": heading[:3000]}}, *blocks],
            )
        )
    return messages


class Digester:
    """Queues the hourly digests that are due (the report job's leader calls `due` every tick)."""

    def __init__(self, config: Config, store: Store, view: StoryView | None = None) -> None:
        self.config = config
        self.store = store
        self.view: StoryView = view or plain_story

    def due(self, now: datetime) -> int:
        """Queue each channel's digest of what was held before this hour; how many messages."""
        lang, timezone = self.config.veille.language, self.config.veille.timezone
        hour = hour_start(now, timezone)
        by_channel: dict[str, list[HeldAlert]] = {}
        for alert in held_alerts(self.store.engine, hour):
            by_channel.setdefault(alert.channel, []).append(alert)
        queued = 0
        for channel, held in by_channel.items():
            messages = digest_messages(
                channel,
                held,
                hour,
                lang,
                timezone,
                self.view,
                lambda story: also_seen(self.store.engine, story),
            )
            if queue_digest(self.store.engine, messages, [a.alert_id for a in held], now):
                queued += len(messages)
                log.info("reports: digest of %d held alert(s) queued for %s", len(held), channel)
        return queued
