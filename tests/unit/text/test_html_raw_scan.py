"""Plainly written markup is read straight from the fragment, without escaping its stray `<`
first, and a reader sees exactly what the escaped reading shows."""

from __future__ import annotations

import random

import pytest

from veille.text import html
from veille.text.html import _plain_text, _protect, _raw_text, html_to_text

# Each shows the same through the raw scan as through the escaped reading, or is left to it.
FRAGMENTS = [
    "<p>Viadeo</p><p>recrute</p>",
    "<p>a < b > c</p>",
    "Écrivez à <jane@example.com> &amp<b>lt; reste écrit",
    "<p><@U123> <https://evil.example|your bank> <3</p>",
    "&amp<3 &lt<4 &#60<5 &#x3c<6 a<;",
    '<a title="a > b" href="/x">lien</a>',
    '<a title="x < y">lien</a>',
    '<span title="<b>">texte</span>',
    "<Mallory t=\"<b x='\">' >vu",
    '<img alt="a<b"> <img alt="a &lt; b"> <img src=x alt=y/>',
    "<script>if (a < b) {}</script>Après",
    "<script>x</ script>y</script>z",
    "<style>p{}</STYLE>vu<script/>aussi<title>t</title>fin",
    "<template><p>caché</p><script>x</script></template>vu",
    "Cher <Mallory>, <Mallory x='1'/> bienvenue</Mallory>",
    "<p a=<b>x</b>",
    "<a/b>x",
    "<p>\n\tdeux\xa0 espaces  ici\u2003</p>  <br/><br />fin ",
]

PIECES = [
    "<p>", "</p>", "<br/>", '<img alt="x &amp; y">', "<img alt='a<b'>", "<script>", "</script>",
    "</ script>", "<style>", "</STYLE>", "<title>", "</title>", "<Mallory>", '<Mallory t="<b>">',
    "<a href=\"x\">", "</a>", '<a title="x < y">', "a", "b c", "&amp;", "&", "&lt", "&#60", ";", "<",
    ">", "<3", "<@U1>", "<p a=<b>", "'", '"', "é", "\n", "\xa0", "  ", "<!-- c -->", "<a/b>",
]  # fmt: skip


def _escaped_reading(markup: str) -> str | None:
    return _plain_text(_protect(markup))


@pytest.mark.parametrize("markup", FRAGMENTS)
def test_the_raw_scan_shows_what_the_escaped_reading_shows(markup):
    raw = _raw_text(markup)
    assert raw is None or raw == _escaped_reading(markup)


def test_the_raw_scan_reads_stray_angle_brackets_and_quoted_ones_itself():
    assert _raw_text("<p>a < b > c</p>") == "a < b > c"
    assert _raw_text("&amp<3 &lt<4") == "&<3 <<4"
    assert _raw_text('<a title="a > b" href="/x">lien</a>') == "lien"
    assert _raw_text('<img alt="a &lt; b">') == "a < b"


def test_the_raw_scan_leaves_to_the_escaped_reading_what_escaping_changes():
    # a `<` inside a quoted value is escaped unless it opens a tag, and a script's text may hold `<`
    for markup in ['<Mallory t="<b>">', '<a title="x < y">', "<script>if (a < b) {}</script>", "<a/b>x"]:
        assert _raw_text(markup) is None, markup
    assert html_to_text("<script>if (a < b) {}</script>Après") == "Après"
    assert html_to_text('Cher <Mallory t="a < b">') == 'Cher <Mallory t="a &lt; b">'


def test_plainly_written_markup_is_read_without_escaping_it_first(monkeypatch):
    def escaping(markup: str) -> str:
        raise AssertionError(f"escaped {markup!r}")

    monkeypatch.setattr(html, "_protect", escaping)
    text = html_to_text('<p>Viadeo recrute à Lyon</p><p><a href="https://example.com/1">lire</a></p>')
    assert text == "Viadeo recrute à Lyon lire"
    assert html_to_text("<p>a < b &amp; c</p>") == "a < b & c"


def test_random_fragments_read_alike():
    rng = random.Random(20240608)
    read = 0
    for _ in range(20_000):
        markup = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 12)))
        if "<!" in markup:
            continue
        raw = _raw_text(markup)
        if raw is not None:
            read += 1
            assert raw == _escaped_reading(markup), markup
    assert read > 2_000


def test_white_space_is_collapsed_as_splitting_on_it_does():
    other_spaces = [chr(c) for c in range(0x110000) if chr(c).isspace() and chr(c) != " "]
    assert other_spaces and not any(space.isprintable() for space in other_spaces)
    for text in [" a  b ", "a\u2003b", "a\xa0 b", "\n", "", "ab ", "a\x1cb", "é  è"]:
        assert html._collapsed(text) == " ".join(text.split())
