"""The whole configuration, and where it was read from."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import BeforeValidator, model_validator

from veille.config.base import KeyedError
from veille.config.brands import BrandConfig
from veille.config.general import GeneralConfig, RoutingConfig, SlackConfig
from veille.config.hosts import HostConfig, default_in_flight, host_rates, parse_hosts
from veille.config.outputs import FeedsConfig, OutputConfig, check_outputs
from veille.config.reports import ReportsConfig, SpikesConfig
from veille.config.tone import ToneConfig
from veille.sources.polite import HostRate
from veille.sources.registry import SourceConfig
from veille.sources.settings import Backlog, Strict


class Config(Strict):
    veille: GeneralConfig = GeneralConfig()
    tone: ToneConfig = ToneConfig()
    slack: SlackConfig = SlackConfig()
    routing: RoutingConfig = RoutingConfig()
    reports: ReportsConfig = ReportsConfig()
    spikes: SpikesConfig = SpikesConfig()
    brands: tuple[BrandConfig, ...]
    sources: tuple[SourceConfig, ...] = ()
    hosts: Annotated[tuple[HostConfig, ...], BeforeValidator(parse_hosts)] = ()
    outputs: tuple[OutputConfig, ...] = ()
    feeds: FeedsConfig = FeedsConfig()

    @model_validator(mode="after")
    def _consistent(self) -> Config:
        seen_brands: set[str] = set()
        for index, brand in enumerate(self.brands):
            if brand.name.casefold() in seen_brands:
                raise KeyedError.said(f"brands[{index}].name", "config.brand_twice", value=repr(brand.name))
            seen_brands.add(brand.name.casefold())
            if brand.channel is None and self.veille.default_channel is None:
                raise KeyedError.said(
                    f"brands[{index}].channel", "config.brand_channel", value=repr(brand.name)
                )
        seen_sources: set[str] = set()
        for index, source in enumerate(self.sources):
            if source.key in seen_sources:
                raise KeyedError.said(f"sources[{index}]", "config.source_twice", value=repr(source.key))
            seen_sources.add(source.key)
            for named in source.named_brands():
                if self.brand_named(named) is None:
                    raise KeyedError.said(f"sources[{index}].brand", "config.source_brand", value=repr(named))
            problem = source.quota_problem(
                [b.search_terms for b in self.brands], self.source_interval(source)
            )
            if problem is not None:
                raise KeyedError.said(f"sources[{index}].interval", problem[0], **problem[1])
        brand_names = [brand.name for brand in self.brands]
        check_outputs(self.outputs, brand_names, self.veille.address_policy(), self.feeds)
        return self

    @property
    def notify_channel(self) -> str:
        """Where the team hears about Veille itself (a source failing, recovering…)."""
        return self.veille.notify_channel or self.veille.default_channel or self.channel_for(self.brands[0])

    def channel_for(self, brand: BrandConfig) -> str:
        channel = brand.channel or self.veille.default_channel
        assert channel is not None  # guaranteed by validation
        return channel

    def brand(self, name: str) -> BrandConfig | None:
        return next((b for b in self.brands if b.name == name), None)

    def brand_named(self, name: str) -> BrandConfig | None:
        """The brand of that name, case aside (as a source's settings may write it)."""
        return next((b for b in self.brands if b.name.casefold() == name.casefold()), None)

    def source_interval(self, source: SourceConfig) -> float:
        if source.interval is not None:
            return source.interval
        return max(source.default_interval or self.veille.poll_interval, source.slowest_default)

    def source_backlog(self, source: SourceConfig) -> Backlog:
        return source.backlog if source.backlog is not None else self.veille.backlog

    @property
    def fetches_in_flight(self) -> int:
        """How many requests the sources send at once: `[veille] fetches_in_flight`, or sized to
        the number of sources."""
        return self.veille.fetches_in_flight or default_in_flight(len(self.sources))

    def host_rates(self) -> dict[str, HostRate]:
        """Each host's request budget: the built-in ones, with the `[[hosts]]` tables over them."""
        return host_rates(self.hosts)


@dataclass(frozen=True)
class LoadedConfig:
    """A validated config plus where it came from (relative paths resolve against its folder)."""

    config: Config
    path: Path

    @property
    def folder(self) -> Path:
        return self.path.parent

    def database_url(self, environ: Mapping[str, str] | None = None) -> str:
        env = os.environ if environ is None else environ
        override = env.get("VEILLE_DATABASE_URL")
        return resolve_database_url(override or self.config.veille.database, self.folder)

    def resolve_url(self, url: str) -> str:
        """`file:relative/path` becomes an absolute file URL against the config folder."""
        if url.lower().startswith("file:") and not url.lower().startswith("file://"):
            path = Path(url[5:])
            if not path.is_absolute():
                path = (self.folder / path).resolve()
            return path.as_uri()
        return url


def resolve_database_url(value: str, folder: Path) -> str:
    if "://" in value:
        if value.startswith("postgresql://") or value.startswith("postgres://"):
            return "postgresql+psycopg://" + value.split("://", 1)[1]
        return value
    path = Path(value).expanduser()
    if not path.is_absolute():
        path = folder / path
    return f"sqlite:///{path}"
