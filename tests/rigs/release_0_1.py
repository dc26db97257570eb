"""A database as Veille 0.1 made it, with a few hundred rows in every table.

Veille 0.1 (the last release before schema revisions were recorded) created its schema at start
with `metadata.create_all`, then its full-text index, and recorded no revision. The statements it
sent were captured once from that code on each back end: release_0_1.sqlite.sql and
release_0_1.postgresql.sql beside this file. Rows are inserted as that code stored them: naive UTC
datetimes, JSON as text, booleans as the back end keeps them, and the folded `search_text`.
"""

from __future__ import annotations

import hashlib
import random
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

HERE = Path(__file__).parent

TABLES = (
    "items",
    "dedup_keys",
    "mentions",
    "alerts",
    "notices",
    "audit",
    "mutes",
    "channels",
    "source_state",
    "uploads",
)
STATES = ("new", "handled", "not_relevant")
# An alert's delivery: posted, waiting for its first try, waiting to retry, or being sent.
DELIVERIES = ("posted", "pending", "retry", "sending")
# Words of the titles, as shown and as folded into search_text by Veille 0.1.
WORDS = (
    ("Société", "societe"),
    ("Générale", "generale"),
    ("réseau", "reseau"),
    ("Viadeo", "viadeo"),
    ("lance", "lance"),
    ("emploi", "emploi"),
    ("Économie", "economie"),
    ("startup", "startup"),
    ("rachète", "rachete"),
    ("données", "donnees"),
)
START = datetime(2026, 3, 1, 8, 30, 15, 123456)


def statements(backend: str) -> list[str]:
    """Veille 0.1's schema statements for "sqlite" or "postgresql", in the order it sent them."""
    lines = (HERE / f"release_0_1.{backend}.sql").read_text(encoding="utf-8").splitlines(keepends=True)
    script = "".join(line for line in lines if not line.startswith("--"))
    return [statement.strip() for statement in script.split(";\n\n") if statement.strip()]


def build(engine: Engine) -> dict[str, list[dict[str, Any]]]:
    """Create Veille 0.1's schema in an empty database and fill every table; the rows, by table."""
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA journal_mode=WAL")
        for statement in statements(engine.dialect.name):
            conn.exec_driver_sql(statement)
        return fill(conn)


def table_of(name: str, row: dict[str, Any]) -> sa.TableClause:
    """The table's columns named in `row`, typed as Veille 0.1 stored them."""

    def kind(column: str) -> Any:
        if column.endswith("_at") or column in ("at", "failing_since"):
            return sa.DateTime()
        if column in ("reach", "terms", "spans", "blocks"):
            return sa.JSON()
        return sa.LargeBinary() if column == "content" else None

    return sa.table(name, *(sa.column(column, kind(column)) for column in row))


