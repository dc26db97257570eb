"""The store under test, on each back end (SQLite, and PostgreSQL when it is configured)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.rigs.stores import fresh_store
from veille.store import Store


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    yield from fresh_store(database_url)
