"""Block Kit for summaries and spike alerts: pure functions from computed reports to messages.

Brand names, source names, titles and terms come from config files and the outside world: every
one is escaped (links through `veille.text.mrkdwn.link`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from veille.i18n import MONTHS, Lang, none_of, t
from veille.model import Message
from veille.reports.data import AsideRecord, MentionRecord
from veille.reports.paced import kept_blocks
from veille.reports.spikes import Spike, spike_mentions
from veille.reports.summary import Aside, DailySummary, ToneSplit, WeeklySummary, change
from veille.text.clean import clean_text, cut_at_word
from veille.text.mrkdwn import escape, link

SECTION_LIMIT = 3000
TITLE_CHARS = 120
MAX_BLOCKS = 50
SPIKE_MENTIONS = 3
# The daily summary's button under a mention set aside (its value: the alert id); the Slack
# listener brings the alert back (veille.triage.Triage.bring_back).
ACTION_BRING_BACK = "veille_bring_back"


def format_day(day: date, lang: Lang) -> str:
    return f"{day.day} {MONTHS[lang][day.month - 1]} {day.year}"


def percent(value: float, lang: Lang, signed: bool = False) -> str:
    number = f"{value * 100:+.0f}" if signed else f"{value * 100:.0f}"
    return f"{number} %" if lang == "fr" else f"{number}%"


def _local_day(moment: datetime, timezone: str) -> date:
    return moment.astimezone(ZoneInfo(timezone)).date()


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text[:SECTION_LIMIT]}}


def _context(text: str) -> dict[str, Any]:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text[:SECTION_LIMIT]}]}


def _header(text: str) -> dict[str, Any]:
    return {"type": "header", "text": {"type": "plain_text", "text": text[:150], "emoji": True}}


def tone_split_line(split: ToneSplit, lang: Lang) -> str:
    return t(
        "report.tone_split",
        lang,
        positive=split.positive,
        neutral=split.neutral,
        negative=split.negative,
        positive_share=percent(split.share("positive"), lang),
        neutral_share=percent(split.share("neutral"), lang),
        negative_share=percent(split.share("negative"), lang),
    )


def _mention_line(record: MentionRecord, lang: Lang) -> str:
    title = cut_at_word(clean_text(record.title) or record.url or "?", TITLE_CHARS)
    reach = f" · {record.reach}" if record.reach else ""
    return f"• {link(record.url, title)} — {escape(record.source)}{reach}"


def _counts(pairs: Sequence[tuple[str, int]]) -> str:
    return ", ".join(f"{escape(name)} ({n})" for name, n in pairs)


def render_daily(summary: DailySummary, lang: Lang, timezone: str) -> Message:
    start, end = summary.window
    day = _local_day(end - timedelta(seconds=1), timezone)
    title = t("report.daily_title", lang, date=format_day(day, lang))
    blocks: list[dict[str, Any]] = [_header(title)]
    names = none_of([escape(b.brand) for b in summary.brands], lang)
    if summary.quiet:
        blocks.append(_section(t("report.nothing", lang, brands=names)))
    for brand in summary.brands if not summary.quiet else ():
        previous = change(brand.total, brand.previous)
        if previous is None:
            vs_previous = t("report.vs_previous_none", lang)
        else:
            vs_previous = t("report.vs_previous", lang, change=percent(previous, lang, signed=True))
        average = change(brand.total, brand.average)
        if average is None:
            vs_average = t("report.vs_average_none", lang)
        else:
            vs_average = t(
                "report.vs_average",
                lang,
                change=percent(average, lang, signed=True),
                average=f"{brand.average:.1f}".replace(".", "," if lang == "fr" else "."),
            )
        lines = [
            t(
                "report.brand_total",
                lang,
                brand=escape(brand.brand),
                count=brand.total,
                vs_previous=vs_previous,
                vs_average=vs_average,
            )
        ]
        if brand.total:
            lines.append(tone_split_line(brand.tones, lang))
            lines.append(t("report.top_sources", lang, sources=_counts(brand.top_sources)))
        blocks.append(_section("\n".join(lines)))
        for key, chosen in (
            ("report.top_positive", brand.top_positive),
            ("report.top_negative", brand.top_negative),
        ):
            if chosen:
                text = "\n".join([t(key, lang), *(_mention_line(r, lang) for r in chosen)])
                blocks.append(_section(text))
        if brand.unhandled_negative:
            blocks.append(_context(t("report.unhandled", lang, count=brand.unhandled_negative)))
        blocks.append({"type": "divider"})
    if not summary.aside.empty:
        blocks.extend(aside_blocks(summary.aside, lang))
    if not summary.kept.empty:
        blocks.extend(kept_blocks(summary.kept, lang))
    if summary.failing_sources:
        blocks.append(
            _context(t("report.failing", lang, sources=", ".join(escape(s) for s in summary.failing_sources)))
        )
    window = t(
        "report.window",
        lang,
        start=_moment(start, timezone, lang),
        end=_moment(end, timezone, lang),
    )
    blocks.append(_context(window))
    if blocks and len(blocks) > MAX_BLOCKS:
        blocks = [*blocks[: MAX_BLOCKS - 1], blocks[-1]]
    counts = ", ".join(f"{escape(b.brand)} {b.total}" for b in summary.brands)
    fallback = t("report.daily_fallback", lang, date=format_day(day, lang), counts=counts)
    return Message(fallback, blocks)


def aside_blocks(aside: Aside, lang: Lang) -> list[dict[str, Any]]:
    """The "Set aside" section: what the relevance filter kept out, and a button to bring back
    each mention still waiting."""
    counts = [t("report.aside_count", lang, count=aside.set_aside)] if aside.set_aside else []
    if aside.brought_back:
        counts.append(t("report.aside_brought_back", lang, count=aside.brought_back))
    if aside.dropped:
        counts.append(t("report.aside_dropped", lang, count=aside.dropped))
    blocks = [_section(f"*{t('report.aside_title', lang)}*\n" + ", ".join(counts))]
    for record in aside.waiting:
        blocks.append(_aside_line(record, lang))
    return blocks


def _aside_line(record: AsideRecord, lang: Lang) -> dict[str, Any]:
    title = cut_at_word(clean_text(record.title) or record.url or "?", TITLE_CHARS)
    text = f"• {link(record.url, title)} — {escape(record.source)} · {escape(cut_at_word(record.brand, 60))}"
    if record.relevance is not None:
        text += " · " + t("report.aside_unlikely", lang, percent=percent(1.0 - record.relevance, lang))
    block = _section(text)
    block["accessory"] = {
        "type": "button",
        "action_id": ACTION_BRING_BACK,
        "text": {"type": "plain_text", "text": t("button.bring_back", lang)},
        "value": str(record.alert_id),
    }
    return block


def _moment(moment: datetime, timezone: str, lang: Lang) -> str:
    local = moment.astimezone(ZoneInfo(timezone))
    return f"{format_day(local.date(), lang)} {local:%H:%M}"


def render_weekly(summary: WeeklySummary, lang: Lang, timezone: str) -> Message:
    start, end = summary.window
    first = _local_day(start, timezone)
    last = _local_day(end - timedelta(seconds=1), timezone)
    title = t("report.weekly_title", lang, start=format_day(first, lang), end=format_day(last, lang))
    blocks: list[dict[str, Any]] = [_header(title)]
    mine = [b for b in summary.brands if b.brand in summary.shown]
    if summary.quiet:
        names = none_of([escape(b.brand) for b in mine], lang)
        blocks.append(_section(t("report.weekly_nothing", lang, brands=names)))
    else:
        for brand in mine:
            moved = change(brand.tones.total, brand.previous.total)
            shown = percent(moved, lang, signed=True) if moved is not None else t("report.new", lang)
            lines = [
                t(
                    "report.weekly_brand",
                    lang,
                    brand=escape(brand.brand),
                    count=brand.tones.total,
                    previous=brand.previous.total,
                    change=shown,
                ),
                tone_split_line(brand.tones, lang),
            ]
            blocks.append(_section("\n".join(lines)))
    # Shares of nothing, this week and the one before, would be a table of zeros.
    if any(b.share_of_voice or b.previous_share for b in summary.brands):
        lines = [t("report.share_title", lang)]
        ranked = sorted(summary.brands, key=lambda b: b.share_of_voice or 0.0, reverse=True)
        for brand in ranked:
            bar = "█" * round((brand.share_of_voice or 0.0) * 20)
            lines.append(
                f"`{bar:<20}` "
                + t(
                    "report.share_line",
                    lang,
                    brand=escape(brand.brand),
                    share=percent(brand.share_of_voice or 0.0, lang),
                    previous=percent(brand.previous_share or 0.0, lang),
                )
            )
        blocks.append(_section("\n".join(lines)))
    if summary.aside.set_aside:
        rate = summary.aside.miss_rate or 0.0
        line = t(
            "report.weekly_aside",
            lang,
            count=summary.aside.set_aside,
            back=summary.aside.brought_back,
            rate=percent(rate, lang),
        )
        blocks.append(_context(line))
    counts = ", ".join(f"{escape(b.brand)} {b.tones.total}" for b in mine)
    return Message(t("report.weekly_fallback", lang, counts=counts), blocks[:MAX_BLOCKS])


def render_spike(spike: Spike, records: Sequence[MentionRecord], lang: Lang) -> Message:
    brand = escape(spike.brand)
    if spike.kind == "volume":
        title = t("spike.volume_title", lang, brand=brand)
        usual = f"{spike.usual:.1f}".replace(".", "," if lang == "fr" else ".")
        ratio = f"{spike.count / spike.usual:.1f}" if spike.usual > 0 else "∞"
        ratio = ratio.replace(".", ",") if lang == "fr" else ratio
        why = t("spike.volume_why", lang, count=spike.count, usual=usual, ratio=ratio)
    else:
        title = t("spike.negative_title", lang, brand=brand)
        why = t(
            "spike.negative_why",
            lang,
            share=percent(spike.negative_share, lang),
            negative=spike.negative,
            count=spike.count,
            usual=percent(spike.usual_negative_share, lang),
        )
    blocks: list[dict[str, Any]] = [_section(f"*{title}*\n{why}")]
    details = [tone_split_line(spike.tones, lang)]
    if spike.top_terms:
        details.append(t("spike.terms", lang, terms=_counts(spike.top_terms)))
    if spike.top_sources:
        details.append(t("spike.sources", lang, sources=_counts(spike.top_sources)))
    blocks.append(_section("\n".join(details)))
    visible = spike_mentions(spike, records)[:SPIKE_MENTIONS]
    if visible:
        blocks.append(_section("\n".join(_mention_line(r, lang) for r in visible)))
    query = _search_query(spike.brand, spike.kind)
    blocks.append(_context(t("spike.see", lang, query=query)))
    return Message(t("spike.fallback", lang, title=title, count=spike.count), blocks)


def _search_query(brand: str, kind: str) -> str:
    """The /veille search that lists the spike's mentions (a brand filter takes one word)."""
    name = " ".join(brand.replace("`", "'").split())
    scope = name if " " in name else f"brand:{name}"
    tone = " tone:neg" if kind == "negative" else ""
    return escape(f"{scope}{tone} since:1h")
