"""Veille reads every feed as feedparser does: the same items, and in each the same title, link,
date, author, GUID and text.

Each document goes through Veille's parse (feedparser-rs, or feedparser where feedparser-rs
misreads) and through feedparser alone with the same options, both read into items by the same
field reading (which refuses a GUID that is not a web address as a link, with either parser).
The only differences allowed are the ones listed in `WHERE_VEILLE_IS_RIGHT`, each with its
reason. The shared corpus is every file under `../shared/data/feeds`; the feeds written here
are always run.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from dataclasses import dataclass

import feedparser
import pytest

from veille.model import Item
from veille.sources.base import FetchError
from veille.sources.feed import parse_feed
from veille.text.clean import collapse_whitespace

FIELDS = ("title", "url", "published_at", "author", "guid", "text")


@dataclass(frozen=True)
class Allowed:
    field: str
    reason: str
    applies: Callable[[object, object, bytes], bool]


def _feed_author(body: bytes) -> str:
    return collapse_whitespace(str(feedparser.parse(body).feed.get("author") or ""))


WHERE_VEILLE_IS_RIGHT = (
    Allowed(
        "author",
        "An Atom entry without an author is written by the feed's author (RFC 4287 §4.2.1): "
        "feedparser-rs says so, feedparser leaves the entry without one.",
        lambda ours, theirs, body: theirs is None and bool(ours) and ours == _feed_author(body),
    ),
    Allowed(
        "text",
        "An Atom summary without a type whose text is HTML escaped twice (`&amp;ldquo;`): "
        "feedparser shows the entity names (`&ldquo;Tell`), Veille the characters they stand for.",
        lambda ours, theirs, body: isinstance(theirs, str) and html.unescape(theirs) == ours,
    ),
    Allowed(
        "guid",
        "feedparser resolves an Atom id against xml:base as if it were an address "
        "(`t3_42tizy` becomes `/t3_42tizy`); an id is a name, kept as written.",
        lambda ours, theirs, body: (
            isinstance(ours, str) and isinstance(theirs, str) and theirs.endswith(ours) and "://" not in ours
        ),
    ),
    Allowed(
        "title",
        "An Atom entry with no title of its own: feedparser takes the `<title>` inside its "
        "`<author>` (a job, such as Vice President) as the entry's title.",
        lambda ours, theirs, body: ours == "" and f"<title>{theirs}</title></author>".encode() in body,
    ),
)


def _is_json_feed(body: bytes) -> bool:
    try:
        return str(json.loads(body).get("version", "")).startswith("https://jsonfeed.org/")
    except (ValueError, AttributeError):
        return False


def _read(body: bytes, careful: bool) -> list[Item] | str:
    try:
        return parse_feed(body, "differential", complete=careful)
    except FetchError as error:
        return f"refused: {error.message}"


def _count(found: list[Item] | str) -> str:
    return found if isinstance(found, str) else f"{len(found)} items"


def _allowed(field: str, ours: object, theirs: object, body: bytes) -> bool:
    return any(rule.field == field and rule.applies(ours, theirs, body) for rule in WHERE_VEILLE_IS_RIGHT)


def differences(body: bytes) -> list[str]:
    """What Veille reads differently from feedparser, beyond `WHERE_VEILLE_IS_RIGHT`."""
    ours = _read(body, careful=False)
    theirs = _read(body, careful=True)
    if ours == theirs or (isinstance(theirs, str) and _is_json_feed(body)):
        return []  # the same, or a JSON Feed, which feedparser does not read at all
    if isinstance(ours, str) or isinstance(theirs, str) or len(ours) != len(theirs):
        return [f"Veille: {_count(ours)}, feedparser: {_count(theirs)}"]
    found = []
    for number, (mine, reference) in enumerate(zip(ours, theirs, strict=True)):
        for field in FIELDS:
            a, b = getattr(mine, field), getattr(reference, field)
            if a == b or _allowed(field, a, b, body):
                continue
            found.append(f"item {number} {field}: Veille {a!r:.120} / feedparser {b!r:.120}")
    return found


def rss(items: str, root: str = "") -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:content="http://purl.org/rss/1.0/modules/content/"'
        f"{root}><channel><title>Presse</title><link>https://presse.example/</link>"
        f"{items}</channel></rss>"
    ).encode()


def atom(entries: str, root: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"{root}>'
        "<title>Presse</title><id>urn:presse</id><updated>2026-11-23T08:00:00Z</updated>"
        f"{entries}</feed>"
    ).encode()


DATE = "<pubDate>Tue, 14 Aug 2012 05:31:45 GMT</pubDate>"

OWN_FEEDS = {
    "empty comments and creator": rss(
        "<item><title>Viadeo recrute</title><description>Viadeo recrute 30 personnes</description>"
        "<comments/><link>https://presse.example/a</link><dc:creator/>"
        f'{DATE}<guid isPermaLink="false">a</guid></item>'
    ),
    "empty elements of every kind": rss(
        "".join(
            f"<item><title>Viadeo {n}</title><description>Viadeo lève des fonds</description>{empty}"
            f"<dc:creator>Paul</dc:creator><link>https://presse.example/{n}</link>{DATE}</item>"
            for n, empty in enumerate(
                [
                    "<category/>",
                    "<author/>",
                    "<description/>",
                    "<guid/>",
                    '<source url="https://agence.example/rss"/>',
                    "<content:encoded/>",
                    '<enclosure url="https://presse.example/a.mp3" type="audio/mpeg"/>',
                ]
            )
        )
    ),
    "empty element in a CDATA section": rss(
        "<item><title><![CDATA[Des <category/> vides chez Viadeo]]></title>"
        "<description><![CDATA[Viadeo<br/>recrute]]></description><category/>"
        f"<link>https://presse.example/v</link>{DATE}</item>"
    ),
    "title inside an RSS author": rss(
        "<item><title>Viadeo ouvre à Lyon</title>"
        "<author><name>Jeanne Martin</name><title>Vice President</title></author>"
        "<description>Le réseau grandit.</description><link>https://presse.example/lyon</link></item>"
    ),
    "title inside an Atom author": atom(
        "<entry><author><name>Jeanne Martin</name><title>Vice President</title></author>"
        "<title>Viadeo ouvre à Lyon</title><id>https://presse.example/lyon</id>"
        "<updated>2026-11-23T08:00:00Z</updated><summary>Le réseau grandit.</summary></entry>"
        "<entry><author><name>Paul</name><title>Vice President</title></author>"
        "<id>https://presse.example/sans-titre</id><updated>2026-11-23T08:00:00Z</updated>"
        "<summary>Une entrée sans titre.</summary></entry>"
    ),
    "empty JSON Feed": b'{"version": "https://jsonfeed.org/version/1", "title": "Presse", "items": []}',
    "item-level xml:base": rss(
        '<item xml:base="https://blog.viadeo.example/2012/"><title>Viadeo recrute</title>'
        "<link>recrutement.html</link><description>30 postes</description></item>"
        "<item><title>Sans base</title><link>https://presse.example/b</link>"
        "<description>b</description></item>"
    ),
    "entry-level and link-level xml:base": atom(
        '<entry xml:base="https://blog.viadeo.example/2012/"><title>Viadeo</title>'
        '<link href="recrutement.html"/><id>https://blog.viadeo.example/1</id>'
        "<updated>2026-11-23T08:00:00Z</updated><summary>a</summary></entry>"
        '<entry><title>Viadeo 2</title><link xml:base="https://b.example/x/" href="p.html"/>'
        "<id>https://b.example/2</id><updated>2026-11-23T08:00:00Z</updated><summary>b</summary></entry>",
        root=' xml:base="https://presse.example/"',
    ),
    "GUIDs with and without links": rss(
        "<item><title>Clé</title><description>a</description><guid>abc123</guid></item>"
        "<item><title>Permalien</title><description>b</description>"
        "<guid>https://presse.example/p/1</guid></item>"
        '<item><title>Identifiant</title><description>c</description><guid isPermaLink="false">'
        "https://presse.example/p/3</guid></item>"
        "<item><title>Lien et GUID</title><link>https://presse.example/l</link>"
        "<description>d</description><guid>https://presse.example/g</guid></item>"
    ),
    "Atom ids that are not addresses": atom(
        "<entry><title>Viadeo</title><id>tag:presse.example,2026:1</id>"
        "<updated>2026-11-23T08:00:00Z</updated><summary>a</summary></entry>"
    ),
    "author and creator in either order": rss(
        "<item><title>Un</title><description>a</description>"
        "<dc:creator>Presse: www.presse.example</dc:creator><author>Jeanne</author></item>"
        "<item><title>Deux</title><description>b</description>"
        "<author>Jeanne</author><dc:creator>Paul</dc:creator></item>"
    ),
    "Atom elements in RSS items": rss(
        "<item><title>Viadeo</title><description>a</description>"
        "<a10:author><a10:name>Jeanne</a10:name></a10:author>"
        '<a10:link href="https://presse.example/v"/></item>',
        root=' xmlns:a10="http://www.w3.org/2005/Atom"',
    ),
    "Windows-1252 quote written in UTF-8": rss(
        "<item><title>Viadeo</title><description>don\u0092t</description></item>"
    ),
    "Windows-1252 body without a declaration": (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>P</title>'
        b"<item><title>Caf\xe9 \x93Viadeo\x94</title><description>d\xe9j\xe0</description></item>"
        b"</channel></rss>"
    ),
    "C1 character references": rss(
        "<item><title>Viadeo</title><description>don&#146;t &#226;&#128;&#166;</description></item>"
    ),
}


@pytest.mark.parametrize("name", OWN_FEEDS)
def test_veille_reads_our_edge_case_feeds_as_feedparser_does(name):
    assert differences(OWN_FEEDS[name]) == []


def test_every_shared_feed_is_read_as_feedparser_reads_it(shared):
    files = [path for path in sorted((shared / "feeds").rglob("*")) if path.is_file()]
    assert len(files) > 100
    found = {str(path.relative_to(shared)): differences(path.read_bytes()) for path in files}
    assert {name: diff for name, diff in found.items() if diff} == {}
