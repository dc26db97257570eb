"""A feed document's entries: feedparser-rs when its reading can be trusted, feedparser otherwise.

feedparser-rs parses about 25× faster than feedparser, but it misreads some shapes feedparser
reads right. The rule is that a field feedparser reads is never lost, taken from another element
or made up, so each known shape is either repaired before the fast parse or sent to feedparser:

- an empty self-closing element inside an RSS item (`<comments/>`, `<dc:creator/>`,
  `<source url="…"/>`) makes it take the next element's text as that element's value, and lose
  the next element: the body is given to it with such elements written open and closed
  (`<comments></comments>`), which it reads right and which means the same in XML;
- a `<title>` inside an RSS item's `<author>` becomes the item's title;
- of an item's `<author>` and `<dc:creator>`, feedparser keeps the last and feedparser-rs
  always `<dc:creator>`;
- an `xml:base` on an item, an entry or a link is ignored when resolving a relative link;
- Atom elements inside RSS items (`<atom:author>`, `<a10:link>`) are dropped;
- a body that is not UTF-8, a charset announced by the server, or characters and character
  references in the C1 range (`&#146;` meaning a Windows-1252 quote) are decoded differently;
- a link it could not keep (it blanks some, such as `localhost` addresses) reads as "".

Odd documents where it finds no entries, reports errors ("bozo") or drops an entry's text
(unescaped HTML inside `<description>`) go to feedparser as well. A JSON Feed stays with
feedparser-rs, whatever it holds: feedparser does not read JSON Feed.
"""

from __future__ import annotations

import bisect
import logging
import re
from typing import Any

import feedparser

log = logging.getLogger(__name__)

_fast_parser: Any
try:  # the fast parser is optional at run time: feedparser alone is correct, only slower
    import feedparser_rs as _fast_parser
except ImportError:  # pragma: no cover
    _fast_parser = None

_TEXT_TAGS = re.compile(rb"<(description|summary|content)[\s>:]", re.IGNORECASE)
# Self-closing elements feedparser-rs reads right: they carry attributes, not text, or it does
# not read them. Any other (`<comments/>`, `<dc:creator/>`, `<source url="…"/>`,
# `<media:keywords/>`) is rewritten.
_ATTRIBUTES_ONLY = frozenset(
    b"enclosure link media:content media:thumbnail itunes:image itunes:category psc:chapter rdf:li"
    b" enc:enclosure googleplay:image feedburner:info cloud img br hr".split()
)
_C1_CHARACTER = re.compile(rb"\xc2[\x80-\x9f]")
_C1_REFERENCE = re.compile(rb"&#(?:1[2-5]\d|[xX][89][0-9a-fA-F]);")
_AUTHOR_WITH_CHILDREN = re.compile(rb"<author(?:\s[^<>]*)?>\s*<(?![/!])")
_NAME = re.compile(rb"[A-Za-z_][\w.:-]*")
_ATOM_NAMESPACE = b"http://www.w3.org/2005/Atom"
_ATOM_PREFIX = re.compile(rb"xmlns:([\w.-]+)\s*=\s*[\"']http://www\.w3\.org/2005/Atom[\"']")
_ATOM_FIELDS = frozenset((b"author", b"title", b"id", b"published", b"updated", b"summary", b"content"))
_REL = re.compile(rb"\brel\s*=\s*[\"']([^\"']*)")
_BASED = frozenset((b"entry", b"item", b"channel", b"link"))
_ENTRY_TAG = re.compile(rb"<(?:[\w.-]+:)?(?:item|entry)[\s>]", re.IGNORECASE)
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_UTF8 = frozenset(("utf-8", "utf8", "us-ascii", "ascii"))


class ParsedFeed:
    def __init__(
        self, entries: list[Any], version: str, bozo: bool, language: str | None, fast: bool
    ) -> None:
        self.entries = entries
        self.version = version
        self.bozo = bozo
        self.language = language
        self.fast = fast


def get_field(obj: Any, key: str) -> Any:
    """`obj[key]` of either parser's result, None when absent."""
    try:
        return obj.get(key)
    except Exception:
        return None


