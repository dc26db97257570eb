"""Each field of a feed item reaches the team as the feed wrote it: none lost, none taken from
the element next to it, none made up, whatever the shape of the document.

Every feed is served over HTTP and fetched as the bot fetches an `rss` source.
"""

from __future__ import annotations

from datetime import UTC, datetime

from tests.fakes.feeds import FeedServer
from tests.fakes.net import local_fetcher
from veille.model import Item
from veille.sources.feed import FeedSource

NAMESPACES = (
    ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
    ' xmlns:content="http://purl.org/rss/1.0/modules/content/"'
    ' xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"'
)


def rss(items: str, root: str = "", channel: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"{NAMESPACES}{root}><channel>'
        f"<title>Presse</title><link>https://presse.example/</link>{channel}{items}</channel></rss>"
    )


def fetched(feeds: FeedServer, body: str | bytes) -> list[Item]:
    feeds.set("/flux.xml", body)
    return FeedSource("presse", feeds.url("/flux.xml"), local_fetcher()).fetch(None).items


AUG_14 = datetime(2012, 8, 14, 5, 31, 45, tzinfo=UTC)


def test_an_empty_comments_or_creator_element_does_not_swallow_the_link_and_date_after_it(feeds):
    items = fetched(
        feeds,
        rss(
            "<item><title>Viadeo recrute</title>"
            "<description>Viadeo recrute 30 personnes</description><comments/>"
            "<link>https://presse.example/viadeo</link><dc:creator/>"
            '<pubDate>Tue, 14 Aug 2012 05:31:45 GMT</pubDate><guid isPermaLink="false">a</guid></item>'
        ),
    )
    [item] = items
    assert item.url == "https://presse.example/viadeo"
    assert item.published_at == AUG_14
    assert item.author is None
    assert item.guid == "a"


def test_after_any_empty_element_an_item_keeps_its_author_date_and_link(feeds):
    empties = [
        "<category/>",
        "<author/>",
        "<description/>",
        "<guid/>",
        '<source url="https://agence.example/rss"/>',
        "<itunes:summary />",
        "<content:encoded/>",
    ]
    items = fetched(
        feeds,
        rss(
            "".join(
                f"<item><title>Viadeo {n}</title><description>Viadeo lève des fonds</description>"
                f"{empty}<dc:creator>Paul</dc:creator><link>https://presse.example/{n}</link>"
                "<pubDate>Tue, 14 Aug 2012 05:31:45 GMT</pubDate></item>"
                for n, empty in enumerate(empties)
            )
        ),
    )
    assert [(i.title, i.author, i.url, i.published_at) for i in items] == [
        (f"Viadeo {n}", "Paul", f"https://presse.example/{n}", AUG_14) for n in range(len(empties))
    ]


def test_an_empty_element_written_inside_a_cdata_section_stays_part_of_the_text(feeds):
    [item] = fetched(
        feeds,
        rss(
            "<item><title><![CDATA[Le flux de Viadeo a des <category/> vides]]></title>"
            "<description><![CDATA[Viadeo<br/>recrute à Paris]]></description>"
            "<category/><link>https://presse.example/v</link></item>"
        ),
    )
    assert item.title == "Le flux de Viadeo a des <category/> vides"
    assert item.text == "Viadeo recrute à Paris"
    assert item.url == "https://presse.example/v"


def test_a_title_inside_the_author_is_the_authors_job_not_the_items_title(feeds):
    [item] = fetched(
        feeds,
        rss(
            "<item><title>Viadeo ouvre un bureau à Lyon</title>"
            "<author><name>Jeanne Martin</name><title>Vice President</title></author>"
            "<description>Le réseau social grandit.</description>"
            "<link>https://presse.example/lyon</link></item>"
        ),
    )
    assert item.title == "Viadeo ouvre un bureau à Lyon"
    assert item.url == "https://presse.example/lyon"


def test_a_json_feed_with_no_items_yet_is_a_quiet_feed_not_an_error(feeds):
    body = '{"version": "https://jsonfeed.org/version/1", "title": "Presse", "items": []}'
    assert fetched(feeds, body) == []


def test_a_relative_item_link_is_resolved_against_the_items_own_xml_base(feeds):
    [item] = fetched(
        feeds,
        rss(
            '<item xml:base="https://blog.viadeo.example/2012/"><title>Viadeo recrute</title>'
            "<link>recrutement.html</link><description>30 postes</description></item>"
        ),
    )
    assert item.url == "https://blog.viadeo.example/2012/recrutement.html"


