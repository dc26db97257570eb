"""Each source adapter on real recorded bodies (or bodies written from the documented format),
served over HTTP by the local fake, built from the config the way the bot builds them."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.fakes.feeds import FeedEntry, FeedServer, Request, Route, rss
from tests.fakes.net import local_fetcher
from tests.fakes.tone import FixedTone
from veille.config import ConfigError, LoadedConfig, parse_config
from veille.pipeline.poller import Poller, ScheduledSource
from veille.pipeline.steps import Pipeline
from veille.sources.api import ApiCursor
from veille.sources.base import FetchError, Source
from veille.sources.registry import build_source
from veille.store import Store

BRANDS = [
    {"name": "Viadeo", "terms": ["Viadeo"]},
    {"name": "Netvibes", "terms": ["Netvibes", "Netvibes Ginger"]},
]


def loaded(sources: list[dict[str, Any]], brands: list[dict[str, Any]] | None = None) -> LoadedConfig:
    data = {"veille": {"default_channel": "#veille"}, "brands": brands or BRANDS, "sources": sources}
    return LoadedConfig(parse_config(data, "config.toml"), Path("config.toml").resolve())


def build(source: dict[str, Any], brands: list[dict[str, Any]] | None = None) -> Source:
    config = loaded([source], brands)
    return build_source(config.config.sources[0], config, local_fetcher())


def query(request: Request) -> dict[str, list[str]]:
    return parse_qs(urlsplit(request.path).query)


# -- Google Alerts -------------------------------------------------------------------------


def test_google_alerts_links_lead_to_the_article_and_titles_lose_their_bold(shared, feeds):
    feeds.set(
        "/alerts/feeds/1/2", (shared / "feeds/feedjira/sample_feeds/google_alerts_atom.xml").read_bytes()
    )
    items = build({"type": "google_alerts", "url": feeds.url("/alerts/feeds/1/2")}).fetch(None).items
    assert len(items) == 20
    first = items[0]
    assert first.url is not None and first.url.startswith(
        "https://www.aglobalmarketresearch.com/report-offers"
    )
    assert not any("google.com/url" in (i.url or "") for i in items)
    assert not any("<b>" in i.title or "<b>" in i.text for i in items)
    assert first.source_type == "google_alerts"


# -- YouTube -------------------------------------------------------------------------------


def test_a_youtube_channel_gives_its_latest_videos_with_their_views(shared, feeds):
    feeds.set("/feeds/videos.xml", (shared / "feeds/feedjira/sample_feeds/youtube_atom.xml").read_bytes())
    source = build({"type": "youtube", "channel_id": "UCK8sQmJBp8GCxrOtXWBpyEA", "base_url": feeds.url("")})
    items = source.fetch(None).items
    assert query(feeds.requests_to("/feeds/videos.xml")[0]) == {"channel_id": ["UCK8sQmJBp8GCxrOtXWBpyEA"]}
    assert len(items) == 15
    video = items[0]
    assert video.title == "The Google app: Questions Title"
    assert video.url == "http://www.youtube.com/watch?v=5shykyfmb28" and video.author == "Google"
    assert video.reach == {"views": 251497, "likes": 3546}
    assert video.text.startswith("A question is the most powerful force")


def test_a_youtube_channel_id_is_checked_when_the_config_loads():
    with pytest.raises(ConfigError) as caught:
        loaded([{"type": "youtube", "channel_id": "GoogleChannel"}])
    assert caught.value.key == "sources[0].channel_id" and "starts with UC" in caught.value.problem


# -- Google News ---------------------------------------------------------------------------


def old_style_article_link(real_url: str) -> str:
    """Google News article ids as documented by those who decoded them: base64 of a small
    protobuf carrying the publisher's URL."""
    raw = b"\x08\x13\x22" + bytes([len(real_url)]) + real_url.encode() + b"\xd2\x01\x00"
    return (
        "https://news.google.com/rss/articles/" + base64.urlsafe_b64encode(raw).decode().rstrip("=") + "?oc=5"
    )


