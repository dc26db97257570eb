"""Bluesky: a session from an app password in the environment, searchPosts for each brand term,
and a session that quietly renews itself when its token expires."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from typing import Any

import pytest

from tests.conftest import write_config
from tests.fakes.api import ApiRequest, ApiServer, Reply
from tests.fakes.net import local_fetcher
from tests.rigs.api import Rig, adapter, loaded_config
from veille.cli.main import main
from veille.sources.base import FetchError
from veille.sources.registry import build_source

SEARCH = "/xrpc/app.bsky.feed.searchPosts"
LOGIN = "/xrpc/com.atproto.server.createSession"
REFRESH = "/xrpc/com.atproto.server.refreshSession"


@pytest.fixture
def account(monkeypatch):
    monkeypatch.setenv("BLUESKY_IDENTIFIER", "veille.example.com")
    monkeypatch.setenv("BLUESKY_APP_PASSWORD", "abcd-efgh-ijkl-mnop")


def post(rkey: str, text: str, *, handle: str = "camille.bsky.social", **record: Any) -> dict[str, Any]:
    """A PostView as app.bsky.feed.searchPosts documents it."""
    return {
        "uri": f"at://did:plc:abc123/app.bsky.feed.post/{rkey}",
        "cid": "bafyrei" + rkey,
        "author": {"did": "did:plc:abc123", "handle": handle, "displayName": "Camille"},
        "record": {
            "$type": "app.bsky.feed.post",
            "text": text,
            "createdAt": "2026-11-23T09:00:00.000Z",
            "langs": ["fr"],
            **record,
        },
        "replyCount": 1,
        "repostCount": 4,
        "likeCount": 12,
        "quoteCount": 0,
        "indexedAt": f"2026-11-23T09:00:{int(rkey[-2:]) % 60:02d}.000Z",
    }


class FakeBluesky:
    """A PDS that hands out sessions, lets tokens expire on demand, and answers searches."""

    def __init__(self, api: ApiServer) -> None:
        self.api = api
        self.generation = 0
        self.access_valid = True
        self.refresh_valid = True
        self.posts: dict[str, list[dict[str, Any]]] = {}
        api.on(LOGIN, self.login, "POST")
        api.on(REFRESH, self.refresh, "POST")
        api.on(SEARCH, self.search)

    def _tokens(self) -> Reply:
        self.generation += 1
        self.access_valid = self.refresh_valid = True
        return Reply(
            {
                "accessJwt": f"access-{self.generation}",
                "refreshJwt": f"refresh-{self.generation}",
                "handle": "veille.example.com",
                "did": "did:plc:veille",
            }
        )

    def login(self, request: ApiRequest) -> Reply:
        if request.body != {"identifier": "veille.example.com", "password": "abcd-efgh-ijkl-mnop"}:
            return Reply(
                {"error": "AuthenticationRequired", "message": "Invalid identifier or password"}, 401
            )
        return self._tokens()

    def refresh(self, request: ApiRequest) -> Reply:
        if request.header("Authorization") != f"Bearer refresh-{self.generation}" or not self.refresh_valid:
            return Reply({"error": "ExpiredToken", "message": "Token has expired"}, 400)
        return self._tokens()

    def search(self, request: ApiRequest) -> Reply:
        if request.header("Authorization") != f"Bearer access-{self.generation}" or not self.access_valid:
            return Reply({"error": "ExpiredToken", "message": "Token has expired"}, 400)
        posts = self.posts.get(request.query["q"], [])
        start, limit = int(request.query.get("cursor", "0")), int(request.query["limit"])
        answer: dict[str, Any] = {"posts": posts[start : start + limit], "hitsTotal": len(posts)}
        if start + limit < len(posts):
            answer["cursor"] = str(start + limit)
        return Reply(answer)


def bluesky(api: ApiServer, **settings: Any) -> dict[str, Any]:
    return {"type": "bluesky", "api_url": api.base_url, **settings}


def test_posts_found_for_each_term_carry_their_link_reach_and_language(api, account):
    pds = FakeBluesky(api)
    pds.posts["Viadeo"] = [post("3lbviadeo01", "Nouveau profil sur Viadeo 🎉", langs=["fr", "en"])]
    pds.posts["Netvibes"] = [post("3lbnetvib02", "Netvibes dashboards are back", handle="handle.invalid")]

    items = adapter(bluesky(api), ["Viadeo", "Netvibes"]).fetch(None).items

    assert [(r.query["q"], r.query["sort"]) for r in api.to(SEARCH)] == [
        ("Viadeo", "latest"),
        ("Netvibes", "latest"),
    ]
    viadeo, netvibes = items
    assert viadeo.url == "https://bsky.app/profile/camille.bsky.social/post/3lbviadeo01"
    assert viadeo.author == "@camille.bsky.social"
    assert viadeo.language == "fr"
    assert viadeo.reach == {"likes": 12, "reposts": 4, "replies": 1, "quotes": 0}
    assert viadeo.text == "Nouveau profil sur Viadeo 🎉"
    assert viadeo.guid == "at://did:plc:abc123/app.bsky.feed.post/3lbviadeo01"
    # A handle that no longer resolves: the link falls back to the account's DID.
    assert netvibes.url == "https://bsky.app/profile/did:plc:abc123/post/3lbnetvib02"
    assert len(api.to(LOGIN, "POST")) == 1  # one login for the whole poll


def test_since_follows_the_newest_post_per_term_across_a_restart(api, account, store):
    pds = FakeBluesky(api)
    pds.posts["Viadeo"] = [post("3lbviadeo07", "Viadeo"), post("3lbviadeo05", "Viadeo encore")]
    rig = Rig(store, bluesky(api), ["Viadeo"])

    rig.poll()
    rig.restart()
    rig.poll()

    assert [r.query.get("since") for r in api.to(SEARCH)] == [None, "2026-11-23T09:00:07Z"]
    assert len(api.to(LOGIN, "POST")) == 2  # the session lives in memory only, never in the store


def test_an_expired_access_token_is_refreshed_and_the_search_retried(api, account):
    pds = FakeBluesky(api)
    pds.posts["Viadeo"] = [post("3lbviadeo01", "Viadeo")]
    source = adapter(bluesky(api), ["Viadeo"])
    source.fetch(None)

    pds.access_valid = False  # two hours later the access token has expired
    items = source.fetch(None).items

    assert len(items) == 1
    assert len(api.to(REFRESH, "POST")) == 1
    assert api.to(REFRESH, "POST")[0].header("Authorization") == "Bearer refresh-1"
    assert api.to(SEARCH)[-1].header("Authorization") == "Bearer access-2"
    assert len(api.to(LOGIN, "POST")) == 1


def test_when_the_refresh_token_has_expired_too_the_source_logs_in_again(api, account):
    pds = FakeBluesky(api)
    pds.posts["Viadeo"] = [post("3lbviadeo01", "Viadeo")]
    source = adapter(bluesky(api), ["Viadeo"])
    source.fetch(None)

    pds.access_valid = pds.refresh_valid = False
    assert len(source.fetch(None).items) == 1
    assert len(api.to(LOGIN, "POST")) == 2


def test_missing_or_wrong_credentials_are_an_auth_error_that_says_what_to_set(api, monkeypatch, store):
    FakeBluesky(api)
    monkeypatch.delenv("BLUESKY_IDENTIFIER", raising=False)
    monkeypatch.delenv("BLUESKY_APP_PASSWORD", raising=False)
    with pytest.raises(FetchError) as missing:
        adapter(bluesky(api), ["Viadeo"]).fetch(None)
    assert missing.value.kind == "auth"
    assert "BLUESKY_IDENTIFIER" in missing.value.message and "BLUESKY_APP_PASSWORD" in missing.value.message
    assert api.requests == []  # nothing sent without an account

    monkeypatch.setenv("BLUESKY_IDENTIFIER", "veille.example.com")
    monkeypatch.setenv("BLUESKY_APP_PASSWORD", "wrong")
    rig = Rig(store, bluesky(api), ["Viadeo"])
    rig.poll()
    assert rig.state.last_error_kind == "auth"
    assert "Invalid identifier or password" in rig.state.last_error


def test_other_environment_variable_names_can_be_configured(api, monkeypatch):
    pds = FakeBluesky(api)
    pds.posts["Viadeo"] = [post("3lbviadeo01", "Viadeo")]
    monkeypatch.setenv("BSKY_WORK_ID", "veille.example.com")
    monkeypatch.setenv("BSKY_WORK_PASSWORD", "abcd-efgh-ijkl-mnop")
    settings = bluesky(api, identifier_env="BSKY_WORK_ID", app_password_env="BSKY_WORK_PASSWORD", lang="fr")

    assert len(adapter(settings, ["Viadeo"]).fetch(None).items) == 1
    assert api.to(SEARCH)[0].query["lang"] == "fr"


def test_a_burst_bigger_than_a_page_follows_the_search_cursor_back_to_since(api, account, store):
    pds = FakeBluesky(api)
    pds.posts["Viadeo"] = [post("3lbviadeo01", "Viadeo")]
    rig = Rig(store, bluesky(api, limit=50), ["Viadeo"])
    rig.poll()  # first poll: one page only, whatever its size
    pds.posts["Viadeo"] = [post(f"3lb{n:08d}", f"Viadeo {n}") for n in range(120, 0, -1)]

    report = rig.poll()

    assert report is not None and report.new_items == 120
    assert [r.query.get("cursor") for r in api.to(SEARCH)[1:]] == [None, "50", "100"]
    assert {r.query.get("since") for r in api.to(SEARCH)[1:]} == {"2026-11-23T09:00:01Z"}


def test_veille_search_asks_bluesky_live_for_the_words_since_a_time(api, account):
    pds = FakeBluesky(api)
    pds.posts["viadeo lyon"] = [post(f"3lblyon{n:04d}", f"Viadeo à Lyon {n}") for n in range(4)]
    source = adapter(bluesky(api), ["Viadeo"])

    found = source.search(["viadeo", "lyon"], datetime(2026, 11, 1, tzinfo=UTC), 3)  # type: ignore[attr-defined]

    assert [item.title for item in found] == ["Viadeo à Lyon 0", "Viadeo à Lyon 1", "Viadeo à Lyon 2"]
    assert api.to(SEARCH)[0].query["since"] == "2026-11-01T00:00:00Z"
    assert source.search(["netvibes"], None, 3) == []  # type: ignore[attr-defined]
    assert "since" not in api.to(SEARCH)[1].query


def test_veille_search_does_not_wait_for_a_poll_stuck_on_a_slow_answer(api, account):
    pds = FakeBluesky(api)
    pds.posts["viadeo lyon"] = [post("3lblyon0001", "Viadeo à Lyon")]
    polled, release = threading.Event(), threading.Event()

    def search(request: ApiRequest) -> Reply:
        if request.query["q"] == "Viadeo":  # the poll's search: answered only when released
            polled.set()
            release.wait(30)
        return pds.search(request)

    api.on(SEARCH, search)
    loaded = loaded_config(bluesky(api), ["Viadeo"])
    source = build_source(loaded.config.sources[0], loaded, local_fetcher())  # a 20 s read timeout
    poll = threading.Thread(target=source.fetch, args=(None,))
    poll.start()
    try:
        assert polled.wait(10)
        found: list[Any] = []
        asked = threading.Thread(target=lambda: found.extend(source.search(["viadeo", "lyon"], None, 5)))  # type: ignore[attr-defined]
        asked.start()
        asked.join(10)
        assert not asked.is_alive() and [item.title for item in found] == ["Viadeo à Lyon"]
        assert poll.is_alive()  # the poll still waits for its answer
    finally:
        release.set()
        poll.join(10)


def test_veille_check_names_the_missing_account_before_the_first_poll_fails(
    api, tmp_path, sqlite_url, capsys, monkeypatch
):
    loaded = write_config(tmp_path, database=sqlite_url, sources=[bluesky(api)], language="fr")
    monkeypatch.setenv("BLUESKY_IDENTIFIER", "veille.example.com")
    monkeypatch.delenv("BLUESKY_APP_PASSWORD", raising=False)

    assert main(["--config", str(loaded.path), "check"]) == 0

    warned = "⚠ à définir dans l'environnement, sans quoi cette source échoue : BLUESKY_APP_PASSWORD"
    assert warned in capsys.readouterr().out
