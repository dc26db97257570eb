"""Block Kit for alerts: pure functions from an `AlertView` to a Slack message.

Every piece of outside text is escaped (`veille.text.mrkdwn`); texts are cut to Slack's limits at a word
boundary.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from veille.handlers.views.snooze import snooze_menu
from veille.i18n import Lang, format_when, t
from veille.model import REVIEW_STARS, AlertView, Message, Span, Tone, ToneLabel
from veille.text.clean import clean_text, cut_at_word, excerpt
from veille.text.mrkdwn import bold_spans, escape, link, user_mention
from veille.text.urls import host_of, is_web_url

ACTION_HANDLED = "veille_handled"
ACTION_NOT_RELEVANT = "veille_not_relevant"
ACTION_OPEN = "veille_open"
ACTION_ASSIGN = "veille_assign"
ACTION_TONE = "veille_tone"
ACTION_MUTE_AUTHOR = "veille_mute_author"
ACTIONS_BLOCK = "veille_actions"
WHY_CHOICE = "why"  # the tone menu's "Why?" item: `42:why`
TONE_LABELS: tuple[ToneLabel, ...] = ("positive", "neutral", "negative")

TITLE_CHARS = 250
SNIPPET_CHARS = 320
SECTION_LIMIT = 3000
BUTTON_URL_LIMIT = 3000
TONE_EMOJI = {"positive": "🟢", "neutral": "⚪", "negative": "🔴", "unknown": "❔"}
LANGUAGE_FLAG = {"fr": "🇫🇷", "en": "🇬🇧", "other": "🌐"}


def tone_line(tone: Tone, lang: Lang) -> str:
    label = t(f"tone.{tone.label}", lang)
    score = f" ({tone.score:+.2f})" if tone.score is not None else ""
    return f"{TONE_EMOJI[tone.label]} {label}{score}{low_confidence(tone, lang)}"


def low_confidence(tone: Tone, lang: Lang) -> str:
    """ " · low confidence (42%)" when the analyzer was unsure, else nothing."""
    if not tone.unsure or tone.confidence is None:
        return ""
    percent = f"{tone.confidence:.0%}" if lang == "en" else f"{tone.confidence * 100:.0f} %"
    return " · " + t("tone.low_confidence", lang, percent=percent)


def language_line(tone: Tone, lang: Lang) -> str:
    return f"{LANGUAGE_FLAG.get(tone.language, '🌐')} {t(f'lang.{tone.language}', lang)}"


def snippet(text: str, spans: list[tuple[int, int]], limit: int = SNIPPET_CHARS) -> str:
    """An escaped window of `text` around the first match, the matched words in bold."""
    if not text:
        return ""
    return excerpt(text, spans, limit, bold_spans)


def _spans(spans: tuple[Span, ...], field: str) -> list[tuple[int, int]]:
    return [(s.start, s.end) for s in spans if s.field == field]


def state_line(view: AlertView, lang: Lang, timezone: str) -> str | None:
    if view.state == "new" or not view.actor:
        return None
    when = format_when(view.acted_at, timezone, lang) if view.acted_at else ""
    return t(f"state.{view.state}", lang, user=user_mention(view.actor), when=when)


def triage_lines(view: AlertView, lang: Lang, timezone: str) -> list[str]:
    """Who did what to the alert, one line each: state, assignee, tone correction, mutes."""
    lines = [line] if (line := state_line(view, lang, timezone)) else []

    def when(moment: datetime | None) -> str:
        return format_when(moment, timezone, lang) if moment else ""

    if view.assignee:
        lines.append(
            t(
                "state.assigned",
                lang,
                assignee=user_mention(view.assignee),
                user=user_mention(view.assigned_by or view.assignee),
                when=when(view.assigned_at),
            )
        )
    if view.corrected_tone and view.corrected_by:
        lines.append(
            t(
                "state.tone_corrected",
                lang,
                tone=t(f"tone.{view.corrected_tone}", lang),
                user=user_mention(view.corrected_by),
                when=when(view.corrected_at),
            )
        )
    for mute in view.muted[:5]:
        lines.append(
            t(
                f"state.muted_{mute.kind}",
                lang,
                value=escape(cut_at_word(mute.display, 80)),
                user=user_mention(mute.created_by),
            )
        )
    return lines


Doubt = tuple[float, tuple[str, ...]]  # the relevance model's probability, and the words behind it


def doubt_line(brand: str, doubt: Doubt, lang: Lang) -> str:
    """« Probablement pas à propos de Orange (72 %) — mots : jus, recette » (escaped mrkdwn)."""
    unlikely = 1.0 - doubt[0]
    percent = f"{unlikely:.0%}" if lang == "en" else f"{unlikely * 100:.0f} %"
    line = t("alert.doubt", lang, brand=escape(cut_at_word(brand, 100)), percent=percent)
    words = ", ".join(escape(cut_at_word(word, 40)) for word in doubt[1][:5])
    return line + (t("alert.doubt_words", lang, words=words) if words else "")


def render_alert(view: AlertView, lang: Lang, timezone: str, doubt: Doubt | None = None) -> Message:
    title = cut_at_word(view.title or t("alert.untitled", lang), TITLE_CHARS)
    header = " · ".join(
        [
            f"*{escape(cut_at_word(view.brand, 100))}*",
            shown_tone_line(view, lang),
            language_line(view.tone, lang),
        ]
    )
    if view.ping_here:
        header = "<!here> " + header
    body = f"*{link(view.url, title)}*"
    excerpt = snippet(view.text, _spans(view.spans, "text"))
    if excerpt:
        body += "\n" + excerpt
    if len(body) > SECTION_LIMIT:
        body = body[: SECTION_LIMIT - 1] + "…"

    where = [escape(cut_at_word(view.source, 80))]
    host = host_of(view.url)
    if host and host not in view.source:
        where.append(escape(host))
    if view.author:
        where.append(t("alert.by", lang, author=escape(cut_at_word(view.author, 80))))
    if view.published_at:
        where.append(t("alert.published", lang, when=format_when(view.published_at, timezone, lang)))
    else:
        where.append(t("alert.undated", lang))
    stars = view.reach.get(REVIEW_STARS)
    if isinstance(stars, int) and 1 <= stars <= 5:
        where.append(t("alert.stars", lang, stars="★" * stars + "☆" * (5 - stars), count=stars))

    blocks: list[dict[str, Any]] = [
        {"type": "section", "text": {"type": "mrkdwn", "text": header}},
        {"type": "section", "text": {"type": "mrkdwn", "text": body}},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": " · ".join(where)}]},
    ]
    if doubt is not None:
        line = doubt_line(view.brand, doubt, lang)
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": "🤔 " + line}]})
    if view.also_seen:
        sources = ", ".join(escape(cut_at_word(s, 60)) for s in view.also_seen[:10])
        blocks.append(
            {
                "type": "context",
                "elements": [{"type": "mrkdwn", "text": t("alert.also_seen", lang, sources=sources)}],
            }
        )
    lines = triage_lines(view, lang, timezone)
    if lines:
        state = cut_at_word("\n".join(lines), SECTION_LIMIT)
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": state}]})
    blocks.append(
        {"type": "actions", "block_id": f"{ACTIONS_BLOCK}:{view.alert_id}", "elements": _buttons(view, lang)}
    )
    fallback = t("alert.fallback", lang, brand=escape(view.brand), title=escape(title))
    if view.ping_here:
        fallback = "<!here> " + fallback
    return Message(fallback, blocks)


def shown_tone_line(view: AlertView, lang: Lang) -> str:
    """The tone as the team sees it: a person's correction wins over the analyzer."""
    if view.corrected_tone:
        return f"{TONE_EMOJI[view.corrected_tone]} {t(f'tone.{view.corrected_tone}', lang)} ✏️"
    return tone_line(view.tone, lang)


