"""Thin Slack listeners: each acks at once, then hands its work to a pool that calls into `bot/`."""

from __future__ import annotations

from slack_bolt import App

from veille.handlers.listeners import actions, commands, home, search
from veille.handlers.people import PersonLanguage, lang_of_requests
from veille.handlers.pool import Lanes
from veille.services import Services


def register_all(app: App, services: Services, lanes: Lanes) -> None:
    people = PersonLanguage(services.lang)
    lang_of = lang_of_requests(people, app.client)
    actions.register(app, services, lang_of, lanes)
    commands.register(app, services, lang_of, lanes)
    search.register(app, services, lang_of, lanes)
    home.register(app, services, people, lanes)
