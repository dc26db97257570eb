"""Stack Exchange: questions that name a brand, on the sites the team picks, within the API's
rules (its `backoff` obeyed, its daily quota shown in health)."""

from __future__ import annotations

import gzip
from datetime import timedelta
from typing import Any

import pytest

from tests.conftest import write_config
from tests.fakes.api import ApiRequest, Reply
from tests.rigs.api import Rig, adapter, polled_once, sources_row
from veille.sources.base import FetchError

SEARCH = "/2.3/search/advanced"


def question(question_id: int, title: str, body: str, created: int, **extra: Any) -> dict[str, Any]:
    """A question as /2.3/search/advanced documents it with the `withbody` filter."""
    return {
        "tags": ["python"],
        "owner": {"account_id": 1, "reputation": 10, "user_id": 7, "display_name": "Zo&#235;"},
        "is_answered": False,
        "view_count": 40,
        "answer_count": 1,
        "score": 3,
        "last_activity_date": created,
        "creation_date": created,
        "question_id": question_id,
        "link": f"https://stackoverflow.com/questions/{question_id}/slug",
        "title": title,
        "body": body,
        **extra,
    }


def page(*questions: dict[str, Any], quota: int = 299, **extra: Any) -> dict[str, Any]:
    return {"items": list(questions), "has_more": False, "quota_max": 300, "quota_remaining": quota, **extra}


def stackexchange(api, **settings: Any) -> dict[str, Any]:
    return {"type": "stackexchange", "api_url": f"{api.base_url}/2.3", **settings}


def test_gzip_answers_become_questions_with_their_reach(api):
    body = page(
        question(
            101,
            "Viadeo API: can&#39;t log in with &quot;OAuth&quot;",
            "<p>Since Monday the <code>Viadeo</code> login fails.</p><pre><code>401</code></pre>",
            1_763_888_400,
        )
    )
    api.on(SEARCH, Reply(body, gzip=True))

    (item,) = adapter(stackexchange(api), ["Viadeo"]).fetch(None).items

    assert item.title == 'Viadeo API: can\'t log in with "OAuth"'
    assert item.text == "Since Monday the Viadeo login fails. 401"
    assert item.author == "Zoë"
    assert item.url == "https://stackoverflow.com/questions/101/slug"
    assert item.reach == {"score": 3, "answers": 1, "views": 40}
    assert item.published_at is not None and item.published_at.year == 2025
    (request,) = api.to(SEARCH)
    assert request.query["q"] == "Viadeo" and request.query["site"] == "stackoverflow"
    assert request.query["sort"] == "creation" and request.query["filter"] == "withbody"


def test_a_gzip_body_without_its_header_is_still_read(api):
    raw = gzip.compress(b'{"items": [], "quota_max": 300, "quota_remaining": 12}')
    api.on(SEARCH, Reply(raw))
    assert adapter(stackexchange(api), ["Viadeo"]).fetch(None).items == []


def test_fromdate_is_kept_per_site_and_term_across_a_restart(api, store):
    api.on(
        SEARCH,
        Reply(page(question(1, "Viadeo", "x", 1_763_888_400), question(2, "Viadeo", "y", 1_763_880_000))),
    )
    rig = Rig(store, stackexchange(api, sites=["stackoverflow", "superuser"]), ["Viadeo", "Netvibes"])
    rig.poll()
    rig.restart()
    rig.poll()

    later = [(r.query["site"], r.query["q"], r.query.get("fromdate")) for r in api.to(SEARCH)[4:]]
    assert later == [
        ("stackoverflow", "Viadeo", "1763888400"),
        ("stackoverflow", "Netvibes", "1763888400"),
        ("superuser", "Viadeo", "1763888400"),
        ("superuser", "Netvibes", "1763888400"),
    ]


def test_a_backoff_stops_the_next_calls_until_its_time_and_health_shows_it(api, store):
    api.on(SEARCH, Reply(page(question(1, "Viadeo", "x", 1_763_888_400), backoff=30)))
    rig = Rig(store, stackexchange(api), ["Viadeo", "Netvibes"])

    report = rig.poll()
    assert report is not None and report.new_items == 1  # what came with the backoff is kept
    assert [r.query["q"] for r in api.to(SEARCH)] == ["Viadeo"]  # Netvibes waits

    rig.poll()  # within the 30 s: nothing is asked, and the source is not failing
    assert len(api.to(SEARCH)) == 1
    assert rig.state.consecutive_failures == 0

    api.on(SEARCH, Reply(page()))
    clock = rig.source.clock  # type: ignore[attr-defined]
    rig.source.clock = lambda: clock() + timedelta(seconds=31)  # type: ignore[attr-defined]
    rig.poll()
    assert [r.query["q"] for r in api.to(SEARCH)[1:]] == ["Viadeo", "Netvibes"]


