"""A feed URL never leads Veille to this machine, the team's network or a cloud's metadata service,
however the address is spelt, whatever a DNS answer says, wherever a redirect points."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from ipaddress import ip_address

import pytest

from tests.fakes.feeds import FeedEntry, FeedServer, rss
from tests.fakes.net import local_fetcher
from tests.fakes.tls import client_context, server_context
from tests.fakes.tone import FixedTone
from veille.config import parse_config
from veille.pipeline.poller import Poller, ScheduledSource
from veille.pipeline.steps import Pipeline
from veille.sources.addresses import AddressPolicy
from veille.sources.base import FetchError
from veille.sources.feed import FeedSource
from veille.sources.http import HttpFetcher
from veille.store import Store

REFUSED_URLS = [
    ("http://127.0.0.1/feed", "127.0.0.1 is a loopback address"),
    ("http://2130706433/feed", "2130706433 means 127.0.0.1, a loopback address"),
    ("http://0x7f000001/feed", "0x7f000001 means 127.0.0.1, a loopback address"),
    ("http://0177.0.0.1/feed", "0177.0.0.1 means 127.0.0.1, a loopback address"),
    ("http://0x7f.0.0.1/feed", "means 127.0.0.1, a loopback address"),
    ("http://127.1/feed", "127.1 means 127.0.0.1, a loopback address"),
    ("http://[::1]/feed", "::1 is a loopback address"),
    ("http://[::ffff:127.0.0.1]/feed", "means 127.0.0.1, a loopback address"),
    ("http://[::ffff:7f00:1]/feed", "means 127.0.0.1, a loopback address"),
    ("http://10.0.0.1/feed", "10.0.0.1 is a private address (RFC 1918)"),
    ("http://172.16.0.1/feed", "172.16.0.1 is a private address (RFC 1918)"),
    ("http://192.168.1.1/feed", "192.168.1.1 is a private address (RFC 1918)"),
    ("http://[64:ff9b::a00:1]/feed", "means 10.0.0.1, a private address"),
    ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a cloud metadata address"),
    ("http://[fd00:ec2::254]/", "fd00:ec2::254 is a cloud metadata address"),
    ("http://100.100.100.200/", "cloud metadata"),
    ("http://[2002:a9fe:a9fe::]/", "means 169.254.169.254, a cloud metadata address"),
    ("http://100.64.0.1/feed", "100.64.0.1 is a carrier-grade NAT address (100.64.0.0/10)"),
    ("http://[fc00::1]/feed", "fc00::1 is a unique-local IPv6 address"),
    ("http://[fe80::1]/feed", "fe80::1 is a link-local address"),
    ("http://224.0.0.1/feed", "224.0.0.1 is a multicast address"),
    ("http://[ff02::1]/feed", "multicast"),
    ("http://0.0.0.0/feed", "0.0.0.0 is the unspecified address"),
    ("http://[::]/feed", "the unspecified address"),
    ("http://192.0.2.1/feed", "192.0.2.1 is a reserved address"),
    ("http://localhost/feed", "localhost is a name for this machine"),
    ("http://LOCALHOST./feed", "a name for this machine"),
    ("http://feeds.localhost/feed", "feeds.localhost is a name for this machine"),
    ("http://metadata.google.internal/computeMetadata/v1/", "metadata.google.internal is a name for"),
]
HINT = "allow it with [veille] allow_private_addresses"


@pytest.fixture
def server() -> Iterator[FeedServer]:
    feeds = FeedServer().start()
    feeds.set("/feed.xml", rss([FeedEntry("Viadeo recrute", "texte", "https://ex.fr/1", "1")]))
    yield feeds
    feeds.stop()


def port_of(server: FeedServer) -> int:
    return int(server.url("/").split(":")[2].split("/")[0])


@pytest.mark.parametrize(("url", "rule"), REFUSED_URLS)
def test_every_spelling_of_a_private_address_is_refused_naming_the_rule(url: str, rule: str) -> None:
    fetcher = HttpFetcher()
    with pytest.raises(FetchError) as refused:
        fetcher.get(url)
    assert refused.value.kind == "refused"
    assert rule in refused.value.message and HINT in refused.value.message


@pytest.mark.parametrize(
    "url",
    [
        "https://www.lemonde.fr/rss/une.xml",
        "http://93.184.215.14/feed",
        "http://[2606:4700::1111]/",
        "https://news.google.com/rss/search?q=Viadeo",
        "file:samples/feed.xml",
    ],
)
def test_public_addresses_and_names_pass_the_check_of_the_url(url: str) -> None:
    assert AddressPolicy().url_refusal(url) is None


def test_a_team_allows_its_intranet_by_network_by_host_or_everything() -> None:
    intranet = AddressPolicy.allowing(["10.1.0.0/16", "intranet.example"])
    assert intranet.url_refusal("http://10.1.2.3/feed") is None
    assert intranet.url_refusal("http://[::ffff:10.1.2.3]/feed") is None
    assert intranet.url_refusal("http://10.2.0.1/feed") is not None
    assert intranet.address_refusal("intranet.example", ip_address("10.9.9.9")) is None
    assert intranet.address_refusal("other.example", ip_address("10.9.9.9")) is not None
    assert AddressPolicy.from_setting(True).url_refusal("http://169.254.169.254/") is None
    assert AddressPolicy.from_setting(False).url_refusal("http://169.254.169.254/") is not None


def test_the_local_server_is_not_reached_without_an_allow_entry(server: FeedServer) -> None:
    with pytest.raises(FetchError) as refused:
        HttpFetcher().get(server.url("/feed.xml"))
    assert refused.value.kind == "refused" and "127.0.0.1 is a loopback address" in refused.value.message
    assert server.requests == []


def test_an_allowed_address_is_fetched(server: FeedServer) -> None:
    assert b"Viadeo recrute" in local_fetcher().get(server.url("/feed.xml")).body
    everything = HttpFetcher(addresses=AddressPolicy.from_setting(True))
    assert b"Viadeo recrute" in everything.get(server.url("/feed.xml")).body


def test_a_name_is_judged_by_every_address_it_resolves_to_before_connecting(server: FeedServer) -> None:
    url = f"http://feeds.example:{port_of(server)}/feed.xml"
    answers = {"feeds.example": ["93.184.215.14", "127.0.0.1"]}

    def resolve(host: str, port: int) -> list[str]:
        return answers[host]

    with pytest.raises(FetchError) as refused:
        HttpFetcher(resolve=resolve).get(url)
    assert refused.value.kind == "refused"
    assert "feeds.example resolves to 127.0.0.1, a loopback address" in refused.value.message
    assert server.requests == []

    answers["feeds.example"] = ["127.0.0.1"]
    by_address = local_fetcher(resolve=resolve)
    assert b"Viadeo recrute" in by_address.get(url).body
    by_name = HttpFetcher(addresses=AddressPolicy.allowing(["feeds.example"]), resolve=resolve)
    assert b"Viadeo recrute" in by_name.get(url).body


def to_loopback(host: str, port: int) -> list[str]:
    return ["127.0.0.1"]


def test_an_https_feed_is_read_from_the_checked_address_under_the_certificate_of_its_name() -> None:
    secure = FeedServer(tls=server_context()).start()
    try:
        secure.set("/feed.xml", rss([FeedEntry("Viadeo recrute", "texte", "https://ex.fr/1", "1")]))
        url = f"https://feeds.example:{port_of(secure)}/feed.xml"
        with pytest.raises(FetchError) as refused:
            HttpFetcher(resolve=to_loopback, ssl_context=client_context()).get(url)
        assert refused.value.kind == "refused"
        assert "feeds.example resolves to 127.0.0.1" in refused.value.message

        intranet = AddressPolicy.allowing(["feeds.example"])
        trusted = HttpFetcher(addresses=intranet, resolve=to_loopback, ssl_context=client_context())
        assert b"Viadeo recrute" in trusted.get(url).body
        with pytest.raises(FetchError, match="TLS certificate is not accepted: self-signed") as untrusted:
            HttpFetcher(addresses=intranet, resolve=to_loopback).get(url)
        assert "le certificat TLS du site n'est pas accepté" in untrusted.value.said("fr")
    finally:
        secure.stop()


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A socket on 127.0.0.2 that tells whether anyone ever tried to connect to it."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.2", 0))
    sock.listen(8)
    sock.setblocking(False)
    yield sock
    sock.close()


def nobody_connected(sock: socket.socket) -> bool:
    try:
        sock.accept()[0].close()
    except BlockingIOError:
        return True
    return False


@pytest.mark.parametrize(
    ("target", "rule"),
    [
        ("http://127.0.0.2:{port}/latest/meta-data/", "127.0.0.2 is a loopback address"),
        ("http://0x7f000002:{port}/", "0x7f000002 means 127.0.0.2, a loopback address"),
        ("http://localhost:{port}/", "localhost is a name for this machine"),
        ("http://10.0.0.1/feed", "10.0.0.1 is a private address"),
        ("http://169.254.169.254/latest/meta-data/", "cloud metadata"),
        ("http://rebound.example:{port}/", "rebound.example resolves to 127.0.0.2, a loopback address"),
    ],
)
def test_a_redirect_to_a_refused_address_is_not_followed(
    server: FeedServer, listener: socket.socket, target: str, rule: str
) -> None:
    port = listener.getsockname()[1]
    server.set("/moved", "", status=302, headers={"Location": target.format(port=port)})
    fetcher = local_fetcher(resolve=lambda host, _port: ["127.0.0.2"])
    with pytest.raises(FetchError) as refused:
        fetcher.get(server.url("/moved"))
    assert refused.value.kind == "refused"
    assert rule in refused.value.message and HINT in refused.value.message
    assert [r.path for r in server.requests] == ["/moved"]
    assert nobody_connected(listener)


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("fr", "adresse refusée : 10.0.0.1 est une adresse privée (RFC 1918)"),
        ("en", "refused: 10.0.0.1 is a private address (RFC 1918)"),
    ],
)
def test_a_refused_feed_shows_in_the_source_health_with_its_rule(
    sqlite_url: str, language: str, said: str
) -> None:
    config = parse_config(
        {"veille": {"default_channel": "#veille", "language": language}, "brands": [{"name": "V"}]}, "t.toml"
    )
    store = Store(sqlite_url)
    store.create_schema()
    source = FeedSource("intranet", "http://10.0.0.1/feed", HttpFetcher())
    Poller(store, Pipeline(config, store, FixedTone())).poll(ScheduledSource(source, 60, "all"))
    state = store.source_state("intranet")
    assert state is not None and state.last_error_kind == "refused"
    assert said in (state.last_error or "")
    store.close()
