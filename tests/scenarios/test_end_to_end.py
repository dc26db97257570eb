"""A mention travels end to end: feed → match → tone → Slack alert → button → updated message."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tests.conftest import SIGNING_SECRET, slack_secrets, write_config
from tests.fakes.feeds import FeedEntry, rss
from tests.fakes.slack_requests import block_action, post_signed
from tests.rigs.samples import french_feed_source, read
from veille.handlers.views.alert import ACTION_HANDLED, ACTION_NOT_RELEVANT

BRANDS = [
    {"name": "Viadeo", "terms": ["Viadeo"], "channel": "#veille"},
    {"name": "Netvibes", "terms": ["Netvibes"], "channel": "#veille"},
]


def texts(blocks: list[dict[str, Any]]) -> str:
    """Everything a person reads in a message's blocks."""
    out: list[str] = []
    for block in blocks:
        if "text" in block:
            out.append(block["text"]["text"])
        for element in block.get("elements", []):
            text = element.get("text")
            out.append(text["text"] if isinstance(text, dict) else str(text or ""))
    return "\n".join(out)


def buttons(blocks: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The alert's controls by what a person reads on them (a menu's placeholder; "⋯" for overflow)."""
    actions = next(b for b in blocks if b["type"] == "actions")
    shown = {}
    for element in actions["elements"]:
        label = (element.get("text") or element.get("placeholder") or {"text": "⋯"})["text"]
        shown[label] = element
    return shown


def serve_french_feed(feeds: Any) -> int:
    kind, content = french_feed_source()
    if kind == "seeds":
        assert isinstance(content, list)
        feeds.set("/blog.xml", rss(content))
        return len(content)
    assert isinstance(content, Path)
    # The bundled demo's posts carry no date (see its header); this story is about a dated post.
    dated = read(content).replace("<item>", "<item><pubDate>Tue, 24 Nov 2026 09:30:00 +0000</pubDate>")
    feeds.set("/blog.xml", dated)
    return 5  # the bundled sample has five items that name Viadeo or Netvibes


def test_a_french_mention_reaches_slack_and_handled_updates_it_in_place(
    tmp_path, feeds, fake_slack, database_url, start_veille
):
    expected = serve_french_feed(feeds)
    loaded = write_config(
        tmp_path,
        database=database_url,
        brands=BRANDS,
        sources=[{"name": "blog-fr", "type": "rss", "url": feeds.url("/blog.xml")}],
    )
    veille = start_veille(loaded, slack_secrets(fake_slack))

    posts = fake_slack.wait_for("chat.postMessage", count=expected)
    first = posts[0]
    assert first.args["channel"] == "#veille"
    blocks = first.answer["message"]["blocks"]
    shown = texts(blocks)
    assert "*Viadeo*" in shown or "*Netvibes*" in shown
    assert "français" in shown and ("Positif" in shown or "Neutre" in shown or "Négatif" in shown)
    assert "publié le" in shown and " à " in shown  # the time, in French, in Europe/Paris
    assert "blog-fr" in shown
    assert "<http" in shown  # the title links to the item
    labels = buttons(blocks)
    assert {"Traité", "Pas pertinent", "Assigner à…", "Ouvrir", "⋯"} <= set(labels)
    assert labels["Ouvrir"]["url"].startswith("http")

    alert_id = labels["Traité"]["value"]
    body = block_action(ACTION_HANDLED, alert_id, user_id="U0MARIE01", message_ts=first.answer["ts"])
    response = post_signed(f"http://127.0.0.1:{veille.http_port}/slack/events", body, SIGNING_SECRET)
    assert response.status_code == 200

    update = fake_slack.wait_for("chat.update")[0]
    assert update.args["ts"] == first.answer["ts"]
    assert update.args["channel"] == first.answer["channel"]
    updated = texts(
        json.loads(update.args["blocks"]) if isinstance(update.args["blocks"], str) else update.args["blocks"]
    )
    assert "Traité par <@U0MARIE01>" in updated
    view = veille.store.alert_view(int(alert_id))
    assert view is not None and view.state == "handled" and view.actor == "U0MARIE01"
    assert view.acted_at is not None and (datetime.now(UTC) - view.acted_at).total_seconds() < 120

    # A second click, by someone else, is harmless: the decision stands and nothing else is posted.
    again = block_action(ACTION_HANDLED, alert_id, user_id="U0PAUL001", message_ts=first.answer["ts"])
    assert (
        post_signed(f"http://127.0.0.1:{veille.http_port}/slack/events", again, SIGNING_SECRET).status_code
        == 200
    )
    view = veille.store.alert_view(int(alert_id))
    assert view is not None and view.actor == "U0MARIE01"
    assert len(fake_slack.calls_to("chat.postMessage")) == expected


def test_not_relevant_is_recorded_and_shown(tmp_path, feeds, fake_slack, sqlite_url, start_veille):
    feeds.set(
        "/f.xml",
        rss(
            [
                FeedEntry(
                    "Viadeo lance une offre",
                    "Le réseau Viadeo annonce une offre.",
                    "https://news.example.fr/viadeo-offre",
                    "g1",
                )
            ]
        ),
    )
    loaded = write_config(
        tmp_path, database=sqlite_url, sources=[{"type": "rss", "url": feeds.url("/f.xml")}]
    )
    veille = start_veille(loaded, slack_secrets(fake_slack))
    post = fake_slack.wait_for("chat.postMessage")[0]
    alert_id = buttons(post.answer["message"]["blocks"])["Pas pertinent"]["value"]
    body = block_action(ACTION_NOT_RELEVANT, alert_id, message_ts=post.answer["ts"])
    assert (
        post_signed(f"http://127.0.0.1:{veille.http_port}/slack/events", body, SIGNING_SECRET).status_code
        == 200
    )
    update = fake_slack.wait_for("chat.update")[0]
    assert "non pertinent par <@U0MARIE01>" in texts(
        update.args["blocks"]
        if isinstance(update.args["blocks"], list)
        else json.loads(update.args["blocks"])
    )


def test_a_new_item_on_the_feed_is_alerted_at_the_next_poll_and_old_ones_are_not_repeated(
    tmp_path, feeds, fake_slack, database_url, start_veille
):
    entries = [FeedEntry("Viadeo recrute", "Viadeo ouvre des postes à Paris.", "https://ex.fr/a", "a")]
    feeds.set("/f.xml", rss(entries), etag='"v1"')
    loaded = write_config(
        tmp_path, database=database_url, sources=[{"type": "rss", "url": feeds.url("/f.xml")}]
    )
    start_veille(loaded, slack_secrets(fake_slack))
    fake_slack.wait_for("chat.postMessage", count=1)

    entries.append(
        FeedEntry("Viadeo déçoit ses membres", "Une mise à jour ratée de Viadeo.", "https://ex.fr/b", "b")
    )
    feeds.set("/f.xml", rss(entries), etag='"v2"')
    posts = fake_slack.wait_for("chat.postMessage", count=2)
    assert "déçoit" in texts(posts[1].answer["message"]["blocks"])
    # Conditional GET: the poll after v2 sends its ETag back.
    assert (
        any(r.headers.get("If-None-Match") == '"v2"' for r in feeds.requests_to("/f.xml"))
        or len(feeds.requests_to("/f.xml")) == 2
    )
