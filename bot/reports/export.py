"""CSV export of mentions: every field a spreadsheet needs, one mention per row.

Cells that a spreadsheet would run as a formula (starting with =, +, -, @) are prefixed with a
quote: the text comes from the outside world.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import datetime

from veille.reports.data import MentionRecord

COLUMNS = (
    "mention_id",
    "brand",
    "happened_at",
    "published_at",
    "seen_at",
    "source",
    "source_type",
    "title",
    "url",
    "canonical_url",
    "author",
    "language",
    "tone",
    "analyzed_tone",
    "tone_score",
    "tone_confidence",
    "tone_corrected_by",
    "reach",
    "terms",
    "channel",
    "state",
    "state_by",
    "state_at",
    "assignee",
    "assigned_by",
    "text",
)


def _safe(value: object) -> str:
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def _iso(moment: datetime | None) -> str:
    return moment.isoformat() if moment else ""


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"


def export_csv(records: Sequence[MentionRecord]) -> bytes:
    """UTF-8 with a byte-order mark, so spreadsheet programs read accents right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for r in records:
        writer.writerow(
            [
                r.mention_id,
                _safe(r.brand),
                r.at.isoformat(),
                _iso(r.published_at),
                r.seen_at.isoformat(),
                _safe(r.source),
                r.source_type,
                _safe(r.title),
                _safe(r.url),
                _safe(r.canonical_url),
                _safe(r.author),
                r.language,
                r.tone,
                r.analyzed_tone,
                _number(r.tone_score),
                _number(r.tone_confidence),
                _safe(r.corrected_by),
                r.reach,
                _safe("; ".join(r.terms)),
                _safe(r.channel),
                r.state or "",
                _safe(r.acted_by),
                _iso(r.acted_at),
                _safe(r.assignee),
                _safe(r.assigned_by),
                _safe(r.text),
            ]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
