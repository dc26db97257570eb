"""Plain text of fields that a source declares as HTML, and only of those.

A feed or an API tells which fields hold HTML (an Atom `type`, JSON Feed's `content_html`,
Mastodon's `content`); everything else is plain text and stays as written. In HTML, only markup
a browser knows is read as markup: the elements of HTML, SVG and MathML, namespaced or custom
elements (`<o:p>`, `<my-card>`), comments, CDATA sections, declarations and processing
instructions. Any other `<`, such as Slack's `<!channel>`, `<@U123>` or `<https://a|b>`, an
address like `<jane@example.com>` or `a < b`, is text someone wrote: browsers would hide some of
it, but a team reading a post in Slack must see what it says (the mrkdwn escaping then keeps it
from pinging or linking anyone).
"""

from __future__ import annotations

import html
import re
from html.entities import html5
from html.parser import HTMLParser

from veille.text.clean import collapse_whitespace

_HTML_ELEMENTS = (
    "a abbr acronym address applet area article aside audio b base basefont bdi bdo bgsound big blink"
    " blockquote body br button canvas caption center cite code col colgroup data datalist dd del"
    " details dfn dialog dir div dl dt em embed fieldset figcaption figure font footer form frame"
    " frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html i iframe image img input ins isindex kbd"
    " keygen label legend li link listing main map mark marquee menu menuitem meta meter multicol"
    " nav nextid nobr noembed noframes noscript object ol optgroup option output p param picture"
    " plaintext pre progress q rb rp rt rtc ruby s samp script search section select slot small"
    " source spacer span strike strong style sub summary sup table tbody td template textarea tfoot"
    " th thead time title tr track tt u ul var video wbr xmp"
)
_SVG_ELEMENTS = (
    "svg g path circle ellipse line polygon polyline rect text tspan textpath defs use symbol marker"
    " metadata lineargradient radialgradient stop clippath mask pattern foreignobject desc filter"
    " switch view animate animatemotion animatetransform set feblend fecolormatrix fecomposite"
    " feflood fegaussianblur feimage femerge femergenode feoffset feturbulence"
)
_MATHML_ELEMENTS = (
    "math mi mn mo ms mtext mrow mfrac msqrt mroot msub msup msubsup munder mover munderover"
    " mmultiscripts mprescripts mtable mtr mtd mlabeledtr mspace mstyle mpadded mphantom menclose"
    " merror maction mglyph semantics annotation"
)
_BLOCKS = (
    "address article aside blockquote body br caption center dd details dialog dir div dl dt"
    " fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend li"
    " listing main menu nav ol p plaintext pre section summary table tbody td tfoot th thead tr"
    " ul xmp"
)
_KNOWN_ELEMENTS = frozenset(f"{_HTML_ELEMENTS} {_SVG_ELEMENTS} {_MATHML_ELEMENTS}".split())
_BLOCK_ELEMENTS = frozenset(_BLOCKS.split())  # shown as a break between words
_HIDDEN_ELEMENTS = frozenset(("script", "style", "noscript", "template", "title", "metadata", "desc"))

_NAME = r"[a-zA-Z][a-zA-Z0-9]*"
_ELEMENT = rf"{_NAME}(?::{_NAME}|(?:-[a-zA-Z0-9._]*)+)?"  # namespaced (`o:p`) or custom (`my-card`)
# A whole start or end tag: its name, then attributes up to the `>`. Quoted values may hold `<`
# and `>`; an unquoted `<` before the `>` means it is no tag. Possessive: never backtracks.
_TAG_BODY = rf"/?({_ELEMENT})(?=[\s/>])(?:[^\"'<>]++|\"[^\"]*+\"|'[^']*+')*+>"
_TAG = re.compile(f"<{_TAG_BODY}")
_NOT_A_TAG = re.compile(f"<(?!{_TAG_BODY})")
# Markup that shows nothing, bounded so that a `<!doctype` left open costs little: a doctype,
# a processing instruction, the conditional sections word processors leave (`<![if …]>`).
_DECLARATION = re.compile(r"<(?:!doctype\b|\?|!\[\s*(?:if|else|endif)\b)[^<>]{0,1000}+>", re.IGNORECASE)
_CLOSING_TAG = re.compile(rf"</({_ELEMENT})\s*>")
_VOID_TAG = re.compile(r"<(?:br|hr|img|wbr)\b[^<>]*>", re.IGNORECASE)
_REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|([a-zA-Z][a-zA-Z0-9]{1,31}));")


def _is_element(name: str) -> bool:
    name = name.lower()
    return name in _KNOWN_ELEMENTS or ":" in name or "-" in name


