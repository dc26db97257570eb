"""Why an alert is what it is: the words that matched, the relevance model's verdict, the tone and
what weighed in it, and the route the alert took (`/veille why` and the alert menu's "Why?").

`parse_target` reads how a person names an alert: its message's link (Slack's permalink), its
number, or the link of the article it is about. `read_facts` reads what the store holds of the
alert's mention; `explain` (pure) turns those facts, the configuration, the brand's relevance
model's judgement and the tone's reasons into an `Explanation`, which `veille.handlers.views.why`
lays out. `why` does it all for one alert.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, cast
from urllib.parse import parse_qs, urlsplit

from sqlalchemy import select

from veille.config import Config, ToneConfig
from veille.config.brands import RelevanceMode
from veille.model import Span, Tone, ToneLabel
from veille.pipeline.relevance import RelevanceJudge
from veille.pipeline.routing import reach_total
from veille.relevance import MIN_DECISIONS, THRESHOLD, Judgement
from veille.store import (
    DROPPED,
    SET_ASIDE,
    Store,
    alerts,
    audit,
    dedup_key,
    example_of,
    items,
    mentions,
)
from veille.text.mrkdwn import as_typed
from veille.text.urls import canonical_url
from veille.tone.checker import ToneAnalyzer, ToneChecker, analyzer_for, tone_text
from veille.tone.reasons import NONE, ToneReasons, leaning, tone_reasons

# https://<workspace>.slack.com/archives/<channel>/p<ts without its dot>[?thread_ts=…&cid=…]
_TS_DIGITS = re.compile(r"p(\d{7,20})")
_CHANNEL = re.compile(r"[CGD][A-Z0-9]{2,30}")
_NUMBER = re.compile(r"#?(\d{1,18})")
_THREAD_TS = re.compile(r"\d{7,14}\.\d{1,8}")
ExcerptField = Literal["title", "text"]


class TargetError(ValueError):
    """What a person typed names no alert: empty, or neither a message link nor a number."""


@dataclass(frozen=True)
class MessageLink:
    channel_id: str
    ts: str
    thread_ts: str | None = None  # a reply's link: its thread is the alert


@dataclass(frozen=True)
class ArticleLink:
    """The address of what an alert is about (any address of it: its canonical URL is looked up)."""

    canonical_url: str


Target = MessageLink | ArticleLink | int


def _ts(digits: str) -> str:
    return f"{digits[:-6]}.{digits[-6:]}"


def parse_target(text: str) -> Target:
    """An alert's message link (as Slack copies it, bare or `<…>`), its number (`42`, `#42`), or
    the address of the article it is about."""
    said = text.strip()
    if not said:
        raise TargetError("empty")
    if said.startswith("<") and said.endswith(">"):
        said = said[1:-1].partition("|")[0]
    number = _NUMBER.fullmatch(said)
    if number is not None:
        return int(number.group(1))
    address = as_typed(said)
    parts = urlsplit(address)
    host = (parts.hostname or "").lower()
    path = parts.path.strip("/").split("/")
    on_slack = host == "slack.com" or host.endswith(".slack.com")
    if not on_slack and (article := canonical_url(address)) is not None:
        return ArticleLink(article)
    if (
        parts.scheme not in ("http", "https")
        or not on_slack
        or len(path) != 3
        or path[0] != "archives"
        or not _CHANNEL.fullmatch(path[1])
        or not _TS_DIGITS.fullmatch(path[2])
    ):
        raise TargetError("garbage")
    threads = parse_qs(parts.query).get("thread_ts") or [""]
    thread_ts = threads[0] if _THREAD_TS.fullmatch(threads[0]) else None
    return MessageLink(path[1], _ts(path[2][1:]), thread_ts)


@dataclass(frozen=True)
class Posting:
    """One alert of the mention: where it went and what became of it."""

    alert_id: int
    channel: str
    channel_id: str | None
    status: str  # pending, sending, posted, set_aside, dropped…
    ping_here: bool
    brought_back: bool = False


@dataclass(frozen=True)
class Facts:
    """What the store holds of one alert's mention."""

    alert_id: int
    mention_id: int
    brand: str
    title: str
    text: str
    url: str | None
    source: str
    source_type: str
    author: str | None
    terms: tuple[str, ...]
    spans: tuple[Span, ...]
    tone: Tone
    relevance: float | None
    relevance_words: tuple[str, ...] | None
    reach: dict[str, int]
    postings: tuple[Posting, ...]
    corrected: ToneLabel | None = None
    corrected_by: str | None = None
    corrected_at: datetime | None = None


@dataclass(frozen=True)
class Matched:
    terms: tuple[str, ...]  # the brand's terms that found it
    words: tuple[tuple[str, tuple[str, ...]], ...]  # each word as written, and where: title, text
    query: str | None  # the brand's query, when it has one
    excerpt_field: ExcerptField
    excerpt: str  # the field's text, and the matched spans in it
    excerpt_spans: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class RelevanceWhy:
    probability: float | None  # as judged when found; None: not judged (too few decisions then)
    doubted: bool  # judged below the threshold when found
    learned: bool  # whether the brand's model has learned enough now
    decisions: int  # how many decisions it learned from
    words: tuple[str, ...]  # the words behind the doubt, else those that weigh most now
    mode: RelevanceMode | None  # None: the brand is no longer configured
    threshold: float
    needed: int = MIN_DECISIONS


