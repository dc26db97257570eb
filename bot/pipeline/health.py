"""How each source is doing, and telling the team once when one breaks or recovers.

ok: the last poll worked. degraded: one or two failures in a row. failing: three or more in a
row, or any refusal of access (an auth error does not fix itself). A source that becomes
failing gets one notice in the team channel, not one per poll; its recovery gets one more.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from veille.i18n import Lang, format_when, t
from veille.model import SourceState
from veille.store import Store
from veille.text.clean import cut_at_word
from veille.text.mrkdwn import escape

HealthLabel = Literal["new", "ok", "degraded", "failing"]
FAILING_AFTER = 3
HEALTH_EMOJI: dict[HealthLabel, str] = {"new": "⏳", "ok": "🟢", "degraded": "🟠", "failing": "🔴"}


def health_label(state: SourceState | None) -> HealthLabel:
    if state is None or state.last_polled_at is None:
        return "new"
    if state.consecutive_failures == 0:
        return "ok"
    if state.last_error_kind == "auth" or state.consecutive_failures >= FAILING_AFTER:
        return "failing"
    return "degraded"


@dataclass(frozen=True)
class SourceWatch:
    """Queues the "source failing" and "source recovered" notices."""

    store: Store
    channel: str
    lang: Lang
    timezone: str

    def after_failure(self, source: str) -> bool:
        """Queue a notice if `source` just became failing; True when one was queued."""
        state = self.store.source_state(source)
        if state is None or health_label(state) != "failing" or state.failure_notified:
            return False
        since = state.failing_since or state.last_error_at
        when = format_when(since, self.timezone, self.lang) if since else "?"
        text = t(
            "notice.source_failing",
            self.lang,
            source=escape(source),
            since=when,
            failures=state.consecutive_failures,
            error=escape(cut_at_word(state.last_error or "?", 300)),
        )
        key = f"source-failing:{source}:{since.isoformat() if since else ''}"
        self.store.queue_notice(key, self.channel, text, _section(text))
        self.store.set_failure_notified(source, True)
        return True

    def after_success(self, source: str, before: SourceState | None) -> bool:
        """Queue a notice if a source the team was told about works again."""
        if before is None or not before.failure_notified:
            return False
        since = before.failing_since or before.last_error_at
        when = format_when(since, self.timezone, self.lang) if since else "?"
        text = t("notice.source_recovered", self.lang, source=escape(source), since=when)
        key = f"source-recovered:{source}:{since.isoformat() if since else ''}"
        self.store.queue_notice(key, self.channel, text, _section(text))
        self.store.set_failure_notified(source, False)
        return True


def _section(text: str) -> list[dict[str, object]]:
    return [{"type": "section", "text": {"type": "mrkdwn", "text": text}}]


def describe_next_poll(state: SourceState | None, interval: float, now: datetime) -> datetime | None:
    """When the source will be polled next (None: at start-up)."""
    if state is None or state.last_polled_at is None:
        return None
    if state.next_attempt_at and state.next_attempt_at > now:
        return state.next_attempt_at
    return max(now, state.last_polled_at + timedelta(seconds=interval))
