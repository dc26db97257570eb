"""What a reader sees of a field a source declares as HTML: the markup a browser knows is read as
markup, and any other `<` is text someone wrote."""

from __future__ import annotations

import pytest

from veille.text.html import entities_to_text, html_to_text, looks_like_html


def test_a_less_than_sign_that_opens_no_markup_is_text():
    written = {
        "<p><!channel> WIN <https://evil.example|your bank></p>": (
            "<!channel> WIN <https://evil.example|your bank>"
        ),
        "<b><!here|x></b> et <!subteam^S1|t>": "<!here|x> et <!subteam^S1|t>",
        "<p><@U123> dans <#C1|x></p>": "<@U123> dans <#C1|x>",
        "<p>a < b > c</p>": "a < b > c",
        "Écrivez à <jane@example.com>": "Écrivez à <jane@example.com>",
        "Cher <Mallory>, bienvenue": "Cher <Mallory>, bienvenue",
        "<p>Coupé <p class='x": "Coupé <p class='x",
        "<p>Viadeo</p> <!-- jamais fermé": "Viadeo <!-- jamais fermé",
    }
    assert {markup: html_to_text(markup) for markup in written} == written


def test_markup_reads_as_a_browser_shows_it():
    shown = {
        "<p>Viadeo</p><p>recrute</p>": "Viadeo recrute",
        "Vi<b>adeo</b><br/>à Lyon": "Viadeo à Lyon",
        '<img src="logo.png" alt="Logo <Viadeo>"> lancé': "Logo <Viadeo> lancé",
        '<script>alert("<!channel>")</script><style>p { color: red }</style>Texte': "Texte",
        '<!-- note --><!DOCTYPE html><?xml version="1.0"?>Texte': "Texte",
        '<a title="a > b" href="/x">lien</a>': "lien",
        "<![CDATA[a <b> c]]>": "a <b> c",
        "&eacute;t&#233; &#xE9;t&eacute; &amp;lt;b&amp;gt;&nbsp;!": "été été &lt;b&gt; !",
        "<o:p>Word</o:p> <my-card>carte</my-card>": "Word carte",
        "<![if !supportLists]>•<![endif]> point": "• point",
    }
    assert {markup: html_to_text(markup) for markup in shown} == shown


def test_escaped_text_from_an_api_is_decoded_and_nothing_else():
    assert (
        entities_to_text("can&#39;t log in with &quot;OAuth&quot; &lt;b&gt;  ")
        == 'can\'t log in with "OAuth" <b>'
    )
    assert entities_to_text("<!channel> & <b>") == "<!channel> & <b>"


def test_a_title_reads_as_html_only_when_it_holds_markup_or_an_entity():
    reads_as_html = {
        "Tom &amp; Jerry": True,
        "L&#8217;appli": True,
        "<b>Viadeo</b> recrute": True,
        "Viadeo<br>recrute": True,
        "<!channel> WIN <https://evil.example|your bank>": False,
        "a < b > c": False,
        "AT&T rachète &inventé;": False,
        "<b> seul": False,
    }
    assert {title: looks_like_html(title) for title in reads_as_html} == reads_as_html


@pytest.mark.timeout(30)
def test_a_description_full_of_unterminated_markup_does_not_hold_the_poll_up():
    for unit in [
        "<p ",
        '<p a="',
        "<p a=<p a=",
        "<!--",
        "<![CDATA[",
        "<!doctype ",
        "<?",
        "</p ",
        "<b>x</b><!x>",
    ]:
        hostile = unit * (300_000 // len(unit))
        assert html_to_text(hostile)