def google_news_rss(entries: list[tuple[str, str, str]]) -> str:
    items = "".join(
        f"<item><title>{title} - {publisher}</title><link>{link}</link>"
        f'<guid isPermaLink="false">{abs(hash(title))}</guid>'
        "<pubDate>Mon, 23 Nov 2026 08:00:00 GMT</pubDate>"
        f'<description>&lt;a href="{link}"&gt;{title}&lt;/a&gt;&amp;nbsp;&amp;nbsp;'
        f"&lt;font color=&quot;#6f6f6f&quot;&gt;{publisher}&lt;/font&gt;</description>"
        f'<source url="https://www.{publisher.lower().replace(" ", "")}.fr">{publisher}</source></item>'
        for title, publisher, link in entries
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><rss version="2.0" '
        'xmlns:media="http://search.yahoo.com/mrss/"><channel><generator>NFE/5.0</generator>'
        "<title>Google Actualités</title><link>https://news.google.com/</link><language>fr</language>"
        f"<description>Google Actualités</description>{items}</channel></rss>"
    )


def test_google_news_searches_each_brand_in_the_chosen_edition_and_names_the_publisher(feeds):
    article = "https://www.lemonde.fr/tech/article/2026/11/23/viadeo-revient.html"
    feeds.set(
        "/rss/search",
        google_news_rss(
            [
                ("Viadeo revient sur le devant de la scène", "Le Monde", old_style_article_link(article)),
                (
                    "Netvibes Ginger et le web sémantique",
                    "Les Echos",
                    "https://news.google.com/rss/articles/AU_yqLx?oc=5",
                ),
            ]
        ),
    )
    source = build({"type": "google_news", "base_url": feeds.url(""), "language": "fr", "country": "fr"})
    items = source.fetch(None).items
    asked = [query(r) for r in feeds.requests_to("/rss/search")]
    assert [q["q"] for q in asked] == [["Viadeo when:1d"], ['Netvibes OR "Netvibes Ginger" when:1d']]
    assert all(q["hl"] == ["fr"] and q["gl"] == ["FR"] and q["ceid"] == ["FR:fr"] for q in asked)
    first = items[0]
    assert first.title == "Viadeo revient sur le devant de la scène"
    assert first.author == "Le Monde" and first.language == "fr"
    assert first.url == article  # unwrapped from Google's article id
    assert items[1].url == "https://news.google.com/rss/articles/AU_yqLx?oc=5"  # opaque: kept


def test_google_news_with_a_query_asks_that_query_only(feeds):
    feeds.set("/rss/search", google_news_rss([]))
    build(
        {
            "type": "google_news",
            "query": "Viadeo recrutement",
            "base_url": feeds.url(""),
            "when": "7d",
            "language": "en-US",
            "country": "US",
        }
    ).fetch(None)
    (asked,) = [query(r) for r in feeds.requests_to("/rss/search")]
    assert asked["q"] == ["Viadeo recrutement when:7d"] and asked["ceid"] == ["US:en"]


def test_veille_search_asks_google_news_live_over_whole_days_back_to_since(feeds):
    feeds.set(
        "/rss/search",
        google_news_rss([("Viadeo à Lyon", "Le Progrès", "https://news.google.com/rss/articles/AU_a?oc=5")]),
    )
    source = build({"type": "google_news", "base_url": feeds.url(""), "language": "fr", "country": "fr"})

    found = source.search(["viadeo", "lyon"], datetime.now(UTC) - timedelta(hours=36), 5)  # type: ignore[attr-defined]

    assert [(item.title, item.author) for item in found] == [("Viadeo à Lyon", "Le Progrès")]
    (asked,) = [query(r) for r in feeds.requests_to("/rss/search")]
    assert asked["q"] == ["viadeo lyon when:2d"] and asked["ceid"] == ["FR:fr"]


# -- Hacker News ---------------------------------------------------------------------------


def hn_hit(object_id: int, created: int, **fields: Any) -> dict[str, Any]:
    """A hit as Algolia's HN Search API documents it."""
    hit = {
        "objectID": str(object_id),
        "created_at": datetime.fromtimestamp(created, UTC).isoformat().replace("+00:00", ".000Z"),
        "created_at_i": created,
        "author": "pg",
        "title": None,
        "url": None,
        "story_text": None,
        "comment_text": None,
        "points": None,
        "num_comments": None,
        "story_id": None,
        "story_title": None,
        "_tags": ["story", "author_pg", f"story_{object_id}"],
    }
    hit.update(fields)
    return hit


