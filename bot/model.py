"""The domain's plain data: what a source yields, what matching and tone add, what an alert shows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

ToneLabel = Literal["positive", "neutral", "negative", "unknown"]
Language = Literal["fr", "en", "other"]
AlertState = Literal["new", "handled", "not_relevant"]
REVIEW_STARS = "stars"  # a review's rating (1–5), kept with the reach: shown on alerts, never counted


@dataclass(frozen=True, slots=True)
class Item:
    """One entry fetched from a source, normalised to plain text."""

    source: str
    source_type: str
    title: str
    text: str
    url: str | None = None
    guid: str | None = None
    author: str | None = None
    published_at: datetime | None = None  # aware, UTC
    language: str | None = None  # as declared by the source, if it says
    reach: dict[str, int] = field(default_factory=dict)  # points, comments, boosts, likes, views…
    # The source's own clue to the tone (a review's stars), followed only when the text says
    # little (`veille.tone.checker.hinted`); not stored.
    tone_hint: ToneLabel | None = None


@dataclass(frozen=True, slots=True)
class Span:
    """Where a term matched: which field, and [start, end) in that field's original text."""

    field: Literal["title", "text"]
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class BrandMatch:
    brand: str
    terms: tuple[str, ...]
    spans: tuple[Span, ...]


LOW_CONFIDENCE = 0.5  # below this, alerts say the analyzer is unsure of the tone


@dataclass(frozen=True, slots=True)
class Tone:
    label: ToneLabel
    score: float | None
    language: Language
    confidence: float | None = None  # 0…1; None when the analyzer cannot say

    @property
    def unsure(self) -> bool:
        """Whether alerts mark this tone "low confidence"."""
        return self.confidence is not None and self.label != "unknown" and self.confidence < LOW_CONFIDENCE


@dataclass(frozen=True)
class Mute:
    """An author, a site or a word the team silenced from Slack."""

    id: int
    kind: str  # "author" | "site" | "word" | "story" (a story's title fingerprints: a snooze)
    value: str  # normalised, as compared
    display: str  # as the person chose it
    brand: str | None
    created_by: str
    created_at: datetime
    until: datetime | None = None  # a snooze's end; None: muted for good


@dataclass(frozen=True, slots=True)
class AlertView:
    """Everything needed to render one alert message."""

    alert_id: int
    brand: str
    title: str
    text: str
    url: str | None
    source: str
    author: str | None
    published_at: datetime | None
    tone: Tone
    spans: tuple[Span, ...]
    state: AlertState = "new"
    actor: str | None = None
    acted_at: datetime | None = None
    reach: dict[str, int] = field(default_factory=dict)
    also_seen: tuple[str, ...] = ()  # other sources that carried the same story
    assignee: str | None = None
    assigned_by: str | None = None
    assigned_at: datetime | None = None
    ping_here: bool = False
    corrected_tone: ToneLabel | None = None
    corrected_by: str | None = None
    corrected_at: datetime | None = None
    muted: tuple[Mute, ...] = ()  # the author / site mutes that now silence such items

    @property
    def shown_tone(self) -> ToneLabel:
        return self.corrected_tone or self.tone.label


@dataclass(frozen=True)
class Message:
    """What is posted to a channel: the fallback text and the blocks laid out for it."""

    text: str
    blocks: list[dict[str, Any]]


@dataclass(frozen=True)
class SourceState:
    source: str
    etag: str | None
    last_modified: str | None
    cursor: str | None
    first_polled_at: datetime | None
    last_polled_at: datetime | None
    last_success_at: datetime | None
    last_error: str | None
    last_error_at: datetime | None
    failing_since: datetime | None
    consecutive_failures: int
    next_attempt_at: datetime | None
    items_seen: int
    last_error_kind: str | None = None
    failure_notified: bool = False
