"""Helpers shared by the benchmark scripts."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

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


@contextmanager
def serving(target: Any, *args: Any, name: str = "the server") -> Iterator[Any]:
    """Run `target(*args, ready)` in a process of its own; what it sends on `ready` once it
    serves (a port, "ready"). The process is killed on the way out, also if it never started."""
    ours, theirs = multiprocessing.Pipe()
    process = multiprocessing.Process(target=target, args=(*args, theirs), daemon=True)
    process.start()
    try:
        if not ours.poll(30):
            raise RuntimeError(f"{name} did not start")
        yield ours.recv()
    finally:
        process.kill()
        process.join()


@contextmanager
def revision(rev: str) -> Iterator[Path]:
    """The whole package `veille` as it was at git revision `rev`: a folder to put first on PYTHONPATH.

    `rev` is read in this repository (`HEAD` is this checkout's). The revision is checked out with
    `git worktree` into a fresh temporary folder, beside a `veille` folder linking each entry of its
    bot/ and, as `handlers`, its handlers/, as the installed package maps them. The worktree and the
    folder are removed on leaving, whatever ends the block.
    """
    git = ["git", "-C", str(REPO)]
    resolved = subprocess.run(
        [*git, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], capture_output=True, text=True
    )
    if resolved.returncode != 0:
        raise SystemExit(f"not a git revision of {REPO}: {rev}")
    commit = resolved.stdout.strip()
    folder = Path(tempfile.mkdtemp(prefix="veille-rev-"))
    tree = folder / "tree"
    try:
        subprocess.run([*git, "worktree", "add", "--quiet", "--detach", str(tree), commit], check=True)
        package = folder / "path" / "veille"
        package.mkdir(parents=True)
        for entry in (tree / "bot").iterdir():
            (package / entry.name).symlink_to(entry)
        if (tree / "handlers").is_dir() and not (package / "handlers").exists():
            (package / "handlers").symlink_to(tree / "handlers")
        yield package.parent
    finally:
        subprocess.run([*git, "worktree", "remove", "--force", str(tree)], capture_output=True, check=False)
        shutil.rmtree(folder, ignore_errors=True)
        # drops the worktree's record in .git when removing it failed (the folder is gone by now)
        subprocess.run([*git, "worktree", "prune"], check=False)


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