def test_veille_sources_shows_the_quota_left_and_a_requested_wait(api, tmp_path, capsys, sqlite_url):
    loaded = write_config(tmp_path, database=sqlite_url, sources=[{"name": "so", **stackexchange(api)}])
    api.on(SEARCH, Reply(page(quota=287, backoff=600), gzip=True))
    polled_once(sqlite_url, loaded)

    row = sources_row(capsys, loaded, "so")
    assert "ok" in row and "quota 287/300" in row and "l'API demande d'attendre jusqu'à" in row

    api.on(SEARCH, Reply(page(quota=286), gzip=True))
    row = sources_row(capsys, loaded, "so", "check")
    assert "0 élément, quota 286/300" in row


def test_a_throttle_violation_is_a_rate_limit_with_its_wait(api):
    api.on(
        SEARCH,
        Reply(
            {
                "error_id": 502,
                "error_message": "too many requests from this IP, more requests available in 4213 seconds",
                "error_name": "throttle_violation",
            },
            status=400,
            gzip=True,
        ),
    )
    with pytest.raises(FetchError) as error:
        adapter(stackexchange(api), ["Viadeo"]).fetch(None)
    assert error.value.kind == "rate_limited" and error.value.retry_after == 4213


def test_a_bad_key_is_an_auth_error(api, monkeypatch):
    monkeypatch.setenv("STACKEXCHANGE_KEY", "not-a-key")
    api.on(
        SEARCH,
        Reply({"error_id": 403, "error_message": "`key` is not valid", "error_name": "access_denied"}, 400),
    )
    with pytest.raises(FetchError) as error:
        adapter(stackexchange(api), ["Viadeo"]).fetch(None)
    assert error.value.kind == "auth" and "key" in error.value.message
    assert api.to(SEARCH)[0].query["key"] == "not-a-key"


def test_more_than_a_page_since_the_last_poll_is_read_page_by_page(api, store):
    api.on(SEARCH, Reply(page(question(1, "Viadeo", "x", 1_763_888_400))))
    rig = Rig(store, stackexchange(api), ["Viadeo"])
    rig.poll()

    def pages(request: ApiRequest) -> Reply:
        number = int(request.query["page"])
        found = [
            question(number * 100 + n, "Viadeo", "y", 1_763_890_000 - number * 100 - n) for n in range(3)
        ]
        return Reply(page(*found, has_more=number < 3), gzip=True)

    api.on(SEARCH, pages)
    report = rig.poll()

    assert report is not None and report.new_items == 9
    asked = [(r.query["page"], r.query["fromdate"]) for r in api.to(SEARCH)[1:]]
    assert asked == [("1", "1763888400"), ("2", "1763888400"), ("3", "1763888400")]


def test_a_burst_bigger_than_the_pages_of_one_poll_is_read_over_the_next_polls_without_a_gap(api, store):
    """More new questions than one poll may read (5 pages): the rest comes next poll, none skipped."""
    api.on(SEARCH, Reply(page(question(1, "Viadeo", "x", 1_763_888_400))))
    rig = Rig(store, stackexchange(api, limit=2), ["Viadeo"])
    rig.poll()
    burst = [question(100 + n, "Viadeo", "y", 1_763_890_000 + n * 60) for n in range(13)]

    def search(request: ApiRequest) -> Reply:
        since = int(request.query["fromdate"])
        matching = sorted((q for q in burst if q["creation_date"] >= since), key=lambda q: q["creation_date"])
        if request.query["order"] == "desc":
            matching.reverse()
        number = int(request.query["page"])
        return Reply(page(*matching[(number - 1) * 2 : number * 2], has_more=len(matching) > number * 2))

    api.on(SEARCH, search)
    new = [rig.poll(), rig.poll(), rig.poll()]

    assert sum(report.new_items for report in new if report is not None) == 13


def test_an_absurd_backoff_is_obeyed_for_a_day_rather_than_crashing_the_poll(api, store):
    api.on(SEARCH, Reply(page(question(1, "Viadeo", "x", 1_763_888_400), backoff=10**15)))
    rig = Rig(store, stackexchange(api), ["Viadeo"])

    report = rig.poll()

    assert report is not None and report.new_items == 1
    clock = rig.source.clock  # type: ignore[attr-defined]
    rig.source.clock = lambda: clock() + timedelta(hours=23)  # type: ignore[attr-defined]
    rig.poll()
    assert len(api.to(SEARCH)) == 1
    rig.source.clock = lambda: clock() + timedelta(hours=25)  # type: ignore[attr-defined]
    rig.poll()
    assert len(api.to(SEARCH)) == 2
