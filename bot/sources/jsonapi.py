"""What JSON API adapters share: a careful decode, per-brand cursors, brand search terms."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from bot.config import Config
from bot.sources.base import FetchError
from bot.sources.http import HttpResponse
from bot.store import SourceState


def decode_json(response: HttpResponse, what: str = "the API") -> Any:
    """The JSON document of a response, or FetchError("invalid") saying what came instead."""
    body = response.body
    if not body.strip():
        raise FetchError("invalid", f"empty body where {what} should answer JSON")
    if body.lstrip()[:1] == b"<":
        kind = "an HTML page" if b"<html" in body[:1000].lower() else "markup"
        raise FetchError("invalid", f"got {kind} where {what} should answer JSON")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise FetchError(
            "invalid", f"{what} answered bytes that are not UTF-8 (at byte {error.start})"
        ) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        stripped = text.rstrip()
        truncated = stripped[:1] in "{[" and stripped[-1:] not in "}]"
        problem = "truncated JSON" if truncated else "malformed JSON"
        raise FetchError(
            "invalid", f"{problem} from {what}: {error.msg} (character {error.pos} of {len(text)})"
        ) from None
    except RecursionError:
        raise FetchError("invalid", f"JSON from {what} is nested too deeply") from None


def expect(value: Any, kind: type, what: str) -> Any:
    if not isinstance(value, kind):
        raise FetchError("invalid", f"unexpected JSON: {what} is not a {kind.__name__}")
    return value


def read_cursors(state: SourceState | None) -> dict[str, Any]:
    """The stored cursor of a source, as a mapping (per brand for search APIs)."""
    if state is None or not state.cursor:
        return {}
    try:
        value = json.loads(state.cursor)
    except ValueError:
        return {}  # an old or foreign cursor: start afresh rather than fail
    return value if isinstance(value, dict) else {}


def write_cursors(cursors: Mapping[str, Any]) -> str:
    return json.dumps(dict(cursors), sort_keys=True, ensure_ascii=False)


def brand_terms(config: Config) -> list[tuple[str, tuple[str, ...]]]:
    """Each brand with the terms a search API is asked for."""
    return [(brand.name, brand.search_terms) for brand in config.brands]


def from_epoch(value: Any) -> datetime | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        return datetime.fromtimestamp(float(value), UTC)
    except (OverflowError, ValueError, OSError):
        return None


def from_iso(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when.astimezone(UTC) if when.tzinfo else when.replace(tzinfo=UTC)


def text_of(value: Any, limit: int) -> str:
    return value[:limit] if isinstance(value, str) else ""


def count(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return max(0, int(value))
