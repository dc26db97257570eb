"""Which addresses Veille may fetch from: never the machine itself, the team's network or a cloud's
metadata service, unless the configuration says so.

A feed URL is checked twice. When the config is read, a host written as an address (in any
spelling: `127.1`, `2130706433`, `0x7f000001`, `[::ffff:127.0.0.1]`…) or a name that always means
this machine is refused, so `veille check` names the source and the rule. When connecting, every
address the name resolves to is checked and the connection goes to the address that was checked,
so neither a DNS answer that changes between check and connect nor a redirect to another host can
reach a refused address: each redirect hop opens its own connection through the same check.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import typing
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpcore
import httpx

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

# Metadata services that the generic ranges below would not all catch (Oracle's is in 192.0.0.0/24).
METADATA = frozenset(
    ipaddress.ip_address(a) for a in ("169.254.169.254", "169.254.170.2", "fd00:ec2::254", "100.100.100.200")
) | {ipaddress.ip_address("192.0.0.192")}
CGNAT = ipaddress.ip_network("100.64.0.0/10")
NAT64 = ipaddress.ip_network("64:ff9b::/96")
LOCAL_NAMES = ("localhost", "localhost.localdomain", "metadata", "metadata.google.internal")
_NUMERIC_HOST = re.compile(r"^(0x[0-9a-f]+|[0-9]+)(\.(0x[0-9a-f]+|[0-9]+)){0,3}$", re.IGNORECASE)


def literal_address(host: str) -> IPAddress | None:
    """The address a URL's host spells, in any of the spellings a resolver accepts; None for a name."""
    host = host.strip().strip("[]").rstrip(".")
    if not host:
        return None
    try:
        return ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        pass
    if _NUMERIC_HOST.match(host):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(host))
        except OSError:
            return None
    return None


def embedded_ipv4(ip: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one carries (mapped, 6to4, Teredo, NAT64), if any."""
    if isinstance(ip, ipaddress.IPv4Address):
        return None
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    if ip in NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def address_rule(ip: IPAddress) -> str | None:
    """Why an address is not fetched from by default (a short rule a person recognises), or None."""
    inner = embedded_ipv4(ip)
    if inner is not None:
        return address_rule(inner)
    if ip in METADATA:
        return "a cloud metadata address"
    if ip.is_loopback:
        return "a loopback address (this machine)"
    if ip.is_unspecified:
        return "the unspecified address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_multicast:
        return "a multicast address"
    if isinstance(ip, ipaddress.IPv4Address) and ip in CGNAT:
        return "a carrier-grade NAT address (100.64.0.0/10)"
    if isinstance(ip, ipaddress.IPv6Address) and ip in ipaddress.ip_network("fc00::/7"):
        return "a unique-local IPv6 address"
    if ip.is_private:
        return "a private network address"
    if not ip.is_global or ip.is_reserved:
        return "a reserved address"
    return None


@dataclass(frozen=True)
class AddressPolicy:
    """What may be fetched: public addresses, plus what the config explicitly allows."""

    allow_private: bool = False
    allowed: tuple[IPNetwork, ...] = field(default_factory=tuple)

    @classmethod
    def allowing(cls, networks: Iterable[str]) -> AddressPolicy:
        return cls(allowed=tuple(ipaddress.ip_network(n, strict=False) for n in networks))

    def refusal(self, ip: IPAddress) -> str | None:
        if self.allow_private or any(ip.version == n.version and ip in n for n in self.allowed):
            return None
        return address_rule(ip)

    def url_refusal(self, url: str) -> str | None:
        """Why `url` cannot be fetched, judged from the URL alone (names are checked at connect)."""
        host = urlsplit(url).hostname
        if not host:
            return None
        ip = literal_address(host)
        if ip is not None:
            rule = self.refusal(ip)
            return f"{host} is {rule}" if rule else None
        name = host.lower().rstrip(".")
        if not self.allow_private and (name in LOCAL_NAMES or name.endswith(".localhost")):
            return f"{host} is a name for this machine or its metadata service"
        return None


class AddressRefused(httpcore.ConnectError):
    """The host resolves to an address the policy refuses; nothing was sent."""


Resolver = Callable[[str, int], list[str]]


def system_resolver(host: str, port: int) -> list[str]:
    answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(answer[4][0]) for answer in answers))


class GuardedBackend(httpcore.NetworkBackend):
    """Resolves the name itself, checks every address, and connects to one it checked."""

    def __init__(
        self,
        policy: AddressPolicy,
        inner: httpcore.NetworkBackend | None = None,
        resolve: Resolver = system_resolver,
    ) -> None:
        self.policy = policy
        self.inner = inner or httpcore.SyncBackend()
        self.resolve = resolve

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        literal = literal_address(host)
        try:
            addresses = (
                [literal]
                if literal is not None
                else [ipaddress.ip_address(a.split("%", 1)[0]) for a in self.resolve(host, port)]
            )
        except OSError as exc:
            raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from None
        if not addresses:
            raise httpcore.ConnectError(f"cannot resolve {host}")
        for ip in addresses:
            rule = self.policy.refusal(ip)
            if rule:
                raise AddressRefused(
                    f"refused: {host} is {rule} ({ip}); set allow_private_addresses to fetch from it"
                )
        return self.inner.connect_tcp(str(addresses[0]), port, timeout, local_address, socket_options)

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        raise AddressRefused("refused: a Unix socket is not a web address")

    def sleep(self, seconds: float) -> None:
        self.inner.sleep(seconds)


def guarded_transport(policy: AddressPolicy, resolve: Resolver = system_resolver) -> httpx.HTTPTransport:
    """An httpx transport whose every connection goes through `GuardedBackend`."""
    transport = httpx.HTTPTransport(trust_env=False)
    # httpx has no public way to give its transport a network backend; httpcore's pool takes one.
    transport._pool = httpcore.ConnectionPool(
        ssl_context=httpx.create_ssl_context(trust_env=False),
        max_connections=100,
        max_keepalive_connections=20,
        keepalive_expiry=5.0,
        network_backend=GuardedBackend(policy, resolve=resolve),
    )
    return transport
