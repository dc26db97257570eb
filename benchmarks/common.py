"""Helpers shared by the benchmark scripts."""

from __future__ import annotations

import os
import sys
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
