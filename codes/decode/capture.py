"""SIP read out of a packet capture: a pcap or pcapng file, read by dpkt from the bytes in
memory, every SIP message over UDP or TCP on any port, in the order the capture holds them.

SIP is recognised by its start line (RFC 3261 §7.1, §7.2), never by its port. Everything else
(RTP, RTCP, STUN, DNS…) is passed over before any header is decoded: a packet without "SIP/2.0"
in it cannot start a SIP message, so it is decoded only if it names the ports of a SIP TCP stream
(the rest of a message) or while a fragmented datagram waits for its other pieces.
"""

import io
import re
import socket
import struct

import dpkt

from .formats import Transport
from .reader import MAX_MESSAGES, Message, read_payload
from .reassembly import MAX_LINE, START_LINE, Fragments, Stream, fragment_of
from .wording import say

TOOL = "capture"

# What a damaged or cut file makes dpkt raise, while reading the file or decoding one packet.
DAMAGED = (dpkt.Error, struct.error, ValueError, IndexError, OverflowError, TypeError)

SIP_VERSION = b"SIP/2.0"
FRAGMENT_TIMEOUT = 30  # seconds a datagram's fragments are waited for, as Linux does (ipfrag_time)
FIN, SYN, RST = dpkt.tcp.TH_FIN, dpkt.tcp.TH_SYN, dpkt.tcp.TH_RST


class CaptureError(ValueError):
    """The upload is not a capture the decoder reads; the message says why, in words for the reader."""


def raw_ip(packet: bytes):
    version = packet[0] >> 4 if packet else 0
    return dpkt.ip.IP(packet) if version == 4 else dpkt.ip6.IP6(packet) if version == 6 else None


# Link-layer header types (tcpdump.org's LINKTYPE_ values) and what decodes each.
LINKS = {
    1: dpkt.ethernet.Ethernet,  # dpkt reads 802.1Q and 802.1ad (QinQ) tags
    113: dpkt.sll.SLL,  # Linux cooked capture, tcpdump -i any
    276: dpkt.sll2.SLL2,  # Linux cooked capture v2, tcpdump -i any since libpcap 1.10
    0: dpkt.loopback.Loopback,  # BSD loopback (macOS lo0), family in the host's byte order
    108: dpkt.loopback.Loopback,  # OpenBSD loopback, family in network byte order
    101: raw_ip, 12: raw_ip, 14: raw_ip, 228: raw_ip, 229: raw_ip,  # raw IP, as several systems number it
}


def read_capture(data: bytes) -> tuple[list[Message], bool]:
    """The SIP messages in a capture file, in capture order, and whether there were more than MAX_MESSAGES."""
    packets = open_capture(data)
    # dpkt reads every packet of a pcapng file with its first interface's link type: tcpdump and
    # dumpcap on one interface write a single one. The upper bits of a pcap's may carry FCS details.
    link = packets.datalink() & 0xFFFF
    if link not in LINKS:
        raise CaptureError(say("capture.unknown_link", link=link))
    capture = Capture(LINKS[link])
    for frame, time, packet in records(packets):
        capture.packet(frame, time, packet)
        if len(capture.messages) > MAX_MESSAGES:
            return capture.messages[:MAX_MESSAGES], True
    return capture.messages, False


def open_capture(data: bytes):
    try:
        return dpkt.pcap.UniversalReader(io.BytesIO(data))
    except DAMAGED as error:
        raise CaptureError(say("capture.not_a_capture")) from error


def records(packets):
    """(frame number as tshark counts it, seconds since the epoch, bytes) up to the end, or to where the file breaks."""
    iterator, frame = iter(packets), 0
    while True:
        try:
            timestamp, packet = next(iterator)
        except (StopIteration, *DAMAGED):  # the end, or where a cut or damaged file breaks: keep what came before
            return
        frame += 1
        yield frame, float(timestamp), packet


