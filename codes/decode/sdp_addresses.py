"""Where media and signalling come from: the address ranges that never cross a NAT, and the
address a message was signalled from, for the one-way audio hint in sdp.py."""

import ipaddress

from . import values
from .reader import Message

# The ranges a media address can be in that the far side of a NAT cannot reach, each with the RFC that sets it
# aside: (network, wording key, RFC number, section).
RANGES = [
    *((net, "private", "1918", "3") for net in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16")),
    ("100.64.0.0/10", "shared", "6598", ""),
    ("169.254.0.0/16", "link_local", "3927", ""),
    ("127.0.0.0/8", "loopback", "1122", "3.2.1.3"),
    ("fc00::/7", "unique_local", "4193", "3.1"),
    ("fe80::/10", "link_local6", "4291", "2.5.6"),
    ("::1/128", "loopback", "4291", "2.5.3"),
]
NETWORKS = [(ipaddress.ip_network(net), kind, rfc, section) for net, kind, rfc, section in RANGES]
UNSPECIFIED = "0.0.0.0"


def ip(text: str | None) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address((text or "").strip("[]"))
    except ValueError:
        return None


def inside_range(address: str | None) -> tuple[str, str, str] | None:
    """(kind, RFC, section) when the address is in a range that stays behind a NAT."""
    parsed = ip(address)
    if parsed is None:
        return None
    return next(((kind, rfc, section) for net, kind, rfc, section in NETWORKS
                 if parsed.version == net.version and parsed in net), None)


def public(address: str | None) -> bool:
    """An address a NAT's far side can reach: any IP outside the ranges above (documentation ranges included)."""
    parsed = ip(address)
    return parsed is not None and not parsed.is_unspecified and not parsed.is_multicast and not inside_range(address)


def signalling_host(message: Message) -> str | None:
    """The address the message came from: the tool's note, else the topmost Via (a request) or Contact (a response)."""
    if message.transport and ip(host := values.split_host_port(message.transport.source)[0]):
        return host.strip("[]")
    if message.kind == "request" and (via := message.header("Via")):
        host = values.split_host_port(values.via_address(via.value))[0]
    elif message.kind == "response" and (contact := message.header("Contact")):
        host = values.split_host_port(values.uri_host(contact.value))[0]
    else:
        return None
    return host.strip("[]") if ip(host) else None


def looks_masked(address: str) -> bool:
    """A dotted quad with letters for digits (xxx.xxx.xxx.xxx, 45.117.XX.172): a paste someone redacted."""
    parts = address.split(".")
    return len(parts) == 4 and all(0 < len(p) <= 3 and set(p) <= set("0123456789xX*") for p in parts) and ip(address) is None


def host_name(address: str) -> bool:
    labels = address.rstrip(".").split(".")
    return all(label and len(label) <= 63 and label.replace("-", "").isalnum() and label.isascii() for label in labels)
