"""WebSub, the subscriber's side of the W3C Recommendation: finding a feed's hub, asking it for a
subscription, checking what it pushes, and the subscription as it is kept between restarts.

Discovery reads the hub and the topic (`rel="self"`) from the HTTP `Link` headers first, then from
the document: Atom's `<link rel="hub">`, RSS's `<atom:link rel="hub">` in the channel, a JSON
Feed's `hubs` and `feed_url`. A feed that names a hub but not itself is not subscribed to: the hub
sends what the publisher announces under its self URL, and a guessed topic might never get any.

Pushed content is signed with the per-subscription secret (`X-Hub-Signature: sha256=…`, or sha1,
sha384, sha512) and compared in constant time. The secret is only ever sent to a hub over HTTPS.
"""

from __future__ import annotations

import hashlib
import hmac
import html
import json
import re
import secrets
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from typing import Any, Literal
from urllib.parse import urljoin, urlsplit

from veille.i18n import said
from veille.sources.base import FetchError
from veille.sources.http import HttpFetcher

PREFIX = "websub:"
"""A feed's subscription is kept in its source state's cursor (a feed has none of its own)."""
SIGNATURES: dict[str, Callable[..., Any]] = {
    "sha1": hashlib.sha1,
    "sha256": hashlib.sha256,
    "sha384": hashlib.sha384,
    "sha512": hashlib.sha512,
}
HEAD_BYTES = 64 * 1024
"""A feed names its hub in its head, before the entries; discovery reads no further."""
_ENTRY = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:item|entry)[\s>/]")
_LINK_TAG = re.compile(r"<(?:[A-Za-z_][\w.-]*:)?link\b([^>]*)>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_LINK_VALUE = re.compile(r"<([^>]*)>((?:\s*;\s*[\w*.-]+\s*(?:=\s*(?:\"[^\"]*\"|[^;,]*))?)*)")
_PARAMETER = re.compile(r";\s*([\w*.-]+)\s*(?:=\s*(?:\"([^\"]*)\"|([^;,]*)))?")
ID_SHAPE = re.compile(r"[A-Za-z0-9_-]{16,64}")


@dataclass(frozen=True)
class HubLinks:
    """Where a feed says it is pushed from (`hub`) and what to subscribe to (`topic`)."""

    hub: str
    topic: str


def _web(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def links_in_headers(values: Sequence[str]) -> dict[str, str]:
    """The first `hub` and `self` targets of `Link` header values (RFC 8288), by rel."""
    found: dict[str, str] = {}
    for value in values:
        for match in _LINK_VALUE.finditer(value):
            target, parameters = match.group(1).strip(), match.group(2)
            for name, quoted, bare in _PARAMETER.findall(parameters):
                if name.lower() == "rel":
                    for rel in (quoted or bare).lower().split():
                        found.setdefault(rel, target)
    return found


def _links_in_markup(head: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for tag in _LINK_TAG.finditer(head):
        attributes = {name.lower(): a or b for name, a, b in _ATTRIBUTE.findall(tag.group(1))}
        href = html.unescape(attributes.get("href", "")).strip()
        if not href:
            continue
        for rel in attributes.get("rel", "").lower().split():
            found.setdefault(rel, href)
    return found


def _links_in_json(body: bytes) -> dict[str, str]:
    try:
        document = json.loads(body)
    except ValueError:
        return {}
    if not isinstance(document, dict):
        return {}
    found: dict[str, str] = {}
    for hub in document.get("hubs") or []:
        if isinstance(hub, dict) and str(hub.get("type", "")).lower() == "websub" and hub.get("url"):
            found.setdefault("hub", str(hub["url"]))
    if document.get("feed_url"):
        found["self"] = str(document["feed_url"])
    return found


def discover(body: bytes, link_headers: Sequence[str], url: str) -> HubLinks | None:
    """The hub and topic a feed advertises (headers first, then its head), None if it names no
    hub or no self URL; relative addresses are read against `url`, the address fetched."""
    found = links_in_headers(link_headers)
    if "hub" not in found or "self" not in found:
        start = body[:HEAD_BYTES].lstrip()
        if start.startswith(b"{"):
            in_body = _links_in_json(body)
        else:
            entry = _ENTRY.search(start)
            head = start[: entry.start()] if entry else start
            in_body = _links_in_markup(head.decode("utf-8", "replace"))
        found = {**in_body, **found}
    hub, topic = found.get("hub"), found.get("self")
    if not hub or not topic:
        return None
    hub, topic = urljoin(url, hub), urljoin(url, topic)
    if not _web(hub) or not _web(topic):
        return None
    return HubLinks(hub[:2000], topic[:2000])


def signature_valid(secret: str, header: str | None, body: bytes) -> bool:
    """Whether `X-Hub-Signature` (`method=hex digest`) is the HMAC of `body` with `secret`."""
    if not header:
        return False
    method, _, digest = header.strip().partition("=")
    algorithm = SIGNATURES.get(method.strip().lower())
    if algorithm is None or not digest:
        return False
    expected = hmac.new(secret.encode(), body, algorithm).hexdigest().encode()
    return hmac.compare_digest(expected, digest.strip().lower().encode("utf-8", "replace"))


def sign(secret: str, body: bytes, method: str = "sha256") -> str:
    """The `X-Hub-Signature` a hub sends with `body`."""
    return f"{method}={hmac.new(secret.encode(), body, SIGNATURES[method]).hexdigest()}"


Mode = Literal["subscribe", "unsubscribe"]


def ask_hub(
    fetcher: HttpFetcher,
    hub: str,
    mode: Mode,
    topic: str,
    callback: str,
    secret: str | None = None,
    lease_seconds: int | None = None,
) -> None:
    """Send a (un)subscription request; FetchError when the hub does not accept it (2xx)."""
    if urlsplit(hub).scheme != "https":
        raise FetchError("refused", said("websub.hub_in_clear"))
    form = {"hub.mode": mode, "hub.topic": topic, "hub.callback": callback}
    if secret is not None:
        form["hub.secret"] = secret
    if lease_seconds is not None:
        form["hub.lease_seconds"] = str(lease_seconds)
    response = fetcher.send("POST", hub, data=form)
    if not 200 <= response.status < 300:
        answer = " ".join(response.body[:300].decode("utf-8", "replace").split())
        raise FetchError("http", f"HTTP {response.status}" + (f": {answer}" if answer else ""))


def new_id() -> str:
    return secrets.token_urlsafe(24)


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def _time(value: object) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) and value else None


@dataclass(frozen=True)
class Subscription:
    """One feed's subscription at its hub, as kept in the store.

    `pending`: the request sent and not verified yet; `lease_until`: the lease the hub granted
    (the subscription is active until then); `retry_at`: the hub refused or never verified, so it
    is not asked again before then."""

    id: str
    hub: str
    topic: str
    secret: str
    pending: Mode | None = None
    asked_at: datetime | None = None
    lease_until: datetime | None = None
    lease_seconds: int | None = None
    pushed_at: datetime | None = None
    error: str | None = None
    retry_at: datetime | None = None

    def active(self, now: datetime) -> bool:
        return self.pending != "unsubscribe" and self.lease_until is not None and self.lease_until > now

    def but(self, **changes: Any) -> Subscription:
        return replace(self, **changes)

    def dump(self) -> str:
        values = {
            key: value.isoformat() if isinstance(value, datetime) else value
            for key, value in asdict(self).items()
        }
        return PREFIX + json.dumps(values, sort_keys=True)

    @classmethod
    def load(cls, raw: str | None) -> Subscription | None:
        """The subscription kept in a cursor; None for any other cursor, or one that does not read."""
        if not raw or not raw.startswith(PREFIX):
            return None
        try:
            values = json.loads(raw[len(PREFIX) :])
            return cls(
                id=str(values["id"]),
                hub=str(values["hub"]),
                topic=str(values["topic"]),
                secret=str(values["secret"]),
                pending=values.get("pending")
                if values.get("pending") in ("subscribe", "unsubscribe")
                else None,
                asked_at=_time(values.get("asked_at")),
                lease_until=_time(values.get("lease_until")),
                lease_seconds=int(values["lease_seconds"]) if values.get("lease_seconds") else None,
                pushed_at=_time(values.get("pushed_at")),
                error=str(values["error"]) if values.get("error") else None,
                retry_at=_time(values.get("retry_at")),
            )
        except (KeyError, TypeError, ValueError):
            return None


Note = tuple[str, dict[str, object]]


def push_notes(raw: str | None, now: datetime) -> list[Note]:
    """What `veille sources` says of a feed's subscription, as i18n keys and their values."""
    subscription = Subscription.load(raw)
    if subscription is None:
        return []
    hub = urlsplit(subscription.hub).netloc or subscription.hub
    if subscription.pending == "unsubscribe":
        return [("websub.note_leaving", {"hub": hub})]
    if subscription.active(now):
        key = "websub.note_renewing" if subscription.pending == "subscribe" else "websub.note_active"
        return [(key, {"hub": hub, "until": subscription.lease_until})]
    if subscription.pending == "subscribe":
        return [("websub.note_pending", {"hub": hub})]
    if subscription.error:
        return [
            (
                "websub.note_error",
                {"hub": hub, "error": subscription.error[:70], "until": subscription.retry_at},
            )
        ]
    return []
