"""The fast reading of plainly written HTML shows a reader exactly what the stdlib parser's
reading shows: the same words, the same alt texts, the same `<` kept as written."""

from __future__ import annotations

import random

import pytest

from veille.sources.feed_parse import get_field, parse_document, text_value
from veille.text.html import _parsed_text, _plain_text, _protect, html_to_text

# Each read by the fast scan, and by the stdlib parser when the fast scan gives up.
FRAGMENTS = [
    "<p>Viadeo</p><p>recrute</p>",
    "<P CLASS='a'>Majuscules</P >",
    "Vi<b>adeo</b><br/>à Lyon<br />et<br>Paris",
    '<img src="logo.png" alt="Logo &amp; co"> lancé',
    "<img alt=Logo/>x<img ALT='a' alt=b>y<IMG alt>z<img alt=\"\">",
    "<img\n src=x\talt=&lt;b&gt; >",
    "<img alt=&amp>",
    '<img alt="été &eacute">',
    '<script src="x.js" async></script>Après<style>p { color: red }</style>',
    "<SCRIPT>if (a < b) {}</SCRIPT>Après",
    "<script/>visible<style/>aussi",
    "<template><p>caché</p><title>t</title></template>vu",
    "<noscript><b>caché</b></noscript>vu</noscript>",
    "Cher <Mallory>, <Mallory x='1'/> bienvenue</Mallory>",
    "<o:p>Word</o:p> <my-card data-x=1>carte</my-card>",
    "&amp<b>lt; reste écrit",
    "<p>fin&amp",
    "<p>a < b > c</p>",
    "Écrivez à <jane@example.com>",
    "<p><!channel> WIN <https://evil.example|your bank></p>",
    '<a title="a > b" href="/x">lien</a>',
    '<span title="<b>">texte</span>',
    "<![CDATA[a <b> c]]> <!-- note --> <!doctype html>fin",
    "<div data-x='a\"b'>guillemets</div>",
    '<a b c=d e="f" g>attributs</a>',
    "<p\xa0class=x>espace insécable</p>",
    "<a href=x/ >barre</a>",
    "<h1>Titre</h1><ul><li>un</li><li>deux</li></ul>",
    "<svg><desc>caché</desc><text>vu</text></svg>",
]

PIECES = [
    "<p>", "</p>", "<P CLASS=\"a\">", "<br/>", "<br />", "<img alt=\"x &amp; y\">", "<img alt=a/>",
    "<img ALT='q' alt=z>", "<IMG alt>", "<script>", "</script>", "</SCRIPT >", "<style>p{}</style>",
    "<title>", "</title>", "<b>", "</b>", "<Mallory>", "</Mallory>", "<Mallory x=\"1\"/>", "<o:p>",
    "<my-card x=1>", "a", "b c", "&amp;", "&", "&lt", "&#233;", "&eacute", "é", "\xa0", "\n", "<",
    ">", "<a href=\"x\">", "</a>", "<a href=x/ >", "<template>", "</template>", "<noscript>",
    "</noscript>", "<p/>", "<script/>", "<title/>", "<h1>", "</h1>", "<div data-x='a\"b'>",
    "<span title=\"a > b\">", "</span>", "<a b c=d e=\"f\" g>", "<!-- c -->", "<![CDATA[x<y]]>",
    "<a/b>", "</p foo>", "<p\xa0class=x>", "<a x=y\x0b>", "<3", "<@U1>",
]  # fmt: skip


def _both(markup: str) -> tuple[str | None, str]:
    protected = _protect(markup)
    return _plain_text(protected), _parsed_text(protected)


@pytest.mark.parametrize("markup", FRAGMENTS)
def test_the_fast_scan_shows_what_the_parser_shows(markup):
    fast, parsed = _both(markup)
    assert fast is None or fast == parsed
    assert html_to_text(markup) == parsed


def test_the_fast_scan_reads_plainly_written_markup_itself():
    read = [markup for markup in FRAGMENTS if _plain_text(_protect(markup)) is not None]
    assert len(read) >= len(FRAGMENTS) - 4
    assert html_to_text("<img ALT='a' alt=b>y<IMG alt>z") == "b y z"
    assert (
        html_to_text("Cher <Mallory x='1'/>, <b>bienvenue</b></Mallory>")
        == "Cher <Mallory x='1'/>, bienvenue</mallory>"
    )


def test_the_fast_scan_gives_up_on_tags_it_does_not_read_as_the_parser_would():
    for markup in ["<a/b>x", '<a b="c"d>x', "<p\xa0class=x>x", "<a x=y\x0b>x", "<script>a</p>b</script>"]:
        assert _plain_text(_protect(markup)) is None, markup


def test_random_fragments_read_alike():
    rng = random.Random(20240607)
    read = 0
    for _ in range(20_000):
        markup = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 12)))
        fast, parsed = _both(markup)
        if fast is not None:
            read += 1
            assert fast == parsed, markup
    assert read > 2_000


def test_every_field_of_the_shared_feeds_reads_alike(shared):
    fields = []
    for path in sorted((shared / "feeds").rglob("*")):
        if path.is_file():
            for entry in parse_document(path.read_bytes()).entries:
                fields.append(text_value(get_field(entry, "title")))
                fields.append(text_value(get_field(entry, "summary")))
                fields.extend(text_value(content) for content in get_field(entry, "content") or [])
    tagged = [field for field in fields if "<" in field]
    assert len(tagged) > 500
    differ = [field[:80] for field in tagged if html_to_text(field) != _parsed_text(_protect(field))]
    assert differ == []