class _Ends:
    """Where the next `-->` or `]]>` is, searched again only once a section is past it (so a
    text full of unclosed `<!--` takes linear time, not quadratic)."""

    def __init__(self, text: str, closer: str) -> None:
        self.text, self.closer = text, closer
        self.found = -2  # not searched yet

    def after(self, position: int) -> int:
        if self.found == -2 or (self.found != -1 and self.found < position):
            self.found = self.text.find(self.closer, position)
        return self.found


def _protect(markup: str) -> str:
    """The fragment with only tags left as markup: comments, doctypes and processing
    instructions dropped, CDATA sections as text, and `&lt;` for any `<` that opens none of
    these, so that the parser reads it as text. The stdlib parser takes quadratic time on
    unterminated markup: here only tags that end reach it."""
    if "<!" not in markup and "<?" not in markup:
        return _NOT_A_TAG.sub("&lt;", markup)
    out: list[str] = []
    comments, cdata = _Ends(markup, "-->"), _Ends(markup, "]]>")
    position = 0
    while (start := markup.find("<", position)) >= 0:
        out.append(markup[position:start])
        position = start + 1
        if markup.startswith("<!--", start):
            end = comments.after(start + 4)
            if end >= 0:
                position = end + 3
                continue
        elif markup.startswith("<![CDATA[", start):
            end = cdata.after(start + 9)
            if end >= 0:
                out.append(html.escape(markup[start + 9 : end], quote=False))
                position = end + 3
                continue
        elif declaration := _DECLARATION.match(markup, start):
            position = declaration.end()
            continue
        elif tag := _TAG.match(markup, start):
            out.append(tag.group(0))
            position = tag.end()
            continue
        out.append("&lt;")
    out.append(markup[position:])
    return "".join(out)


