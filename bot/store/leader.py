"""Which replica this is, and which one leads the jobs that must run in one place only.

Several `veille run` on one PostgreSQL database share the work through the database itself:
sources are leased row by row (veille.store.source_store), outbox rows are claimed by one replica
(veille.store.queue), and the report scheduling has one leader, the replica holding a
session-level advisory lock. The lock lives as long as the session of the one connection that
took it: when its replica dies, PostgreSQL ends the session and the next replica to try takes it.
On SQLite only one instance runs on a file (veille.store.single_instance): it always leads.

Each replica also holds a lock of its own (`presence_key`) while it sends: another replica that
finds a row left "sending" by it asks PostgreSQL whether that lock is still held, and so knows
at once whether the sender is alive (leave the row to it) or dead (settle the row). Counted, these
locks tell how many replicas are alive, so each polls its fair share of the sources.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
import threading
import zlib
from collections.abc import Iterable

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

log = logging.getLogger(__name__)

# Distinct from the migration lock (veille.store.migrate.ADVISORY_LOCK) and from each other.
REPORTS_LOCK = 0x7665696C6C6552  # "veilleR"
PRESENCE = 0x7665 << 48  # | a 32-bit hash of the replica's id


def presence_key(replica: str) -> int:
    return PRESENCE | zlib.crc32(replica.encode())


def dead_replicas(engine: Engine, replicas: Iterable[str]) -> set[str]:
    """Which of `replicas` hold their presence lock no more: their session ended, they are dead.
    (A hash shared by two ids only makes a dead one look alive: its rows wait for the timeout.)"""
    with engine.begin() as conn:
        return {
            replica
            for replica in set(replicas)
            if conn.scalar(text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": presence_key(replica)})
        }


def replicas_alive(engine: Engine, replica: str) -> int:
    """How many replicas are alive on this database, `replica` included: the presence locks held
    (the others' and its own, counted even before it takes it). 1 on SQLite: one instance per file."""
    if engine.dialect.name != "postgresql":
        return 1
    # An advisory lock on a bigint key shows in pg_locks as its high and low 32 bits.
    with engine.connect() as conn:
        held = conn.scalars(
            text(
                "SELECT DISTINCT objid::bigint FROM pg_locks WHERE locktype = 'advisory' AND granted"
                " AND objsubid = 1 AND classid = CAST(:high AS oid)"
                " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
            ),
            {"high": PRESENCE >> 32},
        ).all()
    return len(set(held) - {presence_key(replica) & 0xFFFFFFFF}) + 1


def replica_id() -> str:
    """This process among the replicas: host name, process id and a random suffix (a pid can be
    reused by a restarted container on the same host)."""
    return f"{socket.gethostname()[:80]}:{os.getpid()}:{secrets.token_hex(4)}"


class Leadership:
    """Whether this replica leads the work guarded by `key`: `holds()` takes the lead when it is free."""

    def __init__(self, engine: Engine, key: int = REPORTS_LOCK, what: str = "the reports") -> None:
        self.engine = engine
        self.key = key
        self.what = what
        self._conn: Connection | None = None
        self._lock = threading.Lock()

    @property
    def shared(self) -> bool:
        """Whether other replicas may share the database (PostgreSQL) rather than one instance."""
        return self.engine.dialect.name == "postgresql"

    def holds(self) -> bool:
        """True while this replica leads: it took the lock now or holds it still."""
        if not self.shared:
            return True
        with self._lock:
            if self._conn is not None:
                if self._alive(self._conn):
                    return True
                # Seen when the database went away, which is logged (once) on its own.
                log.info("lost the lock of %s: its database session ended", self.what)
                self._drop()
            return self._take()

    def release(self) -> None:
        with self._lock:
            if self._conn is None:
                return
            try:
                self._conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": self.key})
            except Exception:
                log.debug("the lead was not released cleanly; it ends with the session", exc_info=True)
            self._drop()

    def _take(self) -> bool:
        conn = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        try:
            taken = bool(conn.scalar(text("SELECT pg_try_advisory_lock(:key)"), {"key": self.key}))
        except Exception:
            conn.invalidate()
            conn.close()
            raise
        if not taken:
            conn.close()
            return False
        log.info("this replica now holds the lock of %s", self.what)
        self._conn = conn
        return True

    @staticmethod
    def _alive(conn: Connection) -> bool:
        try:
            conn.execute(text("SELECT 1"))
            return True
        except Exception:
            return False

    def _drop(self) -> None:
        conn, self._conn = self._conn, None
        if conn is None:
            return
        # Never back to the pool: a pooled connection must not hold the lock for someone else.
        try:
            conn.invalidate()
            conn.close()
        except Exception:
            log.debug("closing the lead's connection failed", exc_info=True)
