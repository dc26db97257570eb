"""When the database does not answer, a listener tells the person so, privately and in their
language, instead of failing in silence with a traceback in the log.

`politely(services, lang_of)` wraps a Bolt listener that takes `body` and `respond`: a failure that means
"the database is away" is recorded on the shared `DatabaseWatch` (which logs the outage once)
and answered with "try again in a minute"; with `failure_key`, any other failure is logged with
its traceback and answered with that catalogue text; without it, it goes on to Bolt as before.
"""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import Callable
from typing import Any, TypeVar, cast

from veille.handlers.people import LangOf
from veille.i18n import Lang, t
from veille.services import Services

log = logging.getLogger(__name__)

Listener = TypeVar("Listener", bound=Callable[..., None])


def home_notice(text: str) -> dict[str, Any]:
    """An App Home that says one thing instead of the usual view."""
    return {"type": "home", "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": text}}]}


def database_away_view(lang: Lang) -> dict[str, Any]:
    """App Home while the database is away."""
    return home_notice(t("db.away", lang))


def politely(
    services: Services, lang_of: LangOf, *, failure_key: str | None = None
) -> Callable[[Listener], Listener]:
    def wrap(listener: Listener) -> Listener:
        declared = inspect.signature(listener).parameters
        if "body" not in declared or "respond" not in declared:
            raise TypeError(f"{listener.__name__} must take `body` and `respond` to answer politely")

        # Bolt passes a listener the arguments it names; functools.wraps shows it the listener's.
        @functools.wraps(listener)
        def answered(**kwargs: Any) -> None:
            watch = services.database
            try:
                listener(**kwargs)
            except Exception as error:
                if watch.failed(error):
                    log.debug("%s: answered 'try again in a minute' (database away)", _what(listener, kwargs))
                    _tell(kwargs, t("db.away", lang_of(kwargs["body"])))
                    return
                if failure_key is None:
                    raise
                log.exception("%s failed", _what(listener, kwargs))
                _tell(kwargs, t(failure_key, lang_of(kwargs["body"])))
                return
            if watch.is_down:
                watch.probe()

        return cast(Listener, answered)

    return wrap


def _what(listener: Callable[..., None], kwargs: dict[str, Any]) -> str:
    body = kwargs["body"]
    if isinstance(body.get("command"), str):
        return f"{body['command']} {str(body.get('text') or '')[:100]}"
    return listener.__name__


def _tell(kwargs: dict[str, Any], text: str) -> None:
    tell(kwargs.get("respond"), text)


def tell(respond: Callable[..., Any] | None, text: str) -> None:
    """A private line to the person behind a request; a failure to send it is logged, not raised."""
    if respond is None:  # no response_url to answer on
        return
    try:
        respond(text=text, response_type="ephemeral", replace_original=False)
    except Exception as error:
        log.warning("could not answer through the response_url: %s", error)
