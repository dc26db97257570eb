"""A listener that acks Slack at once and does its work on a pool (see `veille.handlers.pool`).

`acked(lanes, services, lang_of)` turns `work(body, respond)` into the Bolt listener
`(ack, body, respond)`: it acks, then hands `work`, answered politely, to the slow or the quick
pool; when that pool is full the person is told privately that Veille is busy.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, Respond

from veille.handlers.listeners.politely import politely, tell
from veille.handlers.people import LangOf
from veille.handlers.pool import Lanes
from veille.i18n import t
from veille.services import Services

log = logging.getLogger(__name__)

Body = dict[str, Any]
Work = Callable[[Body, Respond], None]
BoltListener = Callable[[Ack, Body, Respond], None]


def acked(
    lanes: Lanes,
    services: Services,
    lang_of: LangOf,
    *,
    slow: bool | Callable[[Body], bool] = False,
    failure_key: str | None = None,
) -> Callable[[Work], BoltListener]:
    """`slow`: whether the work goes to the slow pool, or a function of the request that says so."""

    def wrap(work: Work) -> BoltListener:
        polite: Callable[..., None] = politely(services, lang_of, failure_key=failure_key)(work)

        # Not functools.wraps: Bolt reads the arguments to pass from the innermost function.
        def listener(ack: Ack, body: Body, respond: Respond) -> None:
            ack()
            on_slow = slow(body) if callable(slow) else slow
            if lanes.submit(lambda: polite(body=body, respond=respond), slow=on_slow):
                return
            lane = "slow" if on_slow else "quick"
            log.warning("%s: told the person Veille is busy (the %s pool is full)", work.__name__, lane)
            tell(respond, t("command.busy", lang_of(body)))

        listener.__name__ = listener.__qualname__ = work.__name__
        return listener

    return wrap