class _TextOf(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden: list[str] = []  # open elements whose content a reader does not see

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN_ELEMENTS:
            self.hidden.append(tag)
        elif self.hidden:
            return
        elif not _is_element(tag):  # `<Mallory>`: text, however a browser would show it
            self.parts.append(self.get_starttag_text() or "")
        elif tag == "img":
            alt = dict(attrs).get("alt")
            self.parts.append(f" {alt} " if alt else " ")
        elif tag in _BLOCK_ELEMENTS:
            self.parts.append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _HIDDEN_ELEMENTS:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.hidden:
            while self.hidden.pop() != tag:
                pass
        elif self.hidden:
            return
        elif not _is_element(tag):
            self.parts.append(f"</{tag}>")
        elif tag in _BLOCK_ELEMENTS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


# The fast scan reads a protected fragment (see `_protect`) whose tags are all plainly written:
# a known name, attributes separated by ASCII white space, with values quoted or made of
# printable ASCII. It reads those exactly as `HTMLParser` does; on anything else (a tag it does
# not recognise, a script holding `</`) it gives up and `HTMLParser` reads the whole fragment.
_SPACE = r"[ \t\n\r\f]"
_ATTRIBUTE_NAME = r"[a-zA-Z_:][-a-zA-Z0-9_:.]*+"
_ATTRIBUTE_VALUE = r"\"[^\"]*+\"|'[^']*+'|[!#-&(-;?-_a-~]++(?![^ \t\n\r\f>])"
_PLAIN_TAG_BODY = (
    rf"(?:/({_ELEMENT}){_SPACE}*+"
    rf"|({_ELEMENT})((?:{_SPACE}++{_ATTRIBUTE_NAME}(?:{_SPACE}*+={_SPACE}*+(?:{_ATTRIBUTE_VALUE}))?)*+){_SPACE}*+(/?))>"
)
_PLAIN_TAG = re.compile(f"<{_PLAIN_TAG_BODY}")
# The same after its `<`. A match in the text between two `<` is the match in the whole text: a
# quoted value could only reach past the next `<` by holding the `>` that the match ends with.
_AFTER_LT = re.compile(_PLAIN_TAG_BODY)
_PLAIN_ATTRIBUTE = re.compile(rf"{_SPACE}++({_ATTRIBUTE_NAME})(?:{_SPACE}*+={_SPACE}*+({_ATTRIBUTE_VALUE}))?")
_RAW_TEXT_END = {tag: re.compile(rf"</\s*{tag}\s*>", re.IGNORECASE) for tag in ("script", "style")}


def _alt(attributes: str) -> str | None:
    """The `alt` of a plainly written tag's attributes, as `HTMLParser` reads it (the last one)."""
    alt = None
    for found in _PLAIN_ATTRIBUTE.finditer(attributes):
        if found.group(1).lower() == "alt":
            value = found.group(2)
            if value is not None and value[:1] in ('"', "'"):
                value = value[1:-1]
            alt = html.unescape(value) if value else value
    return alt


# What a start or an end tag shows, by name as written: its name in lower case and its kind.
_HIDDEN, _SHOWN_AS_WRITTEN, _IMAGE, _BREAK, _NOTHING = range(5)
_KINDS: dict[str, tuple[str, int]] = {}


def _kind(written: str) -> tuple[str, int]:
    known = _KINDS.get(written)
    if known is not None:
        return known
    name = written.lower()
    if name in _HIDDEN_ELEMENTS:
        kind = _HIDDEN
    elif not _is_element(name):
        kind = _SHOWN_AS_WRITTEN
    elif name == "img":
        kind = _IMAGE
    else:
        kind = _BREAK if name in _BLOCK_ELEMENTS else _NOTHING
    if len(_KINDS) < 10_000:
        _KINDS[written] = (name, kind)
    return name, kind


# What the fast scan does with a plainly written tag: whether it closes an element, the element's
# name in lower case, whether it opens an element that hides its content, and what it shows
# outside hidden elements.
_Action = tuple[bool, str, bool, str]
# Actions of tags written without quotes, by what is between their `<` and `>`: such a tag ends
# at its first `>`, so that text alone tells which tag it is.
_ACTIONS: dict[str, _Action] = {}
# Actions of start tags that show a break or nothing, by name as written: the same whatever
# their attributes.
_ACTIONS_BY_NAME: dict[str, _Action] = {}
_CACHED = 10_000


def _action(tag: re.Match[str], before: str = "") -> _Action:
    """What the fast scan does with the plainly written tag `tag`: a match of `_PLAIN_TAG`, or of
    `_AFTER_LT` after the `before` it leaves out."""
    closing, opening, attributes, empty = tag.groups()
    if closing is not None:
        name, kind = _KINDS.get(closing) or _kind(closing)
        shown = f"</{name}>" if kind == _SHOWN_AS_WRITTEN else " " if kind == _BREAK else ""
        return True, name, False, shown
    name, kind = _KINDS.get(opening) or _kind(opening)
    if kind == _HIDDEN:
        return False, name, not empty, ""  # `<script/>` hides nothing
    if kind == _SHOWN_AS_WRITTEN:  # `<Mallory>`: text, however a browser would show it
        return False, name, False, before + tag.group()
    if kind == _IMAGE:
        alt = _alt(attributes)
        return False, name, False, f" {alt} " if alt else " "
    action = (False, name, False, " " if kind == _BREAK else "")
    if len(_ACTIONS_BY_NAME) < _CACHED:
        _ACTIONS_BY_NAME[opening] = action
    return action


def _remember(inner: str, action: _Action) -> None:
    if '"' not in inner and "'" not in inner and len(_ACTIONS) < _CACHED:
        _ACTIONS[inner] = action


def _collapsed(text: str) -> str:
    """`collapse_whitespace(text)`, without splitting a text whose only white space is single
    ASCII spaces (`isprintable` is false for every other white space character)."""
    if "  " not in text and text.isprintable():
        return text.strip(" ")
    return " ".join(text.split())


def _after_tag(hidden: list[str], parts: list[str], closing: bool, name: str, shown: str) -> None:
    """What a tag that hides nothing does: inside hidden content, its end tag ends it; elsewhere
    the tag shows as `shown` (a space or a line break, never two spaces in a row)."""
    if hidden:
        if closing and name in hidden:
            while hidden.pop() != name:
                pass
    elif shown and (shown != " " or parts[-1] != " "):
        parts.append(shown)


def _plain_text(protected: str) -> str | None:
    """What a reader sees of a protected fragment whose tags are all plainly written, read by
    the rules of `_TextOf`; None when a tag is not."""
    parts: list[str] = [" "]  # a break is not added after another
    hidden: list[str] = []  # open elements whose content a reader does not see
    find, unescape, actions = protected.find, html.unescape, _ACTIONS
    position = 0
    while (start := find("<", position)) >= 0:
        if start > position and not hidden:
            data = protected[position:start]
            parts.append(unescape(data) if "&" in data else data)
        end = find(">", start)
        action = actions.get(protected[start + 1 : end]) if end > 0 else None
        if action is not None:
            position = end + 1
        else:
            tag = _PLAIN_TAG.match(protected, start)
            if tag is None:
                return None
            position = tag.end()
            action = _ACTIONS_BY_NAME.get(tag[2]) or _action(tag)
            if position == end + 1:
                _remember(protected[start + 1 : end], action)
        closing, name, hides, shown = action
        if hides:
            hidden.append(name)
            if name in _RAW_TEXT_END:  # a script or a style: no markup inside, up to its end
                found = _RAW_TEXT_END[name].search(protected, position)
                if (
                    found is None
                    or len(found.group()) != len(name) + 3
                    or "</" in protected[position : found.start()]
                ):
                    return None
                while hidden.pop() != name:
                    pass
                position = found.end()
        else:
            _after_tag(hidden, parts, closing, name, shown)
    if position < len(protected) and not hidden:
        data = protected[position:]
        parts.append(unescape(data) if "&" in data else data)
    return _collapsed("".join(parts))


def _raw_text(markup: str) -> str | None:
    """What `_plain_text` gives for `_protect(markup)`, read from `markup` itself, for a fragment
    that holds no `<!` or `<?` (`_protect` then only escapes each `<` that opens no tag); None
    when a tag is not plainly written, and wherever the escaping would change what a tag or a
    script holds.

    The fragment is read piece by piece, a piece being what follows a `<` up to the next: a
    tag, then text. Entities are decoded the same in a text whether a `<` in it is written
    `&lt;` or not, a `<` ending a reference as a `&` does."""
    pieces = markup.split("<")
    parts: list[str] = [" "]  # a break is not added after another
    hidden: list[str] = []  # open elements whose content a reader does not see
    unescape, actions = html.unescape, _ACTIONS
    data = pieces[0]
    if data:
        parts.append(unescape(data) if "&" in data else data)
    known_index = known_start = 0  # a piece and where it starts in `markup`, once needed
    last = len(pieces) - 1
    for index in range(1, last + 1):
        piece = pieces[index]
        inner, closed, data = piece.partition(">")
        action = actions.get(inner) if closed else None
        if action is None:
            tag = _AFTER_LT.match(piece)
            if tag is None:
                known_start += sum(map(len, pieces[known_index:index])) + index - known_index
                known_index = index
                if _TAG.match(markup, known_start - 1):
                    return None  # a tag, not plainly written or holding a `<`
                if not hidden:  # a `<` that opens no tag: text
                    parts.append("<")
                    if piece:
                        parts.append(unescape(piece) if "&" in piece else piece)
                continue
            length = tag.end()
            action = _ACTIONS_BY_NAME.get(tag[2]) or _action(tag, "<")
            if closed and length == len(inner) + 1:
                _remember(inner, action)
            else:
                data = piece[length:]
        closing, name, hides, shown = action
        if hides:
            hidden.append(name)
            if name in _RAW_TEXT_END:  # its content must end at the next `<`, with its end tag
                end = pieces[index + 1][: len(name) + 2] if index < last else ""
                if not end.isascii() or end.lower() != f"/{name}>":
                    return None
        else:
            _after_tag(hidden, parts, closing, name, shown)
        if data and not hidden:
            parts.append(unescape(data) if "&" in data else data)
    return _collapsed("".join(parts))


def html_to_text(markup: str) -> str:
    """What a reader sees of an HTML fragment: markup dropped (block elements and line breaks
    as spaces, an image as its alt text, scripts and styles with their content), entities
    decoded, white space collapsed, and any `<` that opens no markup kept as written. Never
    raises."""
    if not markup:
        return ""
    if "<" not in markup:
        return entities_to_text(markup)
    if "<!" not in markup and "<?" not in markup:
        text = _raw_text(markup)
        if text is not None:
            return text
    protected = _protect(markup)
    text = _plain_text(protected)
    return text if text is not None else _parsed_text(protected)


def _parsed_text(protected: str) -> str:
    """What a reader sees of a protected fragment, as `HTMLParser` reads it."""
    parser = _TextOf()
    try:
        parser.feed(protected)
        parser.close()
    except Exception:  # the stdlib parser has raised on odd input in some Python versions
        return entities_to_text(_TAG.sub(" ", protected))
    return collapse_whitespace("".join(parser.parts))


def entities_to_text(text: str) -> str:
    """Text an API sends HTML-escaped (`&quot;`, `&lt;`): entities decoded, nothing removed."""
    return collapse_whitespace(html.unescape(text)) if "&" in text else collapse_whitespace(text)


def looks_like_html(text: str) -> bool:
    """Whether a field whose type is not declared (an RSS title) reads as HTML: it closes an
    element, breaks a line or shows an image, or holds a character reference. Text with
    neither (`<!channel> WIN`, `a < b`, `AT&T`) is plain."""
    for match in _REFERENCE.finditer(text):
        name = match.group(1)
        if name is None or f"{name};" in html5:
            return True
    if any(_is_element(m.group(1)) for m in _CLOSING_TAG.finditer(text)):
        return True
    return bool(_VOID_TAG.search(text))
