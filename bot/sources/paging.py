"""What the sources that page back through a newest-first listing share (Discourse, Lemmy, DEV,
the App Store): reading pages until the cursor is reached, and links taken from an answer only
when they point where they should.

A first poll reads one page: older items were there before Veille watched. Later polls read on
while every item of a page is newer than the cursor, up to a few pages; a burst bigger than that
is left unread (each source's docs give its page size, so the limit is known).

A position past `ceiling` (a post dated in the future, as a federated server with a wrong clock
sends them) is read but never becomes the cursor: it would hide everything published until then.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from typing import Generic, TypeVar
from urllib.parse import urlsplit

from veille.model import Item
from veille.text.urls import is_web_url

P = TypeVar("P", int, datetime)
"""A position in a listing: an id or a publication time, growing with time."""
CLOCK_SLACK = timedelta(hours=1)
"""How far past Veille's clock a publication time may be and still move the cursor."""


@dataclass
class Page(Generic[P]):
    """One page of a listing: each entry's position and its item (None when the entry could not
    be read as one), and for each list of the page that came full (a page may hold several, as
    Lemmy's posts and comments), its oldest position: more may follow past it."""

    entries: list[tuple[P, Item | None]] = field(default_factory=list)
    more: list[P] = field(default_factory=list)

    def add_list(self, entries: list[tuple[P, Item | None]], size: int) -> None:
        """Add one list of the page; it may go on when it holds `size` entries."""
        self.entries += entries
        if entries and len(entries) >= size:
            self.more.append(min(position for position, _ in entries))


@dataclass
class Newest(Generic[P]):
    items: list[Item]
    newest: P | None


def read_newest(
    read: Callable[[int], Page[P]], since: P | None, max_pages: int, ceiling: P | None = None
) -> Newest[P]:
    """The items newer than `since` from pages 1, 2… of a newest-first listing, and the newest
    position seen up to `ceiling` (the next cursor)."""
    items: list[Item] = []
    newest = since
    for number in range(1, (max_pages if since is not None else 1) + 1):
        page = read(number)
        for position, item in page.entries:
            if since is not None and position <= since:
                continue
            if item is not None:
                items.append(item)
            if (newest is None or position > newest) and (ceiling is None or position <= ceiling):
                newest = position
        if not any(since is None or oldest > since for oldest in page.more):
            break
    return Newest(items, newest)


def read_each_term(
    terms: Sequence[str],
    positions: dict[str, str],
    read: Callable[[str, int], Page[P]],
    position: Callable[[str | None], P | None],
    stored: Callable[[P], str],
    max_pages: int,
    ceiling: P | None = None,
) -> list[Item]:
    """`read_newest` for each search term (`read(term, page)`) from its own cursor, kept in
    `positions` under the folded term and moved past what was read; an item two terms found
    comes once."""
    items: dict[str, Item] = {}
    for term in terms:
        key = term.casefold()
        found = read_newest(partial(read, term), position(positions.get(key)), max_pages, ceiling)
        for item in found.items:
            items.setdefault(item.guid or item.url or item.title, item)
        if found.newest is not None:
            positions[key] = stored(found.newest)
    return list(items.values())


def link_on(url: object, host: str | None) -> str | None:
    """`url` when it is a web address on `host` (a forged link elsewhere is not followed)."""
    if not isinstance(url, str) or not host or not is_web_url(url) or len(url) > 4000:
        return None
    try:
        found = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    return url.strip() if found is not None and found.lower() == host.lower() else None