def test_an_item_without_a_link_gets_no_address_made_of_the_site_and_its_guid(feeds):
    [item] = fetched(
        feeds,
        rss("<item><title>Viadeo recrute</title><description>30 postes</description><guid>abc</guid></item>"),
    )
    assert item.url is None
    assert item.guid == "abc"


def test_a_guid_that_is_a_web_address_serves_as_the_link_unless_it_says_it_is_no_permalink(feeds):
    items = fetched(
        feeds,
        rss(
            "<item><title>Permalien</title><description>a</description>"
            "<guid>https://presse.example/p/1</guid></item>"
            "<item><title>Permalien déclaré</title><description>b</description>"
            '<guid isPermaLink="true">https://presse.example/p/2</guid></item>'
            "<item><title>Identifiant</title><description>c</description>"
            '<guid isPermaLink="false">https://presse.example/p/3</guid></item>'
            "<item><title>Clé</title><description>d</description>"
            '<guid isPermaLink="true">viadeo-42</guid></item>'
        ),
    )
    assert [(i.title, i.url) for i in items] == [
        ("Permalien", "https://presse.example/p/1"),
        ("Permalien déclaré", "https://presse.example/p/2"),
        ("Identifiant", None),
        ("Clé", None),
    ]


def test_an_atom_entry_id_that_is_not_a_web_address_is_not_its_link(feeds):
    body = (
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Presse</title>'
        "<id>urn:presse</id><updated>2026-11-23T08:00:00Z</updated>"
        "<entry><title>Viadeo</title><id>tag:presse.example,2026:1</id>"
        "<updated>2026-11-23T08:00:00Z</updated><summary>Viadeo recrute</summary></entry></feed>"
    )
    [item] = fetched(feeds, body)
    assert item.url is None
    assert item.guid == "tag:presse.example,2026:1"


def test_of_an_author_and_a_creator_the_last_one_written_is_the_author(feeds):
    items = fetched(
        feeds,
        rss(
            "<item><title>Un</title><description>a</description>"
            "<dc:creator>Presse: www.presse.example</dc:creator><author>Jeanne</author></item>"
            "<item><title>Deux</title><description>b</description>"
            "<author>Jeanne</author><dc:creator>Paul</dc:creator></item>"
        ),
    )
    assert [i.author for i in items] == ["Jeanne", "Paul"]


def test_an_atom_author_inside_an_rss_item_is_read(feeds):
    [item] = fetched(
        feeds,
        rss(
            "<item><title>Viadeo</title><description>a</description>"
            "<a10:author><a10:name>Jeanne</a10:name></a10:author>"
            '<a10:link href="https://presse.example/v"/></item>',
            root=' xmlns:a10="http://www.w3.org/2005/Atom"',
        ),
    )
    assert (item.author, item.url) == ("Jeanne", "https://presse.example/v")


def test_windows_1252_quotes_read_as_quotes(feeds):
    body = rss("<item><title>Viadeo</title><description>don\u0092t</description></item>").encode()
    [item] = fetched(feeds, body)
    assert item.text == "don\u2019t"


def test_a_relative_item_link_is_resolved_against_the_documents_own_xml_base(feeds):
    [item] = fetched(
        feeds,
        rss(
            "<item><title>Viadeo recrute</title><link>recrutement.html</link>"
            "<description>30 postes</description></item>",
            root=' xml:base="https://blog.viadeo.example/2012/"',
        ),
    )
    assert item.url == "https://blog.viadeo.example/2012/recrutement.html"


def test_atom_elements_under_a_second_atom_prefix_are_read(feeds):
    [item] = fetched(
        feeds,
        rss(
            "<item><title>Viadeo recrute</title><link>https://presse.example/viadeo</link>"
            "<description>30 postes</description>"
            "<a10:updated>2012-08-14T05:31:45Z</a10:updated>"
            "<a10:author><a10:name>Paul</a10:name></a10:author></item>",
            root=' xmlns:atom="http://www.w3.org/2005/Atom" xmlns:a10="http://www.w3.org/2005/Atom"',
            channel='<atom:link rel="self" href="https://presse.example/flux.xml"/>',
        ),
    )
    assert (item.author, item.published_at) == ("Paul", AUG_14)
