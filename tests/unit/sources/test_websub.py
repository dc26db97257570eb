"""WebSub's small pieces: where a feed names its hub, what a valid signature is, the public URL."""

from __future__ import annotations

import pytest

from veille.config.base import ConfigError
from veille.config.loading import parse_config
from veille.sources.base import FetchError
from veille.sources.http import HttpFetcher
from veille.sources.websub import HubLinks, ask_hub, discover, sign, signature_valid

RSS = b"""<?xml version="1.0"?><rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>
<title>Blog</title><link>https://blog.example/</link>
<atom:link rel="hub" href="https://hub.example/?a=1&amp;b=2"/>
<atom:link href="/feed.rss" rel="self" type="application/rss+xml"/>
<item><title>Post</title><atom:link rel="hub" href="https://not-this.example/"/></item>
</channel></rss>"""


def test_an_rss_feed_names_its_hub_and_itself_with_atom_links():
    found = discover(RSS, [], "https://blog.example/feed.rss")

    assert found == HubLinks("https://hub.example/?a=1&b=2", "https://blog.example/feed.rss")


def test_link_headers_win_over_the_document():
    headers = ['<https://push.example/hub>; rel="hub", <https://blog.example/canonical>; rel=self']

    found = discover(RSS, headers, "https://blog.example/feed.rss")

    assert found == HubLinks("https://push.example/hub", "https://blog.example/canonical")


def test_a_json_feed_names_its_hub_in_hubs():
    body = b'{"version": "https://jsonfeed.org/version/1.1", "feed_url": "https://blog.example/feed.json",'
    body += b' "hubs": [{"type": "rssCloud", "url": "https://x.example"}, {"type": "WebSub", "url": "https://hub.example"}]}'

    assert discover(body, [], "https://blog.example/feed.json") == HubLinks(
        "https://hub.example", "https://blog.example/feed.json"
    )


@pytest.mark.parametrize(
    "body",
    [
        b'<feed xmlns="http://www.w3.org/2005/Atom"><link rel="hub" href="https://hub.example/"/></feed>',
        b'<feed xmlns="http://www.w3.org/2005/Atom"><link rel="self" href="https://b.example/f"/></feed>',
        b'<feed><link rel="hub" href="javascript:alert(1)"/><link rel="self" href="https://b.example/f"/></feed>',
    ],
    ids=["no self", "no hub", "not a web address"],
)
def test_a_feed_without_both_a_hub_and_a_self_url_is_only_polled(body: bytes):
    assert discover(body, [], "https://b.example/f") is None


@pytest.mark.parametrize("method", ["sha1", "sha256", "sha384", "sha512"])
def test_every_signature_method_of_the_recommendation_is_checked(method: str):
    body = b"<feed>...</feed>"

    assert signature_valid("s3cret", sign("s3cret", body, method), body)
    assert not signature_valid("s3cret", sign("other", body, method), body)
    assert not signature_valid("s3cret", sign("s3cret", body + b" ", method), body)


@pytest.mark.parametrize("header", [None, "", "sha256", "md5=abc", "sha256=zz\u00e9", "=abc"])
def test_a_missing_or_odd_signature_is_invalid(header: str | None):
    assert not signature_valid("s3cret", header, b"body")


def test_the_secret_is_never_sent_to_a_hub_in_clear():
    with pytest.raises(FetchError, match="HTTPS"):
        ask_hub(
            HttpFetcher(),
            "http://hub.example/",
            "subscribe",
            "https://b.example/f",
            "https://v.example/websub/x",
        )


def _config(public_url: str) -> dict[str, object]:
    return {
        "veille": {"public_url": public_url, "default_channel": "#veille"},
        "brands": [{"name": "Viadeo"}],
    }


def test_the_public_url_is_an_https_address_without_a_path():
    config = parse_config(_config("https://veille.example.com/"), "config.toml")

    assert config.veille.public_url == "https://veille.example.com"


@pytest.mark.parametrize(
    ("value", "english", "french"),
    [
        ("http://veille.example.com", "public HTTPS address", "adresse HTTPS publique"),
        ("veille.example.com", "public HTTPS address", "adresse HTTPS publique"),
        ("https://veille.example.com/veille", "without path", "sans chemin"),
        ("https://veille.example.com?x=1", "without path", "sans chemin"),
        ("https://me:pw@veille.example.com", "credentials", "identifiants"),
    ],
)
def test_a_public_url_that_will_not_do_is_said_in_french_and_english(value: str, english: str, french: str):
    with pytest.raises(ConfigError) as raised:
        parse_config(_config(value), "config.toml")

    assert raised.value.key == "veille.public_url"
    assert english in str(raised.value) and french in f"{raised.value:fr}"
