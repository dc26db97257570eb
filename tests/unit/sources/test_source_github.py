"""GitHub: issues, pull requests and discussions that name a brand, token optional, rate limits
honoured."""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests.fakes.api import ApiRequest, Reply
from tests.rigs.api import Rig, adapter
from veille.sources.base import FetchError

SEARCH = "/search/issues"


def issue(number: int, title: str, body: str | None, created: str, **extra: Any) -> dict[str, Any]:
    """An item of /search/issues as GitHub documents it (the fields Veille reads)."""
    return {
        "html_url": f"https://github.com/acme/app/issues/{number}",
        "number": number,
        "title": title,
        "user": {"login": "octocat", "id": 1},
        "state": "open",
        "comments": 4,
        "created_at": created,
        "updated_at": created,
        "body": body,
        "reactions": {"total_count": 9, "+1": 9},
        **extra,
    }


def results(*issues: dict[str, Any]) -> dict[str, Any]:
    return {"total_count": len(issues), "incomplete_results": False, "items": list(issues)}


def limits(remaining: int, reset_in: int = 60) -> dict[str, str]:
    return {
        "x-ratelimit-limit": "10",
        "x-ratelimit-remaining": str(remaining),
        "x-ratelimit-reset": str(int(time.time()) + reset_in),
    }


def github(api, **settings: Any) -> dict[str, Any]:
    return {"type": "github", "api_url": api.base_url, **settings}


def test_issues_naming_a_brand_become_items_and_no_token_is_sent_without_one(api, monkeypatch):
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    api.on(
        SEARCH,
        Reply(
            results(
                issue(
                    7,
                    "Crash when importing from Viadeo",
                    "Steps:\r\n1. open\r\n2. boom",
                    "2026-11-22T08:00:00Z",
                )
            )
        ),
    )

    (item,) = adapter(github(api), ["Viadeo"]).fetch(None).items

    assert item.title == "Crash when importing from Viadeo"
    assert item.text == "Steps: 1. open 2. boom"
    assert item.author == "@octocat"
    assert item.url == "https://github.com/acme/app/issues/7"
    assert item.reach == {"comments": 4, "reactions": 9}
    (request,) = api.to(SEARCH)
    assert request.query["q"] == '"Viadeo"' and request.query["sort"] == "created"
    assert request.header("Authorization") is None


def test_a_token_from_the_environment_and_qualifiers_are_used(api, monkeypatch):
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_test")
    api.on(SEARCH, Reply(results(issue(1, "Viadeo", None, "2026-11-22T08:00:00Z"))))
    adapter(github(api, qualifiers="is:issue -org:acme"), ["Viadeo"]).fetch(None)
    (request,) = api.to(SEARCH)
    assert request.header("Authorization") == "Bearer ghp_test"
    assert request.query["q"] == '"Viadeo" is:issue -org:acme'


def test_the_created_cursor_is_kept_per_term_across_a_restart(api, store):
    api.on(
        SEARCH,
        Reply(
            results(
                issue(2, "Viadeo", "b", "2026-11-22T09:30:00Z"),
                issue(1, "Viadeo", "a", "2026-11-22T08:00:00Z"),
            )
        ),
    )
    rig = Rig(store, github(api), ["Viadeo", "Netvibes"])
    rig.poll()
    rig.restart()
    rig.poll()
    assert [r.query["q"] for r in api.to(SEARCH)[2:]] == [
        '"Viadeo" created:>=2026-11-22T09:30:00Z',
        '"Netvibes" created:>=2026-11-22T09:30:00Z',
    ]


def test_no_searches_left_waits_for_the_reset_without_failing(api, store):
    api.on(SEARCH, Reply(results(issue(1, "Viadeo", "a", "2026-11-22T08:00:00Z")), headers=limits(0)))
    rig = Rig(store, github(api), ["Viadeo", "Netvibes"])
    report = rig.poll()
    assert report is not None and report.new_items == 1
    assert [r.query["q"] for r in api.to(SEARCH)] == ['"Viadeo"']  # Netvibes waits for the reset
    rig.poll()
    assert len(api.to(SEARCH)) == 1 and rig.state.consecutive_failures == 0


def test_a_refusal_for_the_rate_limit_is_not_mistaken_for_a_bad_token(api):
    api.on(SEARCH, Reply({"message": "API rate limit exceeded"}, status=403, headers=limits(0, reset_in=120)))
    with pytest.raises(FetchError) as error:
        adapter(github(api), ["Viadeo"]).fetch(None)
    assert error.value.kind == "rate_limited"
    assert error.value.retry_after is not None and 100 <= error.value.retry_after <= 120

    api.on(SEARCH, Reply({"message": "Bad credentials"}, status=401))
    with pytest.raises(FetchError) as error:
        adapter(github(api), ["Viadeo"]).fetch(None)
    assert error.value.kind == "auth" and "Bad credentials" in error.value.message
    assert "GITHUB_TOKEN" in error.value.message


def test_more_than_a_page_since_the_last_poll_is_read_page_by_page(api, store):
    api.on(SEARCH, Reply(results(issue(1, "Viadeo", "a", "2026-11-22T08:00:00Z"))))
    rig = Rig(store, github(api, limit=2), ["Viadeo"])
    rig.poll()

    def pages(request: ApiRequest) -> Reply:
        number = int(request.query["page"])
        count = 2 if number < 3 else 1
        return Reply(
            results(*(issue(number * 10 + n, "Viadeo", "b", "2026-11-22T09:00:00Z") for n in range(count)))
        )

    api.on(SEARCH, pages)
    report = rig.poll()

    assert report is not None and report.new_items == 5
    assert [r.query["page"] for r in api.to(SEARCH)[1:]] == ["1", "2", "3"]


def test_a_burst_bigger_than_the_pages_of_one_poll_is_read_over_the_next_polls_without_a_gap(api, store):
    """More new issues than one poll may read (5 pages): the rest comes next poll, none skipped."""
    api.on(SEARCH, Reply(results(issue(1, "Viadeo", "a", "2026-11-22T08:00:00Z"))))
    rig = Rig(store, github(api, limit=2), ["Viadeo"])
    rig.poll()
    burst = [issue(100 + n, "Viadeo", "b", f"2026-11-22T09:{n:02d}:00Z") for n in range(13)]

    def search(request: ApiRequest) -> Reply:
        since = request.query["q"].split("created:>=")[1].split()[0]
        matching = sorted((i for i in burst if i["created_at"] >= since), key=lambda i: i["created_at"])
        if request.query["order"] == "desc":
            matching.reverse()
        page = int(request.query["page"])
        return Reply(results(*matching[(page - 1) * 2 : page * 2]))

    api.on(SEARCH, search)
    new = [rig.poll(), rig.poll(), rig.poll()]

    assert sum(report.new_items for report in new if report is not None) == 13
