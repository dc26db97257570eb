"""One `veille run` per SQLite file: the lock beside the database, and what happens when it
cannot be made."""

from __future__ import annotations

import logging
from pathlib import Path

from veille.store.single_instance import InstanceLock


def test_a_lock_that_cannot_be_made_lets_the_bot_start_and_says_why(tmp_path: Path, caplog):
    # The database's folder is not one Veille may write in (here: a file stands where it would be).
    (tmp_path / "data").write_text("not a folder")
    lock = InstanceLock.for_url(f"sqlite:///{tmp_path / 'data' / 'veille.db'}")
    with caplog.at_level(logging.WARNING):
        lock.acquire("en", "data/veille.db")
    assert "veille.db.lock" in caplog.text and "not refused" in caplog.text
    lock.release()