def hn_answer(hits: list[dict[str, Any]]) -> bytes:
    return json.dumps(
        {"hits": hits, "nbHits": len(hits), "page": 0, "nbPages": 1, "hitsPerPage": 100, "query": "x"}
    ).encode()


def test_hacker_news_asks_for_each_term_then_only_for_what_came_after(feeds, sqlite_url):
    hits_by_term = {
        "Viadeo": [
            hn_hit(
                101,
                1_790_000_100,
                title="Viadeo is back",
                url="https://viadeo.example/back",
                points=42,
                num_comments=7,
            ),
            hn_hit(
                102,
                1_790_000_200,
                comment_text="I used <i>Viadeo</i> in 2008 &amp; it was fine",
                story_title="Ask HN: old social networks",
                story_id=99,
                _tags=["comment", "author_pg", "story_99"],
                points=None,
            ),
        ],
        "Netvibes": [
            hn_hit(201, 1_790_000_050, title="Netvibes dashboards", url="https://nv.example/", points=3)
        ],
        "Netvibes Ginger": [],
    }

    def answer(request: Request) -> Route:
        term = query(request)["query"][0]
        return Route(hn_answer(hits_by_term[term]), content_type="application/json")

    feeds.respond("/api/v1/search_by_date", answer)
    config = loaded([{"type": "hackernews", "api_url": feeds.url("/api/v1")}])
    store = Store(sqlite_url)
    store.create_schema()
    source = build_source(config.config.sources[0], config, local_fetcher())
    poller = Poller(store, Pipeline(config.config, store, FixedTone()))
    report = poller.poll(ScheduledSource(source, 300, "all"), force=True)
    assert report is not None and report.fetched == 3 and report.mentions == 3
    first = [query(r) for r in feeds.requests_to("/api/v1/search_by_date")]
    assert [q["query"][0] for q in first] == ["Viadeo", "Netvibes", "Netvibes Ginger"]
    assert all(q["tags"] == ["(story,comment)"] and "numericFilters" not in q for q in first)

    items = source.fetch(None).items
    story = next(i for i in items if i.guid == "hn:101")
    assert story.url == "https://viadeo.example/back" and story.reach == {"points": 42, "comments": 7}
    comment = next(i for i in items if i.guid == "hn:102")
    assert comment.title == "Re: Ask HN: old social networks"
    assert comment.text == "I used Viadeo in 2008 & it was fine"
    assert comment.url == "https://news.ycombinator.com/item?id=102" and comment.author == "pg"

    # A restart: a new adapter, the same store. Each brand resumes at its own newest hit.
    feeds.requests.clear()
    source = build_source(config.config.sources[0], config, local_fetcher())
    poller.poll(ScheduledSource(source, 300, "all"), force=True)
    assert hn_resumed_after(feeds) == RESUMED
    store.close()


def test_veille_search_asks_hacker_news_live_for_the_words_since_a_time(feeds):
    hits = [hn_hit(300 + n, 1_790_000_000 + n, title=f"Viadeo in Lyon {n}") for n in range(4)]
    feeds.respond(
        "/api/v1/search_by_date",
        lambda request: Route(hn_answer(hits), content_type="application/json"),
    )
    source = build({"type": "hackernews", "api_url": feeds.url("/api/v1")})

    found = source.search(["viadeo", "lyon"], datetime.fromtimestamp(1_789_999_000, UTC), 3)  # type: ignore[attr-defined]

    assert [item.guid for item in found] == ["hn:300", "hn:301", "hn:302"]
    asked = query(feeds.requests_to("/api/v1/search_by_date")[0])
    assert asked["query"] == ["viadeo lyon"] and asked["hitsPerPage"] == ["3"]
    assert asked["numericFilters"] == ["created_at_i>1789999000"]


# Each brand resumes at its own newest hit: Viadeo's at 1790000200, Netvibes' at 1790000050.
RESUMED = {
    "Viadeo": "created_at_i>1790000200",
    "Netvibes": "created_at_i>1790000050",
    "Netvibes Ginger": "created_at_i>1790000050",
}


