"""Helpers shared by the benchmark scripts."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def shared_data() -> Path:
    configured = os.environ.get("VEILLE_SHARED_DATA")
    return Path(configured) if configured else REPO.parent / "shared" / "data"


def require_shared(sub: str) -> Path:
    path = shared_data() / sub
    if not path.is_dir():
        print(f"skipped: {path} is absent (set VEILLE_SHARED_DATA to the shared data folder)")
        sys.exit(0)
    return path


def feed_files() -> list[Path]:
    return [p for p in sorted(require_shared("feeds").rglob("*")) if p.is_file()]


def cpu_seconds_of(pid: int) -> float:
    """CPU time (user + system) a process has used so far, from /proc; 0 once it has exited."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = stat.rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def package_at(rev: str, folder: Path) -> Path:
    """The `veille` package as it was at git revision `rev`: a folder to put first on PYTHONPATH.

    The revision is checked out with `git worktree` into `folder` (reused when it is already
    there); the returned folder holds a `veille` link to its bot/, so a subprocess imports that
    instead of the working tree's. `rev` is read in this repository (a reused worktree's own
    HEAD is the revision it last held).
    """
    rev = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--verify", f"{rev}^{{commit}}"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    if not (folder / "bot").is_dir():
        subprocess.run(
            ["git", "-C", str(REPO), "worktree", "add", "--detach", str(folder), rev],
            check=True,
            capture_output=True,
        )
    else:
        subprocess.run(["git", "-C", str(folder), "checkout", "--detach", "-q", rev], check=True)
    path = folder.parent / f"{folder.name}-path"
    path.mkdir(exist_ok=True)
    link = path / "veille"
    if not link.exists():
        link.symlink_to(folder / "bot", target_is_directory=True)
    return path


@contextmanager
def scratch_postgres(base: str) -> Iterator[str]:
    """A new, empty database on `base`'s PostgreSQL server, dropped afterwards; its SQLAlchemy URL."""
    import psycopg  # only with PostgreSQL: the memory benchmarks import this module too

    admin = base.replace("postgresql+psycopg://", "postgresql://")
    name = f"veille_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    prefix = admin.rpartition("/")[0]
    try:
        yield f"{prefix}/{name}".replace("postgresql://", "postgresql+psycopg://", 1)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def postgres_if_configured() -> Iterator[str | None]:
    """A scratch database on VEILLE_TEST_POSTGRES_URL's server, or None when it is not set."""
    base = os.environ.get("VEILLE_TEST_POSTGRES_URL")
    if not base:
        yield None
        return
    with scratch_postgres(base) as url:
        yield url
