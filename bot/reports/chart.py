"""The summary's chart: mentions per day over the last 14 days, one panel per brand, stacked by
tone. Rendered to PNG bytes with matplotlib's Agg back end (no display, thread-safe use of a
private Figure rather than pyplot's global state)."""

from __future__ import annotations

import io
from datetime import timedelta
from zoneinfo import ZoneInfo

from veille.i18n import MONTHS, Lang, t
from veille.reports.render import format_day
from veille.reports.summary import DailySummary

COLOURS = {"positive": "#2eb67d", "neutral": "#b0b7c3", "negative": "#e01e5a"}
MAX_PANELS = 6


def chart_png(summary: DailySummary, lang: Lang, timezone: str) -> bytes:
    # matplotlib takes a second to import: only the chart pays for it, not every start.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    zone = ZoneInfo(timezone)
    days = [(end - timedelta(seconds=1)).astimezone(zone).date() for _, end in summary.history_windows]
    labels = [f"{d.day}\n{MONTHS[lang][d.month - 1]}" for d in days]
    brands = list(summary.history)[:MAX_PANELS]
    figure = Figure(figsize=(8.0, 1.0 + 2.2 * len(brands)), dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.subplots(len(brands), 1, squeeze=False, sharex=True)
    for row, brand in enumerate(brands):
        ax = axes[row][0]
        splits = summary.history[brand]
        bottom = [0] * len(splits)
        for tone in ("negative", "neutral", "positive"):
            values = [s.count(tone) for s in splits]
            ax.bar(
                range(len(splits)), values, bottom=bottom, color=COLOURS[tone], label=t(f"tone.{tone}", lang)
            )
            bottom = [b + v for b, v in zip(bottom, values, strict=True)]
        ax.set_title(brand, loc="left", fontsize=10, parse_math=False)  # a "$" in a name is text
        ax.spines[["top", "right"]].set_visible(False)
        ax.yaxis.get_major_locator().set_params(integer=True)
    last = axes[-1][0]
    last.set_xticks(range(len(labels)), labels, fontsize=8)
    handles, names = axes[0][0].get_legend_handles_labels()
    figure.legend(handles[::-1], names[::-1], loc="upper right", fontsize=8, frameon=False, ncols=3)
    figure.suptitle(t("report.chart_title", lang), fontsize=11, x=0.02, ha="left")
    figure.tight_layout(rect=(0, 0, 1, 0.97))
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def chart_alt_text(summary: DailySummary, lang: Lang, timezone: str) -> str:
    """What the chart shows, for screen readers (Slack's alt text)."""
    parts = []
    for brand, splits in summary.history.items():
        parts.append(
            t(
                "report.chart_alt_brand",
                lang,
                brand=brand,
                total=sum(s.total for s in splits),
                positive=sum(s.positive for s in splits),
                neutral=sum(s.neutral for s in splits),
                negative=sum(s.negative for s in splits),
                last=splits[-1].total if splits else 0,
            )
        )
    if summary.history_windows:
        zone = ZoneInfo(timezone)
        first = (summary.history_windows[0][1] - timedelta(seconds=1)).astimezone(zone).date()
        last = (summary.history_windows[-1][1] - timedelta(seconds=1)).astimezone(zone).date()
        parts.insert(0, f"{format_day(first, lang)} – {format_day(last, lang)}.")
    return t("report.chart_alt", lang, details=" ".join(parts))[:1000]