@dataclass(frozen=True)
class ToneWhy:
    tone: Tone
    reasons: ToneReasons
    from_source: bool  # the source's own rating (a review's stars) gave the tone
    corrected: ToneLabel | None
    corrected_by: str | None
    corrected_at: datetime | None


Leg = Literal["home", "escalation", "other"]


@dataclass(frozen=True)
class RouteWhy:
    postings: tuple[tuple[Posting, Leg], ...]
    instead: bool  # the escalation channel replaced the brand's (routing.negative = "instead")
    reach: int
    here_above: int | None
    held: Literal["set_aside", "dropped"] | None
    backlog: bool  # no alert at all: a source's first reading, past the backlog it alerts


@dataclass(frozen=True)
class Explanation:
    alert_id: int
    brand: str
    title: str
    url: str | None
    source: str
    matched: Matched
    relevance: RelevanceWhy
    tone: ToneWhy
    route: RouteWhy


def _matched(facts: Facts, query: str | None) -> Matched:
    fields = {"title": facts.title, "text": facts.text}
    where: dict[str, tuple[str, list[str]]] = {}
    for span in sorted(facts.spans, key=lambda s: (s.field != "title", s.start)):
        word = fields[span.field][span.start : span.end]
        if not word.strip():
            continue
        _, places = where.setdefault(word.casefold(), (word, []))
        if span.field not in places:
            places.append(span.field)
    in_text = [(s.start, s.end) for s in facts.spans if s.field == "text"]
    field: ExcerptField = "text" if in_text or not facts.title else "title"
    spans = in_text if field == "text" else [(s.start, s.end) for s in facts.spans if s.field == "title"]
    return Matched(
        facts.terms,
        tuple((shown, tuple(places)) for shown, places in where.values()),
        query,
        field,
        fields[field],
        tuple(spans),
    )


def _relevance(
    facts: Facts, mode: RelevanceMode | None, threshold: float, judgement: Judgement | None
) -> RelevanceWhy:
    doubted = facts.relevance_words is not None
    words = facts.relevance_words or (judgement.words if judgement is not None and judgement.learned else ())
    return RelevanceWhy(
        facts.relevance,
        doubted,
        judgement is not None and judgement.learned,
        judgement.decisions if judgement is not None else 0,
        tuple(words),
        mode,
        threshold,
    )


def _route(facts: Facts, config: Config, home: str | None) -> RouteWhy:
    routing = config.routing
    legs: list[tuple[Posting, Leg]] = []
    for posting in facts.postings:
        leg: Leg = (
            "home"
            if posting.channel == home
            else "escalation"
            if posting.channel == routing.escalation_channel
            else "other"
        )
        legs.append((posting, leg))
    statuses = {p.status for p in facts.postings}
    held: Literal["set_aside", "dropped"] | None = (
        "set_aside" if SET_ASIDE in statuses else "dropped" if DROPPED in statuses else None
    )
    instead = any(leg == "escalation" for _, leg in legs) and not any(leg == "home" for _, leg in legs)
    return RouteWhy(
        tuple(legs),
        instead,
        reach_total(facts.reach),
        routing.here_above_reach,
        held,
        not facts.postings,
    )


def explain(
    facts: Facts, config: Config, judgement: Judgement | None, reasons: ToneReasons = NONE
) -> Explanation:
    """Why the alert is what it is, from its stored facts and the configuration as it is now."""
    brand = config.brand(facts.brand)
    threshold = THRESHOLD
    if brand is not None and brand.relevance_threshold is not None:
        threshold = brand.relevance_threshold
    tone = ToneWhy(
        facts.tone,
        reasons,
        facts.tone.score is None and facts.tone.label != "unknown",
        facts.corrected,
        facts.corrected_by,
        facts.corrected_at,
    )
    return Explanation(
        facts.alert_id,
        facts.brand,
        facts.title,
        facts.url,
        facts.source,
        _matched(facts, brand.query if brand is not None else None),
        _relevance(facts, brand.relevance if brand is not None else None, threshold, judgement),
        tone,
        _route(facts, config, config.channel_for(brand) if brand is not None else None),
    )


# -- reading the store ---------------------------------------------------------------------------


def find_alert(store: Store, link: MessageLink | ArticleLink) -> int | None:
    """The alert posted as that message (or heading the thread the message is in); for an
    article, the first alert of its story (wherever it was seen)."""
    if isinstance(link, ArticleLink):
        return _alert_of_article(store, link.canonical_url)
    with store.engine.connect() as conn:
        for ts in (link.ts, link.thread_ts):
            if ts is None:
                continue
            found = conn.scalar(
                select(alerts.c.id)
                .where(alerts.c.channel_id == link.channel_id, alerts.c.ts == ts)
                .order_by(alerts.c.id)
                .limit(1)
            )
            if found is not None:
                return int(found)
    return None


