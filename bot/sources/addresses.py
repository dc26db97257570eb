"""Which addresses Veille may fetch from: never the machine itself, the team's network or a cloud's
metadata service, unless `[veille] allow_private_addresses` says so.

An address is judged in every spelling a resolver accepts (`127.1`, `2130706433`, `0x7f000001`,
`0177.0.0.1`, `[::ffff:127.0.0.1]`, 6to4, NAT64…). `AddressPolicy.url_refusal` judges a URL from
what it says alone (addresses, and names that always mean this machine): that is what `veille
check` can know. Names are judged by what they resolve to, when connecting (`veille.sources.guard`).
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import urlsplit

from veille.i18n import LANGS, Lang, Said, said, t
from veille.sources.base import FetchError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
Rule = Literal[
    "metadata",
    "loopback",
    "unspecified",
    "link_local",
    "multicast",
    "cgnat",
    "unique_local",
    "private",
    "reserved",
    "local_name",
    "unix_socket",
]

# Metadata services the generic ranges below would not all name as such (Alibaba's is in CGNAT,
# Oracle's in 192.0.0.0/24, AWS's IPv6 one unique-local).
METADATA = frozenset(
    ipaddress.ip_address(a)
    for a in ("169.254.169.254", "169.254.170.2", "fd00:ec2::254", "100.100.100.200", "192.0.0.192")
)
RFC1918 = tuple(ipaddress.ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"))
CGNAT = ipaddress.ip_network("100.64.0.0/10")
UNIQUE_LOCAL = ipaddress.ip_network("fc00::/7")
NAT64 = ipaddress.ip_network("64:ff9b::/96")
LOCAL_NAMES = frozenset({"localhost", "localhost.localdomain", "metadata", "metadata.google.internal"})
_NUMERIC_HOST = re.compile(r"^(0x[0-9a-f]*|[0-9]+)(\.(0x[0-9a-f]*|[0-9]+)){0,3}$", re.IGNORECASE)
_HOST_NAME = re.compile(
    r"^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$"
)


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


def address_rule(ip: IPAddress) -> Rule | None:
    """Why an address is not fetched from by default, or None for a public address."""
    inner = embedded_ipv4(ip)
    if inner is not None:
        return address_rule(inner)
    if ip in METADATA:
        return "metadata"
    if ip.is_loopback:
        return "loopback"
    if ip.is_unspecified:
        return "unspecified"
    if ip.is_link_local:
        return "link_local"
    if ip.is_multicast:
        return "multicast"
    if isinstance(ip, ipaddress.IPv4Address) and ip in CGNAT:
        return "cgnat"
    if isinstance(ip, ipaddress.IPv6Address) and ip in UNIQUE_LOCAL:
        return "unique_local"
    if isinstance(ip, ipaddress.IPv4Address) and any(ip in n for n in RFC1918):
        return "private"
    if not ip.is_global or ip.is_reserved:
        return "reserved"
    return None


def allowed_entry(entry: str) -> IPNetwork | str:
    """One entry of `allow_private_addresses`: an address or network, or a host name (lower case);
    a ValueError says what to write instead."""
    text = entry.strip()
    if "://" in text:
        host = urlsplit(text).hostname or "intranet.example"
        raise said("config.address_is_url", value=repr(entry), host=host)
    if "/" in text or ":" in text or _NUMERIC_HOST.match(text):
        try:
            return ipaddress.ip_network(text.strip("[]"), strict=True)
        except ValueError:
            pass
        try:
            network = ipaddress.ip_network(text.strip("[]"), strict=False)
        except ValueError:
            raise said("config.address_invalid", value=repr(entry)) from None
        raise said("config.address_host_bits", value=repr(entry), network=network)
    name = text.lower().rstrip(".")
    if not _HOST_NAME.match(name):
        raise said("config.address_not_host", value=repr(entry))
    return name


@dataclass(frozen=True)
class Refusal:
    """Why a host may not be fetched from: the host as written, the rule, and the address it
    stands for when the host does not show it plainly (a name, or another spelling)."""

    host: str
    rule: Rule
    address: str | None = None
    resolved: bool = False  # `address` is what the name resolved to, not what the host spells

    def describe(self, lang: Lang) -> str:
        rule = t(f"address.rule.{self.rule}", lang)
        if self.address is None:
            return t("address.is", lang, host=self.host, rule=rule)
        key = "address.resolves" if self.resolved else "address.spells"
        return t(key, lang, host=self.host, address=self.address, rule=rule)

    def message(self, lang: Lang = "en") -> str:
        return f"{self.describe(lang)}; {t('address.allow_hint', lang)}"


class AddressRefused(FetchError):
    """The policy refuses the host or what it resolves to; nothing was sent to it."""

    def __init__(self, refusal: Refusal) -> None:
        super().__init__("refused", Said({lang: refusal.message(lang) for lang in LANGS}))
        self.refusal = refusal


@dataclass(frozen=True)
class AddressPolicy:
    """What may be fetched: public addresses, plus what the config explicitly allows."""

    allow_private: bool = False
    networks: tuple[IPNetwork, ...] = ()
    names: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def allowing(cls, entries: Iterable[str]) -> AddressPolicy:
        """Hosts and networks allowed by name ("intranet.example") or address ("10.1.0.0/16")."""
        parsed = [allowed_entry(e) for e in entries]
        return cls(
            networks=tuple(p for p in parsed if not isinstance(p, str)),
            names=frozenset(p for p in parsed if isinstance(p, str)),
        )

    @classmethod
    def from_setting(cls, setting: bool | Sequence[str]) -> AddressPolicy:
        """The policy `[veille] allow_private_addresses` asks for: true, false or a list."""
        if isinstance(setting, bool):
            return cls(allow_private=setting)
        return cls.allowing(setting)

    def _name_allowed(self, host: str) -> bool:
        return self.allow_private or host.lower().strip("[]").rstrip(".") in self.names

    def address_refusal(self, host: str, ip: IPAddress) -> Refusal | None:
        """Why connecting to `ip` (what `host` spells or resolves to) is refused, or None."""
        inner = embedded_ipv4(ip)
        if self._name_allowed(host) or any(
            a.version == n.version and a in n for a in (ip, inner) if a is not None for n in self.networks
        ):
            return None
        rule = address_rule(ip)
        if rule is None:
            return None
        shown = inner or ip
        if literal_address(host) != ip:
            return Refusal(host, rule, str(shown), resolved=True)
        plain = host.strip("[]").lower() == str(shown)
        return Refusal(host, rule, None if plain else str(shown))

    def url_refusal(self, url: str) -> Refusal | None:
        """Why `url` cannot be fetched, judged from the URL alone (names are judged at connect)."""
        scheme = urlsplit(url).scheme.lower()
        if scheme not in ("http", "https", "ws", "wss"):
            return None
        return self.host_refusal(urlsplit(url).hostname or "")

    def host_refusal(self, host: str) -> Refusal | None:
        if not host or self._name_allowed(host):
            return None
        ip = literal_address(host)
        if ip is not None:
            return self.address_refusal(host, ip)
        name = host.lower().rstrip(".")
        if name in LOCAL_NAMES or name.endswith(".localhost"):
            return Refusal(host, "local_name")
        return None
