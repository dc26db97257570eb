"""The answer to `/veille search`: compact results with tone and source, "More" and "Share"."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from veille.handlers.views.alert import TONE_EMOJI
from veille.i18n import Lang, format_when, t
from veille.search.history import KEPT_OUT, Found, Page
from veille.search.live import LiveResults
from veille.search.request import SearchRequest
from veille.text.clean import cut_at_word
from veille.text.mrkdwn import escape, in_code, link, user_mention

ACTION_SEARCH_MORE = "veille_search_more"
ACTION_SEARCH_SHARE = "veille_search_share"
LIVE_SHOWN = 10


def button_value(request: SearchRequest, offset: int) -> str:
    # ASCII escapes keep control characters and quotes at a known cost, and a cut JSON would not
    # read back: the query is shortened instead.
    text = request.as_text()
    while True:
        value = json.dumps({"q": text, "o": offset})
        if len(value) <= 2000:
            return value
        text = text[: len(text) * 3 // 4]


def read_button_value(value: object) -> tuple[str, int] | None:
    try:
        data = json.loads(value) if isinstance(value, str) else None
    except ValueError:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("q"), str) or not isinstance(data.get("o"), int):
        return None
    return data["q"], max(0, data["o"])


def result_line(found: Found, lang: Lang, timezone: str) -> str:
    emoji = TONE_EMOJI.get(found.tone or "unknown", "❔") if not found.live else "🔎"
    title = cut_at_word(found.title or t("alert.untitled", lang), 150)
    parts = [f"{emoji} *{link(found.url, title)}*", escape(cut_at_word(found.source, 60))]
    if found.brand:
        parts.append(escape(cut_at_word(found.brand, 60)))
    if found.when:
        parts.append(format_when(found.when, timezone, lang))
    if found.held in KEPT_OUT:
        held = t(f"search.{found.held}", lang)
        if found.held_alert is not None:
            held += " " + t("search.why_hint", lang, id=found.held_alert)
        parts.append(held)
    return " · ".join(parts)


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text[:3000]}}


def render_search(
    request: SearchRequest,
    page: Page,
    live: LiveResults | None,
    lang: Lang,
    timezone: str,
    *,
    shared_by: str | None = None,
    hints: Sequence[str] = (),
) -> tuple[str, list[dict[str, Any]]]:
    """`hints`: what to type instead, for a search that found nothing (see `unknown_filters`)."""
    shown_query = in_code(cut_at_word(request.as_text(), 200))
    first, last = page.offset + 1, page.offset + len(page.results)
    if page.results and page.at_least:
        shown = f"{page.total:,}".replace(",", "\u202f" if lang == "fr" else ",")
        heading = t("search.heading_at_least", lang, query=shown_query, first=first, last=last, total=shown)
    elif page.results:
        heading = t("search.heading", lang, query=shown_query, first=first, last=last, total=page.total)
    else:
        heading = t("search.none", lang, query=shown_query)
    if shared_by:
        heading = t("search.shared_by", lang, user=user_mention(shared_by)) + "\n" + heading
    blocks: list[dict[str, Any]] = [_section(heading)]
    if page.unsearched:
        note = t("search.unsearched", lang, count=page.unsearched)
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": note}]})
    blocks += [{"type": "context", "elements": [{"type": "mrkdwn", "text": hint}]} for hint in hints]
    blocks += [_section(result_line(found, lang, timezone)) for found in page.results]
    if live is not None and (live.found or live.failed):
        blocks.append({"type": "divider"})
        blocks.append(_section(t("search.live_heading", lang)))
        blocks += [_section(result_line(found, lang, timezone)) for found in live.found[:LIVE_SHOWN]]
        if live.failed:
            failed = ", ".join(escape(cut_at_word(s, 40)) for s in live.failed[:10])
            note = t("search.live_failed", lang, sources=failed)
            blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": note}]})
    if shared_by is None:
        buttons: list[dict[str, Any]] = []
        if last < page.total or page.at_least:
            buttons.append(
                {
                    "type": "button",
                    "action_id": ACTION_SEARCH_MORE,
                    "text": {"type": "plain_text", "text": t("search.more", lang)},
                    "value": button_value(request, last),
                }
            )
        if page.results:
            buttons.append(
                {
                    "type": "button",
                    "action_id": ACTION_SEARCH_SHARE,
                    "text": {"type": "plain_text", "text": t("search.share", lang)},
                    "value": button_value(request, page.offset),
                }
            )
        if buttons:
            blocks.append({"type": "actions", "block_id": "veille_search", "elements": buttons})
    return heading, blocks
