"""The table of source kinds: each line names the type its model declares, and the config's
`[[sources]]` union is built from it."""

from __future__ import annotations

import typing

from tests.fakes.net import local_fetcher
from veille.config import SOURCE_TYPES, parse_config
from veille.sources.registry import SOURCE_KINDS, build_source
from veille.sources.settings import SourceBase


def test_each_kind_is_listed_under_the_type_its_model_declares():
    for name, kind in SOURCE_KINDS.items():
        assert issubclass(kind.model, SourceBase)
        assert typing.get_args(kind.model.model_fields["type"].annotation) == (name,)
    assert tuple(SOURCE_KINDS) == SOURCE_TYPES


def test_a_configured_source_is_read_into_its_kind_model_and_built_into_its_adapter(tmp_path):
    data = {
        "veille": {"default_channel": "#veille"},
        "brands": [{"name": "Viadeo"}],
        "sources": [
            {"type": "lobsters"},
            {"type": "github", "qualifiers": "is:issue"},
            {"type": "rss", "url": "file:feed.xml", "name": "blog"},
        ],
    }
    config = parse_config(data, "config.toml")
    assert [type(s) for s in config.sources] == [
        SOURCE_KINDS["lobsters"].model,
        SOURCE_KINDS["github"].model,
        SOURCE_KINDS["rss"].model,
    ]

    class Loaded:
        def __init__(self) -> None:
            self.config = config

        def resolve_url(self, url: str) -> str:
            return (tmp_path / url.removeprefix("file:")).as_uri()

    fetcher = local_fetcher()
    try:
        built = [build_source(source, Loaded(), fetcher) for source in config.sources]
    finally:
        fetcher.close()
    assert [(s.key, s.type) for s in built] == [
        ("lobsters", "lobsters"),
        ("github:is:issue", "github"),
        ("blog", "rss"),
    ]