def _alert_of_article(store: Store, canonical: str) -> int | None:
    known = store.known_items([dedup_key("url", canonical)])
    item = next(iter(known.values()), None)
    shown = [] if item is None else store.alerts_of_story(item.story_id)
    return shown[0].alert_id if shown else None


def read_facts(store: Store, alert_id: int) -> Facts | None:
    """What the store holds of an alert's mention, with every alert of that mention."""
    query = (
        select(
            mentions.c.id,
            mentions.c.brand,
            mentions.c.terms,
            mentions.c.spans,
            mentions.c.language,
            mentions.c.tone,
            mentions.c.tone_score,
            mentions.c.tone_confidence,
            mentions.c.tone_corrected,
            mentions.c.tone_corrected_by,
            mentions.c.tone_corrected_at,
            mentions.c.relevance,
            mentions.c.relevance_words,
            items.c.title,
            items.c.text,
            items.c.url,
            items.c.source,
            items.c.source_type,
            items.c.author,
            items.c.reach,
        )
        .select_from(alerts.join(mentions, alerts.c.mention_id == mentions.c.id))
        .join(items, mentions.c.item_id == items.c.id)
        .where(alerts.c.id == alert_id)
    )
    with store.engine.connect() as conn:
        row = conn.execute(query).first()
        if row is None:
            return None
        m = row._mapping
        rows = conn.execute(
            select(alerts.c.id, alerts.c.channel, alerts.c.channel_id, alerts.c.status, alerts.c.ping_here)
            .where(alerts.c.mention_id == m["id"])
            .order_by(alerts.c.id)
        ).all()
        back = set(
            conn.scalars(
                select(audit.c.alert_id).where(
                    audit.c.alert_id.in_([r.id for r in rows]), audit.c.action == "bring_back"
                )
            )
        )
    postings = tuple(
        Posting(r.id, r.channel, r.channel_id, r.status, bool(r.ping_here), r.id in back) for r in rows
    )
    words = m["relevance_words"]
    return Facts(
        alert_id=alert_id,
        mention_id=m["id"],
        brand=m["brand"],
        title=m["title"] or "",
        text=m["text"] or "",
        url=m["url"],
        source=m["source"],
        source_type=m["source_type"],
        author=m["author"],
        terms=tuple(str(term) for term in m["terms"] or ()),
        spans=tuple(Span(f, s, e) for f, s, e in m["spans"] or ()),
        tone=Tone(m["tone"], m["tone_score"], m["language"], m["tone_confidence"]),
        relevance=m["relevance"],
        relevance_words=None if words is None else tuple(str(w) for w in words),
        reach=dict(m["reach"] or {}),
        postings=postings,
        corrected=cast(ToneLabel | None, m["tone_corrected"]),
        corrected_by=m["tone_corrected_by"],
        corrected_at=m["tone_corrected_at"],
    )


# One analyzer for the explanations, built on the first one asked (the pipeline keeps its own).
_analyzers: list[tuple[ToneConfig, ToneAnalyzer]] = []
_analyzers_lock = threading.Lock()


def _analyzer(config: ToneConfig) -> ToneAnalyzer:
    with _analyzers_lock:
        for known, analyzer in _analyzers:
            if known is config:
                return analyzer
        analyzer = analyzer_for(config)
        _analyzers[:] = [(config, analyzer)]
        return analyzer


def reasons_for(facts: Facts, config: Config) -> ToneReasons:
    """The words and turns behind the mention's tone, read again by the team's tone check."""
    tone = facts.tone
    if tone.label == "unknown" or tone.score is None or tone.language == "other":
        return NONE
    analyzer = _analyzer(config.tone)
    text = tone_text(facts.title, facts.text)
    language = tone.language
    if isinstance(analyzer, ToneChecker):
        checker = analyzer

        def score(said: str) -> float:
            return leaning(checker.score(said, language)[1])
    else:

        def score(said: str) -> float:
            return analyzer.analyze(said, language).score or 0.0

    names = (facts.brand, *facts.terms)
    return tone_reasons(text, language, tone.label, score, names)


# The explanations' relevance models, kept for the store last asked: a brand's model is refitted
# only when a decision was taken since it was built (the pipeline keeps its own judge).
_judges: list[RelevanceJudge] = []
_judges_lock = threading.Lock()


def _judge(store: Store) -> RelevanceJudge:
    with _judges_lock:
        if not _judges or _judges[0].store is not store:
            _judges[:] = [RelevanceJudge(store)]
        judge = _judges[0]
    judge.refresh()
    return judge


def why(store: Store, config: Config, alert_id: int) -> Explanation | None:
    """Why the alert is what it is; None when there is no such alert."""
    facts = read_facts(store, alert_id)
    if facts is None:
        return None
    judgement = None
    if config.brand(facts.brand) is not None:
        example = example_of(
            facts.brand,
            facts.title,
            facts.text,
            facts.terms,
            facts.source_type,
            facts.url,
            facts.author,
            facts.tone.language,
        )
        judgement = _judge(store).judge(example)
    return explain(facts, config, judgement, reasons_for(facts, config))
