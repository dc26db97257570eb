"""Text in angle brackets reaches the team as it was written, whatever the feed's format, and the
alert that carries it pings nobody and links nowhere but to the item.

Each feed is served over HTTP and fetched as the bot fetches it. A field is read as HTML only
where the format declares HTML (an RSS description, an Atom `type="html"`, JSON Feed's
`content_html`): there `&lt;b&gt;` means the text `<b>`. Everywhere else the text is shown as
written. In both, a `<` that opens no HTML markup (`<!channel>`, `<@U123>`, `<https://a|b>`,
`a < b`) is text.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pytest

from tests.fakes.feeds import FeedEntry, FeedServer, rss
from tests.fakes.net import local_fetcher
from tests.rigs.posted import mrkdwn_of, read_as_slack
from veille.handlers.views.alert import render_alert
from veille.model import AlertView, Item, Tone
from veille.sources.feed import FeedSource

# Texts a feed may hold (string values, before XML or JSON escaping), and what a reader sees of
# each where the field is HTML. Where the field is plain text, the reader sees it as written.
AS_HTML = {
    "<!channel>": "<!channel>",
    "<!here|x>": "<!here|x>",
    "<!subteam^S1|t>": "<!subteam^S1|t>",
    "<@U123>": "<@U123>",
    "<#C1|x>": "<#C1|x>",
    "<https://a|b>": "<https://a|b>",
    "&lt;b&gt;": "<b>",
    "a < b > c": "a < b > c",
}


@dataclass(frozen=True)
class Seen:
    title: str
    author: str
    text: str


def link(number: int) -> str:
    return f"https://news.example/article-{number}"


def atom(kind: str | None, values: list[str], summary: Callable[[str], str]) -> str:
    declared = f" type={quoteattr(kind)}" if kind else ""
    entries = "".join(
        f"<entry><id>urn:entry:{n}</id><updated>2026-11-23T08:00:00Z</updated>"
        f"<link href={quoteattr(link(n))}/>"
        f"<title{declared}>{escape(f'Viadeo {value}')}</title>"
        f"<summary{declared}>{escape(summary(value))}</summary>"
        f"<author><name>{escape(f'{value} Mallory')}</name></author></entry>"
        for n, value in enumerate(values)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>Flux</title><id>urn:feed</id><updated>2026-11-23T08:00:00Z</updated>{entries}</feed>"
    )


def json_feed(values: list[str], item: Callable[[str], dict[str, Any]]) -> str:
    items = [
        {
            "id": str(n),
            "url": link(n),
            "date_published": "2026-11-23T08:00:00Z",
            "title": f"Viadeo {value}",
            "authors": [{"name": f"{value} Mallory"}],
            **item(value),
        }
        for n, value in enumerate(values)
    ]
    return json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "Flux", "items": items})


def in_html(value: str) -> str:
    return f"<p>Texte <em>{value}</em></p>"


# Each format: its document holding one entry per text, its content type, and what a reader sees
# of the entry made from a text.
FORMATS: dict[str, tuple[Callable[[list[str]], str], str, Callable[[str], Seen]]] = {
    # An RSS title is plain text unless it reads as HTML (here: when it holds an entity).
    "RSS": (
        lambda values: rss(
            [
                FeedEntry(f"Viadeo {v}", in_html(v), link(n), str(n), f"{v} Mallory")
                for n, v in enumerate(values)
            ]
        ),
        "application/rss+xml",
        lambda v: Seen(f"Viadeo {AS_HTML[v] if '&' in v else v}", f"{v} Mallory", f"Texte {AS_HTML[v]}"),
    ),
    "Atom type=text": (
        lambda values: atom("text", values, lambda v: f"Texte {v}"),
        "application/atom+xml",
        lambda v: Seen(f"Viadeo {v}", f"{v} Mallory", f"Texte {v}"),
    ),
    # Atom's default is text, but feedparser-rs reports such a field as HTML: it is read as HTML
    # only when it reads as HTML.
    "Atom without a type": (
        lambda values: atom(None, values, lambda v: f"Texte {v}"),
        "application/atom+xml",
        lambda v: Seen(
            f"Viadeo {AS_HTML[v] if '&' in v else v}",
            f"{v} Mallory",
            f"Texte {AS_HTML[v] if '&' in v else v}",
        ),
    ),
    "Atom type=html": (
        lambda values: atom("html", values, in_html),
        "application/atom+xml",
        lambda v: Seen(f"Viadeo {AS_HTML[v]}", f"{v} Mallory", f"Texte {AS_HTML[v]}"),
    ),
    "JSON Feed content_text": (
        lambda values: json_feed(values, lambda v: {"content_text": f"Texte {v}"}),
        "application/feed+json",
        lambda v: Seen(f"Viadeo {v}", f"{v} Mallory", f"Texte {v}"),
    ),
    "JSON Feed content_html": (
        lambda values: json_feed(values, lambda v: {"content_html": in_html(v), "summary": f"Résumé {v}"}),
        "application/feed+json",
        lambda v: Seen(f"Viadeo {v}", f"{v} Mallory", f"Texte {AS_HTML[v]} Résumé {v}"),
    ),
}


def posted_text(item: Item) -> str:
    """The alert's fallback text and every mrkdwn text of its blocks, as the bot would post them."""
    view = AlertView(
        alert_id=1,
        brand="Viadeo",
        title=item.title,
        text=item.text,
        url=item.url,
        source="flux",
        author=item.author,
        published_at=datetime(2026, 11, 23, 8, tzinfo=UTC),
        tone=Tone("neutral", 0.0, "fr"),
        spans=(),
    )
    return mrkdwn_of(render_alert(view, "fr", "Europe/Paris"))


@pytest.mark.parametrize("format_name", list(FORMATS))
def test_text_in_angle_brackets_is_shown_as_written_and_pings_nobody(
    feeds: FeedServer, format_name: str
) -> None:
    document, content_type, reads = FORMATS[format_name]
    feeds.set("/feed", document(list(AS_HTML)), content_type=content_type)

    items = FeedSource("flux", feeds.url("/feed"), local_fetcher()).fetch(None).items

    expected = {value: reads(value) for value in AS_HTML}
    assert {
        value: Seen(i.title, i.author or "", i.text) for value, i in zip(AS_HTML, items, strict=True)
    } == expected
    for item, seen in zip(items, expected.values(), strict=True):
        slack = read_as_slack(posted_text(item))
        assert slack.pings == []
        assert slack.links == [item.url]
        # In the linked title a `|` shows as `¦`: no reader of the mrkdwn can split the link elsewhere.
        assert seen.title.replace("|", "¦") in slack.shown
        assert seen.text in slack.shown and seen.author in slack.shown
