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
