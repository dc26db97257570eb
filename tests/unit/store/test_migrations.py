"""Schema revisions: a Veille 0.1 database is adopted without losing a row, a fresh one gets head,
a database from a newer Veille is refused, and `veille db` says where a database stands."""

from __future__ import annotations

import multiprocessing
import os
import socket
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy.engine import Engine

from tests.conftest import REPO, write_config
from tests.rigs import release_0_1
from veille.cli.main import main
from veille.search.history import search_history
from veille.store import Store
from veille.store.migrate import DatabaseTooNew, config, current, head, upgrade

ALERT_SNAPSHOT = ("id", "state", "status", "ts", "actor", "acted_at", "attempts", "ping_here")


@pytest.fixture
def raw_store(database_url: str) -> Iterator[Store]:
    """A store on an empty database, its schema not created."""
    store = Store(database_url)
    yield store
    store.close()


def _key(table: str) -> str:
    return {"dedup_keys": "key", "channels": "name", "source_state": "source"}.get(table, "id")


def _rows(engine: Engine, table: str, like: dict[str, Any]) -> list[dict[str, Any]]:
    """Every row of `table`, its columns typed as release_0_1 inserted them, in key order."""
    with engine.connect() as conn:
        rows = [dict(row._mapping) for row in conn.execute(sa.select(release_0_1.table_of(table, like)))]
    return sorted(rows, key=lambda row: row[_key(table)])


def _statements_during(engine: Engine, action: Any) -> list[str]:
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement.strip().split()[0].upper())

    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        action()
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)
    return seen


def _schema(engine: Engine) -> dict[str, Any]:
    """Tables, columns, keys, indexes and full-text objects, as the back end describes them."""
    inspector = sa.inspect(engine)
    warnings.filterwarnings("ignore", "Skipped unsupported reflection of expression-based index")
    found: dict[str, Any] = {}
    for table in sorted(inspector.get_table_names()):
        if table == "alembic_version" or table.startswith("items_fts"):
            continue
        found[table] = {
            "columns": [
                (c["name"], str(c["type"]), c["nullable"], c.get("default"))
                for c in inspector.get_columns(table)
            ],
            "primary key": inspector.get_pk_constraint(table)["constrained_columns"],
            "foreign keys": sorted(
                (tuple(fk["constrained_columns"]), fk["referred_table"], fk["options"].get("ondelete"))
                for fk in inspector.get_foreign_keys(table)
            ),
            "unique": sorted(tuple(u["column_names"]) for u in inspector.get_unique_constraints(table)),
            "indexes": sorted(
                (i["name"], tuple(map(str, i["column_names"])), bool(i["unique"]))
                for i in inspector.get_indexes(table)
            ),
        }
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            # With the indexes on expressions, which SQLAlchemy does not reflect on SQLite.
            query = (
                "SELECT name, sql FROM sqlite_master WHERE name LIKE 'items_fts%'"
                " OR (type = 'index' AND sql LIKE '%lower(%') ORDER BY name"
            )
        else:
            query = "SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE 'ix_items_search%'"
        found["full text"] = [tuple(row) for row in conn.execute(sa.text(query))]
    return found


def _wipe(engine: Engine, url: str) -> None:
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.exec_driver_sql("DROP SCHEMA public CASCADE")
            conn.exec_driver_sql("CREATE SCHEMA public")
    else:
        engine.dispose()
        for suffix in ("", "-wal", "-shm"):
            Path(url.removeprefix("sqlite:///") + suffix).unlink(missing_ok=True)


