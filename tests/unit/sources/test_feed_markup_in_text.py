"""A post whose text holds HTML written straight into the feed (`<b>`, `<a href>`, `<p>`, `<br/>`,
neither escaped nor in CDATA) reaches the team with every word it holds.

The fast parser keeps such a text only up to the end of its first element ("Viadeo recrute" of
"Viadeo <b>recrute</b> à Lyon"): a brand named after it would be missed without anyone knowing.
Each feed is read as the bot reads it and compared with feedparser's reading, the reference.
"""

from __future__ import annotations

import pytest

from veille.matching.matcher import BrandRule, Matcher
from veille.model import Item
from veille.sources.feed import parse_feed
from veille.sources.feed_parse import parse_document

RSS_NAMESPACES = (
    ' xmlns:content="http://purl.org/rss/1.0/modules/content/"'
    ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
    ' xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"'
    ' xmlns:xhtml="http://www.w3.org/1999/xhtml"'
)


def rss(*items: str) -> bytes:
    entries = "".join(
        f"<item><title>Offre {n}</title><link>https://emploi.example/{n}</link>{inside}</item>"
        for n, inside in enumerate(items)
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"{RSS_NAMESPACES}><channel>'
        f"<title>Emploi</title><link>https://emploi.example/</link>{entries}</channel></rss>"
    ).encode()


def rdf(*items: str) -> bytes:
    entries = "".join(
        f'<item rdf:about="https://emploi.example/{n}"><title>Offre {n}</title>'
        f"<link>https://emploi.example/{n}</link>{inside}</item>"
        for n, inside in enumerate(items)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        f' xmlns="http://purl.org/rss/1.0/"{RSS_NAMESPACES}>'
        '<channel rdf:about="https://emploi.example/"><title>Emploi</title>'
        "<link>https://emploi.example/</link><description>Offres</description></channel>"
        f"{entries}</rdf:RDF>"
    ).encode()


def atom(*entries: str) -> bytes:
    written = "".join(
        f"<entry><title>Offre {n}</title><id>urn:offre:{n}</id>"
        f'<link href="https://emploi.example/{n}"/><updated>2026-11-23T08:00:00Z</updated>{inside}</entry>'
        for n, inside in enumerate(entries)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>Emploi</title><id>urn:emploi</id><updated>2026-11-23T08:00:00Z</updated>{written}</feed>"
    ).encode()


def read(body: bytes) -> list[Item]:
    return parse_feed(body, "emploi")


def reference(body: bytes) -> list[Item]:
    """feedparser's reading, the one the bot must give."""
    return parse_feed(body, "emploi", complete=True)


def texts(items: list[Item]) -> list[tuple[str, str]]:
    return [(item.title, item.text) for item in items]


def test_a_job_post_whose_description_has_bold_words_keeps_every_word():
    body = rss("<description>Viadeo <b>recrute</b> à Lyon</description>")

    [post] = read(body)

    assert post.text == "Viadeo recrute à Lyon"


def test_the_brand_named_after_the_bold_words_is_still_a_mention():
    body = rss("<description>Poste en <b>CDI</b> chez Viadeo à Lyon</description>")
    matcher = Matcher([BrandRule("Viadeo")])

    [post] = read(body)

    assert "chez Viadeo à Lyon" in post.text
    assert [match.brand for match in matcher.match(post)] == ["Viadeo"]


def test_a_feed_where_every_post_keeps_some_text_loses_no_word():
    body = rss(
        "<description>Viadeo <b>recrute</b> à Lyon</description>",
        '<description>Chez <a href="https://viadeo.example/">Viadeo</a>, 30 postes à Nantes</description>',
        "<description>Offre &lt;b&gt;écrite&lt;/b&gt; comme il faut</description>",
    )

    posts = read(body)

    assert [post.text for post in posts] == [
        "Viadeo recrute à Lyon",
        "Chez Viadeo, 30 postes à Nantes",
        "Offre écrite comme il faut",
    ]


