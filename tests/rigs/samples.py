"""French feed entries for the end-to-end tests: built from the shared seed posts when present."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.conftest import REPO, shared_data
from tests.fakes.feeds import FeedEntry

BUNDLED_SAMPLE = REPO / "examples" / "veille-demo-fr.xml"


def seed_entries(now: datetime | None = None) -> list[FeedEntry]:
    """One entry per seed post that names Viadeo or Netvibes (title: its first line)."""
    now = now or datetime.now(UTC)
    seeds = shared_data() / "seeds"
    entries: list[FeedEntry] = []
    for index, path in enumerate(sorted(seeds.glob("*.txt")) if seeds.is_dir() else []):
        text = path.read_text(encoding="utf-8", errors="replace")
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if not lines:
            continue
        body = " ".join(lines[1:])
        if "viadeo" not in body.lower() and "netvibes" not in body.lower():
            continue
        entries.append(
            FeedEntry(
                title=lines[0][:200],
                text=body[:4000],
                link=f"https://blog.example.fr/billets/{path.stem}?utm_source=rss",
                guid=f"seed-{path.stem}",
                author="Blogueur invité",
                published=now - timedelta(minutes=30 + index),
            )
        )
    return entries


def french_feed_source() -> tuple[str, list[FeedEntry] | Path]:
    """("seeds", entries) when the shared seeds are there, else ("bundled", path of the sample)."""
    entries = seed_entries()
    if entries:
        return "seeds", entries
    return "bundled", BUNDLED_SAMPLE


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")
