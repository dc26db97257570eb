"""The language a person reads Slack in, asked of Slack (`users.info`) and kept for a while.

Slash-command payloads carry no locale, and App Home events neither: both ask here, once per
person per hour, and fall back to the configured language when Slack does not say.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

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
