"""What the Slack handlers may use: the core's services, built once by the app."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from veille.config import Config, LoadedConfig
from veille.i18n import Lang
from veille.matching.query import parse_query, positive_terms
from veille.store import Store
from veille.triage import Triage


@dataclass(frozen=True)
class Services:
    config: Config
    store: Store
    triage: Triage
    loaded: LoadedConfig | None = None
    sources: Sequence[object] = field(default_factory=tuple)  # the adapters; some can search live

    @property
    def lang(self) -> Lang:
        return self.config.veille.language

    def brand_terms(self, brand: str) -> tuple[str, ...]:
        """The words that find a brand (left out of the words offered for exclusion)."""
        for configured in self.config.brands:
            if configured.name == brand:
                words = [configured.name, *configured.terms, *configured.context]
                if configured.query:
                    words += [
                        t.label or " ".join(t.words) for t in positive_terms(parse_query(configured.query))
                    ]
                return tuple(words)
        return (brand,)
