"""Thin Slack listeners: each acks at once, then calls into `bot/`."""

from __future__ import annotations

from slack_bolt import App

from bot.services import Services
from handlers import actions, commands, home, search


def register_all(app: App, services: Services) -> None:
    actions.register(app, services)
    commands.register(app, services)
    search.register(app, services)
    home.register(app, services)
