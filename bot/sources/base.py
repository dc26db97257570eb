"""What every source adapter provides, and how it reports failure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, Protocol, Self

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

    def at(self, where: str) -> Self:
        """This failure, its detail saying where it happened (an endpoint, a host) unless it names
        that place first already (a refused connection names its address). It stays what it was:
        a request Veille held back (`FetchDeferred`) must not become the source's failure."""
        if not self.message.startswith(where):
            self.translations = {
                lang: t("fetch.where", lang, where=where, detail=self.detail(lang)) for lang in LANGS
            }
            self.message = self.translations["en"]
            self.args = (self.message,)
        return self


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


def every_part_failed(failures: Sequence[FetchError]) -> FetchError:
    """What a poll whose every part (an instance, a country) failed raises: held back or cancelled
    as a whole when Veille held back each part or is stopping, else the parts' failures told
    together, in each language."""
    cancelled = [f for f in failures if isinstance(f, FetchCancelled)]
    failed = [f for f in failures if not isinstance(f, FetchDeferred | FetchCancelled)]
    if cancelled:
        return cancelled[0]
    if not failed:
        return failures[0]
    told = Said({lang: "; ".join(f.detail(lang) for f in failed) for lang in LANGS})
    return FetchError(failed[0].kind, told, failed[0].retry_after)
