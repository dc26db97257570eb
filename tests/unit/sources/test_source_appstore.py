"""App Store reviews: every review of the team's app, in each country it names, is a mention of
the brand the source names, even when it never writes the brand's name; its stars show on the
alert and give the tone when the words alone do not."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import write_config
from tests.fakes.api import ApiRequest, Reply
from tests.rigs.api import Rig, adapter, loaded_config, polled_once, sources_row
from tests.rigs.posted import posted_alerts
from veille.config import ConfigError, LoadedConfig, parse_config
from veille.model import Tone
from veille.pipeline.routing import reach_total
from veille.sources.base import FetchError
from veille.tone.checker import hinted

APP = "284882215"


def feed_path(country: str, page: int = 1, app: str = APP) -> str:
    return f"/{country}/rss/customerreviews/page={page}/id={app}/sortby=mostrecent/json"


def review(review_id: int, stars: int, title: str, content: str, **extra: Any) -> dict[str, Any]:
    """An entry of the customer reviews feed, as its JSON form writes it."""
    return {
        "author": {
            "uri": {"label": f"https://itunes.apple.com/fr/reviews/id{review_id + 7}"},
            "name": {"label": "Camille"},
            "label": "",
        },
        "updated": {"label": "2026-11-23T01:12:46-07:00"},
        "im:rating": {"label": str(stars)},
        "im:version": {"label": "4.2.1"},
        "id": {"label": str(review_id)},
        "title": {"label": title},
        "content": {"label": content, "attributes": {"type": "text"}},
        "link": {"attributes": {"rel": "related", "href": f"https://itunes.apple.com/fr/review?id={APP}"}},
        "im:voteSum": {"label": "0"},
        "im:contentType": {"attributes": {"term": "Application", "label": "Application"}},
        "im:voteCount": {"label": "2"},
        **extra,
    }


APP_ENTRY = {
    "im:name": {"label": "Viadeo"},
    "rights": {"label": "© Viadeo SA"},
    "im:price": {"label": "Get", "attributes": {"amount": "0.00000", "currency": "EUR"}},
    "id": {"label": f"https://apps.apple.com/fr/app/viadeo/id{APP}"},
    "title": {"label": "Viadeo - Viadeo SA"},
}


def feed(*entries: Any) -> dict[str, Any]:
    return {
        "feed": {
            "author": {
                "name": {"label": "iTunes Store"},
                "uri": {"label": "http://www.apple.com/fr/itunes/"},
            },
            "entry": list(entries),
            "updated": {"label": "2026-11-23T02:00:00-07:00"},
            "rights": {"label": "Copyright 2008 Apple Inc."},
            "title": {"label": "iTunes Store : Avis de clients"},
            "icon": {"label": "http://itunes.apple.com/favicon.ico"},
            "link": [
                {"attributes": {"rel": "alternate", "type": "text/html", "href": "https://apps.apple.com/"}}
            ],
            "id": {
                "label": f"https://mzstoreservices-int-st.itunes.apple.com/fr/rss/customerreviews/id={APP}/json"
            },
        }
    }


def appstore(api: Any, **settings: Any) -> dict[str, Any]:
    return {
        "type": "appstore",
        "app_id": APP,
        "country": "fr",
        "brand": "Viadeo",
        "base_url": api.base_url,
        **settings,
    }


def test_every_review_is_a_mention_of_the_brand_with_its_stars_and_tone(api, store):
    api.on(
        feed_path("fr"),
        Reply(
            feed(
                APP_ENTRY,
                review(9003, 1, "Plante au démarrage", "Impossible de me connecter depuis la mise à jour."),
                review(9002, 3, "Bof", "Ça marche."),
                review(9001, 5, "Top", "Rien à dire."),
            )
        ),
    )
    rig = Rig(store, appstore(api), ["Viadeo"])

    report = rig.poll()

    assert report is not None and report.new_items == 3 and report.mentions == 3
    alerts = {a.view.title: a for a in posted_alerts(store)}
    assert set(alerts) == {"Viadeo: Plante au démarrage", "Viadeo: Bof", "Viadeo: Top"}
    crash = alerts["Viadeo: Plante au démarrage"]
    assert "★☆☆☆☆ (1/5)" in crash.slack.shown and "by Camille" in crash.slack.shown
    assert "🔴 Negative ·" in crash.slack.shown  # the words say little here: the stars decide
    assert "Impossible de me connecter depuis la mise à jour.\n(v4.2.1)" in crash.slack.shown
    assert [link.replace("&amp;", "&") for link in crash.slack.links] == [
        f"https://apps.apple.com/fr/app/id{APP}?see-all=reviews&review=9003"
    ]
    assert "★★★☆☆ (3/5)" in alerts["Viadeo: Bof"].slack.shown
    assert "⚪ Neutral" in alerts["Viadeo: Bof"].slack.shown
    assert "🟢 Positive" in alerts["Viadeo: Top"].slack.shown
    assert crash.view.reach == {"stars": 1, "votes": 2}


def test_stars_settle_the_tone_only_when_the_words_are_inconclusive():
    clear = Tone("positive", 0.8, "en", 0.9)
    assert hinted(clear, "negative") == clear
    assert hinted(Tone("neutral", 0.0, "en", 0.9), "negative") == Tone("negative", None, "en")
    assert hinted(Tone("positive", 0.3, "fr", 0.4), "negative") == Tone("negative", None, "fr")
    assert hinted(Tone("unknown", None, "other"), "positive") == Tone("positive", None, "other")
    assert hinted(clear, None) == clear


def test_stars_are_not_counted_as_reach():
    assert reach_total({"stars": 5, "votes": 2}) == 2


def test_the_next_poll_reads_only_newer_reviews_page_by_page_in_each_country(api, store):
    api.on(feed_path("fr"), Reply(feed(review(500, 4, "Bien", "ok"))))
    api.on(feed_path("be"), Reply(feed(review(400, 4, "Goed", "ok"))))
    rig = Rig(store, appstore(api, country=["fr", "be"]), ["Viadeo"])
    rig.poll()
    rig.restart()

    def french(request: ApiRequest) -> Reply:
        page = int(request.path.split("page=")[1].split("/")[0])
        ids = range(700 - (page - 1) * 50, 700 - page * 50, -1)  # 700…651, 650…601, 600…551…
        return Reply(feed(*(review(i, 2, f"Avis {i}", "bof") for i in ids if i > 480)))

    for page in range(1, 11):
        api.on(feed_path("fr", page), french)
    api.on(feed_path("be"), Reply(feed(review(401, 5, "Top", "ok"), review(400, 4, "Goed", "ok"))))
    report = rig.poll()

    assert report is not None and report.new_items == 201  # 700…501 in France, 401 in Belgium
    asked = [r.path for r in api.requests][2:]
    assert asked == [feed_path("fr", n) for n in (1, 2, 3, 4, 5)] + [feed_path("be")]


def test_one_country_failing_leaves_the_others_read_until_all_fail(api, store):
    api.on(feed_path("fr"), Reply(feed(review(1, 4, "Bien", "ok"))))
    api.on(feed_path("us"), Reply("<html>Service Unavailable</html>", 503, content_type="text/html"))
    rig = Rig(store, appstore(api, country=["fr", "us"]), ["Viadeo"])

    report = rig.poll()

    assert report is not None and report.new_items == 1 and rig.state.consecutive_failures == 0
    assert "127.0.0.1" in (rig.state.cursor or "") and "failing:" in (rig.state.cursor or "")
    api.on(feed_path("fr"), Reply("nope", 500, content_type="text/plain"))
    rig.poll()
    assert rig.state.consecutive_failures == 1 and "HTTP 500" in (rig.state.last_error or "")


def test_veille_sources_names_the_failing_country(api, tmp_path, capsys, sqlite_url):
    api.on(feed_path("fr"), Reply(feed(review(1, 4, "Bien", "ok"))))
    api.on(feed_path("us"), Reply("nope", 500, content_type="text/plain"))
    source = {"name": "ios", **appstore(api, country=["fr", "us"])}
    loaded = write_config(tmp_path, database=sqlite_url, sources=[source], language="en")
    polled_once(sqlite_url, loaded)

    row = sources_row(capsys, loaded, "ios")
    assert "/us failing: " in row and "HTTP 500" in row

    row = sources_row(capsys, loaded, "ios", "check")
    assert "1 item" in row and "/us failing" in row


def test_a_feed_with_one_review_or_none_is_read_as_such(api):
    api.on(feed_path("fr"), Reply({"feed": {"entry": review(3, 2, "Seul", "avis"), "title": {"label": "x"}}}))
    (item,) = adapter(appstore(api), ["Viadeo"]).fetch(None).items
    assert item.title == "Viadeo: Seul" and item.tone_hint == "negative"
    api.on(feed_path("fr"), Reply({"feed": {"title": {"label": "iTunes Store"}}}))
    assert adapter(appstore(api), ["Viadeo"]).fetch(None).items == []
    api.on(feed_path("fr"), Reply({"feed": "gone"}))
    with pytest.raises(FetchError) as error:
        adapter(appstore(api), ["Viadeo"]).fetch(None)
    assert error.value.kind == "invalid"


def test_hostile_reviews_never_crash_the_poll_never_ping_and_link_only_to_the_app(api, store):
    entries: list[Any] = [
        "not an entry",
        review(10, 6, "Six stars", "Viadeo"),
        review(11, 0, "No star", "Viadeo"),
        {**review(12, 2, "No id", "x"), "id": {"label": "../../evil"}},
        {**review(13, 2, "Rating as object", "x"), "im:rating": {"label": {"n": 2}}},
        review(
            14,
            2,
            "<b>Nul</b> <!channel>",
            "<@U123> <https://evil.example|cliquez> &amp; <script>x</script>",
            author={"name": {"label": "<!here>"}},
            link={"attributes": {"href": "https://evil.example/phish"}},
            **{"im:version": {"label": ["4"]}, "updated": {"label": "soon"}},
        ),
    ]
    api.on(feed_path("fr"), Reply(feed(*entries)))
    rig = Rig(store, appstore(api), ["Viadeo"])

    report = rig.poll()

    assert report is not None and report.new_items == 1 and rig.state.consecutive_failures == 0
    (alert,) = posted_alerts(store)
    assert alert.slack.pings == []
    assert [link.replace("&amp;", "&") for link in alert.slack.links] == [
        f"https://apps.apple.com/fr/app/id{APP}?see-all=reviews&review=14"
    ]
    assert "Viadeo: <b>Nul</b> <!channel>" in alert.slack.shown
    assert "<@U123> <https://evil.example|cliquez> &amp; <script>x</script>" in alert.slack.shown
    assert "by <!here>" in alert.slack.shown and "★★☆☆☆ (2/5)" in alert.slack.shown


def test_the_source_must_name_a_configured_brand_and_real_countries():
    with pytest.raises(ConfigError) as error:
        loaded_config({"type": "appstore", "app_id": APP, "country": "fr", "brand": "Netvibes"}, ["Viadeo"])
    assert "sources[0].brand" in str(error.value) and "Netvibes" in str(error.value)
    with pytest.raises(ConfigError) as error:
        loaded_config(
            {"type": "appstore", "app_id": APP, "country": ["fr", "France"], "brand": "Viadeo"}, ["Viadeo"]
        )
    assert "two-letter country code" in str(error.value)
    loaded = loaded_config(
        {"type": "appstore", "app_id": f"id{APP}", "country": ["FR", "be"], "brand": "viadeo"}, ["Viadeo"]
    )
    (source,) = loaded.config.sources
    assert source.key == f"appstore:{APP}:fr,be"


def test_a_brand_defined_by_a_query_can_admit_every_review_by_its_source_type(api, store):
    api.on(feed_path("fr"), Reply(feed(review(1, 1, "Nul", "Ça plante."))))
    data = {
        "veille": {"default_channel": "#veille", "backlog": "all"},
        "brands": [{"name": "Viadeo", "query": '"viadeo" AND job OR source:appstore'}],
        "sources": [appstore(api)],
    }
    loaded = LoadedConfig(parse_config(data, "config.toml"), Path("config.toml").resolve())
    report = Rig(store, loaded=loaded).poll()
    assert report is not None and report.mentions == 1
