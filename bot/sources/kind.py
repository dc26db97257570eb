"""A kind of source: its config model and the builder that makes its adapter from it.

Each source module declares one `SourceKind` beside its adapter; `veille.sources.registry` lists
them by type name. A builder reads the loaded config through `Loaded` (what
`veille.config.LoadedConfig` provides), since the config sits above the sources.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from veille.sources.base import Source
from veille.sources.http import HttpFetcher
from veille.sources.settings import SourceBase

BrandTerms = list[tuple[str, tuple[str, ...]]]
"""Each brand's name with the terms a search API is asked for."""


class Brand(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def search_terms(self) -> tuple[str, ...]: ...


class Brands(Protocol):
    @property
    def brands(self) -> Sequence[Brand]: ...


class Loaded(Protocol):
    """What a builder reads of the loaded config."""

    @property
    def config(self) -> Brands: ...

    def resolve_url(self, url: str) -> str: ...


ModelT = TypeVar("ModelT", bound=SourceBase)


@dataclass(frozen=True)
class SourceKind(Generic[ModelT]):
    model: type[ModelT]
    build: Callable[[ModelT, Loaded, HttpFetcher], Source]


def brand_terms(loaded: Loaded) -> BrandTerms:
    return [(brand.name, brand.search_terms) for brand in loaded.config.brands]
