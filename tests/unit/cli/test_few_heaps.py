"""`veille run` keeps its threads on two malloc arenas, unless the operator says otherwise."""

from __future__ import annotations

import platform

import pytest

from veille.cli.main import few_heaps

glibc = pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="malloc arenas are glibc's")


@glibc
def test_the_bot_asks_glibc_for_two_arenas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MALLOC_ARENA_MAX", raising=False)
    assert few_heaps() is True


def test_an_operators_malloc_arena_max_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MALLOC_ARENA_MAX", "8")
    assert few_heaps() is False
