"""The team's mutes and snoozes, read again only when a decision was taken since the last read.

Every change to a mute or a snooze writes an audit row in the same transaction, so the largest
audit id (`Store.decisions_marker`, one cheap query a poll, also what the relevance models watch)
says when the stored ones may have changed: a poll then costs the same with five mutes or five
thousand. On PostgreSQL two decisions taken at once may commit in the other order than their
audit ids, leaving the marker where it was for the later one; the mutes are also read again once
a minute, so such a decision applies within a minute at worst. A snooze that runs out between
reads stops applying at its end, from what was read.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import datetime

from veille.model import Mute
from veille.store import Store

READ_AGAIN_AFTER = 60.0  # seconds: the longest a decision missed by the marker goes unseen


class Decisions:
    def __init__(self, store: Store, clock: Callable[[], float] = time.monotonic) -> None:
        self.store = store
        self.clock = clock
        self._lock = threading.Lock()
        self._marker: int | None = None
        self._read_at = 0.0
        self._mutes: list[Mute] = []
        self._snoozes: list[Mute] = []

    def noise(self, at: datetime, marker: int) -> tuple[list[Mute], list[Mute]]:
        """(the mutes for good, the snoozes running at `at`), as of `marker`."""
        with self._lock:
            stale = marker != self._marker or self.clock() - self._read_at >= READ_AGAIN_AFTER
        if stale:
            read_at = self.clock()
            mutes, snoozes = self.store.noise(at)
            with self._lock:
                self._marker, self._read_at = marker, read_at
                self._mutes, self._snoozes = mutes, snoozes
        with self._lock:
            mutes, snoozes = self._mutes, self._snoozes
        return mutes, [snooze for snooze in snoozes if snooze.until is not None and snooze.until > at]
