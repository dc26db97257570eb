"""Whatever a search API answers, the poll ends as a recorded error and a health change on that
source, never a crash: HTML where JSON was expected, truncated JSON, 401/403, 429, 500."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.fakes.api import ApiServer, Reply
from tests.rigs.api import Rig
from veille.pipeline.health import health_label

HTML = b"<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>checking</body></html>"


def _mastodon(api: ApiServer) -> tuple[dict[str, Any], str]:
    return {
        "type": "mastodon",
        "instances": [api.base_url],
        "hashtags": ["veille"],
    }, "/api/v1/timelines/tag/veille"


def _bluesky(api: ApiServer) -> tuple[dict[str, Any], str]:
    api.on(
        "/xrpc/com.atproto.server.createSession",
        Reply({"accessJwt": "a", "refreshJwt": "r", "handle": "h", "did": "d"}),
        "POST",
    )
    api.on(
        "/xrpc/com.atproto.server.refreshSession",
        Reply({"accessJwt": "a", "refreshJwt": "r", "handle": "h", "did": "d"}),
        "POST",
    )
    return {"type": "bluesky", "api_url": api.base_url}, "/xrpc/app.bsky.feed.searchPosts"


def _stackexchange(api: ApiServer) -> tuple[dict[str, Any], str]:
    return {"type": "stackexchange", "api_url": f"{api.base_url}/2.3"}, "/2.3/search/advanced"


def _github(api: ApiServer) -> tuple[dict[str, Any], str]:
    return {"type": "github", "api_url": api.base_url}, "/search/issues"


ADAPTERS: dict[str, Callable[[ApiServer], tuple[dict[str, Any], str]]] = {
    "mastodon": _mastodon,
    "bluesky": _bluesky,
    "stackexchange": _stackexchange,
    "github": _github,
}

FAILURES: dict[str, tuple[Reply, str, str]] = {
    "html-where-json": (Reply(HTML, content_type="text/html"), "invalid", "JSON attendu, reçu une page HTML"),
    "truncated-json": (Reply(b'{"items": [{"title": "Viadeo", "bo'), "invalid", "JSON tronqué"),
    "truncated-list": (Reply(b'[{"id": "1", "content": "<p>Viadeo'), "invalid", "JSON tronqué"),
    "401": (Reply(b"", status=401), "auth", "401"),
    "403": (Reply(b"Forbidden", status=403, content_type="text/plain"), "auth", "403"),
    "429-retry-after": (
        Reply(b"slow down", status=429, headers={"Retry-After": "120"}),
        "rate_limited",
        "HTTP 429",
    ),
    "429-absurd-retry-after": (  # a wait past year 9999 must not overflow the next attempt time
        Reply(b"slow down", status=429, headers={"Retry-After": "1000000000000000"}),
        "rate_limited",
        "HTTP 429",
    ),
    "429-absurd-ratelimit-reset": (
        Reply(b"", status=429, headers={"x-ratelimit-remaining": "0", "x-ratelimit-reset": "9" * 30}),
        "rate_limited",
        "HTTP 429",
    ),
    "500": (Reply(HTML, status=500, content_type="text/html"), "http", "HTTP 500"),
    "json-of-the-wrong-shape": (Reply(b'"hello"'), "invalid", ""),
}


@pytest.mark.parametrize("failure", FAILURES)
@pytest.mark.parametrize("kind", ADAPTERS)
def test_a_bad_answer_is_recorded_on_the_source(api, store, monkeypatch, kind, failure):
    monkeypatch.setenv("BLUESKY_IDENTIFIER", "veille.example.com")
    monkeypatch.setenv("BLUESKY_APP_PASSWORD", "app-password")
    settings, path = ADAPTERS[kind](api)
    reply, error_kind, words = FAILURES[failure]
    api.on(path, reply)
    rig = Rig(store, settings, ["Viadeo"])

    assert rig.poll() is None  # the poll failed, and said so without raising

    state = rig.state
    assert state.consecutive_failures == 1
    assert state.last_error_kind == error_kind, state.last_error
    assert words in state.last_error
    assert "127.0.0.1" in state.last_error  # the message names the host that answered
    assert health_label(state) == ("failing" if error_kind == "auth" else "degraded")
    if error_kind == "rate_limited":
        assert state.next_attempt_at is not None  # Retry-After becomes the next attempt time
