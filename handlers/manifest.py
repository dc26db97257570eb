"""The Slack app manifest: paste it at api.slack.com/apps → "Create New App" → "From a manifest"."""

from __future__ import annotations

from typing import Any

import yaml

BOT_SCOPES = (
    "chat:write",  # post alerts and update them
    "chat:write.public",  # post in public channels without an invitation
    "channels:join",  # join a public channel on "not_in_channel"
    "channels:read",  # find a channel's id from its name
    "groups:read",
    "channels:history",  # find an alert already posted before a crash (message metadata)
    "groups:history",
    "commands",  # /veille
    "usergroups:read",  # who is in the admin user group that may mute
    "users:read",  # App Home: who opened it
    "files:write",  # the daily summary's chart and /veille export's CSV
)
BOT_EVENTS = ("app_home_opened",)


def build_manifest(name: str = "Veille", http_url: str | None = None) -> dict[str, Any]:
    """The manifest as a dict; with `http_url` (…/slack/events) the app uses HTTP mode."""
    command: dict[str, Any] = {
        "command": "/veille",
        "description": "Veille de marque : recherche, stats, sources / Brand watch: search, stats, sources",
        "usage_hint": "help",
        "should_escape": False,
    }
    interactivity: dict[str, Any] = {"is_enabled": True}
    settings: dict[str, Any] = {
        "interactivity": interactivity,
        "event_subscriptions": {"bot_events": list(BOT_EVENTS)},
        "org_deploy_enabled": False,
        "socket_mode_enabled": http_url is None,
        "token_rotation_enabled": False,
    }
    if http_url:
        command["url"] = http_url
        interactivity["request_url"] = http_url
        settings["event_subscriptions"]["request_url"] = http_url
    return {
        "display_information": {
            "name": name,
            "description": "Veille de marque : vos mentions dans Slack / Brand monitoring in Slack",
            "background_color": "#1f3a5f",
        },
        "features": {
            "app_home": {"home_tab_enabled": True, "messages_tab_enabled": False},
            "bot_user": {"display_name": name, "always_online": True},
            "slash_commands": [command],
        },
        "oauth_config": {"scopes": {"bot": list(BOT_SCOPES)}},
        "settings": settings,
    }


def manifest_yaml(name: str = "Veille", http_url: str | None = None) -> str:
    return yaml.safe_dump(build_manifest(name, http_url), sort_keys=False, allow_unicode=True)
