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

TOOL = "capture"
NOT_A_CAPTURE = (
    "This file is not a packet capture the decoder can read. It reads pcap and pcapng files, "
    "as saved by tcpdump, Wireshark, tshark or sngrep."
)
UNKNOWN_LINK = (
    "This capture was recorded on a link the decoder does not read (link type {link}). It reads "
    "Ethernet (with VLAN tags), Linux cooked captures (SLL and SLL2, from -i any), BSD loopback and raw IP."
)

# What a damaged or cut file makes dpkt raise, while reading the file or decoding one packet.
DAMAGED = (dpkt.Error, struct.error, ValueError, IndexError, OverflowError, TypeError)

SIP_VERSION = b"SIP/2.0"
MAX_LINE = 8 * 1024  # a start line is never longer
MAX_HEAD = 64 * 1024  # a SIP header block longer than this is not one
MAX_EARLY = 64  # TCP segments held while an earlier one is missing, per stream
MAX_PENDING = 256  # fragmented datagrams waiting for their other fragments
FRAGMENT_TIMEOUT = 30  # seconds a datagram's fragments are waited for, as Linux does (ipfrag_time)
START_LINE = re.compile(
    rb"SIP/2\.0[ \t]+\d{3}\b"
    rb"|[A-Za-z][A-Za-z0-9._!%*+`'~-]*[ \t]+[A-Za-z][\w+.-]*:[^ \t\r\n]+[ \t]+SIP/2\.0[ \t]*\r?\n"
)
NEXT_START = re.compile(rb"\n(?=SIP/2\.0[ \t]|[A-Za-z][A-Za-z0-9._!%*+`'~-]*[ \t]+[A-Za-z][\w+.-]*:)")
HEAD_END = re.compile(rb"\r?\n\r?\n")
CONTENT_LENGTH = re.compile(rb"^(?:content-length|l)[ \t]*:[ \t]*(\d{1,9})[ \t]*\r?$", re.IGNORECASE | re.MULTILINE)
SEQUENCE = 1 << 32  # TCP sequence numbers wrap around here
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
        raise CaptureError(UNKNOWN_LINK.format(link=link))
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
        raise CaptureError(NOT_A_CAPTURE) from error


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


def fragment_of(network) -> tuple[int, int, bool] | None:
    """(identification, byte offset, more fragments?) for a fragment of an IP datagram, else None."""
    if isinstance(network, dpkt.ip.IP):
        return (network.id, network.offset * 8, bool(network.mf)) if network.mf or network.offset else None
    header = network.extension_hdrs.get(dpkt.ip.IP_PROTO_FRAGMENT)
    return (header.id, header.frag_off * 8, bool(header.m_flag)) if header else None


class Fragments:
    """IP datagrams sent in fragments (RFC 791 §2.3 and §3.2, RFC 8200 §4.5), whole again once every piece is in."""

    def __init__(self):
        self.pending: dict[tuple, dict[int, bytes]] = {}  # oldest first
        self.ends: dict[tuple, int] = {}
        self.first_seen: dict[tuple, float] = {}

    def add(self, key: tuple, offset: int, more: bool, data: bytes, time: float) -> bytes | None:
        if key not in self.pending and len(self.pending) >= MAX_PENDING:
            self.drop(next(iter(self.pending)))
        pieces = self.pending.setdefault(key, {})
        self.first_seen.setdefault(key, time)
        pieces[offset] = data
        if not more:
            self.ends[key] = offset + len(data)
        whole = joined(pieces, self.ends.get(key))
        if whole is not None:
            self.drop(key)
        return whole

    def expire(self, before: float) -> None:
        """Give up on datagrams whose other fragments never came."""
        while self.pending and self.first_seen[oldest := next(iter(self.pending))] < before:
            self.drop(oldest)

    def drop(self, key: tuple) -> None:
        del self.pending[key], self.first_seen[key]
        self.ends.pop(key, None)


def joined(pieces: dict[int, bytes], end: int | None) -> bytes | None:
    if end is None:
        return None
    whole, reached = bytearray(), 0
    for offset in sorted(pieces):
        if offset > reached:
            return None  # a piece is still missing
        whole += pieces[offset][reached - offset:]
        reached = max(reached, offset + len(pieces[offset]))
    return bytes(whole[:end]) if reached >= end else None


class Stream:
    """One direction of a TCP connection carrying SIP: its bytes in sequence order, cut into messages
    by their start lines and Content-Length (RFC 3261 §18.3)."""

    def __init__(self, sequence: int, ports: bytes):
        self.next = sequence
        self.ports = ports  # source and destination port, as the stream's TCP headers start
        self.data = bytearray()
        self.early: dict[int, bytes] = {}  # segments that arrived before one in front of them
        self.needed = 0  # how many bytes the message at the front needs, once its headers are in

    def distance(self, sequence: int) -> int:
        """How far ahead of the next expected byte a segment starts; negative when it starts behind."""
        return (sequence - self.next + SEQUENCE // 2) % SEQUENCE - SEQUENCE // 2

    def add(self, sequence: int, payload: bytes) -> None:
        if self.distance(sequence) > 0:
            if len(self.early) < MAX_EARLY:
                self.early.setdefault(sequence, payload)
            return
        self.take(sequence, payload)
        while self.early:
            sequence = min(self.early, key=self.distance)
            if self.distance(sequence) > 0:
                return
            self.take(sequence, self.early.pop(sequence))

    def take(self, sequence: int, payload: bytes) -> None:
        payload = payload[-self.distance(sequence):] if self.distance(sequence) < 0 else payload
        self.data += payload  # without the bytes already taken, which a retransmission sends again
        self.next = (self.next + len(payload)) % SEQUENCE

    def messages(self) -> list[bytes]:
        found = []
        while (message := self.next_message()) is not None:
            if message:  # b"" when bytes that start no message were skipped: look again
                found.append(message)
        return found

    def next_message(self) -> bytes | None:
        """The message at the front once it is whole, b"" after skipping bytes, None while waiting for more."""
        if len(self.data) < self.needed:
            return None
        keepalive = len(self.data) - len(self.data.lstrip(b"\r\n"))  # RFC 5626 §3.5.1 CRLF keep-alives
        del self.data[:keepalive]
        line_end = self.data.find(b"\n", 0, MAX_LINE)
        if line_end < 0:
            if len(self.data) >= MAX_LINE:
                self.data.clear()
            return None
        if not START_LINE.match(self.data, 0, line_end + 1):
            return self.skip_to_start_line()
        head = HEAD_END.search(self.data, 0, MAX_HEAD)
        if head is None:
            if len(self.data) >= MAX_HEAD:
                self.data.clear()
            return None
        length = CONTENT_LENGTH.search(self.data, 0, head.start())
        self.needed = head.end() + (int(length[1]) if length else 0)
        if len(self.data) < self.needed:
            return None
        message = bytes(self.data[:self.needed])
        del self.data[:self.needed]
        self.needed = 0
        return message

    def skip_to_start_line(self) -> bytes | None:
        """The front starts no message (the capture began mid-message, or lost a segment): skip to the next line
        that may start one, or else to the last line, which may be the first part of one."""
        start = NEXT_START.search(self.data)
        if start is None:
            del self.data[:self.data.rfind(b"\n") + 1]
            return None
        del self.data[:start.end()]
        return b""
