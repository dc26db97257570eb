"""The TOML configuration, validated into typed objects.

Everything but secrets lives in the file; secrets come from the environment only. A problem is
reported as `ConfigError(file, key, problem)` and the bot refuses to start. Each table has its
module (`general`, `tone`, `reports`, `brands`, `hosts`); each source type's table is declared beside its
adapter (see `veille.sources.registry`); `document` holds the whole, `loading` reads the file.
"""

from __future__ import annotations

from veille.config.base import ConfigError, Jitter, KeyedError, normalize_channel
from veille.config.brands import BrandConfig
from veille.config.document import Config, LoadedConfig, resolve_database_url
from veille.config.general import GeneralConfig, RoutingConfig, SlackConfig
from veille.config.hosts import HostConfig
from veille.config.loading import SECRET_KEYS, config_path, load_config, parse_config
from veille.config.reports import WEEKDAYS, ReportsConfig, SpikesConfig
from veille.config.secrets import Secrets
from veille.config.tone import TERM_WEIGHT_LIMIT, ToneConfig
from veille.sources.bluesky import BlueskySourceConfig
from veille.sources.feed import RssSourceConfig
from veille.sources.github import GitHubSourceConfig
from veille.sources.google_alerts import GoogleAlertsSourceConfig
from veille.sources.google_news import GoogleNewsSourceConfig
from veille.sources.hackernews import HackerNewsSourceConfig
from veille.sources.lobsters import LobstersSourceConfig
from veille.sources.mastodon import MastodonSourceConfig
from veille.sources.reddit import RedditSourceConfig
from veille.sources.registry import SOURCE_TYPES, SourceConfig
from veille.sources.settings import (
    MIN_INTERVAL,
    Backlog,
    BacklogField,
    BaseUrl,
    Duration,
    SourceBase,
    Strict,
)
from veille.sources.stackexchange import StackExchangeSourceConfig
from veille.sources.youtube import YoutubeSourceConfig

__all__ = [
    "MIN_INTERVAL",
    "SECRET_KEYS",
    "SOURCE_TYPES",
    "TERM_WEIGHT_LIMIT",
    "WEEKDAYS",
    "Backlog",
    "BacklogField",
    "BaseUrl",
    "BlueskySourceConfig",
    "BrandConfig",
    "Config",
    "ConfigError",
    "Duration",
    "GeneralConfig",
    "GitHubSourceConfig",
    "GoogleAlertsSourceConfig",
    "GoogleNewsSourceConfig",
    "HackerNewsSourceConfig",
    "HostConfig",
    "Jitter",
    "KeyedError",
    "LoadedConfig",
    "LobstersSourceConfig",
    "MastodonSourceConfig",
    "RedditSourceConfig",
    "ReportsConfig",
    "RoutingConfig",
    "RssSourceConfig",
    "Secrets",
    "SlackConfig",
    "SourceBase",
    "SourceConfig",
    "SpikesConfig",
    "StackExchangeSourceConfig",
    "Strict",
    "ToneConfig",
    "YoutubeSourceConfig",
    "config_path",
    "load_config",
    "normalize_channel",
    "parse_config",
    "resolve_database_url",
]
