"""What delivery paces and snoozes kept out of the channels, for the daily summary.

A brand delivered "daily" gets no alert: its mentions are listed here, the negative and the most
visible first; `/veille search` finds them all. Mentions a snooze covered are counted, so nothing the
team silenced for a while goes unseen.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func

from veille.i18n import Lang, t
from veille.pipeline.routing import reach_total
from veille.reports.data import happened_at, mention_alerts
from veille.store import Store, alerts, items, mentions
from veille.store.pace_store import HELD_DAILY, SNOOZED
from veille.text.clean import clean_text, cut_at_word
from veille.text.mrkdwn import escape, link

KEPT_LINES = 10
TITLE_CHARS = 120
TONE_EMOJI = {"positive": "🟢", "neutral": "⚪", "negative": "🔴", "unknown": "❔"}


@dataclass(frozen=True, slots=True)
class KeptRecord:
    """A mention whose alert a daily pace or a snooze kept back."""

    alert_id: int
    brand: str
    title: str
    url: str | None
    source: str
    tone: str
    reach: int
    at: datetime  # when it happened
    status: str  # "held_daily" or "snoozed"


@dataclass(frozen=True)
class Kept:
    daily: int = 0
    snoozed: int = 0
    lines: tuple[KeptRecord, ...] = ()  # the daily brands' mentions, the most visible first

    @property
    def empty(self) -> bool:
        return not (self.daily or self.snoozed)


def load_kept(
    store: Store, since: datetime, until: datetime, brands: Iterable[str] | None = None
) -> list[KeptRecord]:
    """The mentions from `since` to `until` whose alert is kept for the summary or snoozed, one
    per mention (its first such alert)."""
    query = mention_alerts(
        (
            alerts.c.id,
            mentions.c.id,
            mentions.c.brand,
            items.c.title,
            items.c.url,
            items.c.source,
            func.coalesce(mentions.c.tone_corrected, mentions.c.tone),
            items.c.reach,
            happened_at(),
            alerts.c.status,
        ),
        alerts.c.status.in_((HELD_DAILY, SNOOZED)),
        since,
        until,
        brands,
    )
    out: dict[int, KeptRecord] = {}
    with store.engine.connect() as conn:
        for alert_id, mention_id, brand, title, url, source, tone, reach, at, status in conn.execute(query):
            if mention_id not in out:
                out[mention_id] = KeptRecord(
                    alert_id, brand, title or "", url, source, tone, _reach(reach), at, status
                )
    return list(out.values())


def kept_of(records: Sequence[KeptRecord], limit: int = KEPT_LINES) -> Kept:
    daily = [r for r in records if r.status == HELD_DAILY]
    daily.sort(key=lambda r: (r.tone == "negative", r.reach, r.at), reverse=True)
    return Kept(len(daily), len(records) - len(daily), tuple(daily[:limit]))


def kept_blocks(kept: Kept, lang: Lang) -> list[dict[str, Any]]:
    """The summary's section on what paces and snoozes kept back."""
    counts = [t("report.kept_daily", lang, count=kept.daily)] if kept.daily else []
    if kept.snoozed:
        counts.append(t("report.kept_snoozed", lang, count=kept.snoozed))
    blocks: list[dict[str, Any]] = [_section(f"*{t('report.kept_title', lang)}*\n" + ", ".join(counts))]
    for record in kept.lines:
        title = cut_at_word(clean_text(record.title) or record.url or "?", TITLE_CHARS)
        text = (
            f"• {TONE_EMOJI.get(record.tone, '❔')} {link(record.url, title)} — {escape(record.source)}"
            f" · {escape(cut_at_word(record.brand, 60))}"
        )
        blocks.append(_section(text))
    if kept.daily > len(kept.lines):
        blocks.append(
            {
                "type": "context",
                "elements": [
                    {
                        "type": "mrkdwn",
                        "text": t("report.kept_more", lang, count=kept.daily - len(kept.lines)),
                    }
                ],
            }
        )
    return blocks


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text[:3000]}}


def _reach(value: Any) -> int:
    if not isinstance(value, dict):
        return 0
    return reach_total({k: v for k, v in value.items() if isinstance(v, int) and not isinstance(v, bool)})