def alert_id_of_block(block_id: object) -> int | None:
    """The alert id an actions block belongs to (`veille_actions:42`)."""
    if not isinstance(block_id, str) or not block_id.startswith(ACTIONS_BLOCK + ":"):
        return None
    tail = block_id[len(ACTIONS_BLOCK) + 1 :]
    return int(tail) if tail.isascii() and tail.isdigit() and len(tail) <= 18 else None


def triage_controls(alert_id: int, state: str, lang: Lang) -> list[dict[str, Any]]:
    """Handled, Not relevant and the tone menu of one alert: the same on an alert and on a line
    of the hourly digest, so a click means the same wherever it is made."""
    value = str(alert_id)
    handled: dict[str, Any] = {
        "type": "button",
        "action_id": ACTION_HANDLED,
        "text": {"type": "plain_text", "text": t("button.handled", lang)},
        "value": value,
    }
    if state == "new":
        handled["style"] = "primary"
    not_relevant: dict[str, Any] = {
        "type": "button",
        "action_id": ACTION_NOT_RELEVANT,
        "text": {"type": "plain_text", "text": t("button.not_relevant", lang)},
        "value": value,
    }
    tone: dict[str, Any] = {
        "type": "overflow",
        "action_id": ACTION_TONE,
        "options": [
            {
                "text": {
                    "type": "plain_text",
                    "text": t("button.tone_as", lang, tone=t(f"tone.{label}", lang)),
                },
                "value": f"{alert_id}:{label}",
            }
            for label in TONE_LABELS
        ],
    }
    return [handled, not_relevant, tone]


