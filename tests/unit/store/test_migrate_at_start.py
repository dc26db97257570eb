"""Starting on a database already at head: checked with plain SQL, Alembic never loaded."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory

from tests.conftest import REPO
from veille.store import Store
from veille.store.migrate import config, current, head, is_known, revisions, upgrade

STARTS = """
import json, sys
from veille.store import Store
store = Store(sys.argv[1])
store.create_schema()
print(json.dumps({
    "alembic": sorted(name for name in sys.modules if name.split(".")[0] == "alembic"),
    "sources": store.count("source_state"),
}))
store.close()
"""


def _start(url: str) -> dict[str, object]:
    """A new process opening the store as `veille run` does, and what it had to import for that."""
    done = subprocess.run(
        [sys.executable, "-c", STARTS, url], capture_output=True, text=True, cwd=REPO, timeout=60, check=True
    )
    found: dict[str, object] = json.loads(done.stdout)
    return found


def test_the_revisions_read_from_their_files_are_those_alembic_runs():
    scripts = ScriptDirectory.from_config(config())

    assert revisions() == {script.revision: script.down_revision for script in scripts.walk_revisions()}
    assert head() == scripts.get_current_head()
    assert all(is_known(revision) for revision in revisions())
    assert not is_known("9001")


def test_a_replica_starting_on_a_current_database_does_not_load_alembic(database_url: str):
    store = Store(database_url)
    upgrade(store.engine)
    store.close()

    started = _start(database_url)

    assert started == {"alembic": [], "sources": 0}


def test_a_replica_starting_on_an_empty_database_still_creates_the_schema(database_url: str):
    started = _start(database_url)

    assert started["alembic"] != [] and started["sources"] == 0
    engine = sa.create_engine(database_url)
    assert current(engine) == head()
    engine.dispose()


def test_a_database_recording_two_revisions_at_once_is_refused(database_url: str):
    store = Store(database_url)
    upgrade(store.engine)
    with store.engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO alembic_version (version_num) VALUES ('0001')"))

    with pytest.raises(RuntimeError, match="several schema revisions at once"):
        upgrade(store.engine)
    store.close()
