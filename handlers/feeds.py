"""The JSON Feed of each brand's mentions: `/feeds/<brand>.json?token=…`, in HTTP mode.

JSON Feed 1.1 (https://jsonfeed.org/version/1.1): the 50 newest mentions of the brand, newest
first, each with its tone and score in a `_veille` extension. The token (`[feeds] token_env`) is
compared in constant time: no token 401, a wrong one 403, a brand that is not configured 404.
Answers carry an ETag and Last-Modified, and a matching If-None-Match is answered 304 without a
body. Titles and texts are JSON strings (`content_text`, never HTML), so nothing in them is markup.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC
from email.utils import format_datetime
from typing import Any
from urllib.parse import parse_qs

from veille.delivery.output_events import mention_fields
from veille.store import Store

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
PREFIX = "/feeds/"
NEWEST = 50
VERSION = "https://jsonfeed.org/version/1.1"
MEDIA_TYPE = "application/feed+json; charset=utf-8"


def feed_document(brand: str, mentions: Sequence[dict[str, Any]], feed_url: str | None) -> dict[str, Any]:
    items = []
    for row in mentions:
        fields = mention_fields({**row, "alert": None})
        tone = fields["tone"]
        entry: dict[str, Any] = {
            "id": f"veille:mention:{fields['id']}",
            "title": fields["title"],
            "content_text": fields["excerpt"],
            "date_published": fields["happened_at"],
            "tags": [tone["label"]],
            "_veille": {
                "tone": tone["label"],
                "score": tone["score"],
                "source": fields["source"],
                "language": fields["language"],
                "terms": fields["terms"],
            },
        }
        if fields["url"]:
            entry["url"] = fields["url"]
        if fields["author"]:
            entry["authors"] = [{"name": fields["author"]}]
        items.append(entry)
    document: dict[str, Any] = {"version": VERSION, "title": f"Veille — {brand}", "items": items}
    if feed_url:
        document["feed_url"] = feed_url
    return document


def feeds(store: Store, brands: Sequence[str], token: str) -> WsgiApp:
    """The /feeds/ application: one feed per configured brand, behind `token`."""
    known = {brand.casefold(): brand for brand in brands}
    expected = token.encode()

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = str(environ.get("PATH_INFO", ""))
        if environ.get("REQUEST_METHOD", "GET") not in ("GET", "HEAD"):
            return _plain(start_response, "405 Method Not Allowed", "GET only")
        given = parse_qs(str(environ.get("QUERY_STRING", ""))).get("token", [""])[-1].encode()
        if not given:
            return _plain(start_response, "401 Unauthorized", "a token is needed: ?token=…")
        if not hmac.compare_digest(given, expected):
            return _plain(start_response, "403 Forbidden", "wrong token")
        name = _wsgi_text(path[len(PREFIX) :])
        brand = known.get(name.removesuffix(".json").casefold()) if name.endswith(".json") else None
        if brand is None:
            return _plain(start_response, "404 Not Found", "no such feed")
        mentions = store.newest_mentions(brand, NEWEST)
        body = json.dumps(feed_document(brand, mentions, None), ensure_ascii=False).encode()
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        headers = [("ETag", etag), ("Cache-Control", "private, max-age=60")]
        newest = max((m["created_at"] for m in mentions), default=None)
        if newest is not None:
            aware = newest if newest.tzinfo else newest.replace(tzinfo=UTC)
            headers.append(("Last-Modified", format_datetime(aware.astimezone(UTC), usegmt=True)))
        if etag in _etags(environ.get("HTTP_IF_NONE_MATCH")):
            start_response("304 Not Modified", headers)
            return []
        start_response("200 OK", [("Content-Type", MEDIA_TYPE), ("Content-Length", str(len(body))), *headers])
        return [] if environ.get("REQUEST_METHOD") == "HEAD" else [body]

    return application


def _wsgi_text(path: str) -> str:
    """A WSGI path as the text the reader sent: the server unquoted it and gave its UTF-8 bytes as
    latin-1 (PEP 3333); bytes that are not UTF-8 name no brand."""
    try:
        return path.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return ""


def _etags(header: object) -> set[str]:
    if not isinstance(header, str):
        return set()
    return {tag.strip().removeprefix("W/") for tag in header.split(",")}


def _plain(start_response: Callable[..., Any], status: str, text: str) -> list[bytes]:
    body = text.encode()
    start_response(
        status, [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))]
    )
    return [body]
