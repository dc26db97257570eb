"""The `[[outputs]]` tables (webhooks that receive each new mention, and triage changes if asked)
and the `[feeds]` table (the JSON Feed of each brand, in HTTP mode).

Secrets never sit in the file: an output names the environment variable holding its HMAC secret
(`secret_env`), the feeds the one holding their token (`token_env`). An output's URL is https;
plain http only to a host `[veille] allow_private_addresses` names (a receiver on the team's own
network), and the address guard judges every request anyway (veille.sources.guard).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

from veille.config.base import KeyedError
from veille.sources.addresses import AddressPolicy, literal_address
from veille.sources.settings import Strict

Event = Literal["mention", "triage"]
EVENTS: tuple[Event, ...] = ("mention", "triage")
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,127}$")


class OutputConfig(Strict):
    name: str
    url: str
    secret_env: str
    events: tuple[str, ...] = ("mention",)
    brands: tuple[str, ...] = ()  # empty: every brand

    def wants(self, event: str, brand: str) -> bool:
        """Whether this output receives `event` for a mention of `brand` (case aside)."""
        return event in self.events and (
            not self.brands or brand.casefold() in {b.casefold() for b in self.brands}
        )


class FeedsConfig(Strict):
    # The environment variable holding the token readers add as ?token=… (None: no feeds).
    token_env: str | None = None


def check_outputs(
    outputs: Sequence[OutputConfig], brands: Sequence[str], policy: AddressPolicy, feeds: FeedsConfig
) -> None:
    """Raise a `KeyedError` naming the key of the first problem and what to write instead."""
    known = {brand.casefold() for brand in brands}
    seen: set[str] = set()
    for index, output in enumerate(outputs):
        where = f"outputs[{index}]"
        if not _NAME.match(output.name):
            raise KeyedError.said(f"{where}.name", "config.outputs.name", value=output.name)
        if output.name in seen:
            raise KeyedError.said(f"{where}.name", "config.outputs.twice", name=output.name)
        seen.add(output.name)
        _check_url(f"{where}.url", output.url, policy)
        if not _ENV_NAME.match(output.secret_env):
            raise KeyedError.said(f"{where}.secret_env", "config.outputs.env", value=output.secret_env)
        if not output.events:
            raise KeyedError.said(f"{where}.events", "config.outputs.no_events")
        for event in output.events:
            if event not in EVENTS:
                raise KeyedError.said(f"{where}.events", "config.outputs.event", value=event)
        for brand in output.brands:
            if brand.casefold() not in known:
                raise KeyedError.said(f"{where}.brands", "config.outputs.brand", brand=brand)
    if feeds.token_env is not None and not _ENV_NAME.match(feeds.token_env):
        raise KeyedError.said("feeds.token_env", "config.outputs.env", value=feeds.token_env)


def _check_url(where: str, url: str, policy: AddressPolicy) -> None:
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = parts.hostname or ""
    if scheme not in ("http", "https") or not host:
        raise KeyedError.said(where, "config.outputs.url", value=url)
    if scheme == "http" and not explicitly_allowed(policy, host):
        raise KeyedError.said(where, "config.outputs.plain_http", value=url, host=host)
    refusal = policy.url_refusal(url)
    if refusal is not None:
        raise KeyedError.said(where, "config.outputs.refused", value=url, host=host)


def explicitly_allowed(policy: AddressPolicy, host: str) -> bool:
    """Whether `[veille] allow_private_addresses` names `host` (or says true)."""
    if policy.allow_private or host.lower().rstrip(".") in policy.names:
        return True
    ip = literal_address(host)
    return ip is not None and any(ip.version == n.version and ip in n for n in policy.networks)


class MissingSecret(Exception):
    """An environment variable an output or the feeds name is not set."""

    def __init__(self, key: str, variable: str) -> None:
        super().__init__(f"{key}: the environment variable {variable} is not set")
        self.key = key
        self.variable = variable


@dataclass(frozen=True)
class OutputSecrets:
    """Each output's HMAC secret, and the feeds' token (None: feeds are off)."""

    outputs: dict[str, bytes]
    feed_token: str | None

    @classmethod
    def from_env(
        cls, outputs: Sequence[OutputConfig], feeds: FeedsConfig, environ: Mapping[str, str]
    ) -> OutputSecrets:
        """Raises `MissingSecret` for the first variable that is not set (or empty)."""
        secrets: dict[str, bytes] = {}
        for index, output in enumerate(outputs):
            value = environ.get(output.secret_env, "").strip()
            if not value:
                raise MissingSecret(f"outputs[{index}].secret_env", output.secret_env)
            secrets[output.name] = value.encode()
        token = None
        if feeds.token_env is not None:
            token = environ.get(feeds.token_env, "").strip()
            if not token:
                raise MissingSecret("feeds.token_env", feeds.token_env)
        return cls(secrets, token)
