"""What every source adapter provides, and how it reports failure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, Protocol

from veille.i18n import LANGS, Lang, Said, said, t
from veille.model import Item, SourceState

if TYPE_CHECKING:
    from veille.sources.websub import HubLinks

FailureKind = Literal[
    "network",
    "timeout",
    "http",
    "auth",
    "rate_limited",
    "too_large",
    "invalid",
    "redirects",
    "refused",
    "cancelled",
]


class FetchError(Exception):
    """A poll that failed; recorded on the source, never raised past the poll.

    `message` is a `Said` when the catalogue says it in each language, else the one text a source
    or the system gave (a site's own error message). `str()` is the English, for the logs."""

    def __init__(self, kind: FailureKind, message: str | Said, retry_after: float | None = None) -> None:
        english = str(message)
        super().__init__(english)
        self.kind = kind
        self.message = english
        self.translations: dict[Lang, str] | None = (
            dict(message.translations) if isinstance(message, Said) else None
        )
        self.retry_after = retry_after

    def __str__(self) -> str:
        return f"{self.kind}: {self.message}"

    def detail(self, lang: Lang) -> str:
        return self.translations[lang] if self.translations is not None else self.message

    def said(self, lang: Lang) -> str:
        """The failure as a reader of `lang` is told it: its kind, then what happened."""
        return t("fetch.failure", lang, kind=t(f"fetch.kind.{self.kind}", lang), detail=self.detail(lang))

    def at(self, where: str) -> FetchError:
        """The same failure, said to have happened at `where` (an endpoint, a host), unless its
        detail names that place first already (a refused connection names its address)."""
        if self.message.startswith(where):
            return FetchError(
                self.kind, Said(self.translations) if self.translations else self.message, self.retry_after
            )
        placed = Said({lang: t("fetch.where", lang, where=where, detail=self.detail(lang)) for lang in LANGS})
        return FetchError(self.kind, placed, self.retry_after)


def joined(failures: Sequence[FetchError]) -> Said:
    """The details of several failures of one poll, one after the other, in each language."""
    return Said({lang: "; ".join(f.detail(lang) for f in failures) for lang in LANGS})


class FetchDeferred(FetchError):
    """Veille's own politeness held the request back (the host asked every source to wait, or its
    request budget is spent): nothing was sent, so the source did not fail; it is tried later."""

    def __init__(self, message: str, retry_after: float) -> None:
        super().__init__("rate_limited", message, retry_after)


class FetchCancelled(FetchError):
    """The fetcher was cancelled because Veille is stopping: not a failure of the source."""

    def __init__(self) -> None:
        super().__init__("cancelled", said("fetch.stopping"))


@dataclass
class FetchResult:
    items: list[Item] = field(default_factory=list)
    etag: str | None = None
    last_modified: str | None = None
    cursor: str | None = None
    not_modified: bool = False
    websub: HubLinks | None = None  # the hub a feed's answer names (veille.sources.websub)


class Source(Protocol):
    key: str
    type: str

    def fetch(self, state: SourceState | None) -> FetchResult: ...
