"""Lemmy: an instance is searched for each brand's terms, posts and comments alike, newest first;
each poll asks only for what was published after the newest it saw, and whatever the instance
sends, alerts stay readable, link where they should and ping nobody."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import write_config
from tests.fakes.api import ApiRequest, Reply
from tests.rigs.api import Rig, adapter, sources_row
from tests.rigs.posted import posted_alerts
from veille.sources.base import FetchError
from veille.store import Store

SEARCH = "/api/v3/search"


def creator(name: str = "zoe", instance: str = "lemmy.world") -> dict[str, Any]:
    return {
        "id": 41,
        "name": name,
        "display_name": "Zoé",
        "banned": False,
        "published": "2024-01-01T00:00:00Z",
        "actor_id": f"https://{instance}/u/{name}",
        "local": False,
        "deleted": False,
        "bot_account": False,
        "instance_id": 3,
    }


def community() -> dict[str, Any]:
    return {
        "id": 9,
        "name": "technology",
        "title": "Technology",
        "actor_id": "https://lemmy.world/c/technology",
    }


def post_view(post_id: int, title: str, body: str, published: str, **post: Any) -> dict[str, Any]:
    """A `post_view` of /api/v3/search (Lemmy 0.19)."""
    return {
        "post": {
            "id": post_id,
            "name": title,
            "body": body,
            "creator_id": 41,
            "community_id": 9,
            "removed": False,
            "locked": False,
            "published": published,
            "deleted": False,
            "nsfw": False,
            "ap_id": f"https://lemmy.world/post/{post_id + 5000}",
            "local": False,
            "language_id": 37,
            "featured_community": False,
            **post,
        },
        "creator": creator(),
        "community": community(),
        "creator_banned_from_community": False,
        "counts": {"post_id": post_id, "comments": 7, "score": 31, "upvotes": 33, "downvotes": 2},
        "subscribed": "NotSubscribed",
        "saved": False,
        "read": False,
        "creator_blocked": False,
        "unread_comments": 7,
    }


def comment_view(comment_id: int, content: str, published: str, **comment: Any) -> dict[str, Any]:
    return {
        "comment": {
            "id": comment_id,
            "creator_id": 41,
            "post_id": 77,
            "content": content,
            "removed": False,
            "published": published,
            "deleted": False,
            "ap_id": f"https://lemmy.world/comment/{comment_id + 9000}",
            "local": False,
            "path": f"0.{comment_id}",
            "distinguished": False,
            "language_id": 0,
            **comment,
        },
        "creator": creator(),
        "post": {"id": 77, "name": "Which job sites do you use?", "ap_id": "https://lemmy.world/post/77"},
        "community": community(),
        "counts": {"comment_id": comment_id, "score": 5, "upvotes": 5, "downvotes": 0, "child_count": 2},
        "creator_banned_from_community": False,
        "subscribed": "NotSubscribed",
        "saved": False,
        "creator_blocked": False,
    }


def answer(posts: list[Any], comments: list[Any]) -> dict[str, Any]:
    return {"type_": "All", "comments": comments, "posts": posts, "communities": [], "users": []}


def lemmy(api: Any, **settings: Any) -> dict[str, Any]:
    return {"type": "lemmy", "url": api.base_url, **settings}


def test_posts_and_comments_naming_a_brand_come_with_their_author_reach_and_link(api):
    api.on(
        SEARCH,
        Reply(
            answer(
                [
                    post_view(
                        12, "Viadeo is back?", "Saw the **Viadeo** app again", "2026-11-23T08:00:00.123456Z"
                    )
                ],
                [comment_view(34, "I quit Viadeo years ago", "2026-11-23T07:00:00Z")],
            )
        ),
    )

    post, comment = adapter(lemmy(api), ["Viadeo"]).fetch(None).items

    assert (post.title, post.text) == ("Viadeo is back?", "Saw the **Viadeo** app again")
    assert post.url == "https://lemmy.world/post/5012"
    assert post.author == "@zoe@lemmy.world"
    assert post.reach == {"score": 31, "comments": 7}
    assert post.published_at is not None and post.published_at.microsecond == 123456
    assert (comment.title, comment.text) == ("Re: Which job sites do you use?", "I quit Viadeo years ago")
    assert comment.url == "https://lemmy.world/comment/9034"
    assert comment.reach == {"score": 5, "replies": 2}
    (request,) = api.to(SEARCH)
    assert request.query == {"q": "Viadeo", "type_": "All", "sort": "New", "limit": "20", "page": "1"}


def test_the_next_poll_keeps_only_what_is_newer_and_reads_on_while_a_list_is_full(api, store):
    api.on(SEARCH, Reply(answer([post_view(1, "Viadeo", "x", "2026-11-23T08:00:00Z")], [])))
    rig = Rig(store, lemmy(api, limit=2), ["Viadeo"])
    rig.poll()
    rig.restart()

    def pages(request: ApiRequest) -> Reply:
        page = int(request.query["page"])
        if page == 1:  # two posts, one comment: the post list is full, read on
            return Reply(
                answer(
                    [
                        post_view(4, "Viadeo four", "x", "2026-11-23T10:00:00Z"),
                        post_view(3, "Viadeo three", "x", "2026-11-23T09:30:00Z"),
                    ],
                    [comment_view(8, "Viadeo comment", "2026-11-23T09:00:00Z")],
                )
            )
        return Reply(
            answer(
                [
                    post_view(2, "Viadeo two", "x", "2026-11-23T09:00:00Z"),
                    post_view(1, "Viadeo", "x", "2026-11-23T08:00:00Z"),  # seen last poll
                ],
                [],
            )
        )

    api.on(SEARCH, pages)
    report = rig.poll()

    assert report is not None and report.new_items == 4
    assert [r.query["page"] for r in api.to(SEARCH)] == ["1", "1", "2"]
    api.on(SEARCH, Reply(answer([post_view(4, "Viadeo four", "x", "2026-11-23T10:00:00Z")], [])))
    again = rig.poll()
    assert again is not None and again.new_items == 0 and len(api.to(SEARCH)) == 4


def test_a_post_dated_in_the_future_does_not_hide_the_posts_that_follow_it(api, store):
    api.on(SEARCH, Reply(answer([post_view(1, "Viadeo", "x", "2026-11-23T08:00:00Z")], [])))
    rig = Rig(store, lemmy(api), ["Viadeo"])
    rig.poll()
    # A federated instance with a wrong clock: its post claims to come from 2099.
    api.on(SEARCH, Reply(answer([post_view(2, "Viadeo from 2099", "x", "2099-01-01T00:00:00Z")], [])))
    first = rig.poll()
    later = [post_view(3, "Viadeo later", "x", "2026-11-23T11:00:00Z")]
    api.on(SEARCH, Reply(answer([post_view(2, "Viadeo from 2099", "x", "2099-01-01T00:00:00Z"), *later], [])))
    second = rig.poll()

    assert first is not None and first.new_items == 1
    assert second is not None and second.new_items == 1  # the later post, the 2099 one only once


def test_a_link_to_another_instance_than_the_authors_is_not_followed(api, store):
    forged = post_view(5, "Viadeo", "x", "2026-11-23T08:00:00Z", ap_id="https://phishing.example/login")
    odd = post_view(6, "Viadeo again", "x", "2026-11-23T08:00:00Z", ap_id="javascript:alert(1)")
    api.on(SEARCH, Reply(answer([forged, odd], [])))
    rig = Rig(store, lemmy(api), ["Viadeo"])
    rig.poll()

    links = sorted(link for alert in posted_alerts(store) for link in alert.slack.links)
    assert links == [f"{api.base_url}/post/5", f"{api.base_url}/post/6"]


def test_lemmy_s_own_rate_limit_error_is_a_rate_limit_not_a_broken_source(api):
    api.on(SEARCH, Reply({"error": "rate_limit_error"}, status=400))
    with pytest.raises(FetchError) as error:
        adapter(lemmy(api), ["Viadeo"]).fetch(None)
    assert error.value.kind == "rate_limited" and "rate_limit_error" in error.value.message


def test_a_private_instance_is_an_auth_error_and_a_server_error_is_http(api):
    api.on(SEARCH, Reply({"error": "instance_is_private"}, status=400))
    with pytest.raises(FetchError) as error:
        adapter(lemmy(api), ["Viadeo"]).fetch(None)
    assert error.value.kind == "auth"
    api.on(SEARCH, Reply("upstream timed out", status=502, content_type="text/plain"))
    with pytest.raises(FetchError) as error:
        adapter(lemmy(api), ["Viadeo"]).fetch(None)
    assert error.value.kind == "http"


def test_an_answer_with_neither_posts_nor_comments_is_invalid(api):
    api.on(SEARCH, Reply({"type_": "All"}))
    with pytest.raises(FetchError) as error:
        adapter(lemmy(api), ["Viadeo"]).fetch(None)
    assert error.value.kind == "invalid"


def test_hostile_views_never_crash_the_poll_never_ping_and_stay_readable(api, store):
    hostile_creator = creator(name="<!channel>", instance="lemmy.world")
    posts: list[Any] = [
        None,
        {"post": "not an object"},
        {"post": {"id": 1, "name": "Viadeo", "published": "yesterday"}},  # no readable date
        {"post": {"id": "7", "name": "Viadeo id as text", "published": "2026-11-23T08:00:00"}},
        {
            **post_view(
                8,
                "<b>Viadeo</b> <!here> <@U123>",
                "<script>x</script> Viadeo <https://evil.example|click>",
                "2026-11-23T08:00:00",
            ),
            "creator": hostile_creator,
            "counts": {"score": "lots", "comments": -3},
        },
    ]
    comments: list[Any] = [{"comment": {"id": 9, "content": ["Viadeo"], "published": "2026-11-23T08:00:00Z"}}]
    api.on(SEARCH, Reply(answer(posts, comments)))
    rig = Rig(store, lemmy(api), ["Viadeo"])

    report = rig.poll()

    assert report is not None and rig.state.consecutive_failures == 0
    (alert,) = [a for a in posted_alerts(store) if a.view.url == "https://lemmy.world/post/5008"]
    assert alert.slack.pings == [] and alert.slack.links == ["https://lemmy.world/post/5008"]
    assert "<b>Viadeo</b> <!here> <@U123>" in alert.slack.shown
    assert "<script>x</script> *Viadeo* <https://evil.example|click>" in alert.slack.shown
    assert "by @<!channel>@lemmy.world" in alert.slack.shown
    assert alert.view.reach == {"comments": 0}
    assert all(a.slack.pings == [] for a in posted_alerts(store))


def test_veille_sources_check_searches_the_instance_once(api, tmp_path, capsys, sqlite_url):
    api.on(SEARCH, Reply(answer([post_view(1, "Viadeo", "x", "2026-11-23T08:00:00Z")], [])))
    loaded = write_config(tmp_path, database=sqlite_url, sources=[{"name": "lemmy", **lemmy(api)}])
    Store(sqlite_url).close()

    row = sources_row(capsys, loaded, "lemmy", "check")
    assert "1 élément" in row