def test_a_release_0_1_database_is_upgraded_without_losing_a_row(raw_store: Store):
    inserted = release_0_1.build(raw_store.engine)
    assert current(raw_store.engine) is None  # Veille 0.1 recorded no revision

    done = upgrade(raw_store.engine)

    assert (done.before, done.after, current(raw_store.engine)) == (None, head(), head())
    for table in release_0_1.TABLES:
        rows = inserted[table]
        assert len(rows) >= 200, table
        assert _rows(raw_store.engine, table, rows[0]) == sorted(rows, key=lambda r: r[_key(table)]), table
    alerts = inserted["alerts"]
    combinations = {(a["state"], a["status"], a["last_error"] is not None) for a in alerts}
    assert len(combinations) == 3 * 4  # every state, posted / pending / retry / sending
    for alert in alerts[:24]:
        view = raw_store.alert_view(alert["id"])
        assert view is not None
        assert (view.state, view.actor) == (alert["state"], alert["actor"])
    # Full-text search, as /veille search asks it, finds the items stored by Veille 0.1.
    for word, folded in release_0_1.WORDS:
        expected = {
            item["id"]
            for item in inserted["items"]
            if folded in item["search_text"].split() and item["duplicate_of"] is None
        }
        page = search_history(raw_store, word, limit=500)
        assert page.total == len(expected) > 0, word
        assert {found.url for found in page.results} == {f"https://news.example.fr/{n}" for n in expected}
        assert search_history(raw_store, folded, limit=1).total == len(expected)
    assert search_history(raw_store, '"zoe lefevre" societ*').total > 0


def test_an_upgraded_release_0_1_database_has_the_schema_of_a_fresh_one(raw_store: Store, database_url: str):
    upgrade(raw_store.engine)
    fresh = _schema(raw_store.engine)
    _wipe(raw_store.engine, database_url)
    with raw_store.engine.connect() as conn:
        command.upgrade(config(conn), "0001")
        conn.commit()
    first_revision = _schema(raw_store.engine)
    _wipe(raw_store.engine, database_url)
    release_0_1.build(raw_store.engine)
    as_released = _schema(raw_store.engine)
    upgrade(raw_store.engine)
    assert _schema(raw_store.engine) == fresh
    assert as_released == first_revision


def test_a_fresh_database_gets_head_and_a_second_upgrade_does_nothing(raw_store: Store):
    assert current(raw_store.engine) is None
    done = upgrade(raw_store.engine)
    assert (done.before, done.after, done.changed) == (None, head(), True)
    assert current(raw_store.engine) == head()
    assert search_history(raw_store, "anything").total == 0

    again: list[Any] = []
    statements = _statements_during(raw_store.engine, lambda: again.append(upgrade(raw_store.engine)))

    assert (again[0].before, again[0].after, again[0].changed) == (head(), head(), False)
    assert not {"CREATE", "ALTER", "DROP", "INSERT", "UPDATE", "DELETE"} & set(statements)


def _start_replica(url: str, together: Any, said: Any) -> None:
    store = Store(url)
    together.wait()
    try:
        said.put(upgrade(store.engine).after)
    finally:
        store.close()


def test_two_replicas_upgrading_together_take_turns(database_url: str):
    processes = multiprocessing.get_context("fork")
    together, said = processes.Barrier(3), processes.Queue()
    replicas = [processes.Process(target=_start_replica, args=(database_url, together, said)) for _ in "abc"]
    for replica in replicas:
        replica.start()
    for replica in replicas:
        replica.join(timeout=60)

    assert [replica.exitcode for replica in replicas] == [0, 0, 0]
    assert [said.get(timeout=5) for _ in replicas] == [head(), head(), head()]
    engine = sa.create_engine(database_url)
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalars().all() == [head()]
    engine.dispose()


def test_a_sqlite_upgrade_holds_the_write_lock_from_its_first_revision_to_its_last(sqlite_url: str):
    # Taken once per revision, it let a second process upgrading the same file step in between and
    # run a revision the first had already planned: « table deliveries already exists ».
    store = Store(sqlite_url)
    statements = _statements_during(store.engine, lambda: upgrade(store.engine))
    store.close()
    assert statements.count("BEGIN") == 1
    assert statements.index("BEGIN") < statements.index("CREATE")