def hn_resumed_after(feeds: FeedServer) -> dict[str, str]:
    """The time filter each search term was asked with."""
    asked = map(query, feeds.requests_to("/api/v1/search_by_date"))
    return {q["query"][0]: q["numericFilters"][0] for q in asked}


def test_an_upgraded_install_resumes_hacker_news_from_the_cursor_it_stored_before(feeds, store):
    # Before Hacker News and Reddit shared the API cursor, they stored a flat object per brand.
    config = loaded([{"type": "hackernews", "api_url": feeds.url("/api/v1")}])
    key = config.config.sources[0].key
    store.record_poll_success(key, datetime.now(UTC), cursor='{"Netvibes": 1790000050, "Viadeo": 1790000200}')
    feeds.set("/api/v1/search_by_date", hn_answer([]), content_type="application/json")
    source = build_source(config.config.sources[0], config, local_fetcher())

    result = source.fetch(store.source_state(key))

    assert hn_resumed_after(feeds) == RESUMED
    assert ApiCursor.load(result.cursor).positions == {"Netvibes": "1790000050", "Viadeo": "1790000200"}


# -- Reddit --------------------------------------------------------------------------------


def test_reddit_with_an_oauth_client_reads_the_json_api_with_reach(shared, feeds, monkeypatch):
    monkeypatch.setenv("REDDIT_CLIENT_ID", "client-id")
    monkeypatch.setenv("REDDIT_CLIENT_SECRET", "client-secret")
    token = json.dumps({"access_token": "tok-123", "token_type": "bearer", "expires_in": 86400})
    feeds.set("/api/v1/access_token", token, content_type="application/json")
    api = shared / "api/reddit"
    feeds.set(
        "/search",
        (api / "TestSubreddit.test_search.body1.json").read_bytes(),
        content_type="application/json",
        headers={"X-Ratelimit-Remaining": "598.0", "X-Ratelimit-Reset": "300", "X-Ratelimit-Used": "2"},
    )
    feeds.set(
        "/r/AskReddit/new",
        (api / "TestSubredditListings.test_comments.body1.json").read_bytes(),
        content_type="application/json",
    )
    source = build(
        {
            "type": "reddit",
            "subreddits": ["r/AskReddit"],
            "username": "veille_bot",
            "base_url": feeds.url(""),
            "oauth_url": feeds.url(""),
        },
        brands=[{"name": "PRAW", "terms": ["praw"]}],
    )
    result = source.fetch(None)
    (token_request,) = feeds.requests_to("/api/v1/access_token")
    assert token_request.method == "POST" and token_request.body == b"grant_type=client_credentials"
    assert (
        token_request.headers["Authorization"]
        == "Basic " + base64.b64encode(b"client-id:client-secret").decode()
    )
    search = feeds.requests_to("/search")[0]
    assert search.headers["Authorization"] == "Bearer tok-123"
    assert search.headers["User-Agent"] == "python:veille:0.1.0 (by /u/veille_bot)"
    assert query(search)["q"] == ["praw"] and query(search)["sort"] == ["new"]
    posts = [i for i in result.items if i.guid and i.guid.startswith("t3_")]
    comments = [i for i in result.items if i.guid and i.guid.startswith("t1_")]
    assert len(posts) == 6 and len(comments) == 100
    post = next(i for i in posts if i.guid == "t3_3gpbiu")
    assert post.url == feeds.url(
        "/r/redditdev/comments/3gpbiu/prawoauth2util_problem_using_get_banned_raise/"
    )
    assert post.author == "dClauzel" and post.reach == {"points": 0, "comments": 21}
    assert comments[0].title.startswith("Re: [Serious] To anyone who")
    assert ApiCursor.load(result.cursor).positions.keys() == {"PRAW", "r/AskReddit"}
    assert len(feeds.requests_to("/api/v1/access_token")) == 1  # the token is reused
    source.fetch(None)
    assert len(feeds.requests_to("/api/v1/access_token")) == 1


