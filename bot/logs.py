"""Where the logs go and what they never show.

Logs go to stderr as text (one line per record, as people read them) or as JSON (one object per
line, for a log stack to search by field). Each record carries the context fields set by
`log_context` in the thread that logs it: the source being polled, the brand, the alert being
delivered and its channel. Whatever the format, tokens, secrets and passwords are replaced by
`***` before a record reaches a handler.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from types import MappingProxyType
from typing import TextIO

LOG_FORMATS = ("text", "json")
LOG_FORMAT_ENV = "VEILLE_LOG_FORMAT"
CONTEXT_FIELDS = ("source", "brand", "alert_id", "channel")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
NOISY_LOGGERS = ("alembic", "apscheduler", "httpx", "httpcore", "slack_bolt", "slack_sdk", "urllib3")
HIDDEN = "***"

_EMPTY: Mapping[str, object] = MappingProxyType({})
_context: ContextVar[Mapping[str, object]] = ContextVar("veille_log_context", default=_EMPTY)


@contextmanager
def log_context(**fields: object) -> Iterator[None]:
    """Adds `fields` (None values left out) to every record logged in this thread until the end."""
    merged = {**_context.get(), **{name: value for name, value in fields.items() if value is not None}}
    token = _context.set(MappingProxyType(merged))
    try:
        yield
    finally:
        _context.reset(token)


def current_context() -> Mapping[str, object]:
    return _context.get()


# Environment variables whose values are never shown, by name: Slack's, and the credentials the
# sources read (GITHUB_TOKEN, STACKEXCHANGE_KEY, BLUESKY_APP_PASSWORD, REDDIT_CLIENT_SECRET...).
_SECRET_NAME = re.compile(r"TOKEN|SECRET|PASSWORD|PASSWD|PASSPHRASE|CREDENTIAL|(^|_)(API)?KEY($|_)")
_SHORTEST_SECRET = 6  # shorter values are words and numbers found everywhere

_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    # Slack tokens: bot, user, app-level, refresh (xoxe.xoxp-...) and configuration tokens.
    (re.compile(r"\b(x(?:ox[a-z]|app)[.-])[A-Za-z0-9][A-Za-z0-9.-]*"), r"\g<1>" + HIDDEN),
    (re.compile(r"\b((?:Bearer|Basic)\s+)[A-Za-z0-9._~+/=-]+", re.IGNORECASE), r"\g<1>" + HIDDEN),
    # user:password@ in any URL (postgresql://veille:PASS@db/veille).
    (re.compile(r"\b([a-z][a-z0-9+.-]*://[^\s:/@]*:)[^\s@/]+@", re.IGNORECASE), r"\g<1>" + HIDDEN + "@"),
    # Query strings and key=value or key: value pairs that name a credential.
    (
        re.compile(
            r"(\b(?:key|api_?key|access_?token|refresh_?token|token|ticket|client_?secret|signing_?secret"
            r"|secret|password|passwd|app_?password)[\"']?\s*[=:]\s*[\"']?)"
            r"(?!\*\*\*)[^\s&\"',;)}\]]*[^\s&\"',;)}\]:.]",
            re.IGNORECASE,
        ),
        r"\g<1>" + HIDDEN,
    ),
)


class Redactor:
    """Replaces tokens, secrets and passwords in a text by `***`."""

    def __init__(self, values: Iterable[str] = ()) -> None:
        self._values: set[str] = set()
        self.hide(*values)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Redactor:
        env = os.environ if environ is None else environ
        return cls(value for name, value in env.items() if _SECRET_NAME.search(name.upper()))

    def hide(self, *values: str | None) -> None:
        """Never show these values (credentials read from wherever the config says)."""
        for value in values:
            if value is not None and len(value.strip()) >= _SHORTEST_SECRET:
                self._values.add(value.strip())

    def __call__(self, text: str) -> str:
        for value in sorted(self._values, key=len, reverse=True):
            if value in text:
                text = text.replace(value, HIDDEN)
        for pattern, replacement in _PATTERNS:
            text = pattern.sub(replacement, text)
        return text


class RedactingFilter(logging.Filter):
    """Rewrites each record's message, traceback and stack with the secrets hidden (a handler's
    filter: what any formatter then writes is already clean)."""

    def __init__(self, redactor: Redactor) -> None:
        super().__init__()
        self.redactor = redactor

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a call with the wrong arguments: the handler reports it, unformatted
            message = str(record.msg)
        record.msg, record.args = self.redactor(message), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redactor(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redactor(record.stack_info)
        context: Mapping[str, object] = getattr(record, "veille_context", _EMPTY)
        if context:
            record.veille_context = {
                name: self.redactor(value) if isinstance(value, str) else value
                for name, value in context.items()
            }
        return True


class ContextFilter(logging.Filter):
    """Stamps each record with the context of the thread that logs it."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.veille_context = current_context()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (ISO 8601, UTC), level, logger, message, the context fields
    known, and exc_info / stack_info as text when there are some."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        context: Mapping[str, object] = getattr(record, "veille_context", _EMPTY)
        for name in CONTEXT_FIELDS:
            if name in context:
                line[name] = context[name]
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            line["exc_info"] = record.exc_text
        if record.stack_info:
            line["stack_info"] = record.stack_info
        return json.dumps(line, ensure_ascii=False, default=str)


class _VeilleHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Marks the handler this module installs, so that configuring again replaces it."""


def chosen_format(log_format: str | None, environ: Mapping[str, str] | None = None) -> str:
    """`log_format` if given, else VEILLE_LOG_FORMAT, else text; an unknown name is text."""
    env = os.environ if environ is None else environ
    name = (log_format or env.get(LOG_FORMAT_ENV, "") or "text").strip().lower()
    return name if name in LOG_FORMATS else "text"


def log_handler(
    log_format: str | None, *, hide: Iterable[str | None] = (), stream: TextIO | None = None
) -> logging.Handler:
    """A handler writing to `stream` (stderr) in `log_format` ("text" or "json"; None:
    VEILLE_LOG_FORMAT, else text), with the context fields, and with the environment's tokens,
    secrets and passwords hidden, and the values in `hide`."""
    redactor = Redactor.from_env()
    redactor.hide(*hide)
    handler = _VeilleHandler(sys.stderr if stream is None else stream)
    handler.addFilter(ContextFilter())
    handler.addFilter(RedactingFilter(redactor))
    if chosen_format(log_format) == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter(TEXT_FORMAT))
    return handler


def configure_logging(verbose: bool, log_format: str | None, *, hide: Iterable[str | None] = ()) -> None:
    """Logs to stderr through `log_handler`, at DEBUG when `verbose`, else INFO with the
    libraries' chatter at WARNING. Calling it again replaces what the previous call set up.

    When something else already handles the root logger (a test runner capturing logs), it is
    left alone, as `logging.basicConfig` would."""
    root = logging.getLogger()
    for handler in [h for h in root.handlers if isinstance(h, _VeilleHandler)]:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    for noisy in NOISY_LOGGERS:
        logging.getLogger(noisy).setLevel(logging.DEBUG if verbose else logging.WARNING)
    if not root.handlers:
        root.addHandler(log_handler(log_format, hide=hide))
