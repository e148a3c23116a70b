"""Putting back together what the network split: IP datagrams sent in fragments, and SIP
messages carried over TCP, whose segments may arrive out of order, repeated, several messages
to a segment or one message over several."""

import re

import dpkt

MAX_LINE = 8 * 1024  # a start line is never longer
MAX_HEAD = 64 * 1024  # a SIP header block longer than this is not one
MAX_EARLY = 64  # TCP segments held while an earlier one is missing, per stream
MAX_PENDING = 256  # fragmented datagrams waiting for their other fragments

START_LINE = re.compile(
    rb"SIP/2\.0[ \t]+\d{3}\b"
    rb"|[A-Za-z][A-Za-z0-9._!%*+`'~-]*[ \t]+[A-Za-z][\w+.-]*:[^ \t\r\n]+[ \t]+SIP/2\.0[ \t]*\r?\n"
)
NEXT_START = re.compile(rb"\n(?=SIP/2\.0[ \t]|[A-Za-z][A-Za-z0-9._!%*+`'~-]*[ \t]+[A-Za-z][\w+.-]*:)")
HEAD_END = re.compile(rb"\r?\n\r?\n")
CONTENT_LENGTH = re.compile(rb"^(?:content-length|l)[ \t]*:[ \t]*(\d{1,9})[ \t]*\r?$", re.IGNORECASE | re.MULTILINE)
SEQUENCE = 1 << 32  # TCP sequence numbers wrap around here


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
