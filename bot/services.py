"""What the Slack handlers may use: the core's services, built once by the app."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import InitVar, dataclass, field

from veille.config import Config, LoadedConfig
from veille.i18n import Lang
from veille.matching.query import parse_query, positive_terms
from veille.status import Readiness
from veille.store import DatabaseWatch, Store
from veille.triage import Triage


@dataclass(frozen=True)
class Services:
    config: Config
    store: Store
    triage: Triage
    loaded: LoadedConfig | None = None
    sources: Sequence[object] = field(default_factory=tuple)  # the adapters; some can search live
    # What works and what does not, in a language (`/veille status`); None: no running bot to ask.
    readiness: Callable[[Lang], Readiness] | None = None
    # Whether the database answers: the app's watch, shared with the poller and the outbox
    # (the handlers get one of their own when none is given).
    database_watch: InitVar[DatabaseWatch | None] = None
    database: DatabaseWatch = field(init=False)

    def __post_init__(self, database_watch: DatabaseWatch | None) -> None:
        object.__setattr__(self, "database", database_watch or DatabaseWatch(self.store.engine))

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