SHAPES = {
    "a link": '<description>Chez <a href="https://v.example/">Viadeo</a> on recrute à Lyon</description>',
    "paragraphs": "<description><p>Viadeo recrute.</p><p>Poste à Lyon</p></description>",
    "a line break": "<description>Viadeo recrute<br/>à Lyon</description>",
    "nested elements": "<description><p>Viadeo <b><i>recrute</i> vite</b> à Lyon</p> en CDI</description>",
    "bold after a CDATA section": "<description><![CDATA[Viadeo ]]><b>recrute</b> à Lyon</description>",
    "a full text in content:encoded": (
        "<description>Résumé</description>"
        "<content:encoded><p>Viadeo <b>recrute</b> à Lyon</p></content:encoded>"
    ),
    "a podcast summary": "<itunes:summary>Viadeo <b>recrute</b> à Lyon</itunes:summary>",
    "a Dublin Core description": "<dc:description>Viadeo <b>recrute</b> à Lyon</dc:description>",
    "an XHTML body beside a description": (
        "<description>Résumé</description><xhtml:body><p>Viadeo <b>recrute</b></p><p>à Lyon</p></xhtml:body>"
    ),
}


RSS_CASES = [
    pytest.param(feed, shape, id=f"{version}-{shape}")
    for feed, version in [(rss, "RSS 2.0"), (rdf, "RSS 1.0")]
    for shape in SHAPES
    if not (feed is rdf and shape == "a podcast summary")  # podcasts are RSS 2.0
]


@pytest.mark.parametrize(("feed", "shape"), RSS_CASES)
def test_html_written_in_an_rss_text_is_read_whole(feed, shape):
    body = feed(SHAPES[shape])

    posts = read(body)

    assert texts(posts) == texts(reference(body))
    assert "à Lyon" in posts[0].text
    assert "recruteà" not in posts[0].text


def test_a_title_with_bold_words_keeps_every_word():
    written = "<title>Viadeo <b>recrute</b> à Lyon</title>"
    body = rss("<description>Détails</description>").replace(b"<title>Offre 0</title>", written.encode())

    [post] = read(body)

    assert post.title == "Viadeo recrute à Lyon"


@pytest.mark.parametrize(
    "summary",
    [
        '<summary type="html">Viadeo <b>recrute</b> à Lyon</summary>',
        "<summary>Viadeo <b>recrute</b> à Lyon</summary>",
        '<content type="html"><p>Viadeo <b>recrute</b> à Lyon</p></content>',
    ],
    ids=["html", "no type", "html content"],
)
def test_html_written_unescaped_in_an_atom_text_is_read_whole(summary):
    body = atom(summary)

    posts = read(body)

    assert texts(posts) == texts(reference(body))
    assert "à Lyon" in posts[0].text


FAST_AND_RIGHT = {
    "RSS, HTML escaped": rss("<description>Viadeo &lt;b&gt;recrute&lt;/b&gt; à Lyon</description>"),
    "RSS, HTML in CDATA": rss("<description><![CDATA[Viadeo <b>recrute</b><br/>à Lyon]]></description>"),
    "RSS, media elements": rss(
        "<description>Viadeo recrute à Lyon</description>"
        '<media:content url="https://emploi.example/v.mp4" xmlns:media="http://search.yahoo.com/mrss/">'
        "<media:title>Viadeo recrute</media:title></media:content>"
    ),
    "Atom, HTML escaped": atom('<content type="html">Viadeo &lt;b&gt;recrute&lt;/b&gt; à Lyon</content>'),
    "Atom, XHTML": atom(
        '<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">'
        "<p>Viadeo <b>recrute</b> à Lyon</p></div></content>"
    ),
}


@pytest.mark.parametrize("name", FAST_AND_RIGHT)
def test_feeds_written_as_their_format_says_keep_the_fast_reading(name):
    body = FAST_AND_RIGHT[name]

    assert parse_document(body).fast
    assert texts(read(body)) == texts(reference(body))
    assert "recrute à Lyon" in read(body)[0].text
