"""A post whose words sit where the fast parser does not look still reaches the team whole: a
video's description in `<media:content>` or `<media:group>`, HTML elements written with a
namespace prefix (`<xhtml:p>`), element names written in capitals (`<Description>`, `<Item>`).

Each feed is read as the bot reads it and compared with feedparser's reading, the reference.
"""

from __future__ import annotations

import pytest

from veille.matching.matcher import BrandRule, Matcher
from veille.model import Item
from veille.sources.feed import parse_feed
from veille.sources.feed_parse import parse_document

NAMESPACES = (
    ' xmlns:media="http://search.yahoo.com/mrss/"'
    ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
    ' xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"'
    ' xmlns:content="http://purl.org/rss/1.0/modules/content/"'
    ' xmlns:xhtml="http://www.w3.org/1999/xhtml"'
)
VIDEO = '<media:content url="https://video.example/1.mp4" medium="video">'


def rss(inside: str, item: str = "item") -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"{NAMESPACES}><channel>'
        "<title>Vidéos</title><link>https://video.example/</link>"
        f"<{item}><title>Épisode 1</title><link>https://video.example/1</link>{inside}</{item}>"
        "</channel></rss>"
    ).encode()


def rdf(inside: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        f' xmlns="http://purl.org/rss/1.0/"{NAMESPACES}>'
        '<channel rdf:about="https://video.example/"><title>Vidéos</title>'
        "<link>https://video.example/</link><description>Vidéos</description></channel>"
        '<item rdf:about="https://video.example/1"><title>Épisode 1</title>'
        f"<link>https://video.example/1</link>{inside}</item></rdf:RDF>"
    ).encode()


def atom(inside: str, entry: str = "entry") -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"{NAMESPACES}>'
        "<title>Vidéos</title><id>urn:videos</id><updated>2026-11-23T08:00:00Z</updated>"
        f"<{entry}><title>Épisode 1</title><id>urn:video:1</id>"
        '<link href="https://video.example/1"/><updated>2026-11-23T08:00:00Z</updated>'
        f"{inside}</{entry}></feed>"
    ).encode()


def read(body: bytes) -> list[Item]:
    return parse_feed(body, "videos")


def reference(body: bytes) -> list[Item]:
    return parse_feed(body, "videos", complete=True)


def texts(items: list[Item]) -> list[tuple[str, str]]:
    return [(item.title, item.text) for item in items]


def brands(item: Item) -> list[str]:
    return [match.brand for match in Matcher([BrandRule("Viadeo")]).match(item)]


def test_a_video_feeds_description_naming_the_brand_is_read_and_matched():
    body = rss(
        "<description>Notre émission du lundi</description>"
        f"{VIDEO}<media:description>Un test de Viadeo en direct</media:description></media:content>"
    )

    [video] = read(body)

    assert "Un test de Viadeo en direct" in video.text
    assert "Notre émission du lundi" in video.text
    assert brands(video) == ["Viadeo"]


def test_a_video_group_description_beside_the_item_description_is_read():
    body = rss(
        "<description>Our Monday show</description>"
        "<media:group><media:title>Épisode 1</media:title>"
        "<media:description>A live review of Viadeo</media:description></media:group>"
    )

    [video] = read(body)

    assert "A live review of Viadeo" in video.text
    assert brands(video) == ["Viadeo"]


SECOND_DESCRIPTIONS = {
    "media:content": f"{VIDEO}<media:description>Un test de Viadeo</media:description></media:content>",
    "media:group": "<media:group><media:description>Un test de Viadeo</media:description></media:group>",
    "media:group around media:content": (
        f"<media:group>{VIDEO}<media:description>Un test de Viadeo</media:description>"
        "</media:content></media:group>"
    ),
    "media:description alone": "<media:description>Un test de Viadeo</media:description>",
    "itunes:summary": "<itunes:summary>Un test de Viadeo</itunes:summary>",
    "dc:description": "<dc:description>Un test de Viadeo</dc:description>",
}


@pytest.mark.parametrize("feed", [rss, rdf], ids=["RSS 2.0", "RSS 1.0"])
@pytest.mark.parametrize("shape", list(SECOND_DESCRIPTIONS))
@pytest.mark.parametrize("order", ["after", "before"])
def test_a_second_description_is_read_like_feedparser_reads_it(feed, shape, order):
    second, first = SECOND_DESCRIPTIONS[shape], "<description>Notre émission du lundi</description>"
    body = feed(first + second if order == "after" else second + first)

    [video] = read(body)

    assert texts([video]) == texts(reference(body))
    assert "Un test de Viadeo" in video.text and "Notre émission du lundi" in video.text


def test_a_youtube_entry_whose_summary_sits_beside_its_media_group_is_read_whole():
    body = atom(
        "<summary>Notre émission du lundi</summary>"
        "<media:group><media:title>Épisode 1</media:title>"
        "<media:description>Un test de Viadeo</media:description></media:group>"
    )

    [video] = read(body)

    assert texts([video]) == texts(reference(body))
    assert brands(video) == ["Viadeo"]