def test_reddit_stops_asking_when_its_quota_is_spent(shared, feeds, monkeypatch):
    monkeypatch.setenv("REDDIT_CLIENT_ID", "id")
    monkeypatch.setenv("REDDIT_CLIENT_SECRET", "secret")
    feeds.set(
        "/api/v1/access_token", '{"access_token": "t", "expires_in": 3600}', content_type="application/json"
    )
    feeds.set(
        "/search",
        (shared / "api/reddit/TestSubreddit.test_search.body1.json").read_bytes(),
        content_type="application/json",
        headers={"X-Ratelimit-Remaining": "0", "X-Ratelimit-Reset": "240"},
    )
    source = build(
        {"type": "reddit", "base_url": feeds.url(""), "oauth_url": feeds.url("")},
        brands=[{"name": "PRAW", "terms": ["praw"]}],
    )
    source.fetch(None)
    with pytest.raises(FetchError) as caught:
        source.fetch(None)
    assert caught.value.kind == "rate_limited" and 200 < (caught.value.retry_after or 0) <= 240
    assert len(feeds.requests_to("/search")) == 1


def test_an_upgraded_install_keeps_skipping_the_reddit_posts_it_had_already_seen(feeds, store, monkeypatch):
    monkeypatch.delenv("REDDIT_CLIENT_ID", raising=False)
    seen_until = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
    feeds.set(
        "/search.rss",
        rss(
            [
                FeedEntry(
                    "Viadeo revient",
                    "Nouveau.",
                    "https://ex.fr/new",
                    "t3_new",
                    published=seen_until.replace(hour=13),
                ),
                FeedEntry(
                    "Viadeo, souvenirs",
                    "Ancien.",
                    "https://ex.fr/old",
                    "t3_old",
                    published=seen_until.replace(hour=11),
                ),
            ]
        ),
    )
    config = loaded([{"type": "reddit", "base_url": feeds.url("")}], brands=[{"name": "Viadeo"}])
    key = config.config.sources[0].key
    store.record_poll_success(key, datetime.now(UTC), cursor=json.dumps({"Viadeo": seen_until.timestamp()}))
    source = build_source(config.config.sources[0], config, local_fetcher())

    result = source.fetch(store.source_state(key))

    assert [item.title for item in result.items] == ["Viadeo revient"]


def test_reddit_without_oauth_reads_the_rss_twins(shared, feeds, monkeypatch):
    monkeypatch.delenv("REDDIT_CLIENT_ID", raising=False)
    feeds.set("/search.rss", (shared / "feeds/rss-parser/input/reddit.rss").read_bytes())
    feeds.set("/r/france/new.rss", (shared / "feeds/rss-parser/input/reddit-atom.rss").read_bytes())
    source = build({"type": "reddit", "subreddits": ["france"], "base_url": feeds.url("")})
    items = source.fetch(None).items
    search = feeds.requests_to("/search.rss")
    assert [query(r)["q"][0] for r in search] == ["Viadeo", 'Netvibes OR "Netvibes Ginger"']
    assert search[0].headers["User-Agent"].startswith("python:veille:0.1.0 (")
    assert feeds.requests_to("/r/france/new.rss")
    assert len(items) > 24 and all(i.source_type == "reddit" for i in items)
    assert any(
        i.url == "https://www.reddit.com/r/funny/comments/3skxqc/the_water_is_too_deep_so_he_improvises/"
        for i in items
    )


