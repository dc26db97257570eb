"""RSS, Atom and JSON Feed sources.

Parsing is the poll's hot spot: `veille.sources.feed_parse` reads a document with feedparser-rs
and takes feedparser for the shapes the fast parser misreads, so speed never costs a missed
mention or a wrong field. "Bozo" documents that still carry entries are accepted.

Whether a field is HTML is decided per field from its format and declared type (`_markup`);
only where nothing reliable is declared (an RSS title) must the text also read as HTML. HTML
becomes text through `veille.text.html`; plain text stays as written. The parsers are asked not
to sanitize: feedparser-rs's sanitizer drops anything that is not an HTML element, such as a
`<!channel>` a post quotes.

An entry without a link of its own has none: both parsers then offer its GUID as the link
(feedparser-rs even joined to the site's address), which is kept only when the GUID is itself a
web address (an RSS `<guid>` is a permalink unless `isPermaLink="false"`).
"""

from __future__ import annotations

import calendar
import html
import logging
import re
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from pydantic import field_validator

from veille.i18n import Lang, said
from veille.model import Item, SourceState
from veille.sources.base import FetchError, FetchResult
from veille.sources.feed_parse import ParsedFeed, get_field, parse_careful, parse_document, text_value
from veille.sources.http import HttpFetcher
from veille.sources.kind import Loaded, SourceKind
from veille.sources.settings import SourceBase, well_formed
from veille.sources.websub import discover
from veille.text.clean import clean_text, collapse_whitespace
from veille.text.html import html_to_text, looks_like_html

log = logging.getLogger(__name__)

MAX_TEXT = 20_000
MAX_TITLE = 1_000
_WEB_ADDRESS = re.compile(r"https?://[^\s/?#]+", re.IGNORECASE)


def _latest() -> datetime:
    """The latest date an entry may carry: a date far in the future is a broken feed, not news
    from tomorrow."""
    return datetime.now(UTC) + timedelta(days=2)


def _instant(parsed: time.struct_time) -> datetime:
    """A parser's UTC date as `calendar.timegm` reads it, fields out of range carried over."""
    if 1970 <= parsed.tm_year < 9000:
        try:
            return datetime(*parsed[:6], tzinfo=UTC)
        except (TypeError, ValueError):  # a 60th second, a 31st of June: left to timegm
            pass
    return datetime.fromtimestamp(calendar.timegm(parsed), UTC)


def _datetime(entry: Any, latest: datetime | None = None) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = get_field(entry, key)
        if isinstance(parsed, time.struct_time):
            try:
                when = _instant(parsed)
            except (OverflowError, ValueError, OSError):
                continue
            return None if when > (latest or _latest()) else when
    return None


def _is_web_address(value: str) -> bool:
    return bool(_WEB_ADDRESS.match(value))


def _attribute(obj: Any, name: str) -> Any:
    return get_field(obj, name) if isinstance(obj, dict) else getattr(obj, name, None)


def _link(entry: Any, fast: bool) -> str | None:
    link = get_field(entry, "link")
    if not link:
        for candidate in get_field(entry, "links") or []:
            href, rel = _attribute(candidate, "href"), _attribute(candidate, "rel")
            if href and rel in (None, "alternate"):
                link = href
                break
    if not link:
        return None
    guid = get_field(entry, "id")
    if guid and (link == guid or (fast and get_field(entry, "guidislink"))):
        if not _is_web_address(str(guid).strip()):
            return None
        link = guid
    link = str(link).strip()
    if fast:  # feedparser-rs leaves entities in attribute values
        link = html.unescape(link)
    return link[:4000] or None


def _author(entry: Any) -> str | None:
    author = get_field(entry, "author")
    if not author:
        detail = get_field(entry, "author_detail")
        author = get_field(detail, "name") if detail else None
    if not author:
        author = get_field(entry, "dc_creator")
    if not author:
        return None
    text = collapse_whitespace(str(author))  # a name: plain text in every format
    return text[:200] or None


Markup = Literal["text", "html", "guess"]


def _markup(version: str, field: Literal["title", "summary", "content"], declared: str, fast: bool) -> Markup:
    """Whether a field holds plain text or HTML, from the document's format and the MIME type
    the parser reports for the field ("guess": HTML only when it reads as HTML).

    - JSON Feed: `title` and `summary` are plain text by the spec; `content_text` is plain and
      `content_html` HTML (the parser reports which).
    - RSS: `<description>` and `<content:encoded>` are HTML by the spec. `<title>` is plain text
      by the spec but publishers often write entities or markup in it (`Tom &amp;amp; Jerry`,
      `<![CDATA[<b>…</b>]]>`), so it is read as HTML when it closes an element, breaks a line or
      holds an entity, and as written otherwise (`<!channel> WIN` stays whole either way).
    - Atom and any other format: the declared `type` (`text`, `html`, `xhtml`). feedparser-rs
      reports `text/html` for a field without a `type` (Atom's default is text), so from it
      `text/html` is a guess; a field declared `type="text"` is plain with both parsers.
    """
    plain = declared.startswith("text/") and "html" not in declared
    if version.startswith("json"):
        return "text" if field != "content" or plain else "html"
    if version.startswith("rss"):
        if field == "title":
            return "guess"
        return "text" if field == "content" and plain else "html"
    if plain:
        return "text"
    return "guess" if not declared or (fast and declared == "text/html") else "html"


def _text_of(value: str, markup: Markup) -> str:
    if markup == "html" or (markup == "guess" and looks_like_html(value)):
        return html_to_text(value)
    return collapse_whitespace(value)


