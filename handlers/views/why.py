"""The answer to `/veille why` and to the alert menu's "Why?": one private message, section by section.

Every piece of outside text (title, matched words, the models' words, channel names) is escaped
and cut; a word is shown in code, its backticks replaced, so it can neither ping nor forge a link.
"""

from __future__ import annotations

from typing import Any

from veille.handlers.views.alert import TONE_EMOJI, snippet, tone_line
from veille.i18n import Lang, format_when, t
from veille.search.why import Explanation, Posting, RelevanceWhy, RouteWhy, ToneWhy
from veille.text.clean import cut_at_word
from veille.text.mrkdwn import channel_ref, escape, in_code, link, user_mention

EXCERPT_CHARS = 240
WORDS_SHOWN = 5
SECTION_LIMIT = 3000


def percent(value: float, lang: Lang) -> str:
    """A probability as a percentage; one that rounds to 0 or 100 without being it says < 1 or > 99."""
    if 0.0 < value < 0.005:
        return "< 1 %" if lang == "fr" else "<1%"
    if 0.995 < value < 1.0:
        return "> 99 %" if lang == "fr" else ">99%"
    return f"{value:.0%}" if lang == "en" else f"{value * 100:.0f} %"


def word(text: str, limit: int = 40) -> str:
    """An outside word as inline code: escaped, cut, its backticks replaced."""
    return "`" + in_code(cut_at_word(" ".join(text.split()), limit)) + "`"


def _section(text: str) -> dict[str, Any]:
    if len(text) > SECTION_LIMIT:
        text = text[: SECTION_LIMIT - 1] + "…"
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def matched_text(why: Explanation, lang: Lang) -> str:
    m = why.matched
    places = {"title": t("why.in_title", lang), "text": t("why.in_text", lang)}
    found = [
        t("why.word_in", lang, word=word(shown), places=t("why.and", lang).join(places[p] for p in where))
        for shown, where in m.words[:WORDS_SHOWN]
    ]
    lines = [t("why.matched", lang, words=", ".join(found) or t("why.matched_none", lang))]
    if m.query:
        lines.append(t("brands.query", lang, query=in_code(cut_at_word(m.query, 300))))
    elif m.terms:
        lines.append(t("why.terms", lang, terms=", ".join(word(term) for term in m.terms[:WORDS_SHOWN])))
    excerpt = snippet(m.excerpt.replace("\n", " "), list(m.excerpt_spans), EXCERPT_CHARS)
    if excerpt:
        lines.append("> " + excerpt)
    return "\n".join(lines)


def _mode(relevance: RelevanceWhy, lang: Lang) -> str:
    return t(f"why.mode_{relevance.mode}" if relevance.mode else "why.mode_gone", lang)


def relevance_text(why: Explanation, lang: Lang) -> str:
    r = why.relevance
    brand = escape(cut_at_word(why.brand, 100))
    if r.probability is None:
        head = t("why.relevance_unjudged", lang, brand=brand)
    else:
        head = t(
            "why.relevance",
            lang,
            brand=brand,
            percent=percent(r.probability, lang),
            threshold=percent(r.threshold, lang),
        )
    details = [_mode(r, lang)]
    if r.learned:
        details.append(t("why.model_learned", lang, count=r.decisions))
    else:
        details.append(t("why.model_learning", lang, count=r.decisions, needed=r.needed))
    if r.words:
        details.append(t("why.words", lang, words=", ".join(word(w) for w in r.words[:WORDS_SHOWN])))
    return head + "\n" + " · ".join(details)


def tone_part(tone: ToneWhy, lang: Lang, timezone: str) -> str:
    lines = [t("why.tone", lang, tone=tone_line(tone.tone, lang))]
    details: list[str] = []
    if tone.tone.label == "unknown":
        details.append(t("why.tone_other_language", lang))
    elif tone.from_source:
        details.append(t("why.tone_from_source", lang))
    elif tone.reasons.words:
        shown = [f"{word(w)} ({'+' if weight > 0 else '−'})" for w, weight in tone.reasons.words]
        details.append(t("why.tone_words", lang, words=", ".join(shown)))
    else:
        details.append(t("why.tone_no_words", lang))
    if tone.reasons.turns:
        turns = ", ".join(t(f"why.turn_{turn}", lang) for turn in tone.reasons.turns)
        details.append(t("why.tone_turns", lang, turns=turns))
    if tone.corrected and tone.corrected_by:
        when = format_when(tone.corrected_at, timezone, lang) if tone.corrected_at else ""
        corrected = t(
            "why.tone_corrected",
            lang,
            tone=f"{TONE_EMOJI[tone.corrected]} {t(f'tone.{tone.corrected}', lang)}",
            user=user_mention(tone.corrected_by),
            when=when,
        )
        details.append(corrected)
    else:
        details.append(t("why.tone_not_corrected", lang))
    return "\n".join([*lines, " · ".join(details)])


def _leg(posting: Posting, leg: str, route: RouteWhy, lang: Lang) -> str:
    channel = channel_ref(posting.channel_id) if posting.channel_id else escape(posting.channel)
    key = {"home": "why.leg_home", "escalation": "why.leg_escalation"}.get(leg)
    if leg == "escalation" and route.instead:
        key = "why.leg_instead"
    said = t(key, lang, channel=channel) if key else channel
    if posting.ping_here:
        above = route.here_above if route.here_above is not None else "?"
        said += " " + t("why.here", lang, reach=route.reach, above=above)
    status = f"why.status_{posting.status}"
    said += " — " + (t(status, lang) if status in _STATUSES else escape(posting.status))
    if posting.brought_back:
        said += ", " + t("why.brought_back", lang)
    return said


_STATUSES = frozenset(
    f"why.status_{s}"
    for s in (
        "posted",
        "pending",
        "sending",
        "set_aside",
        "dropped",
        "failed",
        "held",
        "held_daily",
        "digested",
        "snoozed",
    )
)


def route_text(why: Explanation, lang: Lang) -> str:
    route = why.route
    if route.backlog:
        return t("why.route", lang, legs=t("why.backlog", lang))
    legs = "; ".join(_leg(posting, leg, route, lang) for posting, leg in route.postings)
    lines = [t("why.route", lang, legs=legs)]
    if route.held is not None:
        probability = why.relevance.probability
        lines.append(
            t(
                f"why.held_{route.held}",
                lang,
                brand=escape(cut_at_word(why.brand, 100)),
                percent=percent(probability, lang) if probability is not None else "?",
                threshold=percent(why.relevance.threshold, lang),
            )
        )
    return "\n".join(lines)


def render_why(why: Explanation, lang: Lang, timezone: str) -> tuple[str, list[dict[str, Any]]]:
    """The fallback text and the blocks of the private answer."""
    heading = t("why.heading", lang, brand=escape(cut_at_word(why.brand, 100)), id=why.alert_id)
    title = cut_at_word(why.title or t("alert.untitled", lang), 150)
    where = f"*{link(why.url, title)}* · {escape(cut_at_word(why.source, 60))}"
    sections = [
        heading + "\n" + where,
        matched_text(why, lang),
        relevance_text(why, lang),
        tone_part(why.tone, lang, timezone),
        route_text(why, lang),
    ]
    return heading, [_section(text) for text in sections]