def _insert(conn: Connection, name: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    conn.execute(sa.insert(table_of(name, rows[0])), rows)
    return rows


def _at(rng: random.Random, spread_hours: int = 24 * 60) -> datetime:
    return START + timedelta(seconds=rng.randrange(spread_hours * 3600), microseconds=rng.randrange(10**6))


def fill(conn: Connection) -> dict[str, list[dict[str, Any]]]:
    rng = random.Random(2026)
    rows: dict[str, list[dict[str, Any]]] = {}
    rows["items"] = _insert(conn, "items", _items(rng))
    keys = [
        {"key": hashlib.sha256(f"{kind}:{item['id']}".encode()).hexdigest(), "item_id": item["id"]}
        for item in rows["items"]
        for kind in ("guid", "url")
    ]
    rows["dedup_keys"] = _insert(conn, "dedup_keys", keys)
    rows["mentions"] = _insert(conn, "mentions", _mentions(rng, rows["items"]))
    rows["alerts"] = _insert(conn, "alerts", _alerts(rng, rows["mentions"]))
    rows["notices"] = _insert(conn, "notices", _notices(rng, rows["alerts"]))
    rows["audit"] = _insert(conn, "audit", _audit(rng, rows["alerts"]))
    rows["mutes"] = _insert(conn, "mutes", _mutes(rng))
    channels = [{"name": f"veille-{n:03d}", "channel_id": f"C{n:08d}"} for n in range(200)]
    rows["channels"] = _insert(conn, "channels", channels)
    rows["source_state"] = _insert(conn, "source_state", _source_state(rng))
    rows["uploads"] = _insert(conn, "uploads", _uploads(rng, rows["notices"]))
    if conn.dialect.name == "postgresql":
        for table in ("items", "mentions", "alerts", "notices", "audit", "mutes", "uploads"):
            conn.exec_driver_sql(f"SELECT setval('{table}_id_seq', (SELECT max(id) FROM {table}))")
    return rows


def _items(rng: random.Random) -> list[dict[str, Any]]:
    rows = []
    for n in range(1, 241):
        words = rng.sample(WORDS, 4)
        author = rng.choice([None, "Zoé Lefèvre", "jdoe"])
        body = f"Article {n} : " + " ".join(shown for shown, _ in reversed(words))
        folded_author = {"Zoé Lefèvre": "zoe lefevre", "jdoe": "jdoe"}.get(author or "", "")
        folded = [f for _, f in words] + folded_author.split() + ["article", str(n)]
        folded += [f for _, f in reversed(words)]
        rows.append(
            {
                "id": n,
                "source": f"feed-{n % 12}",
                "source_type": rng.choice(["rss", "hackernews", "reddit", "mastodon"]),
                "guid": f"guid-{n}" if n % 5 else None,
                "url": f"https://news.example.fr/{n}",
                "canonical_url": f"https://news.example.fr/{n}",
                "title": " ".join(shown for shown, _ in words),
                "text": body,
                "author": author,
                "published_at": _at(rng) if n % 7 else None,
                "fetched_at": _at(rng),
                "declared_language": rng.choice([None, "fr", "en"]),
                "reach": {"score": n, "comments": n % 9} if n % 3 == 0 else None,
                "title_key": hashlib.sha1(f"t{n}".encode()).hexdigest(),
                "title_key_short": hashlib.sha1(f"s{n}".encode()).hexdigest() if n % 2 else None,
                # A sighting of an earlier item's story from another source.
                "duplicate_of": n - 200 if n > 220 else None,
                "search_text": " ".join(folded),
            }
        )
    return rows


def _mentions(rng: random.Random, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for item in items:
        if item["duplicate_of"] is not None:
            continue
        brands = ["Viadeo", "Acme"] if item["id"] % 4 == 0 else ["Viadeo"]
        for brand in brands:
            corrected = item["id"] % 11 == 0
            rows.append(
                {
                    "id": len(rows) + 1,
                    "item_id": item["id"],
                    "brand": brand,
                    "terms": [brand],
                    "spans": [["title", 0, 7], ["text", 3, 10]],
                    "language": rng.choice(["fr", "en"]),
                    "tone": rng.choice(["positive", "neutral", "negative"]),
                    "tone_score": round(rng.uniform(-1, 1), 4),
                    "tone_confidence": round(rng.random(), 4) if item["id"] % 6 else None,
                    "tone_corrected": "negative" if corrected else None,
                    "tone_corrected_by": "U0CORRECT" if corrected else None,
                    "tone_corrected_at": _at(rng) if corrected else None,
                    "created_at": item["fetched_at"],
                }
            )
    return rows


def _alerts(rng: random.Random, mentions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for mention in mentions:
        channels = ["veille", "direction"] if mention["id"] % 5 == 0 else ["veille"]
        for channel in channels:
            n = len(rows) + 1
            state, delivery = STATES[n % 3], DELIVERIES[(n // 3) % 4]
            posted = delivery == "posted"
            acted = state != "new"
            rows.append(
                {
                    "id": n,
                    "mention_id": mention["id"],
                    "channel": channel,
                    "channel_id": "C0VEILLE" if posted or delivery == "sending" else None,
                    "status": "pending" if delivery == "retry" else delivery,
                    "ts": f"17{n:08d}.{n:06d}" if posted else None,
                    "attempts": {"posted": 1, "pending": 0, "retry": 3, "sending": 2}[delivery],
                    "next_attempt_at": _at(rng) if delivery == "retry" else None,
                    "last_error": "ratelimited" if delivery == "retry" else None,
                    "created_at": mention["created_at"],
                    "sending_at": _at(rng) if delivery in ("posted", "sending") else None,
                    "posted_at": _at(rng) if posted else None,
                    "state": state,
                    "actor": f"U{n:07d}" if acted else None,
                    "acted_at": _at(rng) if acted else None,
                    "needs_update": posted and n % 4 == 0,
                    "update_next_attempt_at": _at(rng) if posted and n % 8 == 0 else None,
                    "update_attempts": n % 3 if posted else 0,
                    "revision": n % 5,
                    "assignee": "U0ASSIGNEE" if n % 6 == 0 else None,
                    "assigned_by": "U0LEAD" if n % 6 == 0 else None,
                    "assigned_at": _at(rng) if n % 6 == 0 else None,
                    "ping_here": n % 10 == 0,
                }
            )
    return rows


def _notices(rng: random.Random, alerts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for n in range(1, 201):
        status = ("posted", "pending", "failed", "sending")[n % 4]
        thread = alerts[n % len(alerts)]["id"] if n % 3 == 0 else None
        rows.append(
            {
                "id": n,
                "key": f"also-seen:{n}" if thread else f"source-failing:feed-{n}",
                "channel": "veille",
                "channel_id": "C0VEILLE" if status == "posted" else None,
                "thread_alert_id": thread,
                "text": f"Notice {n} : la source est en échec",
                "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": f"*{n}*"}}]
                if n % 2
                else None,
                "status": status,
                "ts": f"18{n:08d}.000100" if status == "posted" else None,
                "attempts": n % 4,
                "next_attempt_at": _at(rng) if status == "pending" else None,
                "last_error": "channel_not_found" if status == "failed" else None,
                "created_at": _at(rng),
                "sending_at": _at(rng) if status in ("posted", "sending") else None,
                "posted_at": _at(rng) if status == "posted" else None,
            }
        )
    return rows


def _audit(rng: random.Random, alerts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    actions = ("handled", "not_relevant", "reopened", "assigned", "tone")
    return [
        {
            "id": n,
            "alert_id": alerts[(n * 7) % len(alerts)]["id"] if n % 9 else None,
            "user_id": f"U{n % 13:07d}",
            "action": actions[n % len(actions)],
            "value": "negative" if n % len(actions) == 4 else None,
            "at": _at(rng),
        }
        for n in range(1, 301)
    ]


def _mutes(rng: random.Random) -> list[dict[str, Any]]:
    kinds = ("author", "site", "word")
    return [
        {
            "id": n,
            "kind": kinds[n % 3],
            "value": f"bruit-{n}",
            "display": f"Bruit {n}",
            "brand": "Viadeo" if n % 2 else None,
            "created_by": "U0MUTER",
            "created_at": _at(rng),
        }
        for n in range(1, 201)
    ]


def _source_state(rng: random.Random) -> list[dict[str, Any]]:
    rows = []
    for n in range(200):
        failing = n % 5 == 0
        rows.append(
            {
                "source": f"feed-{n}",
                "etag": f'W/"{n}"' if n % 2 else None,
                "last_modified": "Sun, 01 Mar 2026 08:00:00 GMT" if n % 3 else None,
                "cursor": f"cursor-{n}" if n % 4 == 0 else None,
                "first_polled_at": _at(rng),
                "last_polled_at": _at(rng),
                "last_success_at": None if failing and n % 10 == 0 else _at(rng),
                "last_error": "timeout: no answer in time" if failing else None,
                "last_error_kind": "timeout" if failing else None,
                "last_error_at": _at(rng) if failing else None,
                "failing_since": _at(rng) if failing else None,
                "failure_notified": failing and n % 10 == 0,
                "consecutive_failures": 3 if failing else 0,
                "next_attempt_at": _at(rng),
                "items_seen": n * 3,
            }
        )
    return rows


def _uploads(rng: random.Random, notices: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for n in range(1, 201):
        status = ("posted", "pending", "sending", "failed")[n % 4]
        rows.append(
            {
                "id": n,
                "key": f"chart:{n}",
                "channel": "veille",
                "channel_id": "C0VEILLE" if status == "posted" else None,
                "after_notice_id": notices[n % len(notices)]["id"] if n % 2 else None,
                "filename": f"resume-{n}.png",
                "title": f"Résumé {n}",
                "alt_text": "Mentions par jour" if n % 3 else None,
                "comment": f"*Résumé* {n}" if n % 5 else None,
                "content": b"" if status in ("posted", "failed") else bytes(range(256)) * 4 + n.to_bytes(2),
                "status": status,
                "file_id": f"F{n:08d}" if status in ("posted", "sending") else None,
                "attempts": n % 3,
                "next_attempt_at": _at(rng) if status == "pending" else None,
                "last_error": "upload failed" if status == "failed" else None,
                "created_at": _at(rng),
                "sending_at": _at(rng) if status in ("posted", "sending") else None,
                "posted_at": _at(rng) if status == "posted" else None,
                "stage": ("reserved", "completing")[n % 2] if status == "sending" else None,
                "requester": "U0ASKER" if n % 7 == 0 else None,
                "tell": "U0ASKER" if n % 7 == 0 else "#veille",
                "tell_lang": ("fr", "en")[n % 2],
            }
        )
    return rows
