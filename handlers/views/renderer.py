"""An alert as each poster shows it, read fresh from the store: Block Kit for Slack, plain lines for
the console, and the console's one line when an alert changes."""

from __future__ import annotations

from dataclasses import replace

from veille.handlers.views.alert import render_alert, render_console
from veille.i18n import Lang, t
from veille.matching.noise import mute_applies
from veille.model import AlertView, Message
from veille.store import Store


class AlertRenderer:
    def __init__(self, store: Store, lang: Lang, timezone: str) -> None:
        self.store = store
        self.lang = lang
        self.timezone = timezone

    def view(self, alert_id: int) -> AlertView | None:
        """The alert as stored, with the author and site mutes that now silence such items."""
        view = self.store.alert_view(alert_id)
        if view is None:
            return None
        muted = tuple(
            mute
            for mute in self.store.mutes()
            if mute.kind != "word" and mute_applies(mute, view.author, view.url, view.brand)
        )
        return replace(view, muted=muted)

    def message(self, alert_id: int) -> Message | None:
        """The alert's Slack message; None when its mention is gone."""
        view = self.view(alert_id)
        if view is None:
            return None
        return render_alert(view, self.lang, self.timezone, self.store.alert_doubt(alert_id))

    def console(self, alert_id: int, channel: str) -> str:
        view = self.view(alert_id)
        if view is None:
            return f"(alert {alert_id} is gone)"
        return render_console(view, channel, self.lang, self.timezone, self.store.alert_doubt(alert_id))

    def describe_update(self, alert_id: int) -> str:
        """The console's line for an alert someone acted on ("" when it is gone)."""
        view = self.store.alert_view(alert_id)
        if view is None:
            return ""
        return t("console.state", self.lang, alert=alert_id, state=view.state, user=view.actor or "?")
