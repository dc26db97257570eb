"""CSV export of mentions: every field a spreadsheet needs, one mention per row.

Cells that a spreadsheet would run as a formula (starting with =, +, -, @) are prefixed with a
quote: the text comes from the outside world.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from bot.reports.data import MentionRecord

COLUMNS = (
    "mention_id",
    "brand",
    "published_or_seen_at",
    "seen_at",
    "source",
    "title",
    "url",
    "author",
    "language",
    "tone",
    "analyzed_tone",
    "tone_score",
    "reach",
    "terms",
    "state",
    "assignee",
    "text",
)


def _safe(value: object) -> str:
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


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
                r.seen_at.isoformat(),
                _safe(r.source),
                _safe(r.title),
                _safe(r.url),
                _safe(r.author),
                r.language,
                r.tone,
                r.analyzed_tone,
                "" if r.tone_score is None else f"{r.tone_score:.3f}",
                r.reach,
                _safe("; ".join(r.terms)),
                r.state or "",
                _safe(r.assignee),
                _safe(r.text),
            ]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
