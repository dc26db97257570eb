"""Shared set-up for the API source stories: a config, its adapter, a store and one poll, a page
of a fake listing, and what `veille sources` says of the source."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import pytest

from tests.conftest import shared_data
from tests.fakes.net import local_fetcher
from tests.fakes.tone import FixedTone
from veille.cli.main import main
from veille.config import LoadedConfig, parse_config
from veille.pipeline.poller import Poller, ScheduledSource
from veille.pipeline.steps import Pipeline, PollReport
from veille.sources.base import Source
from veille.sources.http import HttpFetcher, HttpLimits
from veille.sources.registry import build_source
from veille.store import Store

LONG_AGO = datetime(2000, 1, 1, tzinfo=UTC)
T = TypeVar("T")


def loaded_config(source: dict[str, Any], brands: list[str]) -> LoadedConfig:
    data = {
        "veille": {"default_channel": "#veille", "backlog": "all"},
        "brands": [{"name": brand} for brand in brands],
        "sources": [source],
    }
    return LoadedConfig(parse_config(data, "config.toml"), Path("config.toml").resolve())


def fetcher() -> HttpFetcher:
    return local_fetcher(HttpLimits(connect_timeout=2, read_timeout=2, total_timeout=5))


def adapter(source: dict[str, Any], brands: list[str]) -> Source:
    loaded = loaded_config(source, brands)
    return build_source(loaded.config.sources[0], loaded, fetcher())


class Rig:
    """One source polled into a store the way the running bot does it."""

    def __init__(
        self,
        store: Store,
        source: dict[str, Any] | None = None,
        brands: list[str] | None = None,
        loaded: LoadedConfig | None = None,
    ) -> None:
        self.store = store
        self.loaded = loaded or loaded_config(source or {}, brands or [])
        self.config = self.loaded.config
        self.restart()

    def restart(self) -> None:
        """A fresh adapter and poller, as after the bot restarts (the store is kept)."""
        self.source = build_source(self.config.sources[0], self.loaded, fetcher())
        pipeline = Pipeline(self.config, self.store, FixedTone(), started_at=LONG_AGO)
        self.poller = Poller(self.store, pipeline)

    def poll(self) -> PollReport | None:
        return self.poller.poll(ScheduledSource(self.source, 60.0, "all"), force=True)

    @property
    def state(self) -> Any:
        return self.store.source_state(self.source.key)


def recorded(*parts: str) -> Any:
    path = shared_data().joinpath("api", *parts)
    if not path.is_file():
        pytest.skip(f"recorded body {path} is absent (set VEILLE_SHARED_DATA to use it)")
    return json.loads(path.read_text(encoding="utf-8"))


def offset_page(found: list[T], token: str | None, size: int) -> tuple[list[T], str | None]:
    """The page a fake search serves of what it found, paged by a token that is an offset: its
    entries and the next page's token (None on the last page)."""
    start = int(token or "0")
    more = start + size < len(found)
    return found[start : start + size], str(start + size) if more else None


def polled_once(url: str, loaded: LoadedConfig) -> None:
    """One poll of the config's source into the database at `url`, as the running bot leaves it."""
    store = Store(url)
    store.create_schema()
    Rig(store, loaded=loaded).poll()
    store.close()


def sources_row(
    capsys: pytest.CaptureFixture[str], loaded: LoadedConfig, name: str, *command: str, exit_code: int = 0
) -> str:
    """The line `veille sources` (`veille sources check`…) prints for the source `name`."""
    assert main(["--config", str(loaded.path), "sources", *command]) == exit_code
    return next(line for line in capsys.readouterr().out.splitlines() if line.startswith(f"{name} "))