def text_value(obj: Any) -> str:
    """The text of a field, whether a parser gives a string or a detail object."""
    if obj is None:
        return ""
    if isinstance(obj, str):
        return obj
    if isinstance(obj, dict):
        return str(obj.get("value") or "")
    return str(getattr(obj, "value", "") or "")


def _entry_has_text(entry: Any) -> bool:
    if text_value(get_field(entry, "summary")).strip():
        return True
    return any(text_value(c).strip() for c in (get_field(entry, "content") or []))


def _self_closing_read_as_text(body: bytes) -> list[tuple[int, int, bytes]]:
    """Where the body has `<name …/>` elements feedparser-rs would read as text: (start of the
    tag, position of its `/>`, name)."""
    found = []
    find, match = body.find, _NAME.match
    end = find(b"/>")
    while end >= 0:
        start = body.rfind(b"<", 0, end)
        name = match(body, start + 1, end) if start >= 0 else None
        if name is not None:
            value = name.group()
            # a `>` before the `/>` means it is text after a tag, as in `&lt;br/>`
            if value not in _ATTRIBUTES_ONLY and not value.endswith(b":link") and find(b">", start, end) < 0:
                found.append((start, end, value))
        end = find(b"/>", end + 2)
    return found


def _text_sections(body: bytes) -> list[tuple[int, int]]:
    """Where CDATA sections and comments start and end: text, whatever it looks like."""
    sections = []
    for opener, closer in ((b"<![CDATA[", b"]]>"), (b"<!--", b"-->")):
        start = body.find(opener)
        while start >= 0:
            end = body.find(closer, start + len(opener))
            end = len(body) if end < 0 else end
            sections.append((start, end))
            start = body.find(opener, end)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(sections):  # a comment written inside a CDATA section, or the reverse
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def fast_body(body: bytes) -> bytes:
    """The body as feedparser-rs reads right: in RSS, the empty self-closing elements it would
    read as text are written open and closed (`<comments></comments>`), outside CDATA sections
    and comments."""
    if body.find(b"<rss") < 0 and body.find(b"<rdf:RDF") < 0:
        return body
    found = _self_closing_read_as_text(body)
    if not found:
        return body
    sections = _text_sections(body)
    starts = [start for start, _ in sections]
    parts, done = [], 0
    for start, end, name in found:
        section = bisect.bisect_right(starts, start) - 1
        if section >= 0 and start < sections[section][1]:
            continue
        parts += [body[done:end], b"></", name, b">"]
        done = end + 2
    parts.append(body[done:])
    return b"".join(parts)


def parse_fast(body: bytes) -> ParsedFeed | None:
    """feedparser-rs's reading of the body as given, None when it fails or is not installed."""
    if _fast_parser is None:
        return None
    try:
        # bytes only: a str that looks like a URL would be fetched
        result = _fast_parser.parse(body, sanitize_html=False)
    except Exception as exc:  # a parser bug must not cost the poll
        log.debug("feedparser-rs failed: %s", exc)
        return None
    feed = get_field(result, "feed") or {}
    return ParsedFeed(
        list(get_field(result, "entries") or []),
        str(get_field(result, "version") or ""),
        bool(get_field(result, "bozo")),
        get_field(feed, "language"),
        True,
    )


def parse_careful(body: bytes, content_type: str | None) -> ParsedFeed:
    """feedparser's reading, with the same options as the fast path (no sanitizing)."""
    headers = {"content-type": content_type} if content_type else None
    result = feedparser.parse(
        body, response_headers=headers, sanitize_html=False, resolve_relative_uris=False
    )
    feed = result.get("feed") or {}
    return ParsedFeed(
        list(result.get("entries") or []),
        str(result.get("version") or ""),
        bool(result.get("bozo")),
        feed.get("language"),
        False,
    )


def _decoded_differently(body: bytes, content_type: str | None) -> bool:
    charset = _CHARSET.search(content_type or "")
    if charset and charset.group(1).lower() not in _UTF8:
        return True
    if not body.isascii():
        try:
            body.decode("utf-8")
        except UnicodeDecodeError:
            return True
        if _C1_CHARACTER.search(body):
            return True
    return _C1_REFERENCE.search(body) is not None


def _element_name(body: bytes, start: int) -> bytes:
    """The name of the element whose tag opens at `start` (the `<`)."""
    name = _NAME.match(body, start + 1) if start >= 0 else None
    return name.group() if name else b""


