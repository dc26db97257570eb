"""DEV: the newest articles are read and matched locally (title, description, tags); each poll
reads back only to the newest publication it saw, and whatever the API sends, alerts stay
readable, link only to DEV and ping nobody."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.conftest import write_config
from tests.fakes.api import ApiRequest, Reply
from tests.rigs.api import Rig, adapter, sources_row
from tests.rigs.posted import posted_alerts
from veille.sources.base import FetchError
from veille.store import Store

LATEST = "/api/articles/latest"
START = datetime(2026, 11, 23, 8, tzinfo=UTC)


def article(site: str, article_id: Any, title: str, minutes: int = 0, **extra: Any) -> dict[str, Any]:
    """An article as /api/articles/latest lists it, published `minutes` after START."""
    when = (START + timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M:%SZ")
    slug = f"article-{article_id}"
    return {
        "type_of": "article",
        "id": article_id,
        "title": title,
        "description": f"About {title}",
        "readable_publish_date": "Nov 23",
        "slug": slug,
        "path": f"/zoe/{slug}",
        "url": f"{site}/zoe/{slug}",
        "comments_count": 3,
        "public_reactions_count": 12,
        "positive_reactions_count": 12,
        "collection_id": None,
        "published_timestamp": when,
        "published_at": when,
        "created_at": when,
        "edited_at": None,
        "reading_time_minutes": 4,
        "tag_list": ["webdev", "career"],
        "tags": "webdev, career",
        "user": {"name": "Zoé", "username": "zoe", "user_id": 5},
        **extra,
    }


def devto(api: Any, **settings: Any) -> dict[str, Any]:
    return {"type": "devto", "api_url": f"{api.base_url}/api", **settings}


def test_new_articles_come_with_their_tags_author_reach_and_link(api):
    api.on(
        LATEST,
        Reply([article(api.base_url, 7, "Leaving Viadeo for good", tag_list=["viadeo", "#career"])]),
    )

    (item,) = adapter(devto(api), ["Viadeo"]).fetch(None).items

    assert item.title == "Leaving Viadeo for good"
    assert item.text == "About Leaving Viadeo for good\n#viadeo #career"
    assert item.author == "zoe"
    assert item.url == f"{api.base_url}/zoe/article-7"
    assert item.reach == {"reactions": 12, "comments": 3}
    assert item.published_at == START
    (request,) = api.to(LATEST)
    assert request.query == {"per_page": "100", "page": "1"}


def test_only_articles_naming_a_brand_are_alerted_even_by_a_tag_alone(api, store):
    api.on(
        LATEST,
        Reply(
            [
                article(api.base_url, 3, "My week in Rust", 2, tag_list=["rust", "viadeo"]),
                article(api.base_url, 2, "CSS tricks", 1),
            ]
        ),
    )
    rig = Rig(store, devto(api), ["Viadeo"])

    report = rig.poll()

    assert report is not None and report.new_items == 2 and report.mentions == 1
    (alert,) = posted_alerts(store)
    assert alert.view.title == "My week in Rust" and alert.slack.links == [f"{api.base_url}/zoe/article-3"]


def test_later_polls_read_back_to_the_newest_publication_seen_page_by_page(api, store):
    api.on(LATEST, Reply([article(api.base_url, 10, "Viadeo", 0)]))
    rig = Rig(store, devto(api, per_page=2), ["Viadeo"])
    rig.poll()
    rig.restart()
    # Published since: five articles, one of them an old draft (a small id) published just now.
    newer = [
        article(api.base_url, n, f"Viadeo {n}", m)
        for n, m in ((4, 50), (15, 40), (14, 30), (12, 20), (11, 10))
    ]
    everything = [*newer, article(api.base_url, 10, "Viadeo", 0)]

    def pages(request: ApiRequest) -> Reply:
        page, size = int(request.query["page"]), int(request.query["per_page"])
        return Reply(everything[(page - 1) * size : page * size])

    api.on(LATEST, pages)
    report = rig.poll()

    assert report is not None and report.new_items == 5
    assert [r.query["page"] for r in api.to(LATEST)] == ["1", "1", "2", "3"]
    again = rig.poll()
    assert again is not None and again.new_items == 0 and len(api.to(LATEST)) == 5


def test_a_rate_limit_waits_for_retry_after(api):
    api.on(LATEST, Reply({"error": "Rate limit reached", "status": 429}, 429, {"Retry-After": "30"}))
    with pytest.raises(FetchError) as error:
        adapter(devto(api), ["Viadeo"]).fetch(None)
    assert error.value.kind == "rate_limited" and error.value.retry_after == 30


def test_an_object_where_a_list_belongs_fails_the_poll_with_a_reason(api, store):
    api.on(LATEST, Reply({"error": "not found", "status": 404}))
    rig = Rig(store, devto(api), ["Viadeo"])
    rig.poll()
    assert rig.state.consecutive_failures == 1
    assert "la réponse n'est pas une liste JSON" in (rig.state.last_error or "")


def test_hostile_articles_never_crash_the_poll_never_ping_and_link_only_to_dev(api, store):
    site = api.base_url
    articles: list[Any] = [
        "not an article",
        {"id": 1, "title": "Viadeo without a date"},
        article(site, "x", "Viadeo with a text id", 1),
        article(
            site,
            5,
            "<img src=x onerror=alert(1)> Viadeo <!channel>",
            2,
            description="<@U123> says <https://evil.example|hi> & bye",
            url="https://evil.example/zoe/article-5",
            tag_list="viadeo, <!here>",
            user={"username": ["zoe"]},
            positive_reactions_count="plenty",
        ),
        article(site, 6, "Viadeo elsewhere", 3, url="javascript:alert(1)", path="//evil.example/x"),
    ]
    api.on(LATEST, Reply(articles))
    rig = Rig(store, devto(api), ["Viadeo"])

    report = rig.poll()

    assert report is not None and rig.state.consecutive_failures == 0
    alerts = {a.view.title: a for a in posted_alerts(store)}
    hostile = alerts["<img src=x onerror=alert(1)> Viadeo <!channel>"]
    assert hostile.slack.pings == [] and hostile.slack.links == [f"{site}/zoe/article-5"]
    assert "<@U123> says <https://evil.example|hi> & bye" in hostile.slack.shown
    assert "#*viadeo* #<!here>" in hostile.slack.shown
    assert hostile.view.author is None and hostile.view.reach == {"comments": 3}
    elsewhere = alerts["Viadeo elsewhere"]
    assert elsewhere.slack.links == [] and elsewhere.view.url is None
    assert all(a.slack.pings == [] for a in alerts.values())


def test_veille_sources_check_reads_the_newest_articles_once(api, tmp_path, capsys, sqlite_url):
    api.on(LATEST, Reply([article(api.base_url, 1, "Viadeo"), article(api.base_url, 2, "Other")]))
    loaded = write_config(tmp_path, database=sqlite_url, sources=[{"name": "dev", **devto(api)}])
    Store(sqlite_url).close()

    row = sources_row(capsys, loaded, "dev", "check")
    assert "devto" in row and "2 éléments" in row
