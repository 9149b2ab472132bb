"""Network zones: is an address public, or private to the user's machine or LAN?

Pure functions (no I/O, no third-party imports) used by :mod:`feeds.net.http` to
keep content-derived URLs from reaching private services (hostile-input I5,
G1, G2), and usable by anything else that wants to flag a private target (an
OPML import, discovery results).

"Private" here means every address that is not routable on the public
internet: loopback, RFC 1918, link-local (which includes the cloud metadata
address ``169.254.169.254``), unspecified, CGNAT ``100.64.0.0/10``,
multicast, reserved and documentation ranges, IPv6 ULA and site-local, and
the IPv4 address inside an IPv4-mapped, NAT64 or 6to4 IPv6 address.

Hosts in URLs are recognised as IP literals in every form a resolver accepts:
``127.1``, ``0x7f000001``, ``2130706433`` and ``0177.0.0.1`` (the
``inet_aton`` forms), ``[::1]``, ``[::ffff:127.0.0.1]`` and
``[fe80::1%eth0]``.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from functools import lru_cache
from typing import Iterable, Union

__all__ = [
    "IPAddress",
    "literal_ip",
    "is_private_address",
    "is_localhost_name",
    "host_identity",
    "parse_networks",
    "ZoneRules",
]

IPAddress = Union[ipaddress.IPv4Address, ipaddress.IPv6Address]
Network = Union[ipaddress.IPv4Network, ipaddress.IPv6Network]

_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
# inet_aton accepts decimal, octal (leading 0) and hex (0x) parts, 1 to 4 of them.
_ATON_FORM = re.compile(r"(?:0[xX][0-9a-fA-F]*|[0-9]+)(?:\.(?:0[xX][0-9a-fA-F]*|[0-9]+)){0,3}")


def _unwrap(ip: IPAddress) -> IPAddress:
    """The IPv4 address an IPv6 address stands for, when it embeds one."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return ip.ipv4_mapped
        if ip in _NAT64:
            return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if ip.sixtofour is not None:
            return ip.sixtofour
    return ip


def literal_ip(host: str | None) -> IPAddress | None:
    """The address a URL host names literally, or ``None`` for a DNS name.

    Brackets, an IPv6 zone id (``%eth0``) and a trailing dot are ignored.
    IPv4-mapped IPv6 addresses come back as IPv4.
    """
    if not host:
        return None
    h = host.strip()
    if h.startswith("[") and h.endswith("]"):
        h = h[1:-1]
    h = h.split("%", 1)[0]  # zone id (also "%25eth0" as written in URLs)
    if h.endswith(".") and not h.endswith(".."):
        h = h[:-1]
    if not h:
        return None
    try:
        return _unwrap(ipaddress.ip_address(h))
    except ValueError:
        pass
    if _ATON_FORM.fullmatch(h):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(h))
        except (OSError, ValueError):
            return None
    return None


def is_localhost_name(host: str | None) -> bool:
    """``localhost`` and ``*.localhost`` always mean this machine (RFC 6761)."""
    if not host:
        return False
    h = host.strip().rstrip(".").lower()
    return h == "localhost" or h.endswith(".localhost")


def is_private_address(ip: IPAddress) -> bool:
    """True for every address that is not a public unicast internet address."""
    ip = _unwrap(ip)
    if (ip.is_loopback or ip.is_unspecified or ip.is_link_local or ip.is_multicast
            or ip.is_reserved or ip.is_private or not ip.is_global):
        return True
    if isinstance(ip, ipaddress.IPv4Address):
        return ip in _CGNAT
    return ip.is_site_local


def host_identity(ip: IPAddress) -> str:
    """Which machine an address reaches: all loopback addresses are one machine."""
    ip = _unwrap(ip)
    if ip.is_loopback or ip.is_unspecified:
        return "this machine"
    return str(ip)


@lru_cache(maxsize=64)
def _parse_networks_cached(specs: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(s.strip(), strict=False) for s in specs if s.strip())


def parse_networks(specs: Iterable[str]) -> tuple[Network, ...]:
    """``["127.0.0.2", "10.1.0.0/16"]`` as network objects (invalid entries raise ValueError)."""
    return _parse_networks_cached(tuple(str(s) for s in specs))


class ZoneRules:
    """Classifies addresses, with an optional list of networks declared public.

    The override exists for tests (a loopback address standing in for a public
    site) and for users who want a private network treated like the internet.
    """

    def __init__(self, treat_as_public: Iterable[str] = ()) -> None:
        self.public_overrides = parse_networks(treat_as_public)

    def is_private(self, ip: IPAddress) -> bool:
        ip = _unwrap(ip)
        for net in self.public_overrides:
            if ip.version == net.version and ip in net:
                return False
        return is_private_address(ip)