def _declared(detail: Any) -> str:
    """The MIME type a parser reports for a text field ("" when it reports none)."""
    if detail is None:
        return ""
    kind = detail.get("type") if isinstance(detail, dict) else getattr(detail, "type", None)
    return str(kind or "").lower()


def _field(
    entry: Any, name: Literal["title", "summary"], version: str, fast: bool, value: str | None = None
) -> str:
    value = text_value(get_field(entry, name)) if value is None else value
    if not value:
        return ""
    if version.startswith("rss"):  # the declared type decides nothing (see `_markup`)
        return _text_of(value, "guess" if name == "title" else "html")
    declared = _declared(get_field(entry, f"{name}_detail"))
    return _text_of(value, _markup(version, name, declared, fast))


def _texts(entry: Any, version: str, fast: bool) -> Iterable[str]:
    written = text_value(get_field(entry, "summary"))
    summary = _field(entry, "summary", version, fast, written)
    contents = []
    for content in get_field(entry, "content") or []:
        value = text_value(content)
        markup = _markup(version, "content", _declared(content), fast)
        # an RSS content written as its summary (a parser fills one from the other), both HTML
        if value == written and markup == "html" and version.startswith("rss"):
            contents.append(summary)
        else:
            contents.append(_text_of(value, markup))
    seen: list[str] = []
    for text in [*contents, summary]:
        if text and not any(text in other for other in seen):
            seen = [other for other in seen if other not in text]
            seen.append(text)
    return seen


def entry_to_item(
    entry: Any, source: str, source_type: str, parsed: ParsedFeed, latest: datetime | None = None
) -> Item:
    title = clean_text(_field(entry, "title", parsed.version, parsed.fast))[:MAX_TITLE]
    text = clean_text(" ".join(_texts(entry, parsed.version, parsed.fast)))[:MAX_TEXT]
    guid = get_field(entry, "id") or get_field(entry, "guid")
    language = get_field(entry, "language") or parsed.language
    return Item(
        source=source,
        source_type=source_type,
        title=title,
        text=text,
        url=_link(entry, parsed.fast),
        guid=str(guid)[:2000] if guid else None,
        author=_author(entry),
        published_at=_datetime(entry, latest),
        language=str(language)[:20] if language else None,
    )


Refine = Callable[[Any, Item], Item]
"""A preset's finishing touch on each item, given the parsed entry it came from."""


def parse_feed(
    body: bytes,
    source: str,
    source_type: str = "rss",
    content_type: str | None = None,
    refine: Refine | None = None,
    complete: bool = False,
) -> list[Item]:
    """Items of a feed document; FetchError("invalid") when it is not a feed at all.

    `complete` parses with feedparser alone, which keeps extensions (media:statistics,
    <source>) the fast parser drops; presets that read them ask for it."""
    if not body.strip():
        raise FetchError("invalid", said("fetch.empty_feed"))
    parsed = parse_careful(body, content_type) if complete else parse_document(body, content_type)
    if not parsed.entries and not parsed.version:
        sample = body[:200].lstrip().lower()
        page = sample.startswith((b"<!doctype html", b"<html"))
        raise FetchError("invalid", said("fetch.html_not_a_feed" if page else "fetch.not_a_feed"))
    out: list[Item] = []
    latest = _latest()
    for entry in parsed.entries:
        try:
            item = entry_to_item(entry, source, source_type, parsed, latest)
            if refine is not None:
                item = refine(entry, item)
        except Exception as exc:  # one odd entry must not cost the others
            log.warning("%s: skipped an entry that could not be read: %s", source, exc)
            continue
        if item.title or item.text:
            out.append(item)
    return out


class FeedSource:
    """An RSS/Atom/JSON feed fetched with conditional GET."""

    type = "rss"
    complete = False  # presets reading feed extensions set this (see parse_feed)

    def __init__(self, key: str, url: str, fetcher: HttpFetcher) -> None:
        self.key = key
        self.url = url
        self.fetcher = fetcher

    def refine(self, entry: Any, item: Item) -> Item:
        return item

    def parse(self, body: bytes, content_type: str | None) -> list[Item]:
        return parse_feed(body, self.key, self.type, content_type, refine=self.refine, complete=self.complete)

    def fetch(self, state: SourceState | None) -> FetchResult:
        headers: dict[str, str] = {}
        if state is not None and state.etag:
            headers["If-None-Match"] = state.etag
        if state is not None and state.last_modified:
            headers["If-Modified-Since"] = state.last_modified
        response = self.fetcher.get(self.url, headers)
        if response.status == 304:
            return FetchResult(
                not_modified=True,
                etag=state.etag if state else None,
                last_modified=state.last_modified if state else None,
            )
        items = self.parse(response.body, response.headers.get("content-type"))
        web = self.url.lower().startswith(("http://", "https://"))
        return FetchResult(
            items=items,
            etag=response.headers.get("etag"),
            last_modified=response.headers.get("last-modified"),
            websub=discover(response.body, response.headers.get_list("link"), response.url) if web else None,
        )


class RssSourceConfig(SourceBase):
    type: Literal["rss"]
    url: str

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        value = value.strip()
        if not re.match(r"^(https?://[^\s/]+|file:)", value, re.IGNORECASE) or not well_formed(value):
            raise said("config.feed_url", value=repr(value))
        return value

    def default_key(self) -> str:
        return self.url

    def describe(self, lang: Lang) -> str:
        return self.url


def build(source: RssSourceConfig, loaded: Loaded, fetcher: HttpFetcher) -> FeedSource:
    return FeedSource(source.key, loaded.resolve_url(source.url), fetcher)


RSS = SourceKind(RssSourceConfig, build)
