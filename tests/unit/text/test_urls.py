"""One item behind many addresses is recognised by its canonical URL."""

from __future__ import annotations

import pytest

from veille.text.urls import canonical_url


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("https://Example.COM/a/b", "https://example.com/a/b"),
        ("https://example.com/a?utm_source=x&utm_medium=rss", "https://example.com/a"),
        ("https://example.com/a?fbclid=1&gclid=2", "https://example.com/a"),
        ("https://www.example.com/a#comments", "https://example.com/a"),
        ("http://example.com:80/a/", "https://example.com/a"),
        ("https://example.com/a?b=2&a=1", "https://example.com/a?a=1&b=2"),
        ("https://lemonde.example/article?xtor=RSS-3208", "https://lemonde.example/article"),
        ("https://example.com/caf%C3%A9", "https://example.com/café"),
        ("https://example.com/a%2Db", "https://example.com/a-b"),
        ("https://example.com/a b", "https://example.com/a%20b"),
        ("https://example.com/a?", "https://example.com/a"),
    ],
)
def test_addresses_of_the_same_page_share_a_canonical_url(a, b):
    assert canonical_url(a) == canonical_url(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("https://example.com/a?id=1", "https://example.com/a?id=2"),
        ("https://example.com/a", "https://example.org/a"),
        ("https://example.com:8443/a", "https://example.com/a"),
    ],
)
def test_different_pages_stay_different(a, b):
    assert canonical_url(a) != canonical_url(b)


@pytest.mark.parametrize(
    "url", ["", "mailto:x@example.com", "javascript:alert(1)", "http://", "https://[::1"]
)
def test_non_web_addresses_have_no_canonical_url(url):
    assert canonical_url(url) is None
