"""Versioned schema migrations: the database says which revision it is at, Veille brings it to its own.

The revisions live in `veille.store.migrations.versions` (an Alembic environment shipped in the
package, configured here without an alembic.ini). `upgrade` runs at every start: it takes the
database from whatever revision it records (none for an empty database or one made by Veille 0.1,
which the first revision adopts) to this version's head, one transaction per revision. A database
at a revision this code does not know was upgraded by a newer Veille: it is refused, never touched.
Downgrades are not supported. A database already at head is checked with plain SQL: Alembic (some
ten MB once imported) is only loaded when there is something to upgrade.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import event, inspect, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).with_name("migrations")
VERSION_TABLE = "alembic_version"
# `revision = "0002"` and `down_revision = "0001"` (or None) lines of a revision's file.
_REVISION_LINE = re.compile(
    r"""^(down_revision|revision)\s*(?::[^=\n]*)?=\s*(?:["']([^"'\n]*)["']|None)""", re.M
)
# Held (session level) on PostgreSQL while upgrading, so replicas starting together take turns.
ADVISORY_LOCK = 0x7665696C6C65  # "veille"
# Alembic's `op` and `context` are process-wide: one upgrade at a time in a process.
_UPGRADING = threading.Lock()


class DatabaseTooNew(RuntimeError):
    """The database records a revision this Veille does not know: a newer Veille upgraded it."""

    def __init__(self, revision: str, head: str) -> None:
        self.revision = revision
        self.head = head
        super().__init__(
            f"the database schema is at revision {revision}, which this version of Veille does not know"
            f" (its newest is {head}): a newer Veille upgraded this database. Upgrade Veille to that"
            " version or later; downgrading a database is not supported (restore a backup instead)."
        )


@dataclass(frozen=True)
class Upgrade:
    before: str | None  # None: no revision was recorded (an empty database, or one made by Veille 0.1)
    after: str

    @property
    def changed(self) -> bool:
        return self.before != self.after


def config(connection: Connection | None = None) -> Config:
    """The Alembic configuration of Veille's migrations; `connection` is what env.py migrates."""
    from alembic.config import Config  # here: importing Alembic costs ~10 MB, for upgrades only

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


@cache
def revisions() -> dict[str, str | None]:
    """Each revision shipped, with the one it revises, read from the files Alembic would run."""
    found: dict[str, str | None] = {}
    for path in sorted((MIGRATIONS / "versions").glob("*.py")):
        if path.name.startswith(("__init__", ".#")):  # as Alembic's ScriptDirectory skips them
            continue
        lines = {name: value for name, value in _REVISION_LINE.findall(path.read_text(encoding="utf-8"))}
        if "revision" in lines:
            found[lines["revision"]] = lines.get("down_revision") or None
    return found


def head() -> str:
    """The newest revision this version of Veille knows."""
    revised = set(revisions().values())
    heads = [revision for revision in revisions() if revision not in revised]
    if len(heads) != 1:  # pragma: no cover - the package always ships one line of revisions
        raise RuntimeError(f"expected one newest migration in {MIGRATIONS}, found {heads or 'none'}")
    return heads[0]


def is_known(revision: str) -> bool:
    return revision in revisions()


def current(engine: Engine) -> str | None:
    """The revision the database records, or None (empty, or made before revisions were recorded)."""
    with engine.connect() as conn:
        return _recorded(conn)


def upgrade(engine: Engine) -> Upgrade:
    """Bring the database to head: an empty one gets every table, a Veille 0.1 one is adopted.

    Raises DatabaseTooNew, before touching anything, if the database is at a revision unknown here.
    """
    with _UPGRADING, engine.connect() as conn, _locked(conn):
        before = _recorded(conn)
        conn.rollback()  # Alembic runs its own transactions: leave none open
        if before is not None and not is_known(before):
            raise DatabaseTooNew(before, head())
        if before == head():
            return Upgrade(before, before)
        from alembic import command  # here: importing Alembic costs ~10 MB, for upgrades only

        with _transactional_ddl(conn):
            command.upgrade(config(conn), "head")
        after = _recorded(conn)
        conn.rollback()
    if after is None:  # pragma: no cover - Alembic records every revision it runs
        raise RuntimeError("the upgrade recorded no revision")
    log.info("database schema upgraded from %s to %s", before or "(none)", after)
    return Upgrade(before, after)


def unreachable(engine: Engine, error: OperationalError) -> tuple[str, str]:
    """The database (password hidden) and the driver's first line, for a person to act on."""
    reason = str(error.orig).strip().splitlines()[0] if error.orig is not None else str(error)
    return engine.url.render_as_string(hide_password=True), reason


def _recorded(conn: Connection) -> str | None:
    if not inspect(conn).has_table(VERSION_TABLE):
        return None
    recorded = conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars().all()
    if len(recorded) > 1:
        raise RuntimeError(f"the database records several schema revisions at once: {', '.join(recorded)}")
    return recorded[0] if recorded else None


@contextmanager
def _locked(conn: Connection) -> Iterator[None]:
    """PostgreSQL: one upgrader at a time (the others wait, then find the work done)."""
    if conn.dialect.name != "postgresql":
        yield
        return
    conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": ADVISORY_LOCK})
    conn.commit()
    try:
        yield
    finally:
        try:
            conn.rollback()
            conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": ADVISORY_LOCK})
            conn.commit()
        except Exception:
            # A connection that cannot release the lock must not go back to the pool holding it.
            conn.invalidate()
            raise


def _begin(conn: Connection) -> None:
    # IMMEDIATE: the write lock from the start, so two processes upgrading one file take turns.
    conn.exec_driver_sql("BEGIN IMMEDIATE")


@contextmanager
def _transactional_ddl(conn: Connection) -> Iterator[None]:
    """SQLite: really run each revision in a transaction, DDL included.

    Python's sqlite3 module commits before DDL on its own; in autocommit mode with an explicit
    BEGIN, a revision that fails halfway leaves the database as it was.
    """
    if conn.dialect.name != "sqlite":
        yield
        return
    driver: Any = conn.connection.driver_connection
    saved = driver.isolation_level
    driver.isolation_level = None
    event.listen(conn, "begin", _begin)
    try:
        yield
    finally:
        event.remove(conn, "begin", _begin)
        driver.isolation_level = saved
