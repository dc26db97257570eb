"""Discourse: a forum the team names is searched for each brand's terms, or read whole and matched
locally; each poll asks only for what came after the highest post it saw, and whatever the forum
sends, alerts stay readable and ping nobody."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import write_config
from tests.fakes.api import ApiRequest, Reply
from tests.rigs.api import Rig, adapter, sources_row
from tests.rigs.posted import posted_alerts
from veille.sources.base import FetchError
from veille.store import Store

SEARCH = "/search.json"
LATEST = "/posts.json"


def found_post(post_id: int, topic_id: int, blurb: str, number: int = 1, **extra: Any) -> dict[str, Any]:
    """A post as /search.json lists it."""
    return {
        "id": post_id,
        "name": "Zoé Martin",
        "username": "zoe",
        "avatar_template": "/user_avatar/forum.example.com/zoe/{size}/1_2.png",
        "created_at": "2026-11-23T08:00:00.000Z",
        "like_count": 4,
        "blurb": blurb,
        "post_number": number,
        "topic_title_headline": "ignored",
        "topic_id": topic_id,
        **extra,
    }


def topic(topic_id: int, title: str, slug: str) -> dict[str, Any]:
    return {
        "id": topic_id,
        "title": title,
        "fancy_title": title.replace("'", "&rsquo;"),
        "slug": slug,
        "posts_count": 3,
        "reply_count": 2,
        "created_at": "2026-11-22T08:00:00.000Z",
        "archetype": "regular",
        "category_id": 4,
    }


def search_answer(posts: list[Any], topics: list[Any], more: bool = False) -> dict[str, Any]:
    return {
        "posts": posts,
        "topics": topics,
        "users": [],
        "categories": [],
        "tags": [],
        "groups": [],
        "grouped_search_result": {
            "more_posts": None,
            "more_users": None,
            "more_categories": None,
            "term": "Viadeo order:latest",
            "search_log_id": 9,
            "more_full_page_results": True if more else None,
            "can_create_topic": False,
            "error": None,
            "post_ids": [p["id"] for p in posts if isinstance(p, dict) and "id" in p],
        },
    }


def latest_post(post_id: int, cooked: str, topic_id: int = 7, **extra: Any) -> dict[str, Any]:
    """A post as /posts.json lists it (the latest of the whole forum)."""
    return {
        "id": post_id,
        "name": "Léa",
        "username": "lea",
        "created_at": "2026-11-23T09:00:00.000Z",
        "cooked": cooked,
        "raw": "raw markdown",
        "post_number": post_id - 40,
        "reply_count": 1,
        "like_count": 0,
        "topic_id": topic_id,
        "topic_slug": "questions-about-tools",
        "topic_title": "Questions about tools",
        "topic_html_title": "Questions about tools",
        **extra,
    }


def discourse(api: Any, **settings: Any) -> dict[str, Any]:
    return {"type": "discourse", "url": api.base_url, **settings}


def test_a_search_finds_the_posts_naming_a_brand_with_their_topic_and_a_link_to_each(api):
    api.on(
        SEARCH,
        Reply(
            search_answer(
                [found_post(431, 12, "Since Monday &hellip; the Viadeo login fails", number=3)],
                [topic(12, "Login broken since Monday", "login-broken-since-monday")],
            )
        ),
    )

    (item,) = adapter(discourse(api), ["Viadeo"]).fetch(None).items

    assert item.title == "Re: Login broken since Monday"
    assert item.text == "Since Monday … the Viadeo login fails"
    assert item.url == f"{api.base_url}/t/login-broken-since-monday/12/3"
    assert item.author == "zoe"
    assert item.reach == {"likes": 4}
    assert item.published_at is not None and item.published_at.isoformat() == "2026-11-23T08:00:00+00:00"
    (request,) = api.to(SEARCH)
    assert request.query == {"q": "Viadeo order:latest", "page": "1"}
    assert request.header("Api-Key") is None


def test_the_next_poll_reads_only_newer_posts_page_by_page_even_after_a_restart(api, store):
    api.on(SEARCH, Reply(search_answer([found_post(100, 1, "Viadeo"), found_post(99, 1, "Viadeo")], [])))
    rig = Rig(store, discourse(api), ["Viadeo"])
    rig.poll()
    rig.restart()

    def pages(request: ApiRequest) -> Reply:
        number = int(request.query["page"])
        ids = range(110 - (number - 1) * 5, 110 - number * 5, -1)  # 110…106, then 105…101
        posts = [found_post(i, i, f"Viadeo {i}") for i in ids]
        if number == 2:
            posts.append(found_post(100, 1, "Viadeo"))  # where the last poll stopped
        topics = [topic(i, f"Topic number {i}", f"topic-{i}") for i in ids]
        return Reply(search_answer(posts, topics, more=True))

    api.on(SEARCH, pages)
    report = rig.poll()

    assert report is not None and report.new_items == 10
    assert [r.query["page"] for r in api.to(SEARCH)] == ["1", "1", "2"]
    again = rig.poll()  # nothing newer than 110: one page, and nothing new
    assert again is not None and again.new_items == 0 and len(api.to(SEARCH)) == 4


def test_each_brand_term_is_searched_and_a_phrase_is_quoted(api):
    api.on(SEARCH, Reply(search_answer([], [])))
    source = adapter(discourse(api), ["Viadeo", "Société Générale"])
    source.fetch(None)
    assert [r.query["q"] for r in api.to(SEARCH)] == [
        "Viadeo order:latest",
        '"Société Générale" order:latest',
    ]


def test_latest_mode_reads_the_whole_forum_and_alerts_only_posts_naming_a_brand(api, store):
    api.on(
        LATEST,
        Reply(
            {
                "latest_posts": [
                    latest_post(52, "<p>Has anyone tried <strong>Viadeo</strong> for hiring?</p>"),
                    latest_post(51, "<p>Nothing to see here.</p>"),
                ]
            }
        ),
    )
    rig = Rig(store, discourse(api, mode="latest"), ["Viadeo"])

    report = rig.poll()

    assert report is not None and report.new_items == 2 and report.mentions == 1
    (alert,) = posted_alerts(store)
    assert alert.view.title == "Re: Questions about tools"
    assert "Has anyone tried *Viadeo* for hiring?" in alert.slack.shown
    assert alert.slack.links == [f"{api.base_url}/t/questions-about-tools/7/12"]
    assert rig.state.last_error is None


def test_latest_mode_pages_back_with_before_and_reads_a_burst_over_the_next_polls(api, store):
    forum = list(range(2000, 900, -1))  # post ids, newest first
    served = {"newest": 1000}

    def latest(request: ApiRequest) -> Reply:
        before = int(request.query.get("before", served["newest"] + 1))
        page = [i for i in forum if i < before and i <= served["newest"]][:50]
        return Reply({"latest_posts": [latest_post(i, f"<p>Viadeo {i}</p>") for i in page]})

    api.on(LATEST, latest)
    rig = Rig(store, discourse(api, mode="latest"), ["Viadeo"])
    first = rig.poll()
    assert first is not None and first.new_items == 50
    assert [r.query.get("before") for r in api.to(LATEST)] == [None]  # a first poll reads one page

    served["newest"] = 2000  # 1,000 posts since: more than one poll reads (5 pages, then 5 more)
    reports = [rig.poll(), rig.poll(), rig.poll(), rig.poll()]

    assert [r.new_items for r in reports if r is not None] == [500, 250, 250, 0]
    asked = [r.query.get("before") for r in api.to(LATEST)[1:7]]
    assert asked == [None, "1951", "1901", "1851", "1801", "1751"]
    assert rig.state.consecutive_failures == 0


def test_an_api_key_is_sent_only_to_the_forum_whose_source_names_its_variables(api, monkeypatch):
    monkeypatch.setenv("FORUM_KEY", "k-123")
    monkeypatch.setenv("FORUM_USER", "veille-bot")
    api.on(SEARCH, Reply(search_answer([], [])))

    adapter(discourse(api, api_key_env="FORUM_KEY", api_username_env="FORUM_USER"), ["Viadeo"]).fetch(None)
    adapter(discourse(api), ["Viadeo"]).fetch(None)

    with_key, without = api.to(SEARCH)
    assert (with_key.header("Api-Key"), with_key.header("Api-Username")) == ("k-123", "veille-bot")
    assert (without.header("Api-Key"), without.header("Api-Username")) == (None, None)


def test_a_rate_limit_waits_as_long_as_the_forum_says(api):
    api.on(
        SEARCH,
        Reply(
            {
                "errors": ["You’ve performed this action too many times. Please wait 37 seconds."],
                "error_type": "rate_limit",
                "extras": {"wait_seconds": 37, "time_left": "37 seconds"},
            },
            status=429,
        ),
    )
    with pytest.raises(FetchError) as error:
        adapter(discourse(api), ["Viadeo"]).fetch(None)
    assert error.value.kind == "rate_limited" and error.value.retry_after == 37
    assert "too many times" in error.value.message


def test_a_refused_key_is_an_auth_error_naming_its_variable(api, monkeypatch):
    monkeypatch.setenv("FORUM_KEY", "revoked")
    api.on(
        SEARCH,
        Reply(
            {"errors": ["The API username or key is invalid."], "error_type": "invalid_access"},
            status=403,
        ),
    )
    with pytest.raises(FetchError) as error:
        adapter(discourse(api, api_key_env="FORUM_KEY"), ["Viadeo"]).fetch(None)
    assert error.value.kind == "auth"
    assert "key is invalid" in error.value.message and "FORUM_KEY" in error.value.message


def test_a_login_page_instead_of_json_fails_the_poll_with_a_reason(api, store):
    api.on(SEARCH, Reply("<!DOCTYPE html><html><body>Log in</body></html>", content_type="text/html"))
    rig = Rig(store, discourse(api), ["Viadeo"])
    rig.poll()
    assert rig.state.consecutive_failures == 1
    assert "JSON attendu, reçu une page HTML" in (rig.state.last_error or "")


def test_hostile_posts_never_crash_the_poll_never_ping_and_stay_readable(api, store):
    posts: list[Any] = [
        "not a post",
        {"id": "abc", "topic_id": 1, "blurb": "Viadeo"},
        {"id": 5, "topic_id": {"x": 1}, "blurb": "Viadeo"},
        found_post(
            6,
            2,
            "<b>Viadeo</b> &amp; friends <!channel> <@U123> <https://evil.example|click>",
            username="<!here>",
            like_count="many",
            created_at=12,
        ),
        found_post(7, 3, ["Viadeo"], post_number="x"),
    ]
    topics: list[Any] = [
        topic(2, "<script>alert(1)</script> Viadeo <!everyone>", "../../evil?x=1#y"),
        {"id": 3, "title": None, "fancy_title": "Viadeo &amp; co"},
        None,
    ]
    api.on(SEARCH, Reply(search_answer(posts, topics)))
    rig = Rig(store, discourse(api), ["Viadeo"])

    report = rig.poll()

    assert report is not None and rig.state.consecutive_failures == 0
    alerts = {a.view.url: a for a in posted_alerts(store)}
    assert set(alerts) == {f"{api.base_url}/t/evilx1y/2/1", f"{api.base_url}/t/topic/3"}
    for alert in alerts.values():
        assert alert.slack.pings == []
        assert all(link.startswith(api.base_url) for link in alert.slack.links)
    hostile = alerts[f"{api.base_url}/t/evilx1y/2/1"].slack.shown
    assert "*Viadeo* & friends <!channel> <@U123> <https://evil.example|click>" in hostile
    assert "<script>alert(1)</script> Viadeo <!everyone>" in hostile and "<!here>" in hostile
    assert "Viadeo & co" in alerts[f"{api.base_url}/t/topic/3"].slack.shown


def test_answers_without_posts_are_empty_polls_and_a_list_where_an_object_belongs_fails(api):
    api.on(SEARCH, Reply({"grouped_search_result": None}))
    assert adapter(discourse(api), ["Viadeo"]).fetch(None).items == []
    api.on(LATEST, Reply([1, 2, 3]))
    with pytest.raises(FetchError) as error:
        adapter(discourse(api, mode="latest"), ["Viadeo"]).fetch(None)
    assert error.value.kind == "invalid"


def test_veille_sources_check_tries_the_forum_once(api, tmp_path, capsys, sqlite_url):
    api.on(SEARCH, Reply(search_answer([found_post(1, 1, "Viadeo")], [topic(1, "Viadeo", "viadeo")])))
    loaded = write_config(tmp_path, database=sqlite_url, sources=[{"name": "forum", **discourse(api)}])
    Store(sqlite_url).close()

    row = sources_row(capsys, loaded, "forum", "check")
    assert "discourse" in row and "1 élément" in row
