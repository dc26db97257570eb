"""On SQLite, polls write to the write-ahead log and the log is copied into the database in large
steps: a commit that crosses SQLite's default 1,000 pages does not stop every writer to copy and
sync; nothing is lost, and the database file holds everything once the store is closed."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from tests.fakes.tone import FixedTone
from veille.config import parse_config
from veille.model import Item
from veille.pipeline.steps import Pipeline
from veille.store import Store

CONFIG = parse_config({"veille": {"default_channel": "#veille"}, "brands": [{"name": "Viadeo"}]}, "test.toml")
PAGE = 4096


def polls(count: int, per_poll: int = 20) -> list[list[Item]]:
    words = ("la", "levée", "de", "fonds", "annoncée", "ce", "matin", "fait", "réagir")
    words += ("les", "équipes", "et", "les", "clients")
    return [
        [
            Item(
                source=f"blog-{p}",
                source_type="rss",
                title=f"Billet {p}-{n} : Viadeo recrute" if n % 5 == 0 else f"Billet {p}-{n}",
                text=" ".join(words[(p + n + i) % len(words)] for i in range(300)),
                url=f"https://blog{p}.example.fr/{n}",
                guid=f"{p}-{n}",
                published_at=datetime(2026, 12, 1, 9, 0, tzinfo=UTC),
            )
            for n in range(per_poll)
        ]
        for p in range(count)
    ]


def test_a_thousand_pages_of_polls_stay_in_the_log_and_reach_the_file_at_close(tmp_path: Path) -> None:
    path = tmp_path / "veille.db"
    store = Store(f"sqlite:///{path}")
    store.create_schema()
    pipeline = Pipeline(CONFIG, store, FixedTone())
    empty = path.stat().st_size
    stored = sum(pipeline.process(batch).new_items for batch in polls(60))
    log = Path(f"{path}-wal").stat().st_size
    assert stored == 1200
    assert log > 1_500 * PAGE  # past SQLite's default mark, not yet copied
    assert path.stat().st_size == empty
    store.close()

    assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0
    assert path.stat().st_size > 1_000 * PAGE
    reopened = Store(f"sqlite:///{path}")
    assert reopened.count("items") == 1200
    assert reopened.count("mentions") == 240
    reopened.close()


def test_every_connection_of_the_store_copies_the_log_past_ten_thousand_pages(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'veille.db'}")
    store.create_schema()
    with store.engine.connect() as first, store.engine.connect() as second:
        marks = [conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() for conn in (first, second)]
    assert marks == [10_000, 10_000]
    store.close()
