"""Whether each new mention is about its brand, as the team's triage taught (veille.relevance).

`RelevanceJudge` keeps one `BrandModel` per brand in memory, trained from the brand's decisions as
stored (`Store.decisions`). Once per poll it asks the store whether any decision was taken since
(`Store.decisions_marker`, the largest audit id) and forgets its models if so; each brand's model is
rebuilt when next needed. Every replica rebuilds from the same stored decisions, so replicas share
no model state. `verdict` turns a judgement into what is stored and where the alert goes,
following the brand's `relevance` mode.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from veille.config import BrandConfig
from veille.model import BrandMatch, Item, Tone
from veille.relevance import THRESHOLD, BrandModel, Example, Judgement, set_aside
from veille.store import DROPPED, SET_ASIDE, Store, example_of


@dataclass(frozen=True)
class Verdict:
    relevance: float | None  # None: the brand's model has not learned enough to judge
    words: tuple[str, ...] | None  # the words behind a doubt; None when not doubted
    alert_status: str  # "pending", or "set_aside" / "dropped" for a doubted mention

    @property
    def doubted(self) -> bool:
        return self.words is not None


NOT_JUDGED = Verdict(None, None, "pending")
STATUS_OF_MODE = {"show": "pending", "quiet": SET_ASIDE, "drop": DROPPED}


def mention_example(item: Item, match: BrandMatch, tone: Tone) -> Example:
    return example_of(
        match.brand,
        item.title,
        item.text,
        match.terms,
        item.source_type,
        item.url,
        item.author,
        tone.language,
    )


def verdict(judgement: Judgement, brand: BrandConfig) -> Verdict:
    """What is stored of a judgement, and the alert's status under the brand's mode."""
    if not judgement.learned:
        return NOT_JUDGED
    threshold = brand.relevance_threshold if brand.relevance_threshold is not None else THRESHOLD
    if not set_aside(judgement, threshold):
        return Verdict(judgement.probability, None, "pending")
    return Verdict(judgement.probability, judgement.words, STATUS_OF_MODE[brand.relevance])


class RelevanceJudge:
    def __init__(self, store: Store) -> None:
        self.store = store
        self._models: dict[str, BrandModel] = {}
        self._marker: int | None = None
        self._lock = threading.Lock()

    def refresh(self, marker: int | None = None) -> None:
        """Forget the models if a decision was taken since they were built: `marker` is the
        store's decisions marker when the caller has just asked it, else it is asked here."""
        if marker is None:
            marker = self.store.decisions_marker()
        with self._lock:
            if marker != self._marker:
                self._models.clear()
                self._marker = marker

    def judge(self, example: Example) -> Judgement:
        return self.model(example.brand).judge(example)

    def model(self, brand: str) -> BrandModel:
        with self._lock:
            model = self._models.get(brand)
            marker = self._marker
        if model is not None:
            return model
        # No decision was ever taken (no audit row): nothing to read.
        model = BrandModel() if marker == 0 else BrandModel.trained(self.store.decisions(brand))
        with self._lock:
            if self._marker == marker:
                model = self._models.setdefault(brand, model)
        return model

    def verdict(self, item: Item, match: BrandMatch, tone: Tone, brand: BrandConfig) -> Verdict:
        return verdict(self.judge(mention_example(item, match, tone)), brand)
