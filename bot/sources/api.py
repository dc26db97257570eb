"""What the JSON API adapters share (Hacker News, Reddit, Lobsters, Mastodon, Bluesky,
Stack Exchange, GitHub).

- `decode_json`: a body that must be JSON, with a clear error naming where it came from for an
  empty body, an HTML page, a truncated document or bytes that are not UTF-8; a gzip body the
  server forgot to label is inflated.
- `as_dict`, `as_list`, `as_int`, `as_count`, `text_of`, `parse_time`: read a field of
  untrusted JSON without trusting its type.
- `ApiCursor`: the one `cursor` string a source stores, holding a position per query (per
  instance × hashtag, per brand term…), the earliest time the API allows the next call, and a
  few facts worth showing in health (a remaining quota), and for the APIs that only list newest
  first, the stretches of a burst still to read (see `veille.sources.backlog`). A cursor that cannot
  be read starts over rather than failing the source.
"""

from __future__ import annotations

import json
import math
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from veille.i18n import LANGS, Lang, Said, said
from veille.sources.base import FetchDeferred, FetchError
from veille.sources.http import HttpFetcher, HttpResponse, parse_retry_after, raise_for_status
from veille.sources.polite import iso_time, reset_after
from veille.text.clean import cut_at_word

MAX_JSON_BYTES = 20 * 1024 * 1024  # a gzip body is inflated under this cap
ANSWER = "\0answer"  # what `as_dict` / `as_list` check is the whole answer, not one of its keys


