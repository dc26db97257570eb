"""The cheaper ways of reading a feed decide and read exactly as the plain ones: the checks that
send a document to feedparser find the same shapes, and the items are feedparser's on podcast
feeds whose second description repeats the first or says more, on contents written as their
summary and on dates out of range."""

from __future__ import annotations

import calendar
import re
import time
from datetime import UTC, datetime

import pytest

from veille.sources import feed_parse
from veille.sources.feed import _instant, entry_to_item, parse_feed
from veille.sources.feed_parse import careful_reason, fast_body, parse_careful, parse_fast

NAMES = rb"item|entry|title|subtitle|description|abstract|summary|content|body|encoded|fullitem"
# The checks as first written, before they were made cheaper.
REFERENCE_CASED_NAME = re.compile(
    rb"</?(?!rdf:)(?:[\w.-]+:)?(?!(?:" + NAMES + rb")[\s/>])(?i:" + NAMES + rb")[\s/>]"
)
REFERENCE_MARKUP_IN_TEXT = re.compile(
    rb"<(?![\w.-]+:content(?![\w.:-]))(?:[\w.-]+:)?"
    rb"(?:title|subtitle|description|abstract|summary|content|body|encoded|fullitem)"
    rb"(?![\w.:-])(?![^>]*?\btype\s*+=\s*+[\"'][^\"']*xhtml)[^>]*+(?<!/)>"
    rb"(?:[^<]++|<!--[^-]*+(?:-(?!->)[^-]*+)*+-->|<!\[CDATA\[[^\]]*+(?:\](?!\]>)[^\]]*+)*+\]\]>)*+"
    rb"<[A-Za-z_][\w.:-]*+[\s/>]"
)
REFERENCE_SECOND_DESCRIPTION = re.compile(rb"<(?:(?!rdf:)[\w.-]+:description|itunes:summary)[\s>]")

TAGS = [
    b"<Item>", b"<item>", b"</ITEM>", b"<iTem >", b"<itemX>", b"<Items>", b"<entrY/>",
    b"<content:Encoded>", b"<content:encoded>", b"<CONTENT:encoded>", b"<rdf:Description>",
    b"</rdf:Description>", b"<rdfx:Title>", b"<xrdf:Title>", b"<a10:Title/>", b"<a:b:Title>",
    b"<Title:x>", b"<x.y-z:Summary>", b"<dc:description>", b"<media:description>",
    b"<itunes:summary>", b"<itunes:Summary>", b"<media:content>", b"<media:content url='a'>",
    b"<media:contents>", b"<title type='xhtml'>", b"<title/>", b"<b>", b"</b>", b"<br/>",
    b"<![CDATA[", b"]]>", b"<!-- x -->", b"<!--", b"-->", b"<xhtml:p>", b"<Body>", b"<fullItem>",
    b"text", b" ", b"&lt;b&gt;", b"<", b">", b"<1>", b"<_x>", b"<summary1>",
]  # fmt: skip


def documents(count: int = 400) -> list[bytes]:
    """Odd sequences of tags and text, the same on every run."""
    out = []
    for seed in range(count):
        picks = [TAGS[(seed * 7 + step * (seed % 13 + 1)) % len(TAGS)] for step in range(seed % 9 + 2)]
        out.append(b"<rss><channel><item>" + b"".join(picks) + b"</item></channel></rss>")
    return out


@pytest.mark.parametrize(
    ("check", "reference"),
    [
        (feed_parse._CASED_NAME, REFERENCE_CASED_NAME),
        (feed_parse._MARKUP_IN_TEXT, REFERENCE_MARKUP_IN_TEXT),
        (feed_parse._SECOND_DESCRIPTION, REFERENCE_SECOND_DESCRIPTION),
    ],
    ids=["upper-case names", "markup in text", "second description"],
)
def test_the_cheaper_checks_find_what_the_first_ones_found(check, reference):
    for tag in TAGS:
        assert [m.span() for m in check.finditer(tag + b">")] == [
            m.span() for m in reference.finditer(tag + b">")
        ]
    for body in documents():
        assert [m.span() for m in check.finditer(body)] == [m.span() for m in reference.finditer(body)], body