def test_veille_search_asks_reddit_live_for_the_words_and_keeps_what_came_since(shared, feeds, monkeypatch):
    monkeypatch.delenv("REDDIT_CLIENT_ID", raising=False)
    feeds.set("/search.rss", (shared / "feeds/rss-parser/input/reddit.rss").read_bytes())
    source = build({"type": "reddit", "base_url": feeds.url("")})
    everything = source.search(["viadeo", "lyon"], None, 100)  # type: ignore[attr-defined]
    dated = sorted(i.published_at for i in everything if i.published_at is not None)
    since = dated[len(dated) // 2]

    found = source.search(["viadeo", "lyon"], since, 100)  # type: ignore[attr-defined]

    assert found and all(i.published_at is None or i.published_at >= since for i in found)
    assert len(found) < len(everything)
    assert len(source.search(["viadeo", "lyon"], None, 3)) == 3  # type: ignore[attr-defined]
    asked = query(feeds.requests_to("/search.rss")[0])
    assert asked["q"] == ["viadeo lyon"] and asked["sort"] == ["new"]


def test_reddit_needs_something_to_fetch():
    with pytest.raises(ConfigError) as caught:
        loaded([{"type": "reddit", "search": False}])
    assert "nothing to fetch" in caught.value.problem
    with pytest.raises(ConfigError) as caught:
        loaded([{"type": "reddit", "subreddits": ["not a sub"]}])
    assert caught.value.key == "sources[0].subreddits" and "subreddit" in caught.value.problem


# -- Lobsters ------------------------------------------------------------------------------


def lobsters_story(short_id: str, title: str, **fields: Any) -> dict[str, Any]:
    """A story of newest.json as the site serves it."""
    story = {
        "short_id": short_id,
        "short_id_url": f"https://lobste.rs/s/{short_id}",
        "created_at": "2026-11-23T09:12:44.000-06:00",
        "title": title,
        "url": "",
        "score": 12,
        "flags": 0,
        "comment_count": 4,
        "description": "",
        "description_plain": "",
        "comments_url": f"https://lobste.rs/s/{short_id}/slug",
        "submitter_user": "alice",
        "user_is_author": False,
        "tags": ["web"],
    }
    story.update(fields)
    return story


def test_lobsters_gives_the_newest_stories_with_score_and_comments(feeds):
    body = [
        lobsters_story("abc123", "Netvibes, a retrospective", url="https://blog.example/netvibes"),
        lobsters_story(
            "def456",
            "Ask: dashboards?",
            description="<p>I miss <b>Netvibes</b></p>",
            description_plain="I miss Netvibes",
            submitter_user={"username": "bob"},
        ),
    ]
    feeds.set("/newest.json", json.dumps(body), content_type="application/json")
    items = build({"type": "lobsters", "base_url": feeds.url("")}).fetch(None).items
    first, second = items
    assert first.url == "https://blog.example/netvibes" and first.reach == {"points": 12, "comments": 4}
    assert first.published_at == datetime(2026, 11, 23, 15, 12, 44, tzinfo=UTC)
    assert second.url == "https://lobste.rs/s/def456" and second.text == "I miss Netvibes"
    assert second.author == "bob"


# -- config --------------------------------------------------------------------------------


def test_each_type_has_its_default_interval_and_key():
    config = loaded(
        [
            {"type": "google_news"},
            {"type": "youtube", "channel_id": "UCK8sQmJBp8GCxrOtXWBpyEA"},
            {"type": "hackernews"},
            {"type": "reddit"},
            {"type": "lobsters"},
            {"type": "google_alerts", "url": "https://www.google.com/alerts/feeds/1/2"},
            {"type": "hackernews", "name": "hn-fast", "interval": "1m"},
        ]
    ).config
    assert [(s.key, config.source_interval(s)) for s in config.sources] == [
        ("google_news:brands:fr-FR", 900),
        ("youtube:UCK8sQmJBp8GCxrOtXWBpyEA", 3600),
        ("hackernews", 300),
        ("reddit", 600),
        ("lobsters", 1800),
        ("https://www.google.com/alerts/feeds/1/2", 600),
        ("hn-fast", 60),
    ]


def test_an_unknown_type_lists_the_known_ones():
    with pytest.raises(ConfigError) as caught:
        loaded([{"type": "twitter"}])
    assert "hackernews" in caught.value.problem and "reddit" in caught.value.problem


def test_sources_check_tries_every_type_live_and_prints_a_table(tmp_path, feeds, capsys):
    from veille.cli.main import main

    feeds.set("/newest.json", json.dumps([lobsters_story("a1", "Viadeo")]), content_type="application/json")
    feeds.set("/api/v1/search_by_date", "<html>maintenance</html>", content_type="text/html")
    config = tmp_path / "config.toml"
    config.write_text(
        '[veille]\ndefault_channel = "#veille"\nallow_private_addresses = ["127.0.0.1"]\n'
        '[[brands]]\nname = "Viadeo"\n'
        f'[[sources]]\ntype = "lobsters"\nbase_url = "{feeds.url("")}"\n'
        f'[[sources]]\ntype = "hackernews"\napi_url = "{feeds.url("/api/v1")}"\n',
        encoding="utf-8",
    )
    assert main(["--config", str(config), "sources", "check"]) == 1
    out, err = capsys.readouterr()
    assert "[2/2]" in err
    rows = {line.split()[0]: line for line in out.splitlines() if line.startswith(("lobsters", "hackernews"))}
    assert "ok" in rows["lobsters"] and "1 élément" in rows["lobsters"]
    assert "échec" in rows["hackernews"]
    said = "réponse illisible : Hacker News : JSON attendu, reçu une page HTML (HTTP 200)"
    assert said in rows["hackernews"]


def test_a_reddit_429_without_retry_after_waits_for_the_quota_reset(feeds, sqlite_url, monkeypatch):
    monkeypatch.delenv("REDDIT_CLIENT_ID", raising=False)
    feeds.set(
        "/r/france/new.rss",
        b"Too Many Requests",
        status=429,
        content_type="text/plain",
        headers={"X-Ratelimit-Remaining": "0", "X-Ratelimit-Reset": "420", "X-Ratelimit-Used": "10"},
    )
    config = loaded(
        [{"type": "reddit", "search": False, "subreddits": ["france"], "base_url": feeds.url("")}]
    )
    store = Store(sqlite_url)
    store.create_schema()
    source = build_source(config.config.sources[0], config, local_fetcher())
    before = datetime.now(UTC)
    Poller(store, Pipeline(config.config, store, FixedTone())).poll(ScheduledSource(source, 60, "all"))
    state = store.source_state("reddit+r/france")
    assert state is not None and state.last_error_kind == "rate_limited"
    assert state.next_attempt_at is not None
    assert 400 < (state.next_attempt_at - before).total_seconds() <= 421
    store.close()


def test_a_reddit_post_seen_as_json_and_as_rss_is_one_mention(feeds, sqlite_url, monkeypatch):
    permalink = "/r/france/comments/abc123/viadeo_revient_en_force/"
    listing = {
        "kind": "Listing",
        "data": {
            "children": [
                {
                    "kind": "t3",
                    "data": {
                        "name": "t3_abc123",
                        "title": "Viadeo revient en force",
                        "selftext": "Qui s'en sert encore ?",
                        "permalink": permalink,
                        "url": feeds.url(permalink),
                        "author": "marie",
                        "created_utc": 1_790_000_000.0,
                        "score": 12,
                        "num_comments": 3,
                    },
                }
            ]
        },
    }
    feeds.set(
        "/api/v1/access_token", '{"access_token": "t", "expires_in": 3600}', content_type="application/json"
    )
    feeds.set("/r/france/new", json.dumps(listing), content_type="application/json")
    feeds.set(
        "/r/france/new.rss",
        '<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>r/france</title>'
        "<entry><author><name>/u/marie</name></author><id>t3_abc123</id>"
        f'<link href="{feeds.url(permalink)}"/>'
        "<updated>2026-09-21T13:46:40+00:00</updated><title>Viadeo revient en force</title>"
        '<content type="html">Qui s\'en sert encore ?</content></entry></feed>',
        content_type="application/atom+xml",
    )
    common = {
        "type": "reddit",
        "search": False,
        "subreddits": ["france"],
        "base_url": feeds.url(""),
        "oauth_url": feeds.url(""),
    }
    config = loaded([{**common, "name": "reddit-json"}, {**common, "name": "reddit-rss"}])
    store = Store(sqlite_url)
    store.create_schema()
    fetcher = local_fetcher()
    monkeypatch.setenv("REDDIT_CLIENT_ID", "id")
    monkeypatch.setenv("REDDIT_CLIENT_SECRET", "secret")
    as_json = build_source(config.config.sources[0], config, fetcher)
    monkeypatch.delenv("REDDIT_CLIENT_ID")
    as_rss = build_source(config.config.sources[1], config, fetcher)
    poller = Poller(store, Pipeline(config.config, store, FixedTone()))
    first = poller.poll(ScheduledSource(as_json, 600, "all"), force=True)
    second = poller.poll(ScheduledSource(as_rss, 600, "all"), force=True)
    assert first is not None and first.mentions == 1
    assert second is not None and second.mentions == 0 and second.sightings == 1
    store.close()
