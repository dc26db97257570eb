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
- HTML written as elements inside a text element (`<description>Viadeo <b>recrute</b> à
  Lyon</description>`, neither escaped nor in CDATA) is cut after the first child element
  ("Viadeo recrute"), in RSS as in Atom but for `type="xhtml"`, and a `<br/>` there glues the
  words around it;
- HTML elements with a namespace prefix (`<xhtml:p>`) inside a text element cut it the same way;
- of an entry's second description (`<media:description>`, also inside `<media:content>` or
  `<media:group>`, `<itunes:summary>`, `<dc:description>` beside a `<description>`), which
  feedparser reads as its content, it keeps only one;
- element names are matched as written: an `<Item>`, `<Description>` or `<TITLE>`, which
  feedparser reads whatever their case, is ignored;
- a link it could not keep (it blanks some, such as `localhost` addresses) reads as "".

Odd documents where it finds no entries, reports errors ("bozo") or drops an entry's text
go to feedparser as well. A JSON Feed stays with feedparser-rs, whatever it holds: feedparser
does not read JSON Feed.

Finding these shapes must cost little next to feedparser-rs itself: one pass of a regular
expression over the tags of an RSS document (`Shapes`), a search for `xml:base` in an Atom one,
a search for HTML elements inside text elements, and scans for the encoding cases; the finer
checks only run where that pass found something.
"""

from __future__ import annotations

import functools
import html
import logging
import re
from collections.abc import Callable
from typing import Any

import feedparser

from veille.text.html import html_to_text

log = logging.getLogger(__name__)

_fast_parser: Any
try:  # the fast parser is optional at run time: feedparser alone is correct, only slower
    import feedparser_rs as _fast_parser
except ImportError:  # pragma: no cover
    _fast_parser = None

# The elements feedparser takes an entry's text from (`<content:encoded>`, `<itunes:summary>`,
# `<xhtml:body>`…), and such an element holding nothing (white space or empty CDATA sections).
_TEXT_ELEMENT = re.compile(
    rb"<((?:[\w.-]+:)?(?:description|abstract|summary|content|body|encoded|fullitem))\b[^>]*+>", re.IGNORECASE
)
# A title or such a text element (not declared XHTML, not self-closing) holding an element, as
# HTML elements are (`<b>`, `<xhtml:p>`), after nothing but text, CDATA sections and comments.
# A prefixed `<media:content>` is no text element: its `<media:title>` is its own field.
_MARKUP_IN_TEXT = re.compile(
    rb"<(?=[\w.-]++:|[tsdacbef])(?![\w.-]++:content(?![\w.:-]))(?:[\w.-]++:)?"
    rb"(?:title|subtitle|description|abstract|summary|content|body|encoded|fullitem)"
    rb"(?![\w.:-])(?![^>]*?\btype\s*+=\s*+[\"'][^\"']*xhtml)[^>]*+(?<!/)>"
    rb"(?:[^<]++|<!--[^-]*+(?:-(?!->)[^-]*+)*+-->|<!\[CDATA\[[^\]]*+(?:\](?!\]>)[^\]]*+)*+\]\]>)*+"
    rb"<[A-Za-z_][\w.:-]*+[\s/>]"
)
# A second description feedparser reads into an entry's text; then every description and what
# it holds when that is only text and CDATA sections (one holding elements is found by
# `_MARKUP_IN_TEXT`).
_SECOND_DESCRIPTION = re.compile(rb"<(?:(?!rdf:)[\w.-]++:description|itunes:summary)[\s>]")
_DESCRIPTION = re.compile(
    rb"<((?:(?!rdf:)[\w.-]++:)?(?:description|summary))(?:\s[^>]*+)?(?<!/)>"
    rb"((?:[^<]++|<!\[CDATA\[[^\]]*+(?:\](?!\]>)[^\]]*+)*+\]\]>)*+)</\1\s*+>"
)
_CDATA_MARKS = re.compile(rb"<!\[CDATA\[|\]\]>")
# Texts are compared by their words alone: feedparser-rs rewrites some markup and spacing.
_TAGS = re.compile(r"<[^>]*+>")
_NOT_WORDS = re.compile(r"\W++")
# The ASCII characters `\W` matches, deleted from UTF-8 bytes at C speed (a multi-byte sequence
# holds no ASCII byte); only a text left with other characters then needs `_NOT_WORDS`.
_ASCII_NOT_WORD = bytes(code for code in range(128) if not re.match(r"\w", chr(code)))
# An element feedparser reads an entry or its text from, its name not written in lower case
# (`<Item>`, `<DESCRIPTION>`, `<content:Encoded>`): feedparser-rs ignores it. These names are
# letters alone, so one is not in lower case when an upper-case letter ends its first run of
# lower-case ones; most tags are left at that test.
_TEXT_NAMES = rb"item|entry|title|subtitle|description|abstract|summary|content|body|encoded|fullitem"
_CASED_NAME = re.compile(rb"</?(?!rdf:)(?:[\w.-]++:)?(?=[a-z]*+[A-Z])(?i:" + _TEXT_NAMES + rb")[\s/>]")
_NOTHING_UNTIL_CLOSED = re.compile(rb"\s*+(?:<!\[CDATA\[\s*+\]\]>\s*+)*+</([^\s>]++)\s*+>")
# Self-closing elements feedparser-rs reads right: they carry attributes, not text, or it does
# not read them. Any other (`<comments/>`, `<dc:creator/>`, `<source url="…"/>`,
# `<media:keywords/>`) is rewritten.
_ATTRIBUTES_ONLY = (
    b"enclosure link media:content media:thumbnail itunes:image itunes:category psc:chapter rdf:li"
    b" enc:enclosure googleplay:image feedburner:info cloud img br hr".split()
)
_ATOM_FIELDS = (b"author", b"title", b"id", b"published", b"updated", b"summary", b"content")
# One pass over the tags finds every shape feedparser-rs may misread; the slower checks then only
# run on documents where one was found. Each match is a CDATA section or a comment (text,
# whatever it holds: matched whole, with an empty group) or, as the group, the text of a tag:
# - a self-closing element not known to carry attributes only (`dc:creator/`), ending with `/`;
# - an element whose `xml:base` a relative link may depend on, ending with `xml:base`;
# - an `author` holding an element (ending with `>`), an `author`, a `dc:creator`;
# - an `atom:` element feedparser reads a field from.
# sre scans at C speed only because every alternative starts with the same `<`; the alternatives
# are nested by first character so that the many tags matching none are left quickly.
_NOT_X_BASE = rb"[^>x]*+(?:x(?!ml:base)[^>x]*+)*+"
_SHAPES = re.compile(
    rb"<(?:!(?:\[CDATA\[[^\]]*+(?:\](?!\]>)[^\]]*+)*+(?:\]\]>|\Z)|--[^-]*+(?:-(?!->)[^-]*+)*+(?:-->|\Z))"
    rb"|(?=[A-Za-z_])("
    rb"(?=[^>]*+(?<=/)>)(?!(?:" + b"|".join(re.escape(name) for name in _ATTRIBUTES_ONLY) + rb")[\s/]"
    rb"|[^\s/>:]++:link[\s/])[^>]*+(?<=/)"
    rb"|a(?:uthor(?:(?:\s[^>]*+)?>(?=\s*+<(?![/!]))|\b)|tom:(?:(?:" + b"|".join(_ATOM_FIELDS) + rb")\b"
    rb"|link\b(?:" + _NOT_X_BASE + rb"xml:base|[^>]*?(?=/?>))))"
    rb"|dc:creator\b"
    rb"|(?:rss|rdf:RDF|channel|item|entry|link)\b" + _NOT_X_BASE + rb"xml:base))"
)
_TAG_NAME = re.compile(rb"[^\s/>]+")
_ROOT = re.compile(rb"<([A-Za-z_][^\s/>]*)")
_JSON = re.compile(rb"(?:\xef\xbb\xbf)?\s*\{")
_C1_CHARACTER = re.compile(rb"\xc2[\x80-\x9f]")
_C1_REFERENCE = re.compile(rb"&#(?:1[2-5]\d|[xX][89][0-9a-fA-F]);")
_AUTHOR_WITH_CHILDREN = re.compile(rb"<author(?:\s[^<>]*)?>\s*<(?![/!])")
_NAME = re.compile(rb"[A-Za-z_][\w.:-]*")
_ATOM_NAMESPACE = b"http://www.w3.org/2005/Atom"
_ATOM_PREFIX = re.compile(rb"xmlns:([\w.-]+)\s*=\s*[\"']http://www\.w3\.org/2005/Atom[\"']")
_REL = re.compile(rb"\brel\s*=\s*[\"']([^\"']*)")
_BASED = frozenset((b"entry", b"item", b"channel", b"link", b"rss", b"rdf:RDF"))
_ENTRY_TAG = re.compile(rb"<(?:[\w.-]+:)?(?:item|entry)[\s>]", re.IGNORECASE)
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_UTF8 = frozenset(("utf-8", "utf8", "us-ascii", "ascii"))


class Shapes:
    """What one pass over a body's tags found: the facts the checks start from. An Atom
    document only needs to be searched for `xml:base`, a JSON Feed for nothing."""

    def __init__(self, body: bytes) -> None:
        self.empty = self.based = self.author_holds = self.atom = self.creator_and_author = False
        self.empties: list[bytes] = []
        if _JSON.match(body):
            return
        root = _ROOT.search(body)
        if root and (root.group(1) == b"feed" or root.group(1).endswith(b":feed")):
            self.based = _inner_base(body)
            return
        found = _SHAPES.findall(body)
        creator = author = False
        for mark in set(found):
            if not mark:
                continue
            if mark.endswith(b"xml:base"):
                self.based = True
                continue
            if mark.endswith(b"/"):
                self.empty = True
            elif mark.endswith(b">"):
                self.author_holds = True
            name = _tag_name(mark)
            if name == b"dc:creator":
                creator = True
            elif name == b"author":
                author = True
            elif name.startswith(b"atom:") and (name != b"atom:link" or _links_to_item(mark)):
                self.atom = True
        self.creator_and_author = creator and author
        if self.empty:
            self.empties = [mark for mark in found if mark.endswith(b"/")]


def _tag_name(mark: bytes) -> bytes:
    name = _TAG_NAME.match(mark)
    return name.group() if name else b""


def _links_to_item(tag: bytes) -> bool:
    rel = _REL.search(tag)
    return rel is None or rel.group(1) == b"alternate"


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
    summary = text_value(get_field(entry, "summary"))
    if summary and not summary.isspace():
        return True
    return any(text and not text.isspace() for text in map(text_value, get_field(entry, "content") or []))


def fast_body(body: bytes, shapes: Shapes | None = None) -> bytes:
    """The body as feedparser-rs reads right: in RSS, the empty self-closing elements it would
    read as text are written open and closed (`<comments></comments>`), outside CDATA sections
    and comments."""
    shapes = shapes or Shapes(body)
    if not shapes.empty or (body.find(b"<rss") < 0 and body.find(b"<rdf:RDF") < 0):
        return body
    distinct = set(shapes.empties)
    tags = [(b"<" + mark + b">", mark) for mark in distinct]
    # where every such tag is outside CDATA sections and comments, a replace does it at C speed
    if len(tags) <= 2 and all(body.count(tag) == shapes.empties.count(mark) for tag, mark in tags):
        for tag, mark in tags:
            body = body.replace(tag, b"<" + mark[:-1] + b"></" + _tag_name(mark) + b">")
        return body
    parts, done = [], 0
    for found in _SHAPES.finditer(body):
        tag = found.group(1)
        if tag is None or not tag.endswith(b"/"):
            continue
        end = found.end(1) - 1
        parts += [body[done:end], b"></", _tag_name(tag), b">"]
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
        for declared in _ATOM_PREFIX.finditer(body, max(0, at - 200), at + len(_ATOM_NAMESPACE) + 1):
            prefixes.add(declared.group(1))
        at = body.find(_ATOM_NAMESPACE, at + 1)
    return prefixes


@functools.lru_cache(maxsize=32)
def _atom_field_tag(prefix: bytes) -> re.Pattern[bytes]:
    return re.compile(
        rb"<" + re.escape(prefix) + rb":(?:(?:" + b"|".join(_ATOM_FIELDS) + rb")\b"
        rb"|link\b(?![^>]*?\brel\s*=\s*[\"'](?!alternate[\"'])))"
    )


def _atom_fields_in_items(body: bytes, items: int, prefixes: set[bytes]) -> bool:
    """Whether RSS items hold Atom elements feedparser reads a field from: an author, a title,
    an id, a text, a date, or a link to the item itself. Others (`rel="payment"`,
    `<atom:contributor>`) change nothing."""
    return any(_atom_field_tag(prefix).search(body, items) for prefix in prefixes)


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


def _entries_hold_text(body: bytes) -> bool:
    """Whether an element an entry's text may come from holds any, from the first entry on
    (a feed whose entries all have an empty `<description><![CDATA[]]></description>` has
    nothing for feedparser-rs to drop)."""
    first = _ENTRY_TAG.search(body)
    for element in _TEXT_ELEMENT.finditer(body, first.start() if first else 0):
        if element.group().endswith(b"/>"):
            continue
        closed = _NOTHING_UNTIL_CLOSED.match(body, element.end())
        if closed is None or closed.group(1).lower() != element.group(1).lower():
            return True
    return False


def _markup_in_text(body: bytes) -> bool:
    """Whether a text element of an entry, from the first entry on, holds HTML written as
    elements: feedparser-rs keeps its text only up to the end of the first one."""
    first = _ENTRY_TAG.search(body)
    return first is not None and _MARKUP_IN_TEXT.search(body, first.start()) is not None


def _words(text: str) -> str:
    """The words of a text, HTML escaped up to three times or not at all, without its tags."""
    for _ in range(3):
        if "&" not in text and "<" not in text:  # nothing left to unescape or strip
            break
        text = _TAGS.sub(" ", html.unescape(text))
    return _word_characters(text)


def _word_characters(text: str) -> str:
    """The text without the characters `\\W` matches."""
    kept = text.encode("utf-8", "surrogatepass").translate(None, _ASCII_NOT_WORD)
    left = kept.decode("utf-8", "surrogatepass")
    return left if kept.isascii() else _NOT_WORDS.sub("", left)


def _second_description_dropped(body: bytes, entries: list[Any]) -> bool:
    """Whether, where an entry has a second description, one holds text that feedparser-rs's
    entries do not (an entry's `<itunes:summary>` most often repeats its `<description>`). The
    entries' words are read with their tags stripped, then, for a description not found so, as
    the item will show them (`html_to_text` reads an image's `alt`, where a news feed often
    repeats its photo's caption)."""
    first = _ENTRY_TAG.search(body)
    start = first.start() if first else 0
    if _SECOND_DESCRIPTION.search(body, start) is None:
        return False
    values = list(
        dict.fromkeys(
            value
            for entry in entries
            for value in (
                text_value(get_field(entry, "summary")),
                *map(text_value, get_field(entry, "content") or []),
            )
        )
    )
    readings: tuple[Callable[[], list[str]], ...] = (
        lambda: [_words(value) for value in values],
        lambda: [_word_characters(html_to_text(value)) for value in values],
    )
    # Each reading's words, whole (most second descriptions repeat a text word for word) and
    # joined: a text holds no "\0", so it is in the joined words when in one text's words.
    kept: list[tuple[set[str], str]] = []
    seen: set[bytes] = set()
    for element in _DESCRIPTION.finditer(body, start):
        raw = element.group(2)
        if raw in seen:
            continue
        seen.add(raw)
        text = _words(_CDATA_MARKS.sub(b"", raw).decode("utf-8", "replace"))
        if not text:
            continue
        for at, reading in enumerate(readings):
            if len(kept) <= at:
                words = reading()
                kept.append((set(words), "\0".join(words)))
            whole, joined = kept[at]
            if text in whole or text in joined:
                break
        else:
            return True
    return False


def _rss_items_misread(body: bytes, items: int, shapes: Shapes) -> str | None:
    prefixes = _atom_prefixes(body)
    other_atom_prefixes = prefixes - {b"atom"}
    if other_atom_prefixes and _inner_base(body):
        return "xml:base"
    if shapes.author_holds and _author_holds_a_title(body, items):
        return "title inside author"
    if (shapes.atom or other_atom_prefixes) and _atom_fields_in_items(body, items, prefixes):
        return "Atom elements in RSS items"
    if shapes.creator_and_author and _creator_before_author(body, items):
        return "author after creator"
    return None


def careful_reason(
    body: bytes, content_type: str | None, fast: ParsedFeed | None, shapes: Shapes | None = None
) -> str | None:
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
    shapes = shapes or Shapes(body)
    if shapes.based:
        return "xml:base"
    items = body.find(b"<item") if fast.version.startswith("rss") else -1
    if items >= 0:
        reason = _rss_items_misread(body, items, shapes)
        if reason:
            return reason
    if any(get_field(e, "link") == "" for e in fast.entries):
        return "link dropped"
    if any(not _entry_has_text(e) for e in fast.entries) and _entries_hold_text(body):
        return "text dropped"
    if _markup_in_text(body):
        return "markup in text"
    if _CASED_NAME.search(body):
        return "upper-case element names"
    if _second_description_dropped(body, fast.entries):
        return "second description dropped"
    return None


def parse_document(body: bytes, content_type: str | None = None) -> ParsedFeed:
    if _fast_parser is None:
        return parse_careful(body, content_type)
    shapes = Shapes(body)
    fast = parse_fast(fast_body(body, shapes))
    if careful_reason(body, content_type, fast, shapes) is None and fast is not None:
        return fast
    slow = parse_careful(body, content_type)
    if fast is not None and (len(fast.entries) > len(slow.entries) or (fast.version and not slow.version)):
        return fast
    return slow