def _author_holds_a_title(body: bytes, items: int) -> bool:
    first = _AUTHOR_WITH_CHILDREN.search(body, items)
    if first is None:
        return False
    start = first.start()
    while start >= 0:
        end = body.find(b"</author>", start)
        if end < 0:
            return False
        if body.find(b"<title", start, end) >= 0:
            return True
        start = body.find(b"<author", end)
    return False


def _atom_prefixes(body: bytes) -> set[bytes]:
    prefixes = set()
    at = body.find(_ATOM_NAMESPACE)
    while at >= 0:
        declared = _ATOM_PREFIX.search(body, max(0, at - 200), at + len(_ATOM_NAMESPACE) + 1)
        if declared:
            prefixes.add(declared.group(1))
        at = body.find(_ATOM_NAMESPACE, at + 1)
    return prefixes


def _atom_fields_in_items(body: bytes, items: int) -> bool:
    """Whether RSS items hold Atom elements feedparser reads a field from: an author, a title,
    an id, a text, a date, or a link to the item itself. Others (`rel="payment"`,
    `<atom:contributor>`) change nothing."""
    for prefix in _atom_prefixes(body):
        opener = b"<" + prefix + b":"
        at = body.find(opener, items)
        while at >= 0:
            name = _element_name(body, at)[len(opener) - 1 :]
            if name in _ATOM_FIELDS:
                return True
            if name == b"link":
                rel = _REL.search(body, at, body.find(b">", at))
                if rel is None or rel.group(1) == b"alternate":
                    return True
            at = body.find(opener, at + 1)
    return False


def _creator_before_author(body: bytes, items: int) -> bool:
    """Whether an item names its `<author>` after its `<dc:creator>`: feedparser keeps the last
    one written, feedparser-rs always `<dc:creator>`."""
    if body.find(b"<dc:creator", items) < 0 or body.find(b"<author", items) < 0:
        return False
    start = items
    while start >= 0:
        end = body.find(b"</item>", start)
        end = len(body) if end < 0 else end
        creator = body.rfind(b"<dc:creator", start, end)
        if 0 <= creator < body.rfind(b"<author", start, end):
            return True
        start = body.find(b"<item", end)
    return False


def _inner_base(body: bytes) -> bool:
    """Whether an `xml:base` applies to an entry's link: feedparser-rs only reads the feed's
    own. One on a text element (`<content xml:base=…>`) only matters to relative addresses
    inside that text, which are not resolved."""
    at = body.find(b"xml:base")
    while at >= 0:
        name = _element_name(body, body.rfind(b"<", 0, at))
        if name in _BASED or name.endswith(b":link"):
            return True
        at = body.find(b"xml:base", at + 8)
    return False


def careful_reason(body: bytes, content_type: str | None, fast: ParsedFeed | None) -> str | None:
    """Why feedparser-rs's reading of this body cannot be trusted, None when it can."""
    if fast is None:
        return "fast parser unavailable or failed"
    if fast.version.startswith("json"):
        return None
    if not fast.entries:
        if fast.version and _ENTRY_TAG.search(body) is None:
            return None  # a feed with nothing in it yet
        return "no entries"
    if fast.bozo:
        return "ill-formed"
    if _decoded_differently(body, content_type):
        return "encoding"
    if _inner_base(body):
        return "xml:base"
    items = body.find(b"<item")
    if fast.version.startswith("rss") and items >= 0:
        if _author_holds_a_title(body, items):
            return "title inside author"
        if _atom_fields_in_items(body, items):
            return "Atom elements in RSS items"
        if _creator_before_author(body, items):
            return "author after creator"
    if any(get_field(e, "link") == "" for e in fast.entries):
        return "link dropped"
    if any(not _entry_has_text(e) for e in fast.entries) and _TEXT_TAGS.search(body):
        return "text dropped"
    return None


def parse_document(body: bytes, content_type: str | None = None) -> ParsedFeed:
    fast = parse_fast(fast_body(body))
    if careful_reason(body, content_type, fast) is None and fast is not None:
        return fast
    slow = parse_careful(body, content_type)
    if fast is not None and (len(fast.entries) > len(slow.entries) or (fast.version and not slow.version)):
        return fast
    return slow
