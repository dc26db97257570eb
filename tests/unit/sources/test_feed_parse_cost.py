"""Reading a feed costs less without reading it differently: feeds whose entries hold no text
stay with the fast parser, and every shared feed gives the items the slow reference reading
(stdlib HTML parser, regular-expression white space, any text element sending the feed to
feedparser) gives."""

from __future__ import annotations

import re

import pytest

from veille.sources import feed, feed_parse
from veille.sources.feed import entry_to_item, parse_feed
from veille.sources.feed_parse import careful_reason, fast_body, parse_careful, parse_fast
from veille.text import html
from veille.text.html import _parsed_text, _protect

NAMESPACES = (
    ' xmlns:content="http://purl.org/rss/1.0/modules/content/"'
    ' xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"'
)


def rss(items: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"{NAMESPACES}><channel>'
        "<title>Presse</title><link>https://presse.example/</link>"
        f"<description>Le flux de la presse</description>{items}</channel></rss>"
    ).encode()


def item(title: str, text: str) -> str:
    return f"<item><title>{title}</title><link>https://presse.example/{title}</link>{text}</item>"


def feedparser_items(body: bytes) -> list[object]:
    parsed = parse_careful(body, None)
    return [entry_to_item(entry, "presse", "rss", parsed) for entry in parsed.entries]


def test_entries_whose_text_elements_are_all_empty_stay_with_the_fast_parser():
    body = rss(
        item("un", "<description><![CDATA[]]></description>")
        + item("deux", "<description/>")
        + item("trois", "<description>  </description><content:encoded><![CDATA[ ]]></content:encoded>")
        + item("quatre", "")
    )
    assert careful_reason(body, None, parse_fast(fast_body(body))) is None
    items = parse_feed(body, "presse")
    assert [(i.title, i.url, i.text) for i in items] == [
        ("un", "https://presse.example/un", ""),
        ("deux", "https://presse.example/deux", ""),
        ("trois", "https://presse.example/trois", ""),
        ("quatre", "https://presse.example/quatre", ""),
    ]
    assert items == feedparser_items(body)


@pytest.mark.parametrize(
    "text",
    [
        "<description>Viadeo <b>recrute</b> à Lyon</description>",
        "<itunes:summary>Viadeo recrute à Lyon</itunes:summary>",
        "<content:encoded><![CDATA[<p>Viadeo recrute à Lyon</p>]]></content:encoded>",
    ],
)
def test_an_entry_text_the_fast_parser_may_drop_is_still_read(text):
    body = rss(item("vide", "<description><![CDATA[]]></description>") + item("viadeo", text))
    items = parse_feed(body, "presse")
    assert [i.text for i in items] == ["", "Viadeo recrute à Lyon"]
    assert items == feedparser_items(body)


def _reference_collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _reference_html_to_text(markup: str) -> str:
    if not markup:
        return ""
    if "<" not in markup:
        return html.entities_to_text(markup)
    return _parsed_text(_protect(markup))


def _reference_entries_hold_text(body: bytes) -> bool:
    return re.search(rb"<(description|summary|content)[\s>:]", body, re.IGNORECASE) is not None


def test_every_shared_feed_gives_the_items_of_the_reference_reading(shared, monkeypatch):
    files = [path for path in sorted((shared / "feeds").rglob("*")) if path.is_file()]
    assert len(files) > 100

    def read_all() -> dict[str, object]:
        found: dict[str, object] = {}
        for path in files:
            try:
                found[str(path.relative_to(shared))] = parse_feed(path.read_bytes(), path.name)
            except Exception as exc:  # an invalid document must fail alike
                found[str(path.relative_to(shared))] = repr(exc)
        return found

    now = read_all()
    assert sum(len(items) for items in now.values() if isinstance(items, list)) > 1_500
    monkeypatch.setattr(html, "collapse_whitespace", _reference_collapse)
    monkeypatch.setattr(feed, "collapse_whitespace", _reference_collapse)
    monkeypatch.setattr(feed, "html_to_text", _reference_html_to_text)
    monkeypatch.setattr(feed_parse, "_entries_hold_text", _reference_entries_hold_text)
    reference = read_all()
    assert [name for name in now if now[name] != reference[name]] == []