def _buttons(view: AlertView, lang: Lang) -> list[dict[str, Any]]:
    value = str(view.alert_id)
    handled, not_relevant, tone = triage_controls(view.alert_id, view.state, lang)
    assign: dict[str, Any] = {
        "type": "users_select",
        "action_id": ACTION_ASSIGN,
        "placeholder": {"type": "plain_text", "text": t("button.assign", lang)},
    }
    if view.assignee:
        assign["initial_user"] = view.assignee
    tone["options"].append(why_option(view.alert_id, lang))
    buttons = [handled, not_relevant, assign]
    if view.author and not any(m.kind == "author" for m in view.muted):
        buttons.append(
            {
                "type": "button",
                "action_id": ACTION_MUTE_AUTHOR,
                "text": {"type": "plain_text", "text": t("button.mute_author", lang)},
                "value": value,
            }
        )
    if view.url and is_web_url(view.url) and len(view.url) <= BUTTON_URL_LIMIT:
        buttons.append(
            {
                "type": "button",
                "action_id": ACTION_OPEN,
                "text": {"type": "plain_text", "text": t("button.open", lang)},
                "url": view.url.strip(),
                "value": value,
            }
        )
    buttons.append(tone)
    buttons.append(snooze_menu(view, lang))
    return buttons


def why_option(alert_id: int, lang: Lang) -> dict[str, Any]:
    """The menu item that explains the alert privately (`/veille why`)."""
    label = {"type": "plain_text", "text": t("button.why", lang)}
    return {"text": label, "value": f"{alert_id}:{WHY_CHOICE}"}


def render_console(
    view: AlertView, channel: str, lang: Lang, timezone: str, doubt: Doubt | None = None
) -> str:
    """The same alert as plain text for console mode (no mrkdwn, no escaping needed)."""
    title = cut_at_word(view.title or t("alert.untitled", lang), TITLE_CHARS)
    label = t(f"tone.{view.tone.label}", lang)
    score = f" ({view.tone.score:+.2f})" if view.tone.score is not None else ""
    score += low_confidence(view.tone, lang)
    lines = [
        f"── {t('console.alert', lang, channel=channel.lstrip('#'))} ── {view.brand} · {label}{score}"
        f" · {t(f'lang.{view.tone.language}', lang)}",
        f"   {title}",
    ]
    text_spans = _spans(view.spans, "text")
    if view.text:
        lines.append("   " + excerpt(view.text, text_spans, SNIPPET_CHARS))
    meta = [view.source]
    if view.author:
        meta.append(t("alert.by", lang, author=view.author))
    if view.published_at:
        meta.append(t("alert.published", lang, when=format_when(view.published_at, timezone, lang)))
    lines.append("   " + " · ".join(meta))
    if view.url:
        lines.append(f"   {view.url}")
    if doubt is not None:
        unlikely = 1.0 - doubt[0]
        percent = f"{unlikely:.0%}" if lang == "en" else f"{unlikely * 100:.0f} %"
        words = ", ".join(doubt[1][:5])
        line = t("alert.doubt", lang, brand=view.brand, percent=percent)
        lines.append("   " + line + (t("alert.doubt_words", lang, words=words) if words else ""))
    # Terminal escape sequences from a feed must not reach the terminal either.
    return "\n".join(clean_text(line).replace("\r", " ") for line in lines)