@pytest.mark.parametrize(
    "text",
    [
        "Viadeo recrute à Lyon, l’équipe « produit » — 3 postes_ouverts!",
        "tout ASCII: a-b c_d (e) [f] {g} 42%",
        "nbsp\xa0et\u202ffine, tab\tretour\r\n",
        "日本語のテキスト、句読点。",
        "emoji 🚀 et e\u0301 combiné",
        "lone \ud800 surrogate",
        "\x00\x1f\x7f controls",
        "",
    ],
)
def test_word_characters_are_those_a_regular_expression_keeps(text):
    assert feed_parse._word_characters(text) == re.sub(r"\W+", "", text)


@pytest.mark.parametrize(
    "fields",
    [
        (2016, 12, 31, 23, 59, 60, 5, 366, 0),  # a leap second
        (2024, 6, 31, 12, 0, 0, 0, 183, 0),  # a 31st of June
        (2024, 2, 29, 0, 0, 0, 3, 60, 0),
        (1969, 7, 20, 20, 17, 40, 6, 201, 0),
        (9999, 12, 31, 23, 59, 59, 4, 365, 0),
        (2025, 1, 1, 24, 0, 0, 2, 1, 0),
    ],
)
def test_a_parsed_date_is_the_instant_timegm_reads(fields):
    parsed = time.struct_time(fields)
    assert _instant(parsed) == datetime.fromtimestamp(calendar.timegm(parsed), UTC)


def podcast(summary_of: str) -> bytes:
    items = "".join(
        f"<item><title>Épisode {n}</title><link>https://podcast.example/{n}</link>"
        f"<pubDate>Mon, 0{n} Jan 2024 10:00:00 +0000</pubDate>"
        f"<description>&lt;p&gt;Les nouvelles de la semaine {n} &amp;amp; plus.&lt;/p&gt;</description>"
        f"<itunes:summary>{summary_of.format(n=n)}</itunes:summary></item>"
        for n in range(1, 4)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"'
        ' xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel><title>Podcast</title>'
        f"<link>https://podcast.example/</link><description>Un podcast</description>{items}</channel></rss>"
    ).encode()


def feedparser_items(body: bytes) -> list[object]:
    parsed = parse_careful(body, None)
    return [entry_to_item(entry, "podcast", "rss", parsed) for entry in parsed.entries]


@pytest.mark.parametrize(
    ("summary_of", "reason"),
    [
        ("&lt;p&gt;Les nouvelles de la semaine {n} &amp;amp; plus.&lt;/p&gt;", None),
        # feedparser-rs keeps the summary here, and drops the longer description
        ("Les nouvelles de la semaine {n}", "second description dropped"),
        ("<![CDATA[<p>Les nouvelles de la semaine {n} &amp; plus.</p>]]>", None),
        ("Les nouvelles de la semaine {n}, et l’invitée du jour", "second description dropped"),
    ],
    ids=["repeated", "shortened", "in CDATA", "says more"],
)
def test_a_podcast_stays_fast_only_where_its_summary_repeats_its_description(summary_of, reason):
    body = podcast(summary_of)
    assert careful_reason(body, None, parse_fast(fast_body(body))) == reason
    items = parse_feed(body, "podcast")
    assert len(items) == 3
    assert items == feedparser_items(body)


def test_a_content_written_as_its_summary_reads_as_feedparser():
    text = "<p>Viadeo <b>recrute</b> à Lyon&nbsp;: <a href='https://v.example/'>l’offre</a></p>"
    cdata = f"<![CDATA[{text}]]>"
    body = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"'
        ' xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Emploi</title>'
        "<link>https://v.example/</link><description>Offres</description>"
        f"<item><title>Offre</title><link>https://v.example/1</link><description>{cdata}</description>"
        f"<content:encoded>{cdata}</content:encoded></item>"
        f"<item><title>Autre</title><link>https://v.example/2</link><content:encoded>{cdata}</content:encoded></item>"
        "</channel></rss>"
    ).encode()
    assert careful_reason(body, None, parse_fast(fast_body(body))) is None
    items = parse_feed(body, "emploi")
    assert [item.text for item in items] == ["Viadeo recrute à Lyon : l’offre"] * 2
    parsed = parse_careful(body, None)
    assert items == [entry_to_item(entry, "emploi", "rss", parsed) for entry in parsed.entries]
