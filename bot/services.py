"""What the Slack handlers may use: the core's services, built once by the app."""

from __future__ import annotations

from dataclasses import dataclass

from bot.config import Config
from bot.i18n import Lang
from bot.store import Store
from bot.triage import Triage


@dataclass(frozen=True)
class Services:
    config: Config
    store: Store
    triage: Triage

    @property
    def lang(self) -> Lang:
        return self.config.veille.language

    def brand_terms(self, brand: str) -> tuple[str, ...]:
        """The words that find a brand (left out of the words offered for exclusion)."""
        for configured in self.config.brands:
            if configured.name == brand:
                return (configured.name, *configured.terms)
        return (brand,)
