"""A `[[hosts]]` table sets a host's request budget: a team's own blog platform can be read in one
burst, a fragile host more gently, every host under a domain alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import write_config
from tests.fakes.clock import Clock
from tests.fakes.feeds import FeedEntry, FeedServer, rss
from tests.fakes.net import local_fetcher
from veille.config import LoadedConfig
from veille.sources.feed import FeedSource
from veille.sources.polite import DEFAULT_RATE, KNOWN_HOSTS, HostRate, Politeness, rate_for


def poll_all(feeds: FeedServer, loaded: LoadedConfig, count: int, clock: Clock) -> None:
    politeness = Politeness(loaded.config.host_rates(), clock=clock, sleep=clock.sleep)
    fetcher = local_fetcher(politeness=politeness)
    for n in range(count):
        feeds.set(f"/f{n}.xml", rss([FeedEntry(f"Viadeo {n}", "Viadeo.", f"https://ex.fr/{n}", str(n))]))
    for n in range(count):
        assert len(FeedSource(f"blog-{n}", feeds.url(f"/f{n}.xml"), fetcher).fetch(None).items) == 1
    fetcher.close()


def hosts_config(tmp_path: Path, sqlite_url: str, tables: str) -> LoadedConfig:
    return write_config(tmp_path, database=sqlite_url, sources=[], extra=tables)


def test_forty_feeds_of_a_host_given_a_burst_of_fifty_are_read_without_waiting(tmp_path, feeds, sqlite_url):
    loaded = hosts_config(tmp_path, sqlite_url, '\n[[hosts]]\nname = "127.0.0.1"\nrate = 50\nburst = 50\n')
    clock = Clock()
    poll_all(feeds, loaded, 40, clock)
    assert len(feeds.requests) == 40
    assert clock.slept == []


def test_without_a_hosts_table_the_same_feeds_are_spread_at_the_default_rate(tmp_path, feeds, sqlite_url):
    clock = Clock()
    poll_all(feeds, hosts_config(tmp_path, sqlite_url, ""), 40, clock)
    assert len(feeds.requests) == 40
    assert clock.slept == [pytest.approx(0.1)] * 20  # a burst of 20, then 10 requests a second


def test_past_its_burst_a_host_gets_its_configured_rate(tmp_path, feeds, sqlite_url):
    loaded = hosts_config(tmp_path, sqlite_url, '\n[[hosts]]\nname = "127.0.0.1"\nrate = 50\nburst = 5\n')
    clock = Clock()
    poll_all(feeds, loaded, 8, clock)
    assert clock.slept == [pytest.approx(0.02)] * 3


def test_a_domain_wide_table_covers_every_host_under_it_and_the_nearest_wins():
    rates = {
        "*.example.com": HostRate.per_second(100, 100),
        "*.blogs.example.com": HostRate.per_second(2, 2),
        "news.example.com": HostRate.per_second(1, 1),
    }
    assert rate_for("a.example.com", rates, DEFAULT_RATE) == HostRate(100, 0.01)
    assert rate_for("x.blogs.example.com", rates, DEFAULT_RATE) == HostRate(2, 0.5)
    assert rate_for("news.example.com", rates, DEFAULT_RATE) == HostRate(1, 1.0)
    assert rate_for("example.com", rates, DEFAULT_RATE) == DEFAULT_RATE


def test_a_hosts_table_overrides_a_built_in_budget_and_keeps_the_others(tmp_path, sqlite_url):
    loaded = hosts_config(tmp_path, sqlite_url, '\n[[hosts]]\nname = "lobste.rs"\nrate = 1\nburst = 1\n')
    rates = loaded.config.host_rates()
    assert rates["lobste.rs"] == HostRate(1, 1.0)
    assert rates["www.reddit.com"] == KNOWN_HOSTS["www.reddit.com"]


def test_two_ports_of_one_name_are_two_budgets_with_the_rate_of_the_name():
    clock = Clock()
    polite = Politeness({"intranet.example": HostRate(1, 60)}, clock=clock, sleep=clock.sleep)
    polite.before_request("http://intranet.example:8080/a")
    polite.before_request("http://intranet.example:8081/a")
    polite.before_request("http://[::1]:8080/a")
    assert clock.slept == []
    with pytest.raises(Exception, match="budget"):
        polite.before_request("http://intranet.example:8080/b")
