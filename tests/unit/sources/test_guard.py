"""A feed URL never leads Veille to this machine, the team's network or a cloud's metadata service,
however the address is spelt, whatever a DNS answer says, wherever a redirect points."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.fakes.feeds import FeedServer
from veille.sources.guard import AddressPolicy, guarded_transport

REFUSED_URLS = [
    ("http://169.254.169.254/latest/meta-data/", "cloud metadata"),
    ("http://[fd00:ec2::254]/", "cloud metadata"),
    ("http://100.100.100.200/", "cloud metadata"),
    ("http://192.0.0.192/", "cloud metadata"),
    ("http://10.0.0.1/feed", "private network"),
    ("http://172.16.5.4/feed", "private network"),
    ("http://192.168.1.1/feed", "private network"),
    ("http://100.64.0.1/feed", "carrier-grade NAT"),
    ("http://127.0.0.1/", "loopback"),
    ("http://127.1/", "loopback"),
    ("http://2130706433/", "loopback"),
    ("http://0x7f000001/", "loopback"),
    ("http://0x7f.0.0.1/", "loopback"),
    ("http://0177.0.0.1/", "loopback"),
    ("http://[::1]/", "loopback"),
    ("http://[::ffff:127.0.0.1]/", "loopback"),
    ("http://[::ffff:7f00:1]/", "loopback"),
    ("http://[64:ff9b::a00:1]/", "private network"),
    ("http://[2002:a9fe:a9fe::]/", "cloud metadata"),
    ("http://[fe80::1]/", "link-local"),
    ("http://[fc00::1]/", "unique-local"),
    ("http://224.0.0.1/", "multicast"),
    ("http://[ff02::1]/", "multicast"),
    ("http://0.0.0.0/", "unspecified"),
    ("http://localhost/", "this machine"),
    ("http://LOCALHOST./feed", "this machine"),
    ("http://feeds.localhost/", "this machine"),
    ("http://metadata.google.internal/computeMetadata/v1/", "metadata"),
]


@pytest.mark.parametrize(("url", "rule"), REFUSED_URLS)
def test_every_spelling_of_a_private_address_is_refused_with_its_rule(url: str, rule: str) -> None:
    refusal = AddressPolicy().url_refusal(url)
    assert refusal is not None and rule in refusal


@pytest.mark.parametrize(
    "url",
    [
        "https://www.lemonde.fr/rss/une.xml",
        "http://93.184.215.14/feed",
        "http://[2606:4700::1111]/",
        "https://news.google.com/rss/search?q=Viadeo",
    ],
)
def test_public_addresses_and_names_are_accepted(url: str) -> None:
    assert AddressPolicy().url_refusal(url) is None


def test_a_team_can_allow_its_intranet_or_everything() -> None:
    assert AddressPolicy.allowing(["10.0.0.0/8"]).url_refusal("http://10.1.2.3/feed") is None
    assert AddressPolicy.allowing(["10.0.0.0/8"]).url_refusal("http://192.168.1.1/feed") is not None
    assert AddressPolicy(allow_private=True).url_refusal("http://169.254.169.254/") is None


@pytest.fixture
def server() -> Iterator[FeedServer]:
    feeds = FeedServer().start()
    feeds.set("/feed.xml", "<rss/>")
    yield feeds
    feeds.stop()


def client(policy: AddressPolicy, answers: dict[str, str] | None = None) -> httpx.Client:
    def resolve(host: str, port: int) -> list[str]:
        return [(answers or {}).get(host, host)]

    return httpx.Client(transport=guarded_transport(policy, resolve=resolve), follow_redirects=True)


def test_connecting_to_a_refused_address_sends_nothing(server: FeedServer) -> None:
    with client(AddressPolicy()) as http, pytest.raises(httpx.ConnectError, match="loopback"):
        http.get(server.url("/feed.xml"))
    assert server.requests == []


def test_an_allowed_address_is_fetched(server: FeedServer) -> None:
    with client(AddressPolicy.allowing(["127.0.0.1/32"])) as http:
        assert http.get(server.url("/feed.xml")).text == "<rss/>"


def test_a_name_is_judged_by_the_address_it_resolves_to(server: FeedServer) -> None:
    port = server.url("/").split(":")[2].split("/")[0]
    rebinding = {"feeds.example": "127.0.0.1"}
    with client(AddressPolicy(), rebinding) as http, pytest.raises(httpx.ConnectError, match="refused"):
        http.get(f"http://feeds.example:{port}/feed.xml")
    assert server.requests == []
    with client(AddressPolicy.allowing(["127.0.0.1/32"]), rebinding) as http:
        assert http.get(f"http://feeds.example:{port}/feed.xml").text == "<rss/>"


def test_a_redirect_to_a_refused_address_is_not_followed(server: FeedServer) -> None:
    server.set("/moved", "", status=302, headers={"Location": "http://127.0.0.2:9/latest/meta-data/"})
    allowed = AddressPolicy.allowing(["127.0.0.1/32"])
    with client(allowed) as http, pytest.raises(httpx.ConnectError, match=r"127\.0\.0\.2 is a loopback"):
        http.get(server.url("/moved"))
    assert [r.path for r in server.requests] == ["/moved"]
