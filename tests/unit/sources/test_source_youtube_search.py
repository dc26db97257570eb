"""YouTube search: the newest videos naming a brand, through the Data API's search.list, within
the Google project's daily quota of 10,000 units (100 a search, reset at midnight Pacific time)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.conftest import write_config
from tests.fakes.api import ApiRequest, Reply
from tests.rigs.api import Rig, adapter, loaded_config, offset_page, sources_row
from veille.cli.main import main
from veille.config import ConfigError
from veille.pipeline.health import health_label
from veille.sources.base import FetchError
from veille.text.mrkdwn import escape

SEARCH = "/youtube/v3/search"
# 07:00 in Paris, 22:00 the day before in California, where the quota day is counted.
MORNING = datetime(2031, 1, 15, 6, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def key(monkeypatch):
    monkeypatch.setenv("YOUTUBE_API_KEY", "AIza-test-key")


def video(video_id: str, title: str, published: str, **snippet: Any) -> dict[str, Any]:
    """A search result as search.list documents it with part=snippet."""
    return {
        "kind": "youtube#searchResult",
        "etag": "etag",
        "id": {"kind": "youtube#video", "videoId": video_id},
        "snippet": {
            "publishedAt": published,
            "channelId": "UCabcdefghijklmnopqrstuv",
            "title": title,
            "description": "Notre avis sur Viadeo &amp; ses concurrents",
            "thumbnails": {"default": {"url": "https://i.ytimg.com/vi/x/default.jpg"}},
            "channelTitle": "Tech &amp; Co",
            "liveBroadcastContent": "none",
            "publishTime": published,
            **snippet,
        },
    }


def listing(*videos: dict[str, Any], next_page: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "kind": "youtube#searchListResponse",
        "etag": "etag",
        "regionCode": "FR",
        "pageInfo": {"totalResults": len(videos), "resultsPerPage": 50},
        "items": list(videos),
    }
    if next_page:
        body["nextPageToken"] = next_page
    return body


def quota_exceeded() -> Reply:
    message = (
        'The request cannot be completed because you have exceeded your <a href="/youtube/v3/getting-started'
        '#quota">quota</a>.'
    )
    return Reply(
        {
            "error": {
                "code": 403,
                "message": message,
                "errors": [{"message": message, "domain": "youtube.quota", "reason": "quotaExceeded"}],
            }
        },
        status=403,
    )


def youtube(api, **settings: Any) -> dict[str, Any]:
    return {"type": "youtube_search", "api_url": f"{api.base_url}/youtube/v3", **settings}


def at(rig: Rig, moment: datetime) -> None:
    rig.source.clock = lambda: moment  # type: ignore[attr-defined]


def test_new_videos_naming_a_brand_become_alerts_linked_to_youtube(api):
    api.on(SEARCH, Reply(listing(video("dQw4w9WgXcQ", "Viadeo, c&#39;est fini ?", "2026-12-05T18:00:00Z"))))

    (item,) = adapter(youtube(api, language="fr"), ["Viadeo"]).fetch(None).items

    assert item.title == "Viadeo, c'est fini ?"
    assert item.text == "Notre avis sur Viadeo & ses concurrents"
    assert item.author == "Tech & Co"
    assert item.url == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    assert item.published_at == datetime(2026, 12, 5, 18, 0, tzinfo=UTC)
    (request,) = api.to(SEARCH)
    assert request.query == {
        "part": "snippet",
        "type": "video",
        "order": "date",
        "q": '"Viadeo"',
        "maxResults": "50",
        "relevanceLanguage": "fr",
        "key": "AIza-test-key",
    }


def test_published_after_is_the_newest_video_seen_per_brand_and_survives_a_restart(api, store):
    api.on(
        SEARCH,
        Reply(
            listing(
                video("aaaaaaaaaaa", "Viadeo 2", "2026-12-05T18:00:00Z"),
                video("bbbbbbbbbbb", "Viadeo 1", "2026-12-05T08:00:00Z"),
            )
        ),
    )
    rig = Rig(store, youtube(api), ["Viadeo", "Netvibes"])
    report = rig.poll()
    assert report is not None and report.new_items == 2

    rig.restart()
    api.on(SEARCH, Reply(listing()))
    rig.poll()

    later = [(r.query["q"], r.query.get("publishedAfter")) for r in api.to(SEARCH)[2:]]
    assert later == [('"Viadeo"', "2026-12-05T18:00:00Z"), ('"Netvibes"', "2026-12-05T18:00:00Z")]


def test_a_brands_terms_are_ored_in_one_search(api, store, tmp_path, sqlite_url):
    api.on(SEARCH, Reply(listing()))
    loaded = write_config(
        tmp_path,
        database=sqlite_url,
        sources=[youtube(api)],
        brands=[{"name": "Viadeo", "terms": ["Viadeo", "Viadeo Pro", "a|b"], "channel": "#v"}],
    )
    Rig(store, loaded=loaded).poll()
    (request,) = api.to(SEARCH)
    assert request.query["q"] == '"Viadeo"|"Viadeo Pro"|"a b"'


def test_a_burst_bigger_than_a_polls_pages_is_read_over_the_next_polls(api, store):
    api.on(SEARCH, Reply(listing(video("first000000", "Viadeo", "2026-12-05T08:00:00Z"))))
    rig = Rig(store, youtube(api), ["Viadeo"])
    rig.poll()
    burst = [
        video(
            f"burst{n:06d}",
            f"Viadeo {n}",
            (datetime(2026, 12, 5, 9) + timedelta(minutes=n)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        )
        for n in range(130)
    ]

    def search(request: ApiRequest) -> Reply:
        after = request.query["publishedAfter"]
        before = request.query.get("publishedBefore", "9999")
        found = sorted(
            (v for v in burst if after <= v["snippet"]["publishedAt"] <= before),
            key=lambda v: v["snippet"]["publishedAt"],
            reverse=True,
        )
        videos, next_page = offset_page(found, request.query.get("pageToken"), 50)
        return Reply(listing(*videos, next_page=next_page))

    api.on(SEARCH, search)
    reports = [rig.poll() for _ in range(3)]

    assert sum(r.new_items for r in reports if r is not None) == 130
    assert any("publishedBefore" in r.query for r in api.to(SEARCH))


def test_units_used_today_are_counted_and_shown_and_a_new_pacific_day_starts_from_zero(
    api, store, tmp_path, capsys, sqlite_url
):
    loaded = write_config(
        tmp_path,
        database=sqlite_url,
        sources=[{"name": "yt", **youtube(api)}],
        brands=[{"name": "Viadeo", "channel": "#v"}, {"name": "Netvibes", "channel": "#v"}],
    )
    api.on(SEARCH, Reply(listing()))
    rig = Rig(store, loaded=loaded)
    at(rig, MORNING)
    rig.poll()
    rig.poll()

    row = sources_row(capsys, loaded, "yt")
    assert "400/10000 unités de quota utilisées le 2031-01-14 (heure du Pacifique" in row

    at(rig, datetime(2031, 1, 15, 8, 30, tzinfo=UTC))  # 00:30 in California: a new quota day
    rig.poll()
    assert '"units_used": 200' in rig.state.cursor and '"units_day": "2031-01-15"' in rig.state.cursor


def test_a_poll_that_would_pass_the_quota_waits_for_midnight_pacific_without_asking(api, store):
    api.on(SEARCH, Reply(listing()))
    rig = Rig(store, youtube(api, daily_quota=300, interval="1d"), ["Viadeo", "Netvibes"])
    at(rig, MORNING)
    rig.poll()  # 200 units
    rig.poll()  # 100 more for Viadeo; Netvibes would pass the 300
    assert [r.query["q"] for r in api.to(SEARCH)] == ['"Viadeo"', '"Netvibes"', '"Viadeo"']
    assert rig.state.consecutive_failures == 0

    at(rig, datetime(2031, 1, 15, 7, 59, tzinfo=UTC))  # 23:59 in California: still waiting
    rig.poll()
    assert len(api.to(SEARCH)) == 3
    at(rig, datetime(2031, 1, 15, 8, 1, tzinfo=UTC))  # past midnight Pacific: the quota is back
    rig.poll()
    assert len(api.to(SEARCH)) == 5


def test_quota_exceeded_waits_for_the_reset_and_health_says_so(api, store, tmp_path, capsys, sqlite_url):
    loaded = write_config(tmp_path, database=sqlite_url, sources=[{"name": "yt", **youtube(api)}])
    api.on(SEARCH, quota_exceeded())
    rig = Rig(store, loaded=loaded)
    at(rig, MORNING)

    rig.poll()
    assert rig.state.consecutive_failures == 0
    assert '"next_allowed": "2031-01-15T08:00:00Z"' in rig.state.cursor  # midnight in California

    rig.poll()
    assert len(api.to(SEARCH)) == 1  # nothing more is asked before the reset
    row = sources_row(capsys, loaded, "yt")
    assert "10000/10000 unités de quota utilisées" in row
    assert "l'API demande d'attendre jusqu'à 2031-01-15 09:00" in row  # Paris time


def test_too_many_brands_for_the_interval_is_refused_by_the_config_check_naming_the_key(
    api, tmp_path, sqlite_url, capsys
):
    brands = [{"name": name, "channel": "#v"} for name in ("Viadeo", "Netvibes", "Qwant")]
    with pytest.raises(ConfigError) as error:
        write_config(tmp_path, database=sqlite_url, sources=[youtube(api, interval="5m")], brands=brands)
    assert error.value.key == "sources[0].interval"
    assert f"{error.value:en}".endswith(
        "3 searches (one per brand) every 5m make 864 searches a day, 86400 quota units of the 10000"
        ' YouTube gives a Google project each day (100 a search): set interval = "44m" or more on this'
        " source, or daily_quota if Google granted you more"
    )
    assert 'mettez interval = "44m" ou plus' in f"{error.value:fr}"

    assert main(["--config", str(tmp_path / "config.toml"), "check"]) == 2
    assert "sources[0].interval" in capsys.readouterr().err


def test_the_default_interval_keeps_three_brands_within_the_quota(api):
    loaded = loaded_config(youtube(api), ["Viadeo", "Netvibes", "Qwant"])
    source = loaded.config.sources[0]
    interval = loaded.config.source_interval(source)
    assert 3 * (86_400 / interval) * 100 <= 10_000
    assert loaded_config(youtube(api, daily_quota=1_000_000, interval="5m"), ["A", "B", "C"])


def test_a_missing_key_fails_the_source_clearly_without_asking_google(api, store, monkeypatch):
    monkeypatch.delenv("YOUTUBE_API_KEY")
    rig = Rig(store, youtube(api), ["Viadeo"])

    assert rig.poll() is None
    assert rig.state.last_error_kind == "auth" and "YOUTUBE_API_KEY" in (rig.state.last_error or "")
    assert health_label(rig.state) == "failing"
    assert api.requests == []


def test_a_bad_key_is_an_auth_error_naming_the_variable(api):
    api.on(
        SEARCH,
        Reply(
            {
                "error": {
                    "code": 400,
                    "message": "API key not valid. Please pass a valid API key.",
                    "errors": [{"message": "API key not valid.", "domain": "global", "reason": "badRequest"}],
                    "status": "INVALID_ARGUMENT",
                    "details": [
                        {"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "API_KEY_INVALID"}
                    ],
                }
            },
            status=400,
        ),
    )
    with pytest.raises(FetchError) as error:
        adapter(youtube(api), ["Viadeo"]).fetch(None)
    assert error.value.kind == "auth" and "YOUTUBE_API_KEY" in error.value.message


HOSTILE: dict[str, Any] = {
    "no-items": {"kind": "youtube#searchListResponse"},
    "fields-of-the-wrong-type": {
        "items": [
            {"id": "dQw4w9WgXcQ", "snippet": {"title": "Viadeo"}},
            {"id": {"videoId": "../../etc"}, "snippet": {"title": "Viadeo"}},
            {"id": {"videoId": "dQw4w9WgXcQ"}, "snippet": "Viadeo"},
            {
                "id": {"videoId": "abcdefghijk"},
                "snippet": {"title": 7, "publishedAt": ["x"], "channelTitle": {}},
            },
            None,
            "Viadeo",
        ],
        "nextPageToken": 12,
    },
}


@pytest.mark.parametrize("body", HOSTILE)
def test_a_body_of_the_wrong_shape_never_crashes_the_poll(api, store, body):
    api.on(SEARCH, Reply(HOSTILE[body]))
    rig = Rig(store, youtube(api), ["Viadeo"])
    report = rig.poll()
    assert report is not None
    assert rig.state.consecutive_failures == 0


def test_texts_stay_text_a_huge_one_is_cut_and_no_mention_becomes_a_ping(api):
    api.on(
        SEARCH,
        Reply(
            listing(
                video(
                    "dQw4w9WgXcQ",
                    "Viadeo &lt;!channel&gt; <@U024BE7LH>",
                    "2026-12-05T18:00:00Z",
                    description="<https://evil.example|click> " + "b" * 100_000,
                    channelTitle="<!here>",
                )
            )
        ),
    )
    (item,) = adapter(youtube(api), ["Viadeo"]).fetch(None).items

    assert item.title == "Viadeo <!channel> <@U024BE7LH>"
    assert item.author == "<!here>"
    assert item.text.startswith("<https://evil.example|click> ") and len(item.text) <= 20_000
    assert "<!channel>" not in escape(item.title) and "<!here>" not in escape(item.author)


@pytest.mark.parametrize(
    ("reply", "kind"),
    [
        (Reply(b"<html><body>Error 404 (Not Found)</body></html>", content_type="text/html"), "invalid"),
        (Reply(b'{"items": [{"id": {"videoId": "abc'), "invalid"),
        (Reply(b"", status=500), "http"),
        (Reply({"items": "Viadeo"}), "invalid"),
        (Reply({"error": {"code": 403, "errors": [{"reason": "rateLimitExceeded"}]}}, 403), "rate_limited"),
        (
            Reply(
                {
                    "error": {
                        "code": 403,
                        "message": "YouTube Data API v3 has not been used",
                        "errors": [{"reason": "accessNotConfigured"}],
                    }
                },
                403,
            ),
            "auth",
        ),
        (Reply(b"slow down", status=429, headers={"Retry-After": "30"}), "rate_limited"),
    ],
)
def test_a_bad_answer_is_recorded_on_the_source(api, store, reply, kind):
    api.on(SEARCH, reply)
    rig = Rig(store, youtube(api), ["Viadeo"])
    assert rig.poll() is None
    assert rig.state.last_error_kind == kind and "127.0.0.1" in (rig.state.last_error or "")


def test_veille_check_and_sources_check_describe_the_source_and_the_units_a_try_costs(
    api, tmp_path, sqlite_url, capsys
):
    loaded = write_config(tmp_path, database=sqlite_url, sources=[{"name": "yt", **youtube(api)}])
    api.on(SEARCH, Reply(listing(video("dQw4w9WgXcQ", "Viadeo", "2026-12-05T18:00:00Z"))))

    assert main(["--config", str(loaded.path), "check"]) == 0
    out = capsys.readouterr().out
    assert "yt [youtube_search] toutes les 1h" in out and "$YOUTUBE_API_KEY" in out

    row = sources_row(capsys, loaded, "yt", "check")
    assert "1 élément" in row and "100/10000 unités de quota utilisées" in row
