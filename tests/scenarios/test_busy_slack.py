"""A team fires off searches while a source is slow to answer: Slack still gets every request
acked at once, a quick command is answered while the searches wait, and when even the queue is
full the person is told, privately and in their language, that Veille is busy and to try again.
Every search is answered once the source answers."""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import parse_qs, urlsplit

from tests.conftest import SIGNING_SECRET, slack_secrets, write_config
from tests.fakes.feeds import Request, Route
from tests.fakes.slack_requests import post_signed, slash_command
from tests.rigs.triage import TriageRig
from veille.handlers.pool import SLOW_WAITING, SLOW_WORKERS

BUSY_FR = (
    "Veille est très occupée en ce moment et n'a pas pu traiter cette demande ; réessayez dans une minute."
)
LIVE = "/api/v1/search_by_date"


def test_searches_held_by_a_slow_source_hold_back_no_ack_and_a_full_queue_says_busy(
    tmp_path, fake_slack, feeds, sqlite_url, start_veille
):
    source_answers = threading.Event()

    def hacker_news(request: Request) -> Route:
        polled = parse_qs(urlsplit(request.path).query)["query"] == ["Viadeo"]  # the poll, not a search
        body = json.dumps({"hits": [], "nbPages": 1}).encode()
        return Route(body, content_type="application/json", hold=None if polled else source_answers)

    feeds.respond(LIVE, hacker_news)
    loaded = write_config(
        tmp_path,
        database=sqlite_url,
        sources=[{"type": "hackernews", "api_url": feeds.url("/api/v1"), "interval": "1h"}],
    )
    rig = TriageRig(start_veille(loaded, slack_secrets(fake_slack)), fake_slack, feeds)
    rig.wait_until(lambda: feeds.requests_to(LIVE))  # the first poll is done

    def search(n: int) -> int:
        body = slash_command("search viadeo recrutement", response_url=fake_slack.response_url_base + f"s{n}")
        return post_signed(rig.events_url, body, SIGNING_SECRET).status_code

    searches = SLOW_WORKERS + SLOW_WAITING + 1  # one more than the searches Veille takes at once
    try:
        with ThreadPoolExecutor(searches) as team:
            assert list(team.map(search, range(searches))) == [200] * searches  # every request acked

        (busy,) = fake_slack.wait_for_response(1)
        assert busy["text"] == BUSY_FR and busy["response_type"] == "ephemeral"
        rig.wait_until(lambda: len(feeds.requests_to(LIVE)) > SLOW_WORKERS)  # the searches wait on the source

        helped = rig.command("help")
        assert "Commandes" in helped["text"]
        no_search_yet = [BUSY_FR, helped["text"]]
        assert [r["text"] for r in fake_slack.responses] == no_search_yet
    finally:
        source_answers.set()

    answers = fake_slack.wait_for_response(searches + 1)
    found = [a for a in answers if a["path"].startswith("/response/s") and a["text"] != BUSY_FR]
    assert len(found) == searches - 1
    assert all("viadeo recrutement" in a["text"] for a in found)
