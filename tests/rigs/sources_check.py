"""A configuration for `veille sources check`: one feed that answers, one that fails."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import write_config
from tests.fakes.feeds import FeedEntry, FeedServer, rss
from veille.config import LoadedConfig


def one_ok_one_down(folder: Path, feeds: FeedServer, database: str, language: str) -> LoadedConfig:
    """blog-ok answers with one item about Viadeo; blog-down answers HTTP 500."""
    feeds.set("/ok.xml", rss([FeedEntry("Viadeo", "x", "https://ex.fr/1", "1")]))
    feeds.set("/down.xml", b"nope", status=500)
    return write_config(
        folder,
        database=database,
        sources=[
            {"name": "blog-ok", "type": "rss", "url": feeds.url("/ok.xml")},
            {"name": "blog-down", "type": "rss", "url": feeds.url("/down.xml")},
        ],
        language=language,
    )
