"""App Home: published afresh from the quick pool each time someone opens the tab (while the
database is away, a line saying so and to come back in a minute; while the pool is full, a line
saying Veille is busy)."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from veille.handlers.listeners.politely import database_away_view, home_notice
from veille.handlers.people import PersonLanguage
from veille.handlers.pool import Lanes
from veille.handlers.views.home import home_view
from veille.i18n import t
from veille.services import Services

log = logging.getLogger(__name__)


def register(app: App, services: Services, languages: PersonLanguage, lanes: Lanes) -> None:
    def publish(user: str, client: WebClient) -> None:
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

    @app.event("app_home_opened")
    def opened(event: dict[str, Any], client: WebClient) -> None:
        if event.get("tab", "home") != "home" or not event.get("user"):
            return
        user = str(event["user"])
        if lanes.submit(lambda: publish(user, client), slow=False):
            return
        log.warning("App Home of %s: showed that Veille is busy (the quick pool is full)", user)
        client.views_publish(user_id=user, view=home_notice(t("home.busy", languages.of(user, client))))
