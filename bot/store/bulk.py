"""Many rows inserted at once, their values turned into the driver's by the columns' own types.

SQLAlchemy's executemany processes each row's parameters through the compiled statement (a
dictionary per row, then each bound value's processor looked up by name): on a poll's items,
mentions and alerts that took a tenth of the pipeline's CPU. Here the statement is compiled once
per table, dialect and set of columns, each column's bind processor (the public
`TypeEngine.bind_processor`, so a `TypeDecorator` such as `UTCDateTime` applies as it does
elsewhere) is looked up once, and the rows go to the driver as tuples or dictionaries in the
driver's own parameter style. Columns left out of the rows take the database's defaults, never a
Python-side `default=`: a table whose left-out column has one is refused, so nothing is stored
differently from `table.insert()`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, bindparam
from sqlalchemy.engine import Connection, Dialect


@dataclass(frozen=True)
class _Plan:
    sql: str
    columns: tuple[str, ...]  # in the order the driver expects them (positional styles)
    processors: tuple[Callable[[Any], Any] | None, ...]
    positional: bool


@functools.lru_cache(maxsize=128)  # a few tables × columns per engine's dialect; engines come and go
def _plan(table: Table, dialect: Dialect, columns: tuple[str, ...]) -> _Plan:
    left_out = [
        column.name for column in table.columns if column.name not in columns and column.default is not None
    ]
    if left_out:
        raise ValueError(f"rows for {table.name} leave out {left_out}, which have Python-side defaults")
    compiled = table.insert().values({name: bindparam(name) for name in columns}).compile(dialect=dialect)
    order = tuple(compiled.positiontup or ()) if compiled.positional else columns
    processors = tuple(table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in order)
    return _Plan(str(compiled), order, processors, bool(compiled.positional))


def _values(plan: _Plan, row: Mapping[str, Any]) -> Any:
    values = [
        row[name] if process is None else process(row[name])
        for name, process in zip(plan.columns, plan.processors, strict=True)
    ]
    return tuple(values) if plan.positional else dict(zip(plan.columns, values, strict=True))


def insert_rows(conn: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> int | None:
    """Insert `rows` (all with the same keys) in one executemany; with a single row, the id the
    database gave it when it says (SQLite's last row id), else None."""
    if not rows:
        return None
    plan = _plan(table, conn.dialect, tuple(rows[0]))
    if len(rows) == 1:
        result = conn.exec_driver_sql(plan.sql, _values(plan, rows[0]))
        return result.lastrowid if conn.dialect.name == "sqlite" else None
    conn.exec_driver_sql(plan.sql, [_values(plan, row) for row in rows])
    return None
