"""The private message a "Not relevant" click opens: silence this author, this site, or a word."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from veille.i18n import Lang, t
from veille.matching.noise import candidate_words
from veille.model import Message
from veille.text.clean import cut_at_word
from veille.text.urls import host_of

ACTION_NOISE_AUTHOR = "veille_noise_author"
ACTION_NOISE_SITE = "veille_noise_site"
ACTION_NOISE_WORD = "veille_noise_word"
OPTION_TEXT_LIMIT = 75
BUTTON_TEXT_LIMIT = 75


def _plain(text: str, limit: int) -> dict[str, Any]:
    return {"type": "plain_text", "text": cut_at_word(text, limit), "emoji": True}


def noise_offer(
    alert_id: int,
    brand_terms: Sequence[str],
    author: str | None,
    url: str | None,
    text: str,
    lang: Lang,
) -> Message:
    elements: list[dict[str, Any]] = []
    value = str(alert_id)
    if author and author.strip():
        label = t("noise.offer_author", lang, author=author.strip())
        elements.append(
            {
                "type": "button",
                "action_id": ACTION_NOISE_AUTHOR,
                "text": _plain(label, BUTTON_TEXT_LIMIT),
                "value": value,
            }
        )
    host = host_of(url)
    if host:
        elements.append(
            {
                "type": "button",
                "action_id": ACTION_NOISE_SITE,
                "text": _plain(t("noise.offer_site", lang, site=host), BUTTON_TEXT_LIMIT),
                "value": value,
            }
        )
    words = candidate_words(text, brand_terms)
    if words:
        elements.append(
            {
                "type": "static_select",
                "action_id": ACTION_NOISE_WORD,
                "placeholder": _plain(t("noise.offer_word", lang), BUTTON_TEXT_LIMIT),
                "options": [
                    {"text": _plain(word, OPTION_TEXT_LIMIT), "value": f"{alert_id}:{word[:100]}"}
                    for word in words
                ],
            }
        )
    intro = t("noise.offer_intro", lang)
    if not elements:
        return Message(intro, [{"type": "section", "text": {"type": "mrkdwn", "text": intro}}])
    blocks: list[dict[str, Any]] = [
        {"type": "section", "text": {"type": "mrkdwn", "text": intro}},
        {"type": "actions", "block_id": f"veille_noise:{alert_id}", "elements": elements},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": t("noise.offer_undo", lang)}]},
    ]
    return Message(intro, blocks)
