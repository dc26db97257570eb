"""X (Twitter): recent posts naming a brand, through API v2 recent search with a bearer token,
within the 15-minute request window and the project's monthly post cap."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.conftest import write_config
from tests.fakes.api import ApiRequest, Reply
from tests.rigs.api import Rig, adapter, offset_page, sources_row
from veille.cli.main import main
from veille.pipeline.health import health_label
from veille.sources.base import FetchError
from veille.text.mrkdwn import escape

SEARCH = "/2/tweets/search/recent"
FIRST_ID = 1_861_000_000_000_000_000


@pytest.fixture(autouse=True)
def token(monkeypatch):
    monkeypatch.setenv("X_BEARER_TOKEN", "AAAA-bearer")


def post(number: int, text: str, author: str = "42", **extra: Any) -> dict[str, Any]:
    """A post as recent search documents it with the fields Veille asks for."""
    return {
        "id": str(FIRST_ID + number),
        "text": text,
        "author_id": author,
        "created_at": "2026-12-06T09:30:00.000Z",
        "lang": "fr",
        "edit_history_tweet_ids": [str(FIRST_ID + number)],
        "public_metrics": {
            "retweet_count": 3,
            "reply_count": 2,
            "like_count": 17,
            "quote_count": 1,
            "bookmark_count": 0,
            "impression_count": 1200,
        },
        **extra,
    }


def results(*posts: dict[str, Any], next_token: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "includes": {"users": [{"id": "42", "name": "Zoé Martin", "username": "zoe_m"}]},
        "meta": {"result_count": len(posts)},
    }
    if posts:
        body["data"] = list(posts)
        ids = sorted((p["id"] for p in posts), key=int)
        body["meta"].update({"newest_id": ids[-1], "oldest_id": ids[0]})
    if next_token:
        body["meta"]["next_token"] = next_token
    return body


def window(remaining: int, reset_in: int = 600) -> dict[str, str]:
    return {
        "x-rate-limit-limit": "60",
        "x-rate-limit-remaining": str(remaining),
        "x-rate-limit-reset": str(int(time.time()) + reset_in),
    }


def x(api, **settings: Any) -> dict[str, Any]:
    return {"type": "x", "api_url": api.base_url, **settings}


def test_posts_naming_a_brand_become_alerts_linked_to_x_with_their_reach(api):
    api.on(SEARCH, Reply(results(post(1, "Le support de Viadeo m'a répondu en 5 min &amp; merci !"))))

    (item,) = adapter(x(api, lang="fr"), ["Viadeo"]).fetch(None).items

    assert item.text == "Le support de Viadeo m'a répondu en 5 min & merci !"
    assert item.url == f"https://x.com/zoe_m/status/{FIRST_ID + 1}"
    assert item.author == "@zoe_m"
    assert item.language == "fr"
    assert item.reach == {"likes": 17, "reposts": 3, "replies": 2, "quotes": 1, "impressions": 1200}
    assert item.published_at == datetime(2026, 12, 6, 9, 30, tzinfo=UTC)
    (request,) = api.to(SEARCH)
    assert request.query["query"] == '"Viadeo" lang:fr -is:retweet'
    assert request.query["max_results"] == "100"
    assert request.query["tweet.fields"] == "created_at,lang,public_metrics,author_id"
    assert request.query["expansions"] == "author_id"
    assert request.query["user.fields"] == "username,name"
    assert "since_id" not in request.query
    assert request.header("Authorization") == "Bearer AAAA-bearer"


def test_a_brands_terms_are_quoted_and_ored_in_one_query_and_reposts_can_be_asked_for(
    api, store, tmp_path, sqlite_url
):
    api.on(SEARCH, Reply(results()))
    loaded = write_config(
        tmp_path,
        database=sqlite_url,
        sources=[x(api, retweets=True)],
        brands=[{"name": "Viadeo", "terms": ["Viadeo", 'Viadeo "Pro"', "viadeo.com"], "channel": "#v"}],
    )
    Rig(store, loaded=loaded).poll()
    (request,) = api.to(SEARCH)
    assert request.query["query"] == '("Viadeo" OR "Viadeo Pro" OR "viadeo.com")'


def test_since_id_is_the_newest_post_seen_per_query_and_survives_a_restart(api, store):
    api.on(SEARCH, Reply(results(post(9, "Viadeo encore"), post(4, "Viadeo toujours"))))
    rig = Rig(store, x(api), ["Viadeo", "Netvibes"])
    report = rig.poll()
    assert report is not None and report.new_items == 2

    rig.restart()
    api.on(SEARCH, Reply(results()))
    rig.poll()

    later = [(r.query["query"], r.query.get("since_id")) for r in api.to(SEARCH)[2:]]
    assert later == [
        ('"Viadeo" -is:retweet', str(FIRST_ID + 9)),
        ('"Netvibes" -is:retweet', str(FIRST_ID + 9)),
    ]


def test_more_than_a_page_since_the_last_poll_is_read_with_next_token(api, store):
    api.on(SEARCH, Reply(results(post(1, "Viadeo"))))
    rig = Rig(store, x(api, limit=10), ["Viadeo"])
    rig.poll()

    def pages(request: ApiRequest) -> Reply:
        page = int(request.query.get("next_token", "p1")[1:])
        found = [post(100 - page * 10 - n, f"Viadeo {page}.{n}") for n in range(10 if page < 3 else 4)]
        return Reply(results(*found, next_token=f"p{page + 1}" if page < 3 else None))

    api.on(SEARCH, pages)
    report = rig.poll()

    assert report is not None and report.new_items == 24
    asked = [(r.query.get("next_token"), r.query["since_id"]) for r in api.to(SEARCH)[1:]]
    assert asked == [(None, str(FIRST_ID + 1)), ("p2", str(FIRST_ID + 1)), ("p3", str(FIRST_ID + 1))]


def test_a_burst_bigger_than_the_pages_of_one_poll_is_read_over_the_next_polls_without_a_gap(api, store):
    api.on(SEARCH, Reply(results(post(1, "Viadeo"))))
    rig = Rig(store, x(api, limit=10), ["Viadeo"])
    rig.poll()
    burst = [post(100 + n, f"Viadeo burst {n}") for n in range(73)]

    def search(request: ApiRequest) -> Reply:
        since = int(request.query["since_id"])
        until = int(request.query.get("until_id", 10**30))
        matching = sorted((p for p in burst if since < int(p["id"]) < until), key=lambda p: -int(p["id"]))
        posts, next_token = offset_page(matching, request.query.get("next_token"), 10)
        return Reply(results(*posts, next_token=next_token))

    api.on(SEARCH, search)
    reports = [rig.poll() for _ in range(3)]

    assert sum(r.new_items for r in reports if r is not None) == 73
    assert any("until_id" in r.query for r in api.to(SEARCH))


def test_no_requests_left_in_the_window_waits_for_its_reset_without_failing(
    api, store, tmp_path, capsys, sqlite_url
):
    loaded = write_config(
        tmp_path,
        database=sqlite_url,
        sources=[{"name": "x", **x(api)}],
        brands=[
            {"name": "Viadeo", "channel": "#v"},
            {"name": "Netvibes", "channel": "#v"},
        ],
    )
    api.on(SEARCH, Reply(results(post(1, "Viadeo")), headers=window(0, reset_in=600)))
    rig = Rig(store, loaded=loaded)

    report = rig.poll()
    assert report is not None and report.new_items == 1
    assert [r.query["query"] for r in api.to(SEARCH)] == ['"Viadeo" -is:retweet']  # Netvibes waits
    rig.poll()
    assert len(api.to(SEARCH)) == 1 and rig.state.consecutive_failures == 0

    row = sources_row(capsys, loaded, "x")
    assert "0 recherche restante dans la fenêtre" in row
    assert "fenêtre renouvelée à" in row and "l'API demande d'attendre jusqu'à" in row
    assert "1 post lu depuis le" in row

    clock = rig.source.clock  # type: ignore[attr-defined]
    rig.source.clock = lambda: clock() + timedelta(seconds=601)  # type: ignore[attr-defined]
    api.on(SEARCH, Reply(results(), headers=window(55)))
    rig.poll()
    assert [r.query["query"] for r in api.to(SEARCH)[1:]] == [
        '"Viadeo" -is:retweet',
        '"Netvibes" -is:retweet',
    ]


def test_a_429_waits_until_the_window_resets(api, store):
    api.on(
        SEARCH,
        Reply(
            {
                "title": "Too Many Requests",
                "detail": "Too Many Requests",
                "type": "about:blank",
                "status": 429,
            },
            status=429,
            headers=window(0, reset_in=300),
        ),
    )
    rig = Rig(store, x(api), ["Viadeo"])

    assert rig.poll() is None
    state = rig.state
    assert state.last_error_kind == "rate_limited" and health_label(state) == "degraded"
    assert state.next_attempt_at is not None
    wait = (state.next_attempt_at - datetime.now(UTC)).total_seconds()
    assert 250 <= wait <= 301


def test_posts_read_this_month_are_counted_and_the_cap_stops_the_polls(
    api, store, tmp_path, capsys, sqlite_url
):
    loaded = write_config(
        tmp_path,
        database=sqlite_url,
        sources=[{"name": "x", **x(api, monthly_cap=5)}],
    )
    api.on(SEARCH, Reply(results(*(post(n, f"Viadeo {n}") for n in range(3)))))
    rig = Rig(store, loaded=loaded)
    rig.poll()
    rig.poll()  # 3 more: the cap of 5 is passed
    assert len(api.to(SEARCH)) == 2

    rig.poll()  # nothing is asked past the cap, and the source is not failing
    assert len(api.to(SEARCH)) == 2 and rig.state.consecutive_failures == 0

    row = sources_row(capsys, loaded, "x")
    assert "6/5 posts lus depuis le" in row and "l'API demande d'attendre jusqu'à" in row


def test_the_count_starts_again_on_the_caps_reset_day(api, store):
    api.on(SEARCH, Reply(results(post(1, "Viadeo"), post(2, "Viadeo"))))
    rig = Rig(store, x(api, cap_reset_day=10), ["Viadeo"])
    rig.source.clock = lambda: datetime(2026, 12, 9, 23, 0, tzinfo=UTC)  # type: ignore[attr-defined]
    rig.poll()
    assert '"posts_read": 2' in rig.state.cursor and '"posts_since": "2026-11-10"' in rig.state.cursor

    rig.source.clock = lambda: datetime(2026, 12, 10, 1, 0, tzinfo=UTC)  # type: ignore[attr-defined]
    api.on(SEARCH, Reply(results(post(3, "Viadeo"))))
    rig.poll()
    assert '"posts_read": 1' in rig.state.cursor and '"posts_since": "2026-12-10"' in rig.state.cursor


def test_the_usage_cap_answer_waits_a_day_and_says_why(api):
    api.on(
        SEARCH,
        Reply(
            {
                "title": "UsageCapExceeded",
                "detail": "Usage cap exceeded: Monthly product cap",
                "type": "https://api.twitter.com/2/problems/usage-capped",
                "period": "Monthly",
                "scope": "Product",
            },
            status=429,
        ),
    )
    with pytest.raises(FetchError) as error:
        adapter(x(api), ["Viadeo"]).fetch(None)
    assert error.value.kind == "rate_limited"
    assert "monthly post cap" in error.value.message
    assert error.value.retry_after is not None and 0 < error.value.retry_after <= 24 * 3600


def test_a_missing_token_fails_the_source_clearly_without_asking_x(
    api, store, monkeypatch, tmp_path, capsys, sqlite_url
):
    monkeypatch.delenv("X_BEARER_TOKEN")
    rig = Rig(store, x(api), ["Viadeo"])

    assert rig.poll() is None
    assert rig.state.last_error_kind == "auth" and "X_BEARER_TOKEN" in (rig.state.last_error or "")
    assert health_label(rig.state) == "failing"
    assert api.requests == []

    loaded = write_config(tmp_path, database=sqlite_url, sources=[{"name": "x", **x(api)}])
    row = sources_row(capsys, loaded, "x", "check", exit_code=1)
    assert "X_BEARER_TOKEN" in row


def test_a_refused_token_names_the_variable_to_check(api):
    api.on(
        SEARCH,
        Reply({"title": "Unauthorized", "type": "about:blank", "status": 401, "detail": "Unauthorized"}, 401),
    )
    with pytest.raises(FetchError) as error:
        adapter(x(api), ["Viadeo"]).fetch(None)
    assert error.value.kind == "auth" and "X_BEARER_TOKEN" in error.value.message


def test_a_cursor_older_than_the_search_window_starts_over_instead_of_failing(api, store):
    api.on(SEARCH, Reply(results(post(1, "Viadeo"))))
    rig = Rig(store, x(api), ["Viadeo"])
    rig.poll()

    def search(request: ApiRequest) -> Reply:
        if "since_id" in request.query:
            return Reply(
                {
                    "errors": [
                        {
                            "parameters": {"since_id": [request.query["since_id"]]},
                            "message": "Invalid 'since_id':'1'. 'since_id' must be a tweet id created"
                            " after 2026-11-29T10:00:00Z.",
                        }
                    ],
                    "title": "Invalid Request",
                    "detail": "One or more parameters to your request was invalid.",
                    "type": "https://api.twitter.com/2/problems/invalid-request",
                },
                400,
            )
        return Reply(results(post(50, "Viadeo again")))

    api.on(SEARCH, search)
    report = rig.poll()

    assert report is not None and report.new_items == 1
    assert rig.state.consecutive_failures == 0


HOSTILE: dict[str, Any] = {
    "data-is-a-string": {"data": "Viadeo", "meta": {}},
    "users-is-a-number": {"data": [post(1, "Viadeo")], "includes": {"users": 7}, "meta": {}},
    "fields-of-the-wrong-type": {
        "data": [
            {"id": 12, "text": "Viadeo"},
            {"id": "not-a-number", "text": "Viadeo"},
            {"id": str(FIRST_ID), "text": ["Viadeo"], "public_metrics": "many"},
            {"id": str(FIRST_ID + 1), "text": "Viadeo", "author_id": ["42"], "created_at": 17, "lang": 3},
            None,
            "Viadeo",
        ],
        "meta": {"next_token": 5},
    },
    "no-data-at-all": {"meta": {"result_count": 0}},
}


@pytest.mark.parametrize("body", HOSTILE)
def test_a_body_of_the_wrong_shape_never_crashes_the_poll(api, store, body):
    api.on(SEARCH, Reply(HOSTILE[body]))
    rig = Rig(store, x(api), ["Viadeo"])
    report = rig.poll()
    assert report is not None  # the poll ended, with what could be read
    assert rig.state.consecutive_failures == 0


def test_texts_stay_text_a_huge_one_is_cut_and_no_mention_becomes_a_ping(api):
    hostile = "Viadeo <!channel> <@U024BE7LH> <https://evil.example|click> &lt;!here&gt;"
    api.on(
        SEARCH,
        Reply(
            results(
                post(1, hostile, author="666"),
                post(2, "Viadeo " + "a" * 200_000),
            )
            | {"includes": {"users": [{"id": "666", "username": "<!channel>", "name": "<@U1>"}]}}
        ),
    )
    first, huge = adapter(x(api), ["Viadeo"]).fetch(None).items

    assert first.text == "Viadeo <!channel> <@U024BE7LH> <https://evil.example|click> <!here>"
    assert first.author is None  # not a username X could have given
    assert first.url == f"https://x.com/i/web/status/{FIRST_ID + 1}"
    assert "<!channel>" not in escape(first.text) and "<@U024BE7LH>" not in escape(first.title)
    assert len(huge.text) <= 20_000


@pytest.mark.parametrize(
    ("reply", "kind"),
    [
        (
            Reply(b"<!DOCTYPE html><html><body>Over capacity</body></html>", content_type="text/html"),
            "invalid",
        ),
        (Reply(b'{"data": [{"id": "1", "text": "Viad'), "invalid"),
        (Reply(b"oops", status=503, content_type="text/plain"), "http"),
        (Reply({"title": "Forbidden", "detail": "client-not-enrolled", "status": 403}, 403), "auth"),
    ],
)
def test_a_bad_answer_is_recorded_on_the_source(api, store, reply, kind):
    api.on(SEARCH, reply)
    rig = Rig(store, x(api), ["Viadeo"])
    assert rig.poll() is None
    assert rig.state.last_error_kind == kind and "127.0.0.1" in (rig.state.last_error or "")


def test_sources_check_tries_the_search_once_and_shows_the_window_and_the_posts_read(
    api, tmp_path, sqlite_url, capsys
):
    loaded = write_config(tmp_path, database=sqlite_url, sources=[{"name": "x", **x(api)}])
    api.on(SEARCH, Reply(results(post(1, "Viadeo")), headers=window(59)))

    row = sources_row(capsys, loaded, "x", "check")
    assert "1 élément" in row and "59 recherches restantes dans la fenêtre" in row


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("fr", "⚠ à définir dans l'environnement, sans quoi cette source échoue : X_BEARER_TOKEN"),
        ("en", "⚠ set in the environment, or this source fails: X_BEARER_TOKEN"),
    ],
)
def test_veille_check_names_the_missing_token_in_the_teams_language(
    api, tmp_path, sqlite_url, capsys, monkeypatch, language, said
):
    loaded = write_config(tmp_path, database=sqlite_url, sources=[x(api)], language=language)
    assert main(["--config", str(loaded.path), "check"]) == 0
    assert said not in capsys.readouterr().out

    monkeypatch.delenv("X_BEARER_TOKEN")
    assert main(["--config", str(loaded.path), "check"]) == 0
    assert said in capsys.readouterr().out


def test_a_post_veille_cannot_read_is_not_asked_for_again(api, store):
    api.on(SEARCH, Reply(results(post(7, "   ", author="nobody"))))
    rig = Rig(store, x(api), ["Viadeo"])
    report = rig.poll()
    assert report is not None and report.new_items == 0

    rig.poll()
    assert api.to(SEARCH)[1].query["since_id"] == str(FIRST_ID + 7)
