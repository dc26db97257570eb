"""Thin Slack listeners: each acks at once, then calls into `bot/`."""

from __future__ import annotations

from slack_bolt import App

from veille.handlers.listeners import actions, commands, home, search
from veille.handlers.people import PersonLanguage, lang_of_requests
from veille.services import Services


def register_all(app: App, services: Services) -> None:
    people = PersonLanguage(services.lang)
    lang_of = lang_of_requests(people, app.client)
    actions.register(app, services, lang_of)
    commands.register(app, services, lang_of)
    search.register(app, services, lang_of)
    home.register(app, services, people)
