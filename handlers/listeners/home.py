"""App Home: published afresh each time someone opens the tab (while the database is away, a
line saying so and to come back in a minute)."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from veille.handlers.listeners.politely import database_away_view
from veille.handlers.people import PersonLanguage
from veille.handlers.views.home import home_view
from veille.services import Services

log = logging.getLogger(__name__)


def register(app: App, services: Services, languages: PersonLanguage) -> None:

    @app.event("app_home_opened")
    def opened(event: dict[str, Any], client: WebClient) -> None:
        if event.get("tab", "home") != "home" or not event.get("user"):
            return
        user = str(event["user"])
        lang = languages.of(user, client)
        try:
            view = home_view(services.config, services.store, user, lang)
        except Exception as error:
            if not services.database.failed(error):
                raise
            view = database_away_view(lang)
        else:
            if services.database.is_down:
                services.database.probe()
        client.views_publish(user_id=user, view=view)
