"""The [veille], [slack] and [routing] tables."""

from __future__ import annotations

import re
from typing import Annotated, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BeforeValidator, Field, field_validator

from veille.config.base import Jitter, KeyedError, normalize_channel
from veille.config.brands import BreakThrough, DeliveryPace, checked_break_through, checked_delivery
from veille.config.hosts import parse_in_flight
from veille.i18n import said
from veille.sources.addresses import AddressPolicy, allowed_entry
from veille.sources.settings import BacklogField, Duration, Strict


class GeneralConfig(Strict):
    language: Literal["fr", "en"] = "fr"
    timezone: str = "Europe/Paris"
    database: str = "veille.db"
    default_channel: str | None = None
    notify_channel: str | None = None
    poll_interval: Duration = 600.0
    jitter: Jitter = 30.0
    backlog: BacklogField = 5
    # Sources may reach these private addresses: true (all), or hosts and networks.
    allow_private_addresses: bool | tuple[str, ...] = False
    # /healthz, /readyz and /metrics in Socket Mode and console mode (0: no listener).
    health_port: int = Field(default=3000, ge=0, le=65535)
    log_format: Literal["text", "json"] | None = None  # None: VEILLE_LOG_FORMAT, else text
    # Requests sent at once by all the sources (None: sized to the sources, see config.hosts).
    fetches_in_flight: Annotated[int | None, BeforeValidator(parse_in_flight)] = None
    # Where hubs reach Veille in HTTP mode (WebSub push for feeds); None: feeds are only polled.
    public_url: str | None = None
    # The delivery pace of the brands that set none, and what they still post at once (config.brands).
    delivery: DeliveryPace = "instant"
    break_through: tuple[BreakThrough, ...] = ()

    @field_validator("delivery", mode="before")
    @classmethod
    def _delivery(cls, value: object) -> object:
        return checked_delivery(value, "veille.delivery", "config.veille.delivery")

    @field_validator("break_through", mode="before")
    @classmethod
    def _break_through(cls, value: object) -> object:
        return checked_break_through(value, "veille.break_through", "config.veille.break_through")

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise said("config.timezone", value=repr(value)) from None
        return value

    @field_validator("default_channel", "notify_channel")
    @classmethod
    def _channel(cls, value: str | None) -> str | None:
        return None if value is None else normalize_channel(value)

    @field_validator("allow_private_addresses", mode="before")
    @classmethod
    def _allowed(cls, value: object) -> object:
        if isinstance(value, bool):
            return value
        if not isinstance(value, list | tuple):
            raise said("config.private_addresses")
        for entry in value:
            if not isinstance(entry, str):
                raise said("config.host_not_text", value=repr(entry))
            allowed_entry(entry)
        return tuple(value)

    def address_policy(self) -> AddressPolicy:
        """Where the sources may connect, from `allow_private_addresses`."""
        return AddressPolicy.from_setting(self.allow_private_addresses)

    @field_validator("public_url")
    @classmethod
    def _public_url(cls, value: str | None) -> str | None:
        return None if value is None else public_base_url(value)

    @field_validator("database")
    @classmethod
    def _database(cls, value: str) -> str:
        if not value.strip():
            raise said("config.database_empty")
        return value.strip()


def public_base_url(value: str) -> str:
    """`https://host[:port]`, without a trailing slash; anything else is a `KeyedError`."""
    shown = repr(value.strip())
    text = value.strip().removesuffix("/")
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        raise KeyedError.said("veille.public_url", "config.public_url.https", value=shown) from None
    if parts.scheme.lower() != "https" or not parts.hostname or any(c.isspace() for c in text):
        raise KeyedError.said("veille.public_url", "config.public_url.https", value=shown)
    if parts.path or parts.query or parts.fragment or "@" in parts.netloc or text.endswith(("?", "#")):
        raise KeyedError.said("veille.public_url", "config.public_url.path", value=shown)
    return f"https://{parts.netloc}"


_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")
_GROUP_ID = re.compile(r"^S[A-Z0-9]{2,}$")


class SlackConfig(Strict):
    mode: Literal["auto", "socket", "http"] = "auto"
    http_host: str = "0.0.0.0"
    http_port: int = Field(default=3000, ge=0, le=65535)
    admins: tuple[str, ...] = ()  # who may mute and exclude from Slack (empty: everybody)
    admin_group: str | None = None  # or the members of this user group

    @field_validator("admins")
    @classmethod
    def _admins(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for user in value:
            if not _USER_ID.match(user):
                raise said("config.slack_user", value=repr(user))
        return value

    @field_validator("admin_group")
    @classmethod
    def _group(cls, value: str | None) -> str | None:
        if value is not None and not _GROUP_ID.match(value):
            raise said("config.slack_group", value=repr(value))
        return value


class RoutingConfig(Strict):
    escalation_channel: str | None = None  # where negative mentions also (or instead) go
    negative: Literal["also", "instead"] = "also"
    here_above_reach: int | None = Field(default=None, ge=1)  # @here in the escalation channel above this

    @field_validator("escalation_channel")
    @classmethod
    def _channel(cls, value: str | None) -> str | None:
        return None if value is None else normalize_channel(value)
