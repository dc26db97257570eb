"""One `veille run` per SQLite file: a second one is refused, saying which process holds the file.

Replicas share a PostgreSQL database through leases and claims in its rows; a SQLite file has no
such sharing (the leases would do, but two writers on one file only wait on each other's locks),
so the first instance takes an exclusive lock on `<file>.lock` for its life. The lock is the
kernel's (flock): it goes with the process, however the process ends, so a crash never leaves a
stale lock behind. The file records the holder's pid, for the message.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
from pathlib import Path

from sqlalchemy.engine import make_url

from veille.i18n import Lang, t

log = logging.getLogger(__name__)


class AlreadyRunning(RuntimeError):
    """Another Veille holds this SQLite file; the message says so, in the team's language."""


class InstanceLock:
    """The lock of one SQLite file, held from `acquire` until `release` (or the process ends)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path  # None: nothing to hold (a server such as PostgreSQL, or memory)
        self._fd: int | None = None

    @classmethod
    def for_url(cls, url: str) -> InstanceLock:
        """The lock for a SQLite database file; one holding nothing for any other database."""
        parsed = make_url(url)
        if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
            return cls(None)
        database = Path(parsed.database)
        return cls(database.with_name(database.name + ".lock"))

    def acquire(self, lang: Lang, shown: str) -> None:
        """Hold the lock, or raise AlreadyRunning naming `shown` (the database) and the holder."""
        if self._fd is not None or self.path is None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            # A folder Veille may not write to: the database says for itself whether it can be
            # used there (read only, it can); the lock only guards against a second writer.
            log.warning(
                "cannot create %s (%s): a second veille run on this file is not refused",
                self.path,
                exc.strerror,
            )
            return
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = _read_pid(fd)
            os.close(fd)
            pid = t("db.in_use.pid", lang, pid=holder) if holder else ""
            raise AlreadyRunning(t("db.in_use", lang, database=shown, pid=pid)) from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
        os.close(fd)  # closing the descriptor releases the lock


def _read_pid(fd: int) -> int | None:
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        return None
    return int(text) if text.isascii() and text.isdigit() else None
