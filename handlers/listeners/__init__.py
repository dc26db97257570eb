"""Thin Slack listeners: each acks at once, then calls into `bot/`."""

from __future__ import annotations

from slack_bolt import App

from veille.handlers.listeners import actions, commands, home, search
from veille.services import Services


def register_all(app: App, services: Services) -> None:
    actions.register(app, services)
    commands.register(app, services)
    search.register(app, services)
    home.register(app, services)
