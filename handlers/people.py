"""The language a person reads Slack in, asked of Slack (`users.info`) and kept for a while.

Slash-command payloads, button clicks and App Home events carry no locale: all ask here, once
per person per hour, and fall back to the configured language when Slack does not say. One
`PersonLanguage` serves every listener, so a person is asked about once.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient

from veille.i18n import Lang, lang_for_locale

log = logging.getLogger(__name__)

KEEP_FOR = 3600.0
MAX_PEOPLE = 10_000


class PersonLanguage:
    def __init__(
        self, default: Lang, keep_for: float = KEEP_FOR, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.default = default
        self.keep_for = keep_for
        self.clock = clock
        self._known: dict[str, tuple[Lang, float]] = {}
        self._lock = threading.Lock()

    def of(self, user: str, client: WebClient) -> Lang:
        if not user:
            return self.default
        now = self.clock()
        with self._lock:
            known = self._known.get(user)
        if known is not None and now - known[1] < self.keep_for:
            return known[0]
        try:
            found = client.users_info(user=user, include_locale=True).get("user") or {}
        except Exception as error:  # the configured language, and Slack is asked again next time
            log.info("users.info for %s failed: %s", user, error)
            return self.default
        lang = lang_for_locale(found.get("locale"), self.default)
        with self._lock:
            if len(self._known) >= MAX_PEOPLE:
                self._known.clear()
            self._known[user] = (lang, now)
        return lang


LangOf = Callable[[dict[str, Any]], Lang]


def lang_of_requests(people: PersonLanguage, client: WebClient) -> LangOf:
    """The language of the person behind a request body: the locale it carries when Slack sends
    one, else theirs as Slack tells it."""

    def lang_of(body: dict[str, Any]) -> Lang:
        user = body.get("user")
        if isinstance(user, dict):
            if user.get("locale"):
                return lang_for_locale(user.get("locale"), people.default)
            return people.of(str(user.get("id") or ""), client)
        if body.get("locale"):
            return lang_for_locale(body.get("locale"), people.default)
        return people.of(str(body.get("user_id") or ""), client)

    return lang_of