def test_an_older_database_missing_tables_columns_and_the_index_is_completed(raw_store: Store):
    inserted = release_0_1.build(raw_store.engine)
    with raw_store.engine.begin() as conn:
        if raw_store.backend == "sqlite":
            for trigger in ("items_fts_insert", "items_fts_delete"):
                conn.exec_driver_sql(f"DROP TRIGGER {trigger}")
            conn.exec_driver_sql("DROP TABLE items_fts")
        else:
            conn.exec_driver_sql("DROP INDEX ix_items_search_text")
        conn.exec_driver_sql("DROP INDEX ix_alerts_needs_update")
        conn.exec_driver_sql("DROP TABLE uploads")
        for table, column in [("items", "search_text"), ("alerts", "needs_update"), ("alerts", "assignee")]:
            conn.exec_driver_sql(f"ALTER TABLE {table} DROP COLUMN {column}")

    upgrade(raw_store.engine)

    assert current(raw_store.engine) == head()
    columns = {c["name"] for c in sa.inspect(raw_store.engine).get_columns("alerts")}
    assert {"needs_update", "assignee"} <= columns
    assert "ix_alerts_needs_update" in {i["name"] for i in sa.inspect(raw_store.engine).get_indexes("alerts")}
    with raw_store.engine.connect() as conn:
        assert conn.scalar(sa.text("SELECT count(*) FROM uploads")) == 0
        flags = conn.execute(sa.text("SELECT needs_update, assignee FROM alerts")).all()
    assert len(flags) == len(inserted["alerts"])
    assert {(bool(needs_update), assignee) for needs_update, assignee in flags} == {(False, None)}
    with_societe = [i for i in inserted["items"] if "Société" in i["title"] and i["duplicate_of"] is None]
    assert search_history(raw_store, "societe", limit=1).total == len(with_societe) > 0


def test_a_database_from_a_newer_veille_is_refused_untouched(raw_store: Store):
    upgrade(raw_store.engine)
    with raw_store.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9001'")

    with pytest.raises(DatabaseTooNew) as refused:
        upgrade(raw_store.engine)

    message = str(refused.value)
    assert "revision 9001" in message and f"its newest is {head()}" in message
    assert "Upgrade Veille" in message
    assert current(raw_store.engine) == "9001"


def _veille(config: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "veille", "-c", str(config), *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=60,
    )


def _config(tmp_path: Path, database_url: str, language: str) -> Path:
    source = {"name": "blog", "type": "rss", "url": "https://blog.example.fr/feed"}
    return write_config(tmp_path, database=database_url, sources=[source], language=language).path


def test_veille_db_current_and_upgrade_say_where_the_database_stands(tmp_path: Path, database_url: str):
    config = _config(tmp_path, database_url, "fr")
    engine = sa.create_engine(database_url)
    release_0_1.build(engine)

    before = _veille(config, "db", "current")
    upgraded = _veille(config, "db", "upgrade")
    after = _veille(config, "db", "current")

    assert [before.returncode, upgraded.returncode, after.returncode] == [0, 0, 0]
    assert "aucune révision de schéma enregistrée" in before.stdout and head() in before.stdout
    assert f"Schéma de la base mis à jour : aucune révision → {head()}." in upgraded.stdout
    assert after.stdout.strip() == f"Révision du schéma : {head()} (à jour)."
    assert current(engine) == head()

    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9001'")
    refused = _veille(config, "db", "upgrade")
    engine.dispose()
    assert refused.returncode == 1
    assert "révision de schéma 9001" in refused.stderr and head() in refused.stderr
    assert "un Veille plus récent l'a mise à jour" in refused.stderr


def test_veille_db_speaks_english_too(tmp_path: Path, database_url: str, capsys: pytest.CaptureFixture[str]):
    config = str(_config(tmp_path, database_url, "en"))

    assert main(["-c", config, "db", "current"]) == 0
    assert "no schema revision recorded" in capsys.readouterr().out
    assert main(["-c", config, "db", "upgrade"]) == 0
    assert f"Database schema upgraded: no revision → {head()}." in capsys.readouterr().out
    assert main(["-c", config, "db", "upgrade"]) == 0
    assert f"already up to date (revision {head()})" in capsys.readouterr().out
    assert main(["-c", config, "db", "current"]) == 0
    assert capsys.readouterr().out.strip() == f"Schema revision: {head()} (up to date)."


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.parametrize("command", [("db", "current"), ("db", "upgrade"), ("run",)])
def test_a_database_that_cannot_be_reached_is_named_without_a_traceback(
    tmp_path: Path, command: tuple[str, ...]
):
    down = f"postgresql+psycopg://veille:secret@127.0.0.1:{_closed_port()}/veille"
    config = _config(tmp_path, down, "fr")

    answer = _veille(config, *command)

    assert answer.returncode != 0
    assert "Traceback" not in answer.stderr
    assert "postgresql+psycopg://veille:***@127.0.0.1:" in answer.stderr
    assert "secret" not in answer.stderr
