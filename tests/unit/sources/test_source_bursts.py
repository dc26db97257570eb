"""A burst of new mentions bigger than one poll can read, on the APIs that list newest first only
(Hacker News through Algolia, Bluesky, Reddit): every mention is stored over the next polls, none
twice, while each poll still reads what is newest, and a cursor stored by an older version loads.

Each fake answers like the real API from hand-written items: newest first, filtered and paged
with the real parameters (Algolia's `numericFilters` and `page`, Bluesky's `since`, `until` and
`cursor`, Reddit's `after`)."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.conftest import write_config
from tests.fakes.api import ApiRequest, ApiServer, Reply
from tests.rigs.api import Rig, sources_row
from veille.sources.api import ApiCursor
from veille.store import Store

# -- Hacker News ---------------------------------------------------------------------------------

T0 = 1_790_000_000


def hn_hit(number: int, created: int) -> dict[str, Any]:
    return {
        "objectID": str(number),
        "created_at_i": created,
        "author": "camille",
        "title": f"Viadeo story number {number}",
        "url": f"https://blog.example/viadeo/{number}",
        "points": 3,
        "num_comments": 0,
        "_tags": ["story", "author_camille", f"story_{number}"],
    }


class FakeAlgolia:
    """`search_by_date`: newest first, `numericFilters` on created_at_i, `page` × `hitsPerPage`."""

    def __init__(self, api: ApiServer) -> None:
        self.hits: list[dict[str, Any]] = []
        api.on("/api/v1/search_by_date", self.search)

    def search(self, request: ApiRequest) -> Reply:
        found = self.hits
        for field, op, value in re.findall(
            r"(\w+)(<=|>=|<|>|=)(\d+)", request.query.get("numericFilters", "")
        ):
            found = [hit for hit in found if _compare(hit[field], op, int(value))]
        found = sorted(found, key=lambda hit: (hit["created_at_i"], int(hit["objectID"])), reverse=True)
        size, page = int(request.query["hitsPerPage"]), int(request.query.get("page", "0"))
        pages = -(-len(found) // size)
        return Reply(
            {
                "hits": found[page * size : (page + 1) * size],
                "nbHits": len(found),
                "page": page,
                "nbPages": pages,
                "hitsPerPage": size,
            }
        )


def _compare(left: int, op: str, right: int) -> bool:
    return {
        "<": left < right,
        "<=": left <= right,
        ">": left > right,
        ">=": left >= right,
        "=": left == right,
    }[op]


def hn(api: ApiServer) -> dict[str, Any]:
    return {"type": "hackernews", "api_url": f"{api.base_url}/api/v1"}


def stored(store: Store) -> tuple[int, int]:
    """Mentions kept, and alerts waiting to be posted (one per mention)."""
    return store.count("items"), store.count("alerts")


def alerted_urls(store: Store) -> list[str | None]:
    alerts = store.due_alerts(datetime.now(UTC))
    return [found[3] for alert in alerts if (found := store.alert_item(alert.alert_id))]


def test_a_hacker_news_burst_of_900_hits_is_all_stored_over_the_next_polls_none_twice(api, store):
    """Algolia reads 3 pages of 100 for the newest hits and 3 for a stored backlog per poll."""
    algolia = FakeAlgolia(api)
    rig = Rig(store, hn(api), ["Viadeo"])
    # The cursor an older version stored: a flat object of brand → newest created_at_i.
    store.record_poll_success(rig.source.key, datetime.now(UTC), cursor=json.dumps({"Viadeo": T0}))
    # 900 new hits since, several in the same second (a page may end in the middle of one).
    algolia.hits = [hn_hit(n, T0 + 1 + n // 3) for n in range(900)]

    rig.poll()
    assert 500 < store.count("items") < 900  # the newest 300, then about 300 of the backlog
    algolia.hits.append(hn_hit(5000, T0 + 10_000))  # something new meanwhile: read at once
    rig.poll()
    rig.poll()

    assert stored(store) == (901, 901)
    asked = [r.query.get("numericFilters") for r in api.to("/api/v1/search_by_date")]
    assert asked[0] == f"created_at_i>{T0}"
    assert any(f and "created_at_i<=" in f for f in asked)  # the backlog, bounded on both sides
    assert ApiCursor.load(rig.state.cursor).backlog == {}  # nothing left to read


def test_a_hacker_news_backlog_survives_a_restart(api, store):
    algolia = FakeAlgolia(api)
    algolia.hits = [hn_hit(0, T0)]
    rig = Rig(store, hn(api), ["Viadeo"])
    rig.poll()
    algolia.hits += [hn_hit(n, T0 + n) for n in range(1, 701)]

    rig.poll()
    rig.restart()
    rig.poll()

    assert stored(store) == (701, 701)


def test_veille_sources_says_a_source_is_catching_up_on_a_burst_until_it_is_done(
    api, tmp_path, capsys, sqlite_url
):
    algolia = FakeAlgolia(api)
    algolia.hits = [hn_hit(0, T0)]
    loaded = write_config(tmp_path, database=sqlite_url, sources=[{"name": "hn", **hn(api)}], language="en")
    store = Store(sqlite_url)
    store.create_schema()
    rig = Rig(store, loaded=loaded)
    rig.poll()
    algolia.hits += [hn_hit(n, T0 + n) for n in range(1, 701)]

    def row() -> str:
        return sources_row(capsys, loaded, "hn")

    rig.poll()
    assert "catching up on a burst: 1 stretch still to read" in row()
    rig.poll()
    assert "catching up" not in row()
    store.close()


def test_a_hacker_news_cursor_with_unreadable_stretches_never_alerts_old_hits(api, store):
    """A stored backlog edited by hand or written by another version: a stretch whose bounds are
    not numbers (or not pairs of strings) is dropped, never read with one bound missing."""
    algolia = FakeAlgolia(api)
    rig = Rig(store, hn(api), ["Viadeo"])
    algolia.hits = [hn_hit(n, T0 - 1000 + n) for n in range(50)]  # seen long ago
    algolia.hits.append(hn_hit(100, T0 + 5))  # new since the cursor
    odd = {"Viadeo\nViadeo": [["yesterday", str(T0 + 1)], [str(T0), 7], "x", [str(T0)]]}
    cursor = json.dumps({"positions": {"Viadeo": str(T0)}, "backlog": odd})
    store.record_poll_success(rig.source.key, datetime.now(UTC), cursor=cursor)

    rig.poll()

    assert stored(store) == (1, 1)
    assert alerted_urls(store) == ["https://blog.example/viadeo/100"]
    assert ApiCursor.load(rig.state.cursor).backlog == {}


def test_a_cursor_holding_a_hundred_stretches_is_folded_and_every_hit_still_read(api, store):
    """Sustained overload keeps at most 8 stretches per query; a stored list longer than that (an
    older version, a hand edit) is folded the same way at once instead of being read 3 a poll."""
    algolia = FakeAlgolia(api)
    rig = Rig(store, hn(api), ["Viadeo"])
    algolia.hits = [hn_hit(n, T0 + 2 * n + 1) for n in range(100)]
    stretches = [[str(T0 + 2 * n), str(T0 + 2 * n + 1)] for n in range(100)]
    cursor = json.dumps({"positions": {"Viadeo": str(T0 + 200)}, "backlog": {"Viadeo\nViadeo": stretches}})
    store.record_poll_success(rig.source.key, datetime.now(UTC), cursor=cursor)

    rig.poll()
    assert len(ApiCursor.load(rig.state.cursor).backlog["Viadeo\nViadeo"]) <= 8
    for _ in range(3):
        rig.poll()

    assert stored(store) == (100, 100)
    assert ApiCursor.load(rig.state.cursor).backlog == {}


# -- Bluesky -------------------------------------------------------------------------------------

BSKY_T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.fixture
def account(monkeypatch):
    monkeypatch.setenv("BLUESKY_IDENTIFIER", "veille.example.com")
    monkeypatch.setenv("BLUESKY_APP_PASSWORD", "abcd-efgh-ijkl-mnop")


def bsky_time(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}Z"


def bsky_post(number: int, when: datetime) -> dict[str, Any]:
    return {
        "uri": f"at://did:plc:abc123/app.bsky.feed.post/3lb{number:07d}",
        "cid": f"bafyrei{number}",
        "author": {"did": "did:plc:abc123", "handle": "camille.bsky.social"},
        "record": {
            "$type": "app.bsky.feed.post",
            "text": f"Viadeo post {number}",
            "createdAt": bsky_time(when),
        },
        "likeCount": 1,
        "indexedAt": bsky_time(when + timedelta(milliseconds=300)),
    }


class FakeSearchPosts:
    """searchPosts: newest first on sortAt (the earlier of createdAt and indexedAt), `since`
    inclusive, `until` exclusive, paged by an opaque cursor."""

    def __init__(self, api: ApiServer) -> None:
        self.posts: list[dict[str, Any]] = []
        api.on(
            "/xrpc/com.atproto.server.createSession",
            lambda request: Reply({"accessJwt": "access", "refreshJwt": "refresh", "did": "did:plc:veille"}),
            "POST",
        )
        api.on("/xrpc/app.bsky.feed.searchPosts", self.search)

    def search(self, request: ApiRequest) -> Reply:
        try:
            since, until = _when(request.query.get("since")), _when(request.query.get("until"))
        except ValueError:
            return Reply({"error": "InvalidRequest", "message": "Invalid datetime"}, status=400)
        found = sorted(
            (
                (sort_at, post)
                for post in self.posts
                if (sort_at := min(_stamp(post["record"]["createdAt"]), _stamp(post["indexedAt"])))
                and (since is None or sort_at >= since)
                and (until is None or sort_at < until)
            ),
            key=lambda pair: (pair[0], pair[1]["uri"]),
            reverse=True,
        )
        start, limit = int(request.query.get("cursor", "0")), int(request.query["limit"])
        answer: dict[str, Any] = {"posts": [post for _, post in found[start : start + limit]]}
        if start + limit < len(found):
            answer["cursor"] = str(start + limit)
        return Reply(answer)


def _stamp(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _when(text: str | None) -> datetime | None:
    return _stamp(text) if text else None


def test_a_bluesky_burst_bigger_than_a_poll_is_all_stored_over_the_next_polls_none_twice(api, account, store):
    """At 10 posts a page, a poll reads 5 pages of the newest posts and 5 of a stored backlog."""
    pds = FakeSearchPosts(api)
    rig = Rig(store, {"type": "bluesky", "api_url": api.base_url, "limit": 10}, ["Viadeo"])
    # The cursor an older version stored: the newest post time per term, no backlog.
    old = ApiCursor({"viadeo": "2026-11-23T09:00:00Z"}).dump()
    store.record_poll_success(rig.source.key, datetime.now(UTC), cursor=old)
    # 230 posts since, four in each second.
    pds.posts = [
        bsky_post(n, BSKY_T0 + timedelta(seconds=1 + n // 4, milliseconds=n % 4)) for n in range(230)
    ]

    rig.poll()
    assert 80 < store.count("items") <= 100  # the newest 50, then about 50 of the backlog
    pds.posts.append(bsky_post(9000, BSKY_T0 + timedelta(hours=2)))  # new meanwhile: read at once
    rig.poll()
    assert store.count("items") < 231
    rig.poll()
    rig.poll()

    assert stored(store) == (231, 231)
    asked = api.to("/xrpc/app.bsky.feed.searchPosts")
    assert asked[0].query["since"] == "2026-11-23T09:00:00Z" and "until" not in asked[0].query
    assert any(r.query.get("until") for r in asked)
    assert ApiCursor.load(rig.state.cursor).backlog == {}


def test_a_bluesky_cursor_with_an_unreadable_stretch_keeps_the_source_polling(api, account, store):
    """Sent as it is, a stretch whose times do not read would be refused by the API at every poll."""
    pds = FakeSearchPosts(api)
    rig = Rig(store, {"type": "bluesky", "api_url": api.base_url, "limit": 10}, ["Viadeo"])
    cursor = ApiCursor(
        {"viadeo": "2026-11-23T09:00:00Z"}, backlog={"viadeo": [("yesterday", "2026-11-23T08:00:00Z")]}
    )
    store.record_poll_success(rig.source.key, datetime.now(UTC), cursor=cursor.dump())
    pds.posts = [bsky_post(1, BSKY_T0 + timedelta(minutes=5))]

    rig.poll()

    assert rig.state.last_error is None
    assert stored(store) == (1, 1)
    assert ApiCursor.load(rig.state.cursor).backlog == {}


# -- Reddit --------------------------------------------------------------------------------------


def reddit_post(number: int, created: float) -> dict[str, Any]:
    return {
        "kind": "t3",
        "data": {
            "name": f"t3_{number:06d}",
            "title": f"Viadeo thread {number}",
            "selftext": f"About Viadeo, part {number}",
            "author": "camille",
            "permalink": f"/r/france/comments/{number:06d}/viadeo/",
            "created_utc": created,
            "score": 2,
            "num_comments": 0,
        },
    }


class FakeRedditListing:
    """`/search` sorted by new: newest first, `limit` per page, paged with `after`; as JSON (OAuth)
    or as the Atom twin `/search.rss`, which has no `after` field (the last entry's id is one).
    Listing `after` a post that is no longer there gives an empty page."""

    def __init__(self, api: ApiServer) -> None:
        self.posts: list[dict[str, Any]] = []
        api.on(
            "/api/v1/access_token",
            lambda request: Reply({"access_token": "tok", "token_type": "bearer", "expires_in": 86400}),
            "POST",
        )
        api.on("/search", self.listing)
        api.on("/search.rss", self.atom)

    def page(self, request: ApiRequest) -> tuple[list[dict[str, Any]], bool]:
        newest_first = sorted(
            self.posts, key=lambda p: (p["data"]["created_utc"], p["data"]["name"]), reverse=True
        )
        names = [p["data"]["name"] for p in newest_first]
        after = request.query.get("after")
        if after is not None and after not in names:
            return [], False  # listed after a post that is gone: an empty listing
        start = names.index(after) + 1 if after is not None else 0
        limit = int(request.query["limit"])
        return newest_first[start : start + limit], start + limit < len(newest_first)

    def listing(self, request: ApiRequest) -> Reply:
        page, more = self.page(request)
        return Reply(
            {
                "kind": "Listing",
                "data": {
                    "after": page[-1]["data"]["name"] if page and more else None,
                    "before": None,
                    "dist": len(page),
                    "children": page,
                },
            }
        )

    def atom(self, request: ApiRequest) -> Reply:
        entries = []
        for post in self.page(request)[0]:
            data = post["data"]
            when = datetime.fromtimestamp(data["created_utc"], UTC).isoformat()
            entries.append(
                f"<entry><author><name>/u/{data['author']}</name></author>"
                f'<content type="html">{data["selftext"]}</content><id>{data["name"]}</id>'
                f'<link href="https://www.reddit.com{data["permalink"]}"/>'
                f"<updated>{when}</updated><published>{when}</published>"
                f"<title>{data['title']}</title></entry>"
            )
        body = (
            '<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>reddit.com: search results</title>{''.join(entries)}</feed>"
        )
        return Reply(body, content_type="application/atom+xml; charset=UTF-8")


def test_a_reddit_burst_bigger_than_a_poll_is_all_stored_over_the_next_polls_none_twice(
    api, store, monkeypatch
):
    """A poll reads the newest page of 100 posts and two more of a stored backlog."""
    monkeypatch.setenv("REDDIT_CLIENT_ID", "client-id")
    monkeypatch.setenv("REDDIT_CLIENT_SECRET", "client-secret")
    reddit = FakeRedditListing(api)
    source = {"type": "reddit", "base_url": api.base_url, "oauth_url": api.base_url}
    rig = Rig(store, source, ["Viadeo"])
    # The cursor an older version stored: a flat object of brand → newest created_utc.
    store.record_poll_success(rig.source.key, datetime.now(UTC), cursor=json.dumps({"Viadeo": float(T0)}))
    reddit.posts = [reddit_post(0, T0 - 60.0)]  # seen before
    reddit.posts += [reddit_post(n, T0 + n * 2.0) for n in range(1, 451)]

    rig.poll()
    assert stored(store) == (300, 300)
    reddit.posts.append(reddit_post(9000, T0 + 10_000.0))  # new meanwhile: read at once
    rig.poll()

    assert stored(store) == (451, 451)
    afters = [r.query.get("after") for r in api.to("/search")]
    assert afters[:3] == [None, "t3_000351", "t3_000251"]
    assert ApiCursor.load(rig.state.cursor).backlog == {}
    rig.poll()
    assert stored(store) == (451, 451)


def test_without_oauth_a_reddit_burst_is_read_over_the_next_polls_through_the_rss_twin(
    api, store, monkeypatch
):
    monkeypatch.delenv("REDDIT_CLIENT_ID", raising=False)
    reddit = FakeRedditListing(api)
    rig = Rig(store, {"type": "reddit", "base_url": api.base_url}, ["Viadeo"])
    reddit.posts = [reddit_post(0, T0 - 60.0)]
    rig.poll()  # a first poll: the newest page only, and the cursor
    reddit.posts += [reddit_post(n, T0 + n * 2.0) for n in range(1, 401)]

    rig.poll()
    rig.poll()

    assert stored(store) == (401, 401)
    afters = [r.query.get("after") for r in api.to("/search.rss")]
    assert afters == [None, None, "t3_000301", "t3_000201", None, "t3_000101", "t3_000001"]


def test_a_reddit_cursor_with_unreadable_stretches_never_alerts_old_posts(api, store, monkeypatch):
    monkeypatch.setenv("REDDIT_CLIENT_ID", "client-id")
    monkeypatch.setenv("REDDIT_CLIENT_SECRET", "client-secret")
    reddit = FakeRedditListing(api)
    rig = Rig(store, {"type": "reddit", "base_url": api.base_url, "oauth_url": api.base_url}, ["Viadeo"])
    reddit.posts = [reddit_post(n, T0 - 600.0 + n) for n in range(1, 51)]  # seen long ago
    reddit.posts.append(reddit_post(100, T0 + 30.0))
    odd = {"Viadeo": [["soon", "t3_000050"], [str(float(T0)), "not-a-post"]]}
    cursor = json.dumps({"positions": {"Viadeo": str(float(T0))}, "backlog": odd})
    store.record_poll_success(rig.source.key, datetime.now(UTC), cursor=cursor)

    rig.poll()

    assert stored(store) == (1, 1)
    assert [r.query.get("after") for r in api.to("/search")] == [None]


def test_a_reddit_stretch_whose_anchor_post_was_deleted_is_still_read_to_the_end(api, store, monkeypatch):
    """The next polls list `after` the oldest post read; if that post is deleted meanwhile, Reddit
    lists nothing after it, and the stretch is read down again from the newest post instead."""
    monkeypatch.setenv("REDDIT_CLIENT_ID", "client-id")
    monkeypatch.setenv("REDDIT_CLIENT_SECRET", "client-secret")
    reddit = FakeRedditListing(api)
    rig = Rig(store, {"type": "reddit", "base_url": api.base_url, "oauth_url": api.base_url}, ["Viadeo"])
    store.record_poll_success(rig.source.key, datetime.now(UTC), cursor=json.dumps({"Viadeo": float(T0)}))
    reddit.posts = [reddit_post(n, T0 + n * 2.0) for n in range(1, 451)]
    rig.poll()
    assert stored(store) == (300, 300)
    reddit.posts = [p for p in reddit.posts if p["data"]["name"] != "t3_000151"]  # its author deletes it

    for _ in range(3):
        rig.poll()

    assert stored(store) == (450, 450)
    assert ApiCursor.load(rig.state.cursor).backlog == {}
