"""From fetched items to stored mentions with pending alerts: normalize → dedup → match → tone → route.

Only new items are matched and only matched items get a tone, read once per text (`ToneCache`).
The store is asked about and given the whole batch at once (`Store.recall`, `Store.save_items`).
The first poll of a new source stores its backlog without alerting all of it (see `Backlog`).
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from veille import metrics
from veille.config import Backlog, Config
from veille.i18n import t
from veille.matching.matcher import BrandRule, Matcher
from veille.matching.noise import silenced, snoozed, with_word_mutes
from veille.model import BrandMatch, Item, Mute, Tone
from veille.pipeline.decisions import Decisions
from veille.pipeline.relevance import NOT_JUDGED, RelevanceJudge
from veille.pipeline.routing import alert_status, route
from veille.store import DROPPED, SET_ASIDE, AlertRef, NewItem, NewMention, Store, dedup_key
from veille.store.pace_store import KEPT_BACK, SNOOZED
from veille.text.mrkdwn import escape, link
from veille.text.stories import title_keys
from veille.text.urls import canonical_url
from veille.tone.checker import ToneAnalyzer, hinted, tone_text

STORY_WINDOW = timedelta(days=3)
TONE_CACHE_SIZE = 4096
UNPOSTED = (SET_ASIDE, DROPPED, *KEPT_BACK)
# Polls processed at once per back end: SQLite takes one writer; PostgreSQL works beside us.
AT_ONCE = {"sqlite": 1, "postgresql": 2}


@dataclass(frozen=True)
class PollReport:
    fetched: int = 0
    new_items: int = 0
    mentions: int = 0
    alerts: int = 0
    sightings: int = 0  # items that were another source's copy of a known story
    refreshed_stories: int = 0


def item_keys(item: Item) -> tuple[tuple[str, ...], str | None]:
    """The dedup keys of an item, and its canonical URL."""
    keys: list[str] = []
    canonical = canonical_url(item.url) if item.url else None
    if canonical:
        keys.append(dedup_key("url", canonical))
    if item.guid:
        keys.append(dedup_key("guid", f"{item.source}\n{item.guid}"))
    if not keys:
        digest = hashlib.sha256(f"{item.title}\n{item.text}".encode()).hexdigest()
        keys.append(dedup_key("content", f"{item.source}\n{digest}"))
    return tuple(keys), canonical


def rules_from_config(config: Config) -> list[BrandRule]:
    return [
        BrandRule(b.name, b.search_terms, b.exclude, b.query, b.context, b.context_window)
        for b in config.brands
    ]


def alerted_backlog(
    candidates: Sequence[tuple[Item, list[BrandMatch]]], backlog: Backlog, started_at: datetime
) -> set[int]:
    """Indexes (into `candidates`) of the matched items the first poll of a source may alert."""
    if backlog == "all":
        return set(range(len(candidates)))
    if backlog == "since_start":
        return {
            i
            for i, (item, _) in enumerate(candidates)
            if item.published_at and item.published_at >= started_at
        }
    oldest = datetime.min.replace(tzinfo=UTC)
    ranked = sorted(
        range(len(candidates)), key=lambda i: candidates[i][0].published_at or oldest, reverse=True
    )
    return set(ranked[:backlog])


class ToneCache:
    """The analyzer's verdicts on the texts it read last: a text seen again (in another source,
    another copy of a feed) is not analysed again. Keyed by a digest, so texts are not kept;
    shared by the polls running at once."""

    def __init__(self, analyzer: ToneAnalyzer, size: int = TONE_CACHE_SIZE) -> None:
        self.analyzer = analyzer
        self.size = size
        self._tones: OrderedDict[bytes, Tone] = OrderedDict()
        self._lock = threading.Lock()

    def analyze(self, text: str, declared_language: str | None, names: Collection[str]) -> Tone:
        key = hashlib.blake2b(
            "\0".join((text, declared_language or "", *sorted(names))).encode(errors="surrogatepass"),
            digest_size=16,
        ).digest()
        with self._lock:
            tone = self._tones.get(key)
            if tone is not None:
                self._tones.move_to_end(key)
                return tone
        tone = self.analyzer.analyze(text, declared_language, names)
        with self._lock:
            self._tones[key] = tone
            if len(self._tones) > self.size:
                self._tones.popitem(last=False)
        return tone


class Pipeline:
    def __init__(
        self,
        config: Config,
        store: Store,
        analyzer: ToneAnalyzer,
        started_at: datetime | None = None,
        story_window: timedelta = STORY_WINDOW,
    ) -> None:
        self.config = config
        self.store = store
        self.analyzer = analyzer
        self._tones = ToneCache(analyzer)
        self._rules = rules_from_config(config)
        self.matcher = Matcher(self._rules)
        self._word_mutes: frozenset[tuple[str | None, str]] = frozenset()
        self.started_at = started_at or datetime.now(UTC)
        self.story_window = story_window
        self.relevance = RelevanceJudge(store)
        self.decisions = Decisions(store)
        self._turns = threading.BoundedSemaphore(AT_ONCE.get(store.backend, 1))

    def process(
        self, items: Sequence[Item], *, first_poll: bool = False, backlog: Backlog = "all"
    ) -> PollReport:
        """Recognise, match, weigh and store one poll's items. Polls fetch many at once but are
        processed a few at a time (`AT_ONCE`): the work is the interpreter's and, on SQLite, one
        writer's, so more at once only adds switching between threads (a tenth more CPU on a
        1,000-feed cycle, benchmarks/poll_cycle.py)."""
        with self._turns:
            return self._process(items, first_poll, backlog)

    def _process(self, items: Sequence[Item], first_poll: bool, backlog: Backlog) -> PollReport:
        keyed: list[tuple[Item, tuple[str, ...], str | None, tuple[str | None, str | None]]] = []
        seen_in_batch: set[str] = set()
        for item in items:
            keys, canonical = item_keys(item)
            if any(key in seen_in_batch for key in keys):
                continue
            seen_in_batch.update(keys)
            keyed.append((item, keys, canonical, title_keys(item.title)))
        since = datetime.now(UTC) - self.story_window
        recall = self.store.recall([(keys, titles, item.source) for item, keys, _, titles in keyed], since)
        marker = recall.decisions
        mutes, snoozes = self.decisions.noise(datetime.now(UTC), marker)
        self._refresh_matcher(mutes)

        fresh: list[tuple[Item, tuple[str, ...], str | None, tuple[str | None, str | None]]] = []
        sightings: list[NewItem] = []
        for (item, keys, canonical, fingerprints), story_id in zip(keyed, recall.stories, strict=True):
            if any(key in recall.known for key in keys):
                # The same URL, first seen in another source: a sighting, not a new story.
                story = recall.seen_elsewhere(keys, item.source)
                if story is not None and item.source not in recall.sources[story]:
                    sightings.append(NewItem(item, keys, canonical, (), fingerprints, duplicate_of=story))
                continue
            if story_id is not None:
                sightings.append(NewItem(item, keys, canonical, (), fingerprints, duplicate_of=story_id))
            else:
                fresh.append((item, keys, canonical, fingerprints))

        matched: list[tuple[Item, list[BrandMatch]]] = []
        positions: dict[int, int] = {}
        for index, (item, _, _, _) in enumerate(fresh):
            if silenced(item, mutes):
                continue
            found = self.matcher.match(item)
            if found:
                positions[index] = len(matched)
                matched.append((item, found))
        allowed = (
            set(range(len(matched))) if not first_poll else alerted_backlog(matched, backlog, self.started_at)
        )
        if matched:
            self.relevance.refresh(marker)

        entries: list[NewItem] = []
        for index, (item, keys, canonical, fingerprints) in enumerate(fresh):
            new_mentions: list[NewMention] = []
            if index in positions:
                slot = positions[index]
                names = {term for match in matched[slot][1] for term in (match.brand, *match.terms)}
                tone = self._tones.analyze(tone_text(item.title, item.text), item.language, names)
                tone = hinted(tone, item.tone_hint)
                covered = snoozed(item, fingerprints, snoozes) is not None
                for match in matched[slot][1]:
                    brand = self.config.brand(match.brand)
                    judged = NOT_JUDGED if brand is None else self.relevance.verdict(item, match, tone, brand)
                    if brand is None or slot not in allowed:
                        new_mentions.append(NewMention(match, tone, relevance=judged.relevance))
                        continue
                    channels, loud = route(self.config, brand, tone.label, item.reach)
                    status = judged.alert_status
                    if status == "pending":
                        paced = alert_status(self.config, brand, tone.label, item.reach)
                        status = SNOOZED if covered else paced
                    new_mentions.append(
                        NewMention(
                            match,
                            tone,
                            channels,
                            loud,
                            relevance=judged.relevance,
                            relevance_words=judged.words,
                            alert_status=status,
                        )
                    )
            entries.append(NewItem(item, keys, canonical, tuple(new_mentions), fingerprints))
        results = self.store.save_items(entries + sightings, known=recall.known.keys())
        saved = [s for s in results[: len(entries)] if s is not None]
        stories = {
            entry.duplicate_of
            for entry, result in zip(sightings, results[len(entries) :], strict=True)
            if result is not None and entry.duplicate_of is not None
        }
        if stories:
            self.store.refresh_story_alerts(*stories)
        stories_snoozed = [s for s in snoozes if s.kind == "story"]
        told = [
            (entry.duplicate_of, entry.item)
            for entry, result in zip(sightings, results[len(entries) :], strict=True)
            if result is not None
            and entry.duplicate_of is not None
            and snoozed(entry.item, entry.title_keys, stories_snoozed) is None
        ]
        if told:
            alerts = self.store.alerts_of_stories({story for story, _ in told})
            for story, item in told:
                self._reply_also_seen(alerts.get(story, []), item)
        for entry, result in zip(entries, results[: len(entries)], strict=True):
            if result is not None:
                for new in entry.mentions:
                    metrics.MENTIONS.labels(new.match.brand, new.tone.label).inc()
                metrics.ALERTS_QUEUED.inc(
                    sum(len(new.channels) for new in entry.mentions if new.alert_status == "pending")
                )
        return PollReport(
            fetched=len(items),
            new_items=len(saved),
            mentions=sum(len(s.mention_ids) for s in saved),
            alerts=sum(len(s.alert_ids) for s in saved),
            sightings=sum(1 for r in results[len(entries) :] if r is not None),
            refreshed_stories=len(stories),
        )

    def _refresh_matcher(self, mutes: Sequence[Mute]) -> None:
        """Rebuild the matcher when words were excluded or restored from Slack since last poll."""
        words = frozenset((m.brand, m.display) for m in mutes if m.kind == "word")
        if words != self._word_mutes:
            self.matcher = Matcher(with_word_mutes(self._rules, mutes))
            self._word_mutes = words

    def _reply_also_seen(self, story_alerts: Sequence[AlertRef], item: Item) -> None:
        """A thread reply under each alert of the story: where else it turned up."""
        lang = self.config.veille.language
        title = item.title or item.url or item.source
        text = t("notice.also_seen", lang, source=escape(item.source), link=link(item.url, title[:200]))
        for alert in story_alerts:
            if alert.status in UNPOSTED:
                continue  # a reply would wait for ever for an alert that is not to be posted
            self.store.queue_notice(
                f"seen:{alert.alert_id}:{item.source}", alert.channel, text, thread_alert_id=alert.alert_id
            )