def address(family: int, host: bytes, port: int) -> str:
    text = socket.inet_ntop(family, host)
    return f"[{text}]:{port}" if family == socket.AF_INET6 else f"{text}:{port}"


class Capture:
    """What has been read so far: the messages, and the streams and datagrams still being put together."""

    def __init__(self, link):
        self.link = link
        self.messages: list[Message] = []
        self.streams: dict[tuple, Stream] = {}
        self.watched: re.Pattern | None = None  # the open streams' port pairs, as a TCP header starts
        self.fragments = Fragments()

    def packet(self, frame: int, time: float, packet: bytes) -> None:
        self.fragments.expire(time - FRAGMENT_TIMEOUT)
        if self.may_carry_sip(packet) and (network := network_layer(self.link, packet)) is not None:
            self.datagram(network, frame, time)

    def may_carry_sip(self, packet: bytes) -> bool:
        """Decoding a packet's headers costs far more than these searches of its bytes."""
        return (SIP_VERSION in packet or bool(self.fragments.pending)
                or (self.watched is not None and self.watched.search(packet) is not None))

    def watch(self) -> None:
        pairs = {stream.ports for stream in self.streams.values()}
        self.watched = re.compile(b"|".join(map(re.escape, pairs))) if pairs else None

    def datagram(self, network, frame: int, time: float) -> None:
        family = socket.AF_INET if isinstance(network, dpkt.ip.IP) else socket.AF_INET6
        segment = network.data
        if fragment := fragment_of(network):
            whole = self.fragments.add((network.src, network.dst, network.p, fragment[0]), *fragment[1:],
                                       bytes(network.data), time)
            if whole is None:
                return
            segment = transport_layer(network.p, whole)
        if not isinstance(segment, (dpkt.udp.UDP, dpkt.tcp.TCP)):
            return
        protocol = "UDP" if isinstance(segment, dpkt.udp.UDP) else "TCP"
        source, target = address(family, network.src, segment.sport), address(family, network.dst, segment.dport)
        transport = Transport(TOOL, source, target, protocol, time)
        if protocol == "UDP":
            if START_LINE.match(segment.data, 0, MAX_LINE):
                self.read(segment.data, transport, frame)
        else:
            self.tcp(segment, transport, frame)

    def tcp(self, segment, transport: Transport, frame: int) -> None:
        key = (transport.source, transport.target)
        if segment.flags & SYN and self.streams.pop(key, None):
            self.watch()  # a new connection on the same addresses and ports
        stream = self.streams.get(key)
        if stream is None and START_LINE.match(segment.data, 0, MAX_LINE):
            stream = self.streams[key] = Stream(segment.seq, struct.pack(">HH", segment.sport, segment.dport))
            self.watch()
        if stream is not None:
            stream.add(segment.seq, segment.data)
            for message in stream.messages():
                self.read(message, transport, frame)
            if segment.flags & (FIN | RST):
                del self.streams[key]
                self.watch()

    def read(self, payload: bytes, transport: Transport, frame: int) -> None:
        self.messages += read_payload(payload.decode("utf-8", "replace"), transport, frame)


def network_layer(link, packet: bytes):
    """The IP layer of a packet, or None when it has none or is too damaged to decode."""
    try:
        layer = link(packet)
    except DAMAGED:
        return None
    if not isinstance(layer, (dpkt.ip.IP, dpkt.ip6.IP6)):
        layer = getattr(layer, "data", None)
    return layer if isinstance(layer, (dpkt.ip.IP, dpkt.ip6.IP6)) else None


def transport_layer(protocol: int, data: bytes):
    """A reassembled datagram's UDP or TCP layer, or None."""
    try:
        return {dpkt.ip.IP_PROTO_UDP: dpkt.udp.UDP, dpkt.ip.IP_PROTO_TCP: dpkt.tcp.TCP}[protocol](data)
    except (KeyError, *DAMAGED):
        return None
