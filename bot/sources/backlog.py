"""Reading a burst bigger than one poll from an API that lists newest first only.

Hacker News (Algolia), Bluesky and Reddit cannot sort oldest first after a cursor, so a poll that
spends its pages before reaching the previous cursor leaves a stretch unread between that cursor
and the oldest item it read. That stretch is stored with the cursor (`ApiCursor.backlog`) and the
next polls read it, oldest stretch first, with a page budget of their own, after reading the newest
items as usual. A stretch is a pair (low, high): newer than `low` (the cursor the unfinished read
started from) and at or below `high`, in each source's own terms (a time, or for Reddit the
fullname to list `after`). Items read twice where a stretch meets what was read already are
dropped by the pipeline's dedup. A stored stretch whose bounds the source cannot read (a cursor
edited by hand or written by another version) is dropped: read with one bound missing it would
alert old items as new, or be refused by the API at every poll.

`read_token_pages` reads one range of a search that pages by a token (X, YouTube), keeping the
newest and oldest positions seen.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from veille.model import Item

Window = tuple[str, str]
P = TypeVar("P")
MAX_WINDOWS = 8  # per query; past it the two newest merge (their gap is re-read, and deduped)


@dataclass
class Stretch:
    """What one read of a range found, newest first."""

    items: list[Item] = field(default_factory=list)
    pages: int = 0  # requests made
    newest: str | None = None  # position of the newest item read: the next cursor of a head read
    rest: str | None = None  # set when pages ran out before `low`: the high bound of what is left


# (low, high, most pages) → what was read: low None on a first poll, high None for the newest.
ReadRange = Callable[[str | None, str | None, int], Stretch]


@dataclass
class BurstRead:
    items: list[Item]
    newest: str | None
    backlog: list[Window]


def read_burst(
    since: str | None,
    backlog: list[Window],
    read: ReadRange,
    *,
    head_pages: int,
    backlog_pages: int,
    readable: Callable[[Window], bool],
) -> BurstRead:
    """The newest items since the cursor, then as much of the stored backlog as the budget allows.

    A first poll (no cursor) reads only the newest page and leaves no backlog: older items were
    there before Veille watched."""
    head = read(since, None, head_pages if since is not None else 1)
    windows = list(backlog)
    if since is not None and head.rest is not None:
        windows.append((since, head.rest))
    windows = bounded([window for window in windows if readable(window)])
    items = list(head.items)
    budget = backlog_pages
    left: list[Window] = []
    for low, high in windows:
        if budget <= 0:
            left.append((low, high))
            continue
        part = read(low, high, budget)
        budget -= max(part.pages, 1)
        items += part.items
        if part.rest is not None:
            left.append((low, part.rest))
    return BurstRead(items, head.newest, left)


def bounded(windows: list[Window]) -> list[Window]:
    """At most MAX_WINDOWS, the newest past it merged into one (sustained overload, or a huge
    stored list, stays bounded; the merged gaps are re-read and deduped)."""
    if len(windows) <= MAX_WINDOWS:
        return windows
    (low, _), (_, high) = windows[MAX_WINDOWS - 1], windows[-1]
    return [*windows[: MAX_WINDOWS - 1], (low, high)]


@dataclass
class TokenPage(Generic[P]):
    """One page of a newest-first search paged by a token: each result's item (None when Veille
    cannot use it) and position (None when it has none), and the next page's token as the API
    gave it (anything but a non-empty string ends the read)."""

    results: Sequence[tuple[Item | None, P | None]]
    token: object = None


def read_token_pages(
    read: Callable[[str | None], TokenPage[P] | None],
    pages: int,
    until: str | None,
    *,
    order: Callable[[P], Any],
    stored: Callable[[P], str],
) -> Stretch:
    """A range read `pages` pages at most, following the page token (`read(token)`: None when a
    limit holds the read back). The cursor moves past a result Veille cannot use too: it is not
    asked for again. When pages ran out or a limit held the read back, what is older than the
    oldest result read (else than `until`) is left to read later."""
    stretch = Stretch()
    positions: list[P] = []
    token: str | None = None
    held = False
    for _ in range(pages):
        page = read(token)
        if page is None:
            held = True
            break
        stretch.pages += 1
        for item, position in page.results:
            if item is not None:
                stretch.items.append(item)
            if position is not None:
                positions.append(position)
        token = page.token if isinstance(page.token, str) and page.token else None
        if token is None:
            break
    if positions:
        stretch.newest = stored(max(positions, key=order))
    if token is not None or held:
        stretch.rest = stored(min(positions, key=order)) if positions else until
    return stretch
