"""Whether the database answers: one watch that the poller, the outbox, the report jobs and the
Slack listeners share while PostgreSQL restarts or a backup holds the SQLite file.

A failure that means "the database is away" (a refused or cut connection, a server shutting
down, a SQLite file locked past the busy timeout…) is told apart from a bug (bad SQL, a broken
constraint): the first marks the database down and is logged once for the whole outage; the
second is the caller's to handle as before. While down, a cheap probe, at most every few
seconds, finds when it is back, which is logged once too.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Callable

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import (
    DBAPIError,
    DisconnectionError,
    InterfaceError,
    OperationalError,
)
from sqlalchemy.exc import TimeoutError as PoolTimeout

from veille.store.migrate import unreachable
from veille.store.schema import sqlite_waiting

log = logging.getLogger(__name__)

PROBE_EVERY = 3.0
# How long the SQLite probe waits for a writer's lock before saying "still down".
SQLITE_PROBE_WAIT = 0.2

# SQLite primary result codes: busy or locked (a backup, another writer), an I/O error, a full
# disk, a file that cannot be opened or written.
_SQLITE_AWAY = {5, 6, 8, 10, 13, 14, 15}
# PostgreSQL SQLSTATEs: a server shutting down or starting (57P01-03), a standby refusing writes
# during a failover (25006); classes: connection exceptions (08), insufficient resources such as
# too many connections or a full disk (53), system errors such as I/O (58).
_PG_AWAY_STATES = {"57P01", "57P02", "57P03", "25006"}
_PG_AWAY_CLASSES = {"08", "53", "58"}


def is_database_away(error: BaseException) -> bool:
    """True when `error` says the database cannot be reached or written right now (it will be
    again); False for anything that retrying later would not fix."""
    if isinstance(error, DisconnectionError | PoolTimeout):
        return True
    if isinstance(error, DBAPIError):
        if error.connection_invalidated:
            return True
        connection_level = isinstance(error, OperationalError | InterfaceError)
        return _driver_says_away(error.orig, connection_level=connection_level)
    return isinstance(error, sqlite3.Error) and _driver_says_away(error, connection_level=False)


def _driver_says_away(orig: BaseException | None, *, connection_level: bool) -> bool:
    if isinstance(orig, sqlite3.Error):
        code = getattr(orig, "sqlite_errorcode", None)
        return isinstance(code, int) and code & 0xFF in _SQLITE_AWAY
    state = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    if isinstance(state, str) and state:
        return state in _PG_AWAY_STATES or state[:2] in _PG_AWAY_CLASSES
    # No SQLSTATE: the driver's own failure to connect or to talk to the server.
    return connection_level


def _first_line(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


class DatabaseWatch:
    """Thread-safe: is the database down, since when, and is it back yet.

    `failed(error)` records a failure (logged once per outage); `probe()` checks, at most every
    `probe_every` seconds while down, whether the database answers again (on SQLite, whether a
    writer could take the lock); `wait_until_up(timeout)` waits for that. Only a probe declares
    the database back: on SQLite a backup still lets readers read, so a successful read proves
    nothing about the writes waiting.
    """

    def __init__(
        self,
        engine: Engine,
        *,
        probe_every: float = PROBE_EVERY,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.engine = engine
        self.probe_every = probe_every
        self.clock = clock
        self._down_since: float | None = None
        self._last_probe = 0.0
        self._probing = False
        self._changed = threading.Condition()

    @property
    def is_down(self) -> bool:
        return self._down_since is not None

    def down_for(self) -> float:
        """Seconds since the outage began (0 while the database answers)."""
        since = self._down_since
        return 0.0 if since is None else max(0.0, self.clock() - since)

    def failed(self, error: BaseException) -> bool:
        """Records `error` if it means the database is away (logged once per outage) and says so;
        False for any other error, which the caller handles as before."""
        if not is_database_away(error):
            return False
        with self._changed:
            if self._down_since is not None:
                return True
            self._down_since = self._last_probe = self.clock()
        database, reason = self._describe(error)
        log.warning("database unreachable: %s: %s", database, reason)
        return True

    def succeeded(self) -> None:
        """The database answered the probe: the outage, if any, is over (logged once)."""
        if self._down_since is None:
            return
        with self._changed:
            since, self._down_since = self._down_since, None
            self._changed.notify_all()
        if since is not None:
            log.info("database back after %.0f s", max(0.0, self.clock() - since))

    def probe(self) -> bool:
        """True when the database answers. While it is down, asks it at most every `probe_every`
        seconds (one thread at a time); between asks, answers False at once."""
        with self._changed:
            if self._down_since is None:
                return True
            if self._probing or self.clock() - self._last_probe < self.probe_every:
                return False
            self._probing = True
        try:
            self._ask()
        except Exception as error:
            if not is_database_away(error):
                log.debug("database probe failed: %s", _first_line(error))
            return False
        else:
            self.succeeded()
            return True
        finally:
            with self._changed:
                self._probing = False
                self._last_probe = self.clock()
                self._changed.notify_all()

    def wait_until_up(self, timeout: float) -> bool:
        """Waits at most `timeout` seconds for the database to answer (probing it meanwhile);
        True when it does. Keep `timeout` short where a stop request must be heard."""
        deadline = self.clock() + timeout
        while not self.probe():
            left = deadline - self.clock()
            if left <= 0:
                return False
            with self._changed:
                if self._down_since is None:
                    return True
                # Another thread's probe ends with a notification; else wait for the next one due.
                pause = left if self._probing else self._last_probe + self.probe_every - self.clock()
                self._changed.wait(max(0.01, min(left, pause)))
        return True

    def _ask(self) -> None:
        with self.engine.connect() as conn:
            if conn.dialect.name != "sqlite":
                conn.execute(text("SELECT 1"))
                return
            # Writers are what a backup holds back: take the write lock, briefly, and let it go.
            with sqlite_waiting(conn, SQLITE_PROBE_WAIT):
                conn.exec_driver_sql("BEGIN IMMEDIATE")
                conn.rollback()

    def _describe(self, error: BaseException) -> tuple[str, str]:
        if isinstance(error, OperationalError):
            return unreachable(self.engine, error)
        orig = error.orig if isinstance(error, DBAPIError) and error.orig is not None else error
        return self.engine.url.render_as_string(hide_password=True), _first_line(orig)
