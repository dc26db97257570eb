"""`/veille search` also asks the sources that can search, live and in parallel: what they have
that the history does not yet hold is shown apart, and a source that fails is named, not waited for."""

from __future__ import annotations

import json
import time
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.conftest import slack_secrets, write_config
from tests.fakes.feeds import Request, Route
from tests.rigs.triage import TriageRig, texts
from veille.search.live import MAX_QUERIES, live_queries
from veille.store.fulltext import terms_of

NOW = int(time.time())


def hit(object_id: int, title: str, created: int) -> dict[str, Any]:
    return {
        "objectID": str(object_id),
        "created_at_i": created,
        "author": "lucie",
        "title": title,
        "url": f"https://news.example/{object_id}",
        "points": 12,
        "num_comments": 3,
        "_tags": ["story"],
    }


def test_live_results_from_hacker_news_show_apart_and_a_failing_source_is_named(
    tmp_path, fake_slack, feeds, sqlite_url, start_veille
):
    stored = hit(1, "Viadeo recrutement : bilan de l'année", NOW - 7200)
    fresh = hit(2, "Viadeo recrutement : nouvelle offre ce matin", NOW - 60)

    def algolia(request: Request) -> Route:
        asked = parse_qs(urlsplit(request.path).query)["query"][0]
        hits = [stored] if asked == "Viadeo" else [fresh, stored]  # the poll, then the live search
        return Route(json.dumps({"hits": hits, "nbPages": 1}).encode(), content_type="application/json")

    feeds.respond("/api/v1/search_by_date", algolia)
    feeds.set("/rss/search", "unavailable", status=503)
    loaded = write_config(
        tmp_path,
        database=sqlite_url,
        sources=[
            {"type": "hackernews", "api_url": feeds.url("/api/v1"), "interval": "1h"},
            {"type": "google_news", "name": "actus", "base_url": feeds.url(""), "interval": "1h"},
        ],
    )
    rig = TriageRig(start_veille(loaded, slack_secrets(fake_slack)), fake_slack, feeds)
    rig.alerts(count=1)

    answer = rig.command("search viadeo recrutement")
    shown = texts(answer["blocks"])
    history, live = shown.split("En direct sur les sources")
    assert "<https://news.example/1|Viadeo recrutement : bilan de l'année>" in history
    assert "nouvelle offre ce matin" in live and "bilan de l'année" not in live  # already in the history
    assert "Sans réponse à temps : actus" in live

    asked = [parse_qs(urlsplit(r.path).query) for r in feeds.requests_to("/api/v1/search_by_date")]
    assert asked[-1]["query"] == ["viadeo recrutement"] and "numericFilters" in asked[-1]

    more = rig.command("search viadeo recrutement tone:neg")  # a tone filter asks the history only
    assert "En direct" not in texts(more["blocks"])

    searched = len(feeds.requests_to("/api/v1/search_by_date"))
    rest = rig.command("search -recrutement")  # only words left out: nothing to ask a source for
    assert "En direct" not in texts(rest["blocks"])
    assert len(feeds.requests_to("/api/v1/search_by_date")) == searched

    typo = texts(rig.command("search viadeo source:hackernwes brand:Viadoe")["blocks"])
    assert "Aucune marque surveillée ne s'appelle `Viadoe` : essayez `brand:Viadeo`." in typo
    assert (
        "Aucune source configurée ne s'appelle `hackernwes` : essayez `source:hackernews`, `source:actus`"
        in typo
    )
    found = texts(rig.command("search viadeo source:hackernews")["blocks"])
    assert "Aucune source" not in found  # a source that answers to the name: no hint

    either = texts(rig.command("search absent OR bilan")["blocks"]).split("En direct sur les sources")[0]
    assert "<https://news.example/1|Viadeo recrutement : bilan de l'année>" in either
    left_out = texts(rig.command("search viadeo -bilan")["blocks"]).split("En direct sur les sources")[0]
    assert "bilan de l'année" not in left_out and "rien dans l'historique" in left_out


def test_a_source_is_asked_plain_words_and_nothing_the_search_leaves_out_is_shown(
    tmp_path, fake_slack, feeds, sqlite_url, start_veille
):
    hiring = hit(3, "Viadeo : recrutement de dix commerciaux", NOW - 60)
    outage = hit(4, "Viadeo en panne ce matin", NOW - 120)
    cut = hit(5, "Coupure chez Viadeo à Lyon", NOW - 180)
    answers = {
        "viadeo": [hiring, outage],
        "panne": [outage],
        "coupure": [cut, outage],
        '"en panne"': [cut, outage],
    }

    def algolia(request: Request) -> Route:
        hits = answers.get(parse_qs(urlsplit(request.path).query)["query"][0], [])
        return Route(json.dumps({"hits": hits, "nbPages": 1}).encode(), content_type="application/json")

    feeds.respond("/api/v1/search_by_date", algolia)
    loaded = write_config(
        tmp_path,
        database=sqlite_url,
        sources=[{"type": "hackernews", "api_url": feeds.url("/api/v1"), "interval": "1h"}],
    )
    rig = TriageRig(start_veille(loaded, slack_secrets(fake_slack)), fake_slack, feeds)
    # The source's first poll (it asks « Viadeo », which finds nothing here) is done before the
    # searches, so that its request is not counted as one of theirs on a slow machine.
    rig.wait_until(lambda: rig.veille.store.source_state("hackernews") is not None)

    def asked_for(command: str) -> tuple[list[str], str]:
        before = len(feeds.requests_to("/api/v1/search_by_date"))
        live = texts(rig.command(command)["blocks"]).split("En direct sur les sources")[-1]
        requests = feeds.requests_to("/api/v1/search_by_date")[before:]
        return sorted(parse_qs(urlsplit(r.path).query)["query"][0] for r in requests), live

    asked, live = asked_for("search viadeo -recrutement")
    assert asked == ["viadeo"]  # Hacker News would look for « recrutement » in « -recrutement »
    assert "Viadeo en panne ce matin" in live and "recrutement" not in live

    asked, live = asked_for("search panne OU coupure")  # no source reads « OU »: each word is asked
    assert asked == ["coupure", "panne"]
    assert "Coupure chez Viadeo à Lyon" in live and live.count("Viadeo en panne ce matin") == 1

    asked, live = asked_for('search "en panne" SAUF lyon')
    assert asked == ['"en panne"']
    assert "Viadeo en panne ce matin" in live and "Lyon" not in live


def test_sources_are_asked_each_way_to_meet_a_search_in_plain_words_as_typed():
    assert live_queries(terms_of("Société Générale")) == ["Société Générale"]
    assert live_queries(terms_of("panne OU coupure « service client » -recrutement")) == [
        'panne "service client"',
        'coupure "service client"',
    ]
    assert live_queries(terms_of("veill* NOT veillée")) == ["veill"]
    assert len(live_queries(terms_of("a OR b OR c OR d"))) == MAX_QUERIES
    assert live_queries(terms_of("-recrutement")) == []
