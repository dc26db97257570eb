"""Mastodon: hashtag timelines and status search on the instances the team lists."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.fakes.api import ApiRequest, Reply
from tests.rigs.api import Rig, adapter, recorded
from veille.i18n import t
from veille.sources.api import cursor_notes
from veille.sources.base import FetchDeferred


def status(
    status_id: str, html: str, *, acct: str = "camille", language: str | None = "fr", **extra: Any
) -> dict[str, Any]:
    """A status as the Mastodon API documents it (only the fields Veille reads)."""
    return {
        "id": status_id,
        "created_at": "2026-11-23T09:30:00.000Z",
        "language": language,
        "uri": f"https://social.example/users/{acct}/statuses/{status_id}",
        "url": f"https://social.example/@{acct}/{status_id}",
        "replies_count": 2,
        "reblogs_count": 5,
        "favourites_count": 11,
        "spoiler_text": "",
        "content": html,
        "reblog": None,
        "account": {"id": "1", "username": acct, "acct": acct, "display_name": acct.title()},
        **extra,
    }


def mastodon(api, **settings: Any) -> dict[str, Any]:
    return {"type": "mastodon", "instances": [api.base_url], "hashtags": ["veille"], **settings}


def test_a_recorded_hashtag_timeline_becomes_clean_items_with_reach_and_language(api):
    body = recorded("mastodon", "get_timeline_hashtag_instance.body0.json")
    api.on("/api/v1/timelines/tag/rstats", Reply(body))
    source = adapter(mastodon(api, hashtags=["#rstats"]), ["Claude"])

    items = source.fetch(None).items

    assert len(items) == len(body) == 5
    first = items[0]
    assert first.url == "https://rstats.me/@simonpcouch/114870142137562212"
    assert first.author == "@simonpcouch@rstats.me"
    assert first.language == "en"
    assert first.reach == {"boosts": 0, "likes": 0, "replies": 0}
    assert "<" not in first.text and "Claude Code" in first.text
    # Mastodon splits long links into hidden and visible spans; the text keeps the whole link.
    assert "https://www.simonpcouch.com/blog/2025-07-17-claude-code-2/" in first.text
    assert first.published_at is not None and first.published_at.year == 2025
    local = next(i for i in items if i.url and i.url.startswith("https://mastodon.social/@useR_conf"))
    assert local.author == f"@useR_conf@127.0.0.1:{api.base_url.rsplit(':', 1)[1]}"
    assert local.reach["boosts"] == 6


def test_html_content_turns_into_readable_text(api):
    html = (
        "<p>On a testé <a href='https://social.example/tags/Veille' class='mention hashtag'>#<span>"
        "Veille</span></a> &amp; l&#39;appli de Viadeo&nbsp;: top&#x21;<br>Deuxième ligne</p>"
        "<p><span class='h-card'><a href='https://x.example/@bob' class='u-url mention'>@<span>bob"
        "</span></a></span> merci</p>"
    )
    api.on("/api/v1/timelines/tag/veille", Reply([status("200", html)]))

    (item,) = adapter(mastodon(api), ["Viadeo"]).fetch(None).items

    assert item.text == "On a testé #Veille & l'appli de Viadeo : top! Deuxième ligne @bob merci"
    assert item.title.startswith("On a testé #Veille")
    assert item.language == "fr"
    assert item.reach == {"boosts": 5, "likes": 11, "replies": 2}


def test_a_content_warning_is_the_title_and_a_boost_is_read_as_the_original(api):
    original = status("300", "<p>Viadeo ferme ?</p>", acct="alice@other.example", spoiler_text="Rumeur")
    boost = status("301", "", acct="bob", reblog=original)
    api.on("/api/v1/timelines/tag/veille", Reply([boost]))

    (item,) = adapter(mastodon(api), ["Viadeo"]).fetch(None).items

    assert item.title == "Rumeur"
    assert item.text == "Rumeur — Viadeo ferme ?"
    assert item.author == "@alice@other.example"
    assert item.url == "https://social.example/@alice@other.example/300"


def test_the_last_status_seen_is_kept_per_instance_and_hashtag_and_survives_a_restart(api, store):
    api.on(
        "/api/v1/timelines/tag/veille",
        Reply([status("1000000000000000010", "<p>Viadeo</p>"), status("999999999999999999", "<p>x</p>")]),
    )
    api.on("/api/v1/timelines/tag/Viadeo", Reply([status("1000000000000000005", "<p>Viadeo</p>")]))
    rig = Rig(store, mastodon(api, hashtags=["veille", "Viadeo"]), ["Viadeo"])

    report = rig.poll()
    assert report is not None and report.new_items == 3
    assert [r.query.get("min_id") for r in api.requests] == [None, None]

    rig.restart()
    rig.poll()

    tags = {r.path: r.query.get("min_id") for r in api.requests[2:]}
    assert tags == {
        "/api/v1/timelines/tag/veille": "1000000000000000010",
        "/api/v1/timelines/tag/Viadeo": "1000000000000000005",
    }


def test_status_search_asks_each_brand_term_and_an_instance_without_search_is_skipped(api, store):
    body = recorded("mastodon", "get_timeline_public_instance.body0.json")
    api.on("/api/v1/timelines/tag/veille", Reply([]))
    api.on("/api/v2/search", Reply({"accounts": [], "statuses": body, "hashtags": []}))
    rig = Rig(store, mastodon(api, search=True), ["Viadeo", "Netvibes"])

    report = rig.poll()

    searches = api.to("/api/v2/search")
    assert [(r.query["q"], r.query["type"]) for r in searches] == [
        ("Viadeo", "statuses"),
        ("Netvibes", "statuses"),
    ]
    assert report is not None and report.fetched == len(body)  # the same statuses once, not twice
    rig.poll()
    newest = max(body, key=lambda s: (len(s["id"]), s["id"]))["id"]
    assert [r.query.get("min_id") for r in api.to("/api/v2/search")[2:]] == [newest, newest]

    api.on("/api/v2/search", Reply({"error": "Search is not enabled"}, status=401))
    assert rig.poll() is not None  # the tag timeline still counts: the source stays healthy
    assert rig.state.consecutive_failures == 0


def test_one_instance_down_does_not_hide_the_others(api, store):
    api.on("/api/v1/timelines/tag/veille", Reply([status("10", "<p>Viadeo</p>")]))
    down = "http://127.0.0.1:9"  # nothing listens on the discard port
    rig = Rig(store, mastodon(api, instances=[down, api.base_url]), ["Viadeo"])

    report = rig.poll()

    assert report is not None and report.new_items == 1
    state = rig.state
    assert state.consecutive_failures == 0
    notes, _ = cursor_notes(state.cursor)
    ((key, values),) = notes
    assert t(key, "en", **values).startswith("127.0.0.1:9 failing: network: 127.0.0.1:9: connection refused")
    ((key, values),) = cursor_notes(state.cursor, "fr")[0]  # as a French team reads it
    assert t(key, "fr", **values).startswith(
        "127.0.0.1:9 en échec : réseau : 127.0.0.1:9 refuse la connexion"
    )

    api.on("/api/v1/timelines/tag/veille", Reply(b"<html>down for maintenance</html>", status=502))
    rig.poll()
    assert rig.state.consecutive_failures == 1  # every instance failed: now the source is failing
    assert "127.0.0.1:9" in rig.state.last_error and "HTTP 502" in rig.state.last_error


def test_a_429_waits_until_the_reset_time_mastodon_gives(api, store):
    reset = (datetime.now(UTC) + timedelta(minutes=4)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    api.on(
        "/api/v1/timelines/tag/veille",
        Reply(
            {"error": "Too many requests"},
            status=429,
            headers={"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset},
        ),
    )
    rig = Rig(store, mastodon(api), ["Viadeo"])
    rig.poll()
    state = rig.state
    assert state.last_error_kind == "rate_limited"
    wait = (state.next_attempt_at - datetime.now(UTC)).total_seconds()
    assert 200 < wait <= 240


def test_an_instance_that_asked_to_wait_is_not_asked_again_meanwhile_nor_counted_failing(api, store):
    limited = {"Retry-After": "240"}
    api.on("/api/v1/timelines/tag/veille", Reply({"error": "Too many requests"}, status=429, headers=limited))
    rig = Rig(store, mastodon(api), ["Viadeo"])
    rig.poll()
    asked = len(api.to("/api/v1/timelines/tag/veille"))

    rig.poll()  # before the reset: Veille holds itself back

    assert len(api.to("/api/v1/timelines/tag/veille")) == asked
    state = rig.state
    assert state.consecutive_failures == 1 and state.last_error_kind == "rate_limited"
    assert state.next_attempt_at > datetime.now(UTC) + timedelta(minutes=3)


def test_an_instance_whose_quota_is_spent_is_not_asked_again_before_the_reset_it_gave(api, store):
    reset = (datetime.now(UTC) + timedelta(minutes=4)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    spent = {"X-RateLimit-Limit": "300", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset}
    api.on("/api/v1/timelines/tag/veille", Reply({"error": "Too many requests"}, status=429, headers=spent))
    api.on("/api/v2/search", Reply({"accounts": [], "statuses": [], "hashtags": []}))
    rig = Rig(store, mastodon(api), ["Viadeo"])
    rig.poll()

    with pytest.raises(FetchDeferred):  # a /veille search meanwhile: told the instance asked to wait
        rig.source.search(["viadeo"], None, 5)  # type: ignore[attr-defined]

    assert api.to("/api/v2/search") == []
    assert rig.state.next_attempt_at > datetime.now(UTC) + timedelta(minutes=3)


def test_a_burst_bigger_than_a_page_is_read_over_the_next_polls_without_a_gap(api, store):
    def timeline(request: ApiRequest) -> Reply:
        after = int(request.query["min_id"])
        ids = range(min(after + int(request.query["limit"]), 1000), after, -1)  # newest first
        return Reply([status(str(n), f"<p>Viadeo {n}</p>") for n in ids])

    api.on("/api/v1/timelines/tag/veille", Reply([status("900", "<p>Viadeo</p>")]))
    rig = Rig(store, mastodon(api, limit=10), ["Viadeo"])
    rig.poll()  # first poll: the newest page only
    api.on("/api/v1/timelines/tag/veille", timeline)  # then 100 toots arrive at once

    first, second, third = rig.poll(), rig.poll(), rig.poll()

    assert [r.new_items for r in (first, second, third) if r] == [50, 50, 0]  # five pages per poll
    asked = [r.query.get("min_id") for r in api.requests[1:]]
    assert asked == ["900", "910", "920", "930", "940", "950", "960", "970", "980", "990", "1000"]


def test_a_live_slack_search_asks_each_instance_once_for_the_whole_query(api):
    api.on(
        "/api/v2/search",
        Reply({"accounts": [], "statuses": [status("7", "<p>Viadeo recrute à Lyon</p>")], "hashtags": []}),
    )
    source = adapter(mastodon(api), ["Viadeo"])

    found = source.search(["viadeo lyon"], None, 5)  # type: ignore[attr-defined]

    assert [item.text for item in found] == ["Viadeo recrute à Lyon"]
    (asked,) = api.to("/api/v2/search")
    assert asked.query["q"] == "viadeo lyon" and asked.query["type"] == "statuses"
    api.on("/api/v2/search", Reply({"error": "Search is not enabled"}, status=401))
    assert source.search(["viadeo"], None, 5) == []  # type: ignore[attr-defined]
