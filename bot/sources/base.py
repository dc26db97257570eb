"""What every source adapter provides, and how it reports failure."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, Protocol

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
    """A poll that failed; recorded on the source, never raised past the poll."""

    def __init__(self, kind: FailureKind, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.retry_after = retry_after

    def __str__(self) -> str:
        return f"{self.kind}: {self.message}"


class FetchDeferred(FetchError):
    """Veille's own politeness held the request back (the host asked every source to wait, or its
    request budget is spent): nothing was sent, so the source did not fail; it is tried later."""

    def __init__(self, message: str, retry_after: float) -> None:
        super().__init__("rate_limited", message, retry_after)


class FetchCancelled(FetchError):
    """The fetcher was cancelled because Veille is stopping: not a failure of the source."""

    def __init__(self) -> None:
        super().__init__("cancelled", "stopped before the answer came: Veille is stopping")


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
