"""`veille sources` and `veille sources check`: each source's health, and a live try of each."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from veille.config import LoadedConfig
from veille.i18n import Lang, t
from veille.model import SourceState
from veille.pipeline.health import HEALTH_EMOJI, describe_next_poll, health_label
from veille.pipeline.push import SLOWER
from veille.sources.api import cursor_notes
from veille.sources.websub import Subscription, push_notes
from veille.store import Store
from veille.text.clean import cut_at_word

ERROR_CHARS = 70  # of a source's last error in the table (the log has all of it)


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    return "\n".join(lines)


def _when(moment: datetime | None, timezone: str, now: datetime) -> str:
    if moment is None:
        return "-"
    local = moment.astimezone(ZoneInfo(timezone))
    if abs(moment - now) < timedelta(hours=20):
        return f"{local:%H:%M:%S}"
    return f"{local:%Y-%m-%d %H:%M}"


def sources_status(
    loaded: LoadedConfig,
    store: Store,
    now: datetime | None = None,
    lang: Lang = "en",
    only: Collection[str] | None = None,
) -> str:
    """One line per configured source (those keyed in `only` when given): state, last success,
    items in 24 h, next poll, last error."""
    now = now or datetime.now(UTC)
    config = loaded.config
    tz = config.veille.timezone
    counts = store.items_per_source(now - timedelta(hours=24))
    states = {state.source: state for state in store.all_source_states()}
    rows = []
    for source in config.sources:
        if only is not None and source.key not in only:
            continue
        state = states.get(source.key)
        label = health_label(state)
        interval = config.source_interval(source)
        pushed = Subscription.load(state.cursor if state else None)
        if pushed is not None and pushed.active(now):
            interval *= SLOWER
        next_poll = describe_next_poll(state, interval, now)
        error = ""
        if state is not None and state.consecutive_failures and state.last_error:
            error = _failures(state, tz, now, lang)
        if next_poll is None:
            shown_next = t("sources.at_start", lang)
        else:
            shown_next = t("sources.due", lang) if next_poll <= now else _when(next_poll, tz, now)
        error = " · ".join(filter(None, [error, *_api_notes(state, tz, now, lang)]))
        rows.append(
            [
                source.key,
                source.type,
                f"{HEALTH_EMOJI[label]} {t(f'health.{label}', lang)}",
                _when(state.last_success_at if state else None, tz, now),
                str(counts.get(source.key, 0)),
                shown_next,
                error,
            ]
        )
    return table(t("sources.columns", lang).split("|"), rows)


def _failures(state: SourceState, timezone: str, now: datetime, lang: Lang) -> str:
    """The failures in a row and, while the source waits, when it is tried again."""
    count = state.consecutive_failures
    if state.last_error_kind == "rate_limited":
        once = count == 1
        text = t("sources.rate_limited_once", lang) if once else t("sources.rate_limited", lang, count=count)
    else:
        since = _when(state.failing_since, timezone, now)
        error = cut_at_word(" ".join((state.last_error or "").split()), ERROR_CHARS)
        text = t("sources.error_since", lang, error=error, since=since, count=count)
    if state.next_attempt_at is not None and state.next_attempt_at > now:
        text += t("sources.next_try", lang, until=_when(state.next_attempt_at, timezone, now))
        if count > 1:
            text += t("sources.backing_off", lang)
    return text


def _api_notes(state: SourceState | None, timezone: str, now: datetime, lang: Lang) -> list[str]:
    """Quota left and a requested back-off, which search-API sources keep in their cursor; a
    feed's WebSub subscription, which it keeps there."""
    notes, next_allowed = cursor_notes(state.cursor if state else None, lang)
    shown = [t(key, lang, **values) for key, values in notes]
    for key, values in push_notes(state.cursor if state else None, now):
        until = values.get("until")
        values["until"] = _when(until if isinstance(until, datetime) else None, timezone, now)
        shown.append(t(key, lang, **values))
    if next_allowed is not None and next_allowed > now:
        shown.append(t("sources.note_wait", lang, until=_when(next_allowed, timezone, now)))
    return shown
