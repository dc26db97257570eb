"""After a real run (feed → Slack, a 429 on the way, a search), the metrics a team scrapes say so."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import httpx
from prometheus_client import generate_latest
from prometheus_client.parser import text_string_to_metric_families

from tests.conftest import SIGNING_SECRET, slack_secrets, write_config
from tests.fakes.feeds import FeedEntry, rss
from tests.fakes.slack_requests import post_signed, slash_command
from veille.metrics import REGISTRY

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def scrape(url: str | None = None) -> Samples:
    """What Prometheus reads on `url`, sample by sample (without `url`: the registry it serves)."""
    text = httpx.get(url, timeout=5).text if url else generate_latest(REGISTRY).decode()
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float:
    """The sum of `name` over the samples carrying `labels` (0 when none does)."""
    wanted = set(labels.items())
    return sum(v for (n, got), v in samples.items() if n == name and wanted <= got)


def moved(before: Samples, after: Samples, name: str, **labels: str) -> float:
    return value(after, name, **labels) - value(before, name, **labels)


def eventually(check: Callable[[], bool], timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "the metrics never showed it"
        time.sleep(0.05)


def test_a_run_shows_in_the_metrics(tmp_path, feeds, fake_slack, database_url, start_veille):
    published = datetime.now(UTC) - timedelta(hours=1)
    entries = [
        FeedEntry("Viadeo recrute à Paris", "Viadeo annonce de belles embauches.", "https://ex.fr/1"),
        FeedEntry("Viadeo ferme un bureau", "Une triste nouvelle pour Viadeo.", "https://ex.fr/2"),
        FeedEntry("Netvibes revient", "Netvibes publie une mise à jour.", "https://ex.fr/3"),
        FeedEntry("La météo de demain", "Du soleil sur toute la France.", "https://ex.fr/4"),
    ]
    feeds.set("/blog.xml", rss([FeedEntry(**{**e.__dict__, "published": published}) for e in entries]))
    loaded = write_config(
        tmp_path,
        database=database_url,
        brands=[
            {"name": "Viadeo", "terms": ["Viadeo"], "channel": "#veille"},
            {"name": "Netvibes", "terms": ["Netvibes"], "channel": "#veille"},
        ],
        sources=[{"name": "blog-fr", "type": "rss", "url": feeds.url("/blog.xml")}],
    )
    fake_slack.fail("chat.postMessage", retry_after=1)
    before = scrape()

    veille = start_veille(loaded, slack_secrets(fake_slack))
    metrics = f"http://127.0.0.1:{veille.http_port}/metrics"
    fake_slack.wait_for("chat.postMessage", count=3)
    eventually(lambda: moved(before, scrape(metrics), "veille_alerts_posted_total") == 3)
    eventually(lambda: value(scrape(metrics), "veille_outbox_pending_alerts") == 0)
    body = slash_command("search Viadeo", response_url=fake_slack.response_url_base + "cmd1")
    assert (
        post_signed(f"http://127.0.0.1:{veille.http_port}/slack/events", body, SIGNING_SECRET).status_code
        == 200
    )
    fake_slack.wait_for_response(1)
    after = scrape(metrics)

    # Polls: the first one found the four items; any later one found them again, none new.
    ok_polls = moved(before, after, "veille_polls_total", source_type="rss", outcome="ok")
    assert ok_polls >= 1
    assert moved(before, after, "veille_polls_total", source_type="rss", outcome="failed") == 0
    assert moved(before, after, "veille_poll_duration_seconds_count", source_type="rss") >= ok_polls
    assert moved(before, after, "veille_items_fetched_total", source_type="rss") == 4 * ok_polls
    assert moved(before, after, "veille_items_new_total", source_type="rss") == 4
    assert value(after, "veille_last_poll_success_timestamp_seconds", source_type="rss") > time.time() - 60

    # Mentions by brand and tone, and their alerts: queued, one refused with a 429, all posted.
    assert moved(before, after, "veille_mentions_total", brand="Viadeo") == 2
    assert moved(before, after, "veille_mentions_total", brand="Netvibes") == 1
    tones = {"positive", "neutral", "negative", "unknown"}
    assert sum(moved(before, after, "veille_mentions_total", tone=tone) for tone in tones) == 3
    assert moved(before, after, "veille_alerts_queued_total") == 3
    assert moved(before, after, "veille_alerts_posted_total") == 3
    rate_limited = 1 + fake_slack.paced_rejections
    assert moved(before, after, "veille_alerts_failed_total", reason="rate_limited") == rate_limited
    assert moved(before, after, "veille_alerts_failed_total") == rate_limited

    # Slack calls as Slack answered them, the 429 included.
    calls = "veille_slack_api_calls_total"
    assert moved(before, after, calls, method="chat.postMessage", status="200") == 3
    assert moved(before, after, calls, method="chat.postMessage", status="429") == rate_limited
    assert moved(before, after, calls, method="auth.test", status="200") >= 1
    errors = "veille_slack_api_errors_total"
    assert moved(before, after, errors, method="chat.postMessage", error="ratelimited") == rate_limited

    # Read from the database at scrape time: nothing waits, the one source is healthy.
    assert value(after, "veille_outbox_pending_alerts") == 0
    assert value(after, "veille_outbox_oldest_pending_age_seconds") == 0
    assert value(after, "veille_sources", state="ok") == 1
    assert value(after, "veille_sources", state="failing") == 0

    assert moved(before, after, "veille_search_duration_seconds_count", part="history") == 1


def test_a_failing_source_and_a_waiting_alert_show_at_scrape_time(
    tmp_path, feeds, fake_slack, sqlite_url, start_veille
):
    feeds.set("/blog.xml", rss([FeedEntry("Viadeo recrute", "Viadeo embauche.", "https://ex.fr/1")]))
    feeds.set("/broken.xml", "", status=500)
    loaded = write_config(
        tmp_path,
        database=sqlite_url,
        sources=[
            {"name": "blog-fr", "type": "rss", "url": feeds.url("/blog.xml")},
            {"name": "broken", "type": "rss", "url": feeds.url("/broken.xml")},
        ],
    )
    fake_slack.fail("chat.postMessage", status=503, times=1000)
    before = scrape()

    veille = start_veille(loaded, slack_secrets(fake_slack))
    metrics = f"http://127.0.0.1:{veille.http_port}/metrics"
    failed = {"outcome": "failed", "failure_kind": "http"}
    eventually(lambda: moved(before, scrape(metrics), "veille_polls_total", **failed) >= 1)
    eventually(lambda: value(scrape(metrics), "veille_outbox_pending_alerts") == 1)
    time.sleep(1.1)
    after = scrape(metrics)

    assert (
        value(after, "veille_sources", state="degraded") + value(after, "veille_sources", state="failing")
        == 1
    )
    assert value(after, "veille_sources", state="ok") == 1
    assert value(after, "veille_outbox_oldest_pending_age_seconds") >= 1.0
    assert moved(before, after, "veille_alerts_posted_total") == 0
    assert moved(before, after, "veille_slack_api_calls_total", status="503") >= 1
