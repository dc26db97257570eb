"""`veille tone-report`: how the tone check fares against the team's own corrections from Slack.

Every tone a person corrected with the alert's Tone menu is stored next to the analyzer's verdict.
The report shows what the analyzer said then against what the team said, and re-reads the same
texts with today's analyzer (today's model and the config's `[tone.terms]`), so a team can see
whether a term weight it added fixes the mentions it had to correct.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime

from sqlalchemy import select

from veille.i18n import Lang, format_when, t
from veille.model import Tone, ToneLabel
from veille.store import Store, items, mentions
from veille.text.clean import clean_text, cut_at_word
from veille.tone.checker import ToneAnalyzer, tone_text
from veille.tone.metrics import THREE, agreement, marked

LISTED = 10


@dataclass(frozen=True, slots=True)
class Correction:
    mention_id: int
    brand: str
    title: str
    text: str
    declared_language: str | None
    analyzer_said: str
    score: float | None
    team_said: str
    by: str
    at: datetime


def corrections(store: Store) -> list[Correction]:
    """Mentions whose tone a person corrected, newest first, with the text the analyzer read."""
    query = (
        select(
            mentions.c.id,
            mentions.c.brand,
            items.c.title,
            items.c.text,
            items.c.declared_language,
            mentions.c.tone,
            mentions.c.tone_score,
            mentions.c.tone_corrected,
            mentions.c.tone_corrected_by,
            mentions.c.tone_corrected_at,
        )
        .join(items, items.c.id == mentions.c.item_id)
        .where(mentions.c.tone_corrected.is_not(None))
        .order_by(mentions.c.tone_corrected_at.desc(), mentions.c.id.desc())
    )
    with store.engine.connect() as conn:
        rows = conn.execute(query).all()
    return [
        Correction(
            mention_id=row[0],
            brand=row[1],
            title=row[2],
            text=row[3],
            declared_language=row[4],
            analyzer_said=row[5],
            score=row[6],
            team_said=row[7],
            by=row[8],
            at=row[9],
        )
        for row in rows
    ]


def _label(value: str, lang: Lang) -> str:
    return t(f"tone.{value}", lang) if value in (*THREE, "unknown") else value


def _confidence_line(found: list[Correction], tones: list[Tone], lang: Lang) -> str:
    """Whether the tones marked "low confidence" are the ones the team corrects."""
    split = marked(
        [tone.unsure for tone in tones],
        [tone.label == c.team_said for c, tone in zip(found, tones, strict=True)],
    )
    return t("tone_report.confidence", lang, **asdict(split))


def render(found: list[Correction], analyzer: ToneAnalyzer, lang: Lang, timezone: str) -> str:
    if not found:
        return t("tone_report.none", lang)
    gold = [c.team_said for c in found]
    then = agreement(gold, [c.analyzer_said for c in found])
    now_tones = [analyzer.analyze(tone_text(c.title, c.text), c.declared_language, (c.brand,)) for c in found]
    now = agreement(gold, [tone.label for tone in now_tones])
    lines = [
        t("tone_report.title", lang, count=len(found)),
        t("tone_report.then", lang, right=round(then.accuracy * then.total), total=then.total),
        t(
            "tone_report.now",
            lang,
            right=round(now.accuracy * now.total),
            total=now.total,
            percent=f"{now.accuracy:.0%}",
            f1=f"{now.macro_f1:.2f}",
        ),
        _confidence_line(found, now_tones, lang),
        "",
        t("tone_report.confusion", lang),
    ]
    for (said_by_team, said_then), count in sorted(then.confusion.items(), key=lambda kv: -kv[1]):
        lines.append(f"  {_label(said_then, lang)} → {_label(said_by_team, lang)}: {count}")
    lines.append("")
    lines.append(t("tone_report.per_class", lang))
    for score in now.classes:
        if score.support:
            lines.append(
                f"  {_label(score.label, lang)}: "
                + t(
                    "tone_report.class_line",
                    lang,
                    precision=f"{score.precision:.0%}",
                    recall=f"{score.recall:.0%}",
                    support=score.support,
                )
            )
    wrong = [(c, tone) for c, tone in zip(found, now_tones, strict=True) if tone.label != c.team_said]
    if wrong:
        lines.append("")
        lines.append(t("tone_report.still_wrong", lang, count=len(wrong)))
        for correction, tone in wrong[:LISTED]:
            title = cut_at_word(" ".join((correction.title or correction.text).split()), 80)
            analyzer_label: ToneLabel = tone.label
            lines.append(
                "  "
                + t(
                    "tone_report.wrong_line",
                    lang,
                    brand=correction.brand,
                    title=title,
                    team=_label(correction.team_said, lang),
                    analyzer=_label(analyzer_label, lang),
                    user=correction.by,
                    when=format_when(correction.at, timezone, lang),
                )
            )
    # Titles come from sources: no terminal escape sequence reaches the terminal.
    return "\n".join(clean_text(line).replace("\r", " ") for line in lines)