def _inflate(body: bytes) -> bytes:
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(body, MAX_JSON_BYTES)
    except zlib.error as exc:
        raise FetchError("invalid", said("api.gzip_broken", error=exc)) from None
    if inflater.unconsumed_tail:
        raise FetchError("too_large", said("api.gzip_too_large", cap=MAX_JSON_BYTES // 1024 // 1024))
    return out


def decode_json(response: HttpResponse, where: str = "") -> Any:
    """The JSON document of a response, or FetchError("invalid") saying what came instead (and
    `where`: the host or the API that sent it)."""
    try:
        return _decode_json(response)
    except FetchError as error:
        if not where:
            raise
        raise error.at(where) from None


def _decode_json(response: HttpResponse) -> Any:
    body = response.body
    if body[:2] == b"\x1f\x8b":  # gzip the server did not label (httpx inflates labelled ones)
        body = _inflate(body)
    stripped = body.lstrip()[:200].lower()
    if not stripped:
        raise FetchError("invalid", said("api.json_empty", status=response.status))
    if stripped.startswith(b"<"):
        got = "api.json_got_html" if b"html" in stripped else "api.json_got_markup"
        raise FetchError("invalid", said(got, status=response.status))
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FetchError("invalid", said("api.json_not_utf8", at=error.start)) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        at_end = exc.pos >= len(text.rstrip()) - 1 and exc.msg != "Extra data"
        ended = exc.msg.startswith("Unterminated") or at_end
        problem = "api.json_truncated" if ended else "api.json_malformed"
        raise FetchError("invalid", said(problem, at=exc.pos, size=len(text), reason=exc.msg)) from None
    except RecursionError:
        raise FetchError("invalid", said("api.json_too_deep")) from None


def json_or_none(response: HttpResponse) -> Any:
    """The JSON of an error response when it has one (error bodies are read for their reason)."""
    try:
        return _decode_json(response)
    except FetchError:
        return None


def as_list(value: Any, what: str = "") -> list[Any]:
    """`value` when it is a list; otherwise [] or, when `what` names a part the answer must have
    (a JSON key, or ANSWER for the whole answer), FetchError("invalid")."""
    if isinstance(value, list):
        return value
    if what:
        raise FetchError("invalid", _unexpected(what, "list"))
    return []


def as_dict(value: Any, what: str = "") -> dict[str, Any]:
    """`value` when it is an object; otherwise {} or, when `what` names a part the answer must
    have, FetchError("invalid")."""
    if isinstance(value, dict):
        return value
    if what:
        raise FetchError("invalid", _unexpected(what, "object"))
    return {}


def _unexpected(what: str, shape: str) -> Said:
    if what == ANSWER:
        return said(f"api.answer_not_{shape}")
    return said(f"api.field_not_{shape}", field=what)


def as_int(value: Any) -> int | None:
    """A whole number from a JSON number or a string of digits (a header); None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if math.isfinite(value) else None
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        return int(value.strip())
    return None


def as_count(value: Any) -> int | None:
    """A count shown as reach (points, comments): never below zero."""
    number = as_int(value)
    return None if number is None else max(0, number)


def counts_of(
    data: dict[str, Any], fields: dict[str, str], read: Callable[[Any], int | None] = as_int
) -> dict[str, int]:
    """Reach from an API object: {reach name: count} for each of `fields` ({reach name: JSON
    field}) that holds a number."""
    counts = {name: read(data.get(field)) for name, field in fields.items()}
    return {name: count for name, count in counts.items() if count is not None}


def text_of(value: Any, limit: int) -> str:
    return value[:limit] if isinstance(value, str) else ""


def parse_time(value: Any) -> datetime | None:
    """An aware UTC datetime from an ISO 8601 string or a Unix timestamp; None when unreadable."""
    try:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return datetime.fromtimestamp(value, UTC)
        if isinstance(value, str) and value.strip():
            return iso_time(value)
    except (ValueError, OverflowError, OSError):
        return None
    return None


def iso(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class ApiCursor:
    positions: dict[str, str] = field(default_factory=dict)
    next_allowed: datetime | None = None
    facts: dict[str, int | str] = field(default_factory=dict)
    # Per query: (low, high) stretches still to read, oldest first (see veille.sources.backlog).
    backlog: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    @classmethod
    def load(cls, raw: str | None) -> ApiCursor:
        if not raw:
            return cls()
        try:
            data = json.loads(raw)
        except (ValueError, TypeError):
            return cls()
        if not isinstance(data, dict):
            return cls()
        if not isinstance(data.get("positions"), dict):
            # The shape Hacker News and Reddit stored before they shared this cursor: a flat
            # object of positions ({"brand": 1790000200}), still in existing databases.
            return cls({str(k): str(v) for k, v in data.items() if isinstance(v, (int, float, str))})
        positions = {str(k): str(v) for k, v in as_dict(data.get("positions")).items() if v is not None}
        facts = {str(k): v for k, v in as_dict(data.get("facts")).items() if isinstance(v, (int, str))}
        backlog = {
            str(k): windows
            for k, v in as_dict(data.get("backlog")).items()
            if (windows := [(w[0], w[1]) for w in as_list(v) if _is_window(w)])
        }
        return cls(positions, parse_time(data.get("next_allowed")), facts, backlog)

    def failing(self, where: str, error: FetchError) -> None:
        """Keep that one part of the source (an instance, a country) failed until
        `working(where)`: the poll goes on with the others. The English under `failing:`, as
        before, and each other language beside it. A part Veille held back did not fail."""
        if isinstance(error, FetchDeferred):
            return
        self.facts[f"failing:{where}"] = error.said("en")[:200]
        for lang in LANGS:
            if lang != "en":
                self.facts[f"failing.{lang}:{where}"] = error.said(lang)[:200]

    def working(self, where: str) -> None:
        for name in [f"failing:{where}", *(f"failing.{lang}:{where}" for lang in LANGS)]:
            self.facts.pop(name, None)

    def dump(self) -> str:
        data: dict[str, Any] = {"positions": self.positions}
        if self.next_allowed is not None:
            data["next_allowed"] = iso(self.next_allowed)
        if self.facts:
            data["facts"] = self.facts
        backlog = {k: [list(w) for w in v] for k, v in self.backlog.items() if v}
        if backlog:
            data["backlog"] = backlog
        return json.dumps(data, ensure_ascii=False, sort_keys=True)

    def waiting(self, now: datetime) -> bool:
        return self.next_allowed is not None and self.next_allowed > now


def _is_window(value: Any) -> bool:
    return isinstance(value, list) and len(value) == 2 and all(isinstance(v, str) for v in value)


def snowflake_newer(candidate: str, than: str | None) -> bool:
    """Mastodon ids are decimal strings that grow with time; compare them without float trouble."""
    if than is None:
        return True
    if candidate.isascii() and than.isascii() and candidate.isdigit() and than.isdigit():
        return (len(candidate), candidate) > (len(than), than)
    return candidate > than


def post_title(text: str, limit: int = 120) -> str:
    """Social posts have no title: their opening words stand in for one."""
    return cut_at_word(text, limit)


def reset_wait(response: HttpResponse, now: datetime) -> float | None:
    """Seconds until a rate-limit window reopens, from `Retry-After` or a `*ratelimit-reset` header
    (at most a day, as `parse_retry_after`)."""
    waited = parse_retry_after(response.headers.get("retry-after"), now)
    if waited is not None:
        return waited
    for name in ("x-ratelimit-reset", "ratelimit-reset"):
        wait = reset_after(response.headers.get(name), now.timestamp())
        if wait is not None:
            return wait
    return None


def check_status(response: HttpResponse, where: str, now: datetime) -> HttpResponse:
    """`raise_for_status`, with the host named and rate-limit reset headers read for the wait."""
    if response.status in (429, 503):
        wait = reset_wait(response, now)
        if response.status == 429 or wait is not None:
            raise FetchError("rate_limited", said("fetch.asked_to_wait", status=response.status), wait).at(
                where
            )
    try:
        return raise_for_status(response)
    except FetchError as error:
        raise error.at(where) from None


Note = tuple[str, dict[str, object]]


def cursor_notes(raw: str | None, lang: Lang = "en") -> tuple[list[Note], datetime | None]:
    """What health shows from an API cursor, as i18n keys and their values (quota and rate-limit
    facts, instances failing, said in `lang`), and the time before which the API asked not to be
    called."""
    if not raw or not raw.startswith("{"):
        return [], None
    cursor = ApiCursor.load(raw)
    notes: list[Note] = []
    remaining, total = cursor.facts.get("quota_remaining"), cursor.facts.get("quota_max")
    if remaining is not None:
        notes.append(("sources.note_quota", {"remaining": remaining, "total": total or "?"}))
    if "rate_remaining" in cursor.facts:
        notes.append(("sources.note_rate_left", {"count": cursor.facts["rate_remaining"]}))
    notes += _usage_notes(cursor.facts)
    notes += _stream_notes(cursor.facts)
    stretches = sum(len(windows) for windows in cursor.backlog.values())
    if stretches:
        notes.append(("sources.note_backlog", {"count": stretches}))
    for name, value in sorted(cursor.facts.items()):
        kind, _, host = name.partition(":")
        if kind == "search_refused":
            notes.append(("sources.note_search_refused", {"host": host, "status": value}))
        elif kind == "failing":
            said = cursor.facts.get(f"failing.{lang}:{host}", value)
            notes.append(("sources.note_host_failing", {"host": host, "error": said}))
    return notes, cursor.next_allowed


def _stream_notes(facts: dict[str, int | str]) -> list[Note]:
    """A stream's connection (`veille.sources.stream`): where, how fast and how far behind."""
    host = facts.get("stream_endpoint") or "?"
    if facts.get("stream") == "connected":
        lag = facts.get("stream_lag")
        key = "sources.note_stream" if lag is None else "sources.note_stream_lag"
        return [(key, {"host": host, "rate": facts.get("stream_rate", 0), "lag": lag or 0})]
    since = parse_time(facts.get("stream_down_since"))
    if facts.get("stream") == "disconnected" and since is not None:
        return [("sources.note_stream_down", {"host": host, "since": since})]
    return []


def _usage_notes(facts: dict[str, int | str]) -> list[Note]:
    """When a rate-limit window reopens, the posts read against a monthly cap (X) and the quota
    units spent today (YouTube)."""
    notes: list[Note] = []
    reset = parse_time(facts.get("rate_reset"))
    if reset is not None and reset > datetime.now(UTC):
        notes.append(("sources.note_rate_reset", {"time": reset}))
    if "posts_read" in facts:
        values: dict[str, object] = {"count": facts["posts_read"], "since": facts.get("posts_since", "?")}
        if "posts_cap" in facts:
            notes.append(("sources.note_posts_cap", {**values, "cap": facts["posts_cap"]}))
        else:
            notes.append(("sources.note_posts_read", values))
    if "units_used" in facts:
        used: dict[str, object] = {
            "used": facts["units_used"],
            "total": facts.get("units_max", "?"),
            "day": facts.get("units_day"),
        }
        notes.append(("sources.note_units", used))
    return notes


def send(
    fetcher: HttpFetcher,
    where: str,
    method: str,
    url: str,
    headers: dict[str, str] | None = None,
    json: object | None = None,
) -> HttpResponse:
    """`fetcher.send`, with the host named in a network or timeout error (a source may call several)."""
    try:
        return fetcher.send(method, url, headers, json)
    except FetchError as error:
        raise error.at(where) from None
