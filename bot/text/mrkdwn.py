"""Slack mrkdwn for untrusted text.

Slack turns `<!channel>`, `<@U123>` and `<https://x|label>` into pings and links; escaping `&`,
`<` and `>` is what Slack documents to show such text literally. Every piece of text that comes
from a source, a Slack user or a config file goes through `escape` before it reaches a message.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from veille.text.urls import WEB_ADDRESS, is_web_url

_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,30}$")
_CHANNEL_ID = re.compile(r"^[CG][A-Z0-9]{6,}$")


# Slack has no escape for its formatting marks: a pair that Slack would read as bold, italics,
# strikethrough or code (on one line, outside words, each mark against the text it holds) has its
# marks turned into look-alikes, one character for one, so a reader sees what was written.
LOOK_ALIKES = {"*": "∗", "_": "ˍ", "~": "∼", "`": "ˋ"}


def _pair(mark: str) -> re.Pattern[str]:
    m = re.escape(mark)
    return re.compile(rf"(?<![\w{m}]){m}(\S(?:[^{m}\n]*\S)?){m}(?![\w{m}])")


# Bold, italics and strikethrough hold their text against the marks; code may hold spaces at its
# ends (a share-of-voice bar is `███       `).
PAIRS: dict[str, re.Pattern[str]] = {
    "*": _pair("*"),
    "_": _pair("_"),
    "~": _pair("~"),
    "`": re.compile(r"(?<![\w`])`([^`\n]+)`(?![\w`])"),
}
_PAIRS = [(PAIRS[mark], look) for mark, look in LOOK_ALIKES.items()]


def literal(text: str) -> str:
    """`text` with the pairs of formatting marks Slack would read turned into look-alikes (the same
    length, so positions in it still hold)."""
    for pair, look in _PAIRS:
        while pair.search(text):  # again for a pair inside a pair: `**bold**`
            text = pair.sub(rf"{look}\1{look}", text)
    return text


def unmarked(text: str, marks: str = "*`") -> str:
    """Our own mrkdwn for a terminal: the pairs of `marks` Slack would read (bold, code) left
    out, the text they hold kept."""
    for mark in marks:
        text = PAIRS[mark].sub(r"\1", text)
    return text


def escape_links(text: str) -> str:
    """Our own mrkdwn holding outside words (a message of the catalogue): only what Slack would
    turn into a ping or a link is escaped, its formatting is meant."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def as_typed(text: str) -> str:
    """Text from Slack (a command's words) as the person typed it: Slack sends `&`, `<` and `>`
    escaped, as `escape_links` writes them."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def escape(text: str) -> str:
    """Untrusted text for mrkdwn: no ping, no link, no formatting; every character shown."""
    return escape_links(literal(text))


def in_code(text: str) -> str:
    """Untrusted text to show inside `…` or ```…```: escaped, its backticks (which would end the
    code span) turned into a look-alike; Slack reads no other mark inside code."""
    return escape_links(text.replace("`", LOOK_ALIKES["`"]))


def safe_url(url: str) -> str | None:
    """The URL made safe to place inside `<…|…>`, or None when it is not an http(s) URL."""
    if not is_web_url(url):
        return None
    # A `|` or `>` would end the URL part of Slack's link syntax early.
    cleaned = quote(url.strip(), safe=":/?#[]@!$&'()*+,;=-._~%")
    return escape(cleaned)


def link(url: str | None, label: str) -> str:
    """A mrkdwn link when the URL is a web URL, the escaped label alone otherwise."""
    target = safe_url(url) if url else None
    text = escape(label).replace("|", "¦") or (target or "")
    if target is None:
        return text
    return f"<{target}|{text}>"


def is_user_id(text: str) -> bool:
    return bool(_USER_ID.match(text))


def is_channel_id(text: str) -> bool:
    return bool(_CHANNEL_ID.match(text))


def channel_ref(channel: str) -> str:
    """`<#C123>` for a channel id, the escaped text (a `#name`) otherwise."""
    return f"<#{channel}>" if is_channel_id(channel) else escape(channel)


def user_mention(user_id: str) -> str:
    """`<@U123>` for a well-formed Slack user id, the escaped text otherwise."""
    if is_user_id(user_id):
        return f"<@{user_id}>"
    return escape(user_id)


def bold_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """Escape `text` and wrap each [start, end) span in `*…*` (spans may overlap or be unsorted);
    not a span inside a web address, which stars would cut in two."""
    addresses = [(found.start(), found.end()) for found in WEB_ADDRESS.finditer(text)]
    merged: list[tuple[int, int]] = []
    for start, end in sorted((max(0, s), min(len(text), e)) for s, e in spans):
        if start >= end or any(start < last and first < end for first, last in addresses):
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    text = literal(text)
    out: list[str] = []
    cursor = 0
    for start, end in merged:
        out.append(escape_links(text[cursor:start]))
        inner = text[start:end].replace("*", LOOK_ALIKES["*"])  # a star inside would end the bold
        out.append(f"*{escape_links(inner)}*" if inner.strip() else escape_links(inner))
        cursor = end
    out.append(escape_links(text[cursor:]))
    return "".join(out)