PREFIXED_HTML = {
    "xhtml:p in a description": "<description><xhtml:p>En bref</xhtml:p> Viadeo recrute à Lyon</description>",
    "x:b in a description": (
        '<description>En bref <x:b xmlns:x="http://www.w3.org/1999/xhtml">vite</x:b>'
        " Viadeo recrute à Lyon</description>"
    ),
    "xhtml:p in content:encoded": (
        "<content:encoded><xhtml:p>En bref</xhtml:p> Viadeo recrute à Lyon</content:encoded>"
    ),
}


@pytest.mark.parametrize("feed", [rss, rdf], ids=["RSS 2.0", "RSS 1.0"])
@pytest.mark.parametrize("shape", PREFIXED_HTML)
def test_html_written_with_a_namespace_prefix_keeps_every_word(feed, shape):
    body = feed(PREFIXED_HTML[shape])

    [post] = read(body)

    assert texts([post]) == texts(reference(body))
    assert "Viadeo recrute à Lyon" in post.text
    assert brands(post) == ["Viadeo"]


def test_an_atom_summary_with_prefixed_html_keeps_every_word():
    body = atom('<summary type="html"><xhtml:p>En bref</xhtml:p> Viadeo recrute à Lyon</summary>')

    [post] = read(body)

    assert texts([post]) == texts(reference(body))
    assert brands(post) == ["Viadeo"]


@pytest.mark.parametrize("feed", [rss, rdf], ids=["RSS 2.0", "RSS 1.0"])
@pytest.mark.parametrize(
    "written",
    [
        "<description>Notre émission</description><Description>Un test de Viadeo</Description>",
        "<DESCRIPTION>Un test de Viadeo</DESCRIPTION><description>Notre émission</description>",
        "<description>Notre émission</description><content:Encoded>Un test de Viadeo</content:Encoded>",
        "<description>Notre émission</description><DESCRIPTION>Un <b>test</b> de Viadeo</DESCRIPTION>",
    ],
    ids=["Description after", "DESCRIPTION before", "content:Encoded", "DESCRIPTION with markup"],
)
def test_a_description_written_in_capitals_is_read_and_matched(feed, written):
    body = feed(written)

    [post] = read(body)

    assert texts([post]) == texts(reference(body))
    assert "Viadeo" in post.text
    assert brands(post) == ["Viadeo"]


def test_an_item_written_in_capitals_beside_others_is_not_lost():
    body = rss("<description>Notre émission</description>").replace(
        b"</channel>",
        b"<Item><title>Episode 2</title><link>https://video.example/2</link>"
        b"<description>Un test de Viadeo</description></Item></channel>",
    )

    posts = read(body)

    assert texts(posts) == texts(reference(body))
    assert [brands(post) for post in posts] == [[], ["Viadeo"]]


def test_a_title_written_in_capitals_is_kept():
    body = rss("<description>Notre émission</description>").replace(
        b"<title>\xc3\x89pisode 1</title>", b"<TITLE>Viadeo en direct</TITLE>"
    )

    [post] = read(body)

    assert post.title == "Viadeo en direct"


def test_an_atom_entry_written_in_capitals_beside_others_is_not_lost():
    body = atom("<summary>Notre émission</summary>").replace(
        b"</feed>",
        b'<Entry><title>Episode 2</title><id>urn:video:2</id><link href="https://video.example/2"/>'
        b"<updated>2026-11-23T08:00:00Z</updated><summary>Un test de Viadeo</summary></Entry></feed>",
    )

    posts = read(body)

    assert texts(posts) == texts(reference(body))
    assert len(posts) == 2


FAST_AND_RIGHT = {
    "a podcast summary repeating its description": rss(
        "<description>Un test de Viadeo</description><itunes:summary>Un test de Viadeo</itunes:summary>"
    ),
    "a YouTube entry": atom(
        f"<media:group><media:title>Épisode 1</media:title>{VIDEO}</media:content>"
        '<media:thumbnail url="https://video.example/1.jpg"/>'
        "<media:description>Un test de Viadeo</media:description></media:group>"
    ),
    "a video with a title only": rss(
        f"<description>Un test de Viadeo</description>{VIDEO}"
        "<media:title>Épisode</media:title></media:content>"
    ),
    "a news photo whose caption the story's image repeats": rss(
        '<description><![CDATA[<img src="https://video.example/1.jpg"'
        ' alt="Les bureaux lyonnais de Viadeo"><p>Un test de Viadeo</p>]]></description>'
        f"{VIDEO}<media:description>Les bureaux lyonnais de Viadeo</media:description></media:content>"
    ),
    "camel-case names of other fields": rss(
        "<description>Un test de Viadeo</description><pubDate>Mon, 23 Nov 2026 08:00:00 GMT</pubDate>"
    ),
}


@pytest.mark.parametrize("name", FAST_AND_RIGHT)
def test_common_feeds_keep_the_fast_reading(name):
    body = FAST_AND_RIGHT[name]

    assert parse_document(body).fast
    assert texts(read(body)) == texts(reference(body))
    assert brands(read(body)[0]) == ["Viadeo"]
