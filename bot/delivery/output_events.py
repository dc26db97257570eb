"""What an output receives: the JSON body of each event, and its signature.

The body schema and the headers are documented in docs/outputs.md, with a verification recipe:
`Veille-Signature: v1=<hex>` is the HMAC-SHA256, keyed with the output's secret, of
`"<Veille-Timestamp>.<raw body>"`. A body is fixed once (a triage change when it happens, a new
mention at its first attempt) and sent as is on every retry, under the same Veille-Delivery key.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from veille.store import Store
from veille.store.delivery_store import NewDelivery, TriageChange
from veille.text.clean import cut_at_word

VERSION = 1
EXCERPT = 500  # characters of the text in an event
SIGNATURE_VERSION = "v1"


def sign(secret: bytes, timestamp: str, body: bytes) -> str:
    """The Veille-Signature header for `body` sent at `timestamp` (Unix seconds, as sent)."""
    digest = hmac.new(secret, timestamp.encode("ascii") + b"." + body, hashlib.sha256).hexdigest()
    return f"{SIGNATURE_VERSION}={digest}"


def headers(event: str, key: str, secret: bytes, body: bytes, at: datetime) -> dict[str, str]:
    timestamp = str(int(at.timestamp()))
    return {
        "Content-Type": "application/json",
        "Veille-Event": event,
        "Veille-Delivery": key,
        "Veille-Timestamp": timestamp,
        "Veille-Signature": sign(secret, timestamp, body),
    }


def encoded(body: Mapping[str, Any]) -> str:
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def mention_body(key: str, mention: Mapping[str, Any]) -> dict[str, Any]:
    """The "mention" event of a mention as `Store.mention_event` reads it."""
    return {"version": VERSION, "event": "mention", "delivery": key, "mention": mention_fields(mention)}


def mention_fields(m: Mapping[str, Any]) -> dict[str, Any]:
    alert = m.get("alert")
    return {
        "id": m["id"],
        "brand": m["brand"],
        "title": m["title"],
        "excerpt": cut_at_word(m["text"] or "", EXCERPT),
        "url": m["url"],
        "source": m["source"],
        "source_type": m["source_type"],
        "author": m["author"],
        "language": m["language"],
        "tone": {
            "label": m["tone_corrected"] or m["tone"],
            "score": m["tone_score"],
            "confidence": m["tone_confidence"],
            "analyzed": m["tone"],
            "corrected": m["tone_corrected"],
        },
        "terms": list(m["terms"] or []),
        "relevance": m["relevance"],
        "published_at": _when(m["published_at"]),
        "happened_at": _when(m["happened_at"] or m["created_at"]),
        "found_at": _when(m["created_at"]),
        "alert": None if not alert else alert_fields(alert),
    }


def alert_fields(alert: Mapping[str, Any]) -> dict[str, Any]:
    posted = alert["status"] == "posted" and alert["channel_id"] and alert["ts"]
    return {
        "id": alert["id"],
        "channel": alert["channel"],
        "channel_id": alert["channel_id"],
        "ts": alert["ts"] if posted else None,
        "permalink": permalink(alert["channel_id"], alert["ts"]) if posted else None,
    }


def permalink(channel_id: str, ts: str) -> str:
    """A link to a Slack message that Slack opens in the workspace of whoever follows it."""
    return f"https://slack.com/archives/{channel_id}/p{ts.replace('.', '')}"


def triage_deliveries(store: Store, alert_id: int) -> list[NewDelivery]:
    """The deliveries of an alert's latest triage change, one per output that wants it; the body
    is fixed now, so a later change never rewrites what this one says."""
    change = store.latest_change(alert_id)
    if change is None:
        return []
    wanting = [o for o in store.outputs if o.wants("triage", change.brand)]
    mention = store.mention_event(change.mention_id) if wanting else None
    if mention is None:
        return []
    found = []
    for output in wanting:
        key = f"{output.name}:triage:{change.audit_id}"
        body = encoded(triage_body(key, change, mention))
        found.append(NewDelivery(key, output.name, "triage", change.mention_id, body))
    return found


def triage_body(key: str, change: TriageChange, mention: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "version": VERSION,
        "event": "triage",
        "delivery": key,
        "triage": {
            "alert_id": change.alert_id,
            "action": change.action,
            "value": change.value,
            "state": change.state,
            "assignee": change.assignee,
            "tone_corrected": change.tone_corrected,
            "actor": change.actor,
            "at": _when(change.at),
        },
        "mention": mention_fields(mention),
    }


def _when(value: datetime | None) -> str | None:
    if value is None:
        return None
    aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    return aware.astimezone(UTC).isoformat().replace("+00:00", "Z")
