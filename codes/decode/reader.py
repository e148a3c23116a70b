"""Reading a paste into SIP messages: start lines, headers and who sent what, whatever tool
printed it. Nothing here knows what a code means; explain.py does.

The reader is forgiving on purpose. It accepts CRLF, LF or CR line ends, folded headers
(RFC 3261 §7.3.1), compact header names (§7.3.3), indented trace formats, and stray
headers or log lines outside any whole message.
"""

import re
from dataclasses import dataclass, field

from . import formats, values
from .formats import LogReport, Transport

MAX_MESSAGES = 500
MAX_LINE = 8 * 1024  # longer lines are read only this far: no SIP line of interest is longer

STATUS_LINE = re.compile(r"^SIP/2\.0[ \t]+(?P<code>\d+)(?:[ \t]+(?P<phrase>.*?))?[ \t]*$")
REQUEST_LINE = re.compile(r"^(?P<method>[A-Za-z][A-Za-z0-9._!%*+`'~-]*)[ \t]+(?P<uri>[A-Za-z][\w+.-]*:\S+)[ \t]+SIP/2\.0[ \t]*$")
EMBEDDED_STATUS = re.compile(r"\bSIP/2\.0[ \t]+(?P<code>\d{3})\b(?:[ \t]+(?P<phrase>[^\"'<>]*?))?[ \t]*$")
HEADER = re.compile(r"^(?P<name>[A-Za-z0-9!%*_+`'~.-]+)[ \t]*:[ \t]*(?P<value>.*)$")

# RFC 3261 §7.3.3 and §20, and the compact forms registered since (IANA "Header Fields").
COMPACT = {
    "a": "Accept-Contact", "b": "Referred-By", "c": "Content-Type", "d": "Request-Disposition",
    "e": "Content-Encoding", "f": "From", "i": "Call-ID", "j": "Reject-Contact", "k": "Supported",
    "l": "Content-Length", "m": "Contact", "n": "Identity-Info", "o": "Event", "r": "Refer-To",
    "s": "Subject", "t": "To", "u": "Allow-Events", "v": "Via", "x": "Session-Expires", "y": "Identity",
}
CANONICAL = {name.lower(): name for name in [
    *COMPACT.values(), "Allow", "Authorization", "CSeq", "Date", "Expires", "Max-Forwards", "Min-Expires",
    "P-Asserted-Identity", "Proxy-Authenticate", "Proxy-Authorization", "Reason", "Record-Route", "Require",
    "Retry-After", "Route", "Server", "Unsupported", "User-Agent", "Warning", "WWW-Authenticate",
]}
# Headers worth explaining even when pasted alone, without the message around them.
STANDALONE = {"Reason", "Warning", "Retry-After", "CSeq", "Server", "User-Agent", "Via", "From", "To", "Call-ID"}


def canonical_name(name: str) -> str:
    lowered = name.lower()
    return COMPACT.get(lowered) or CANONICAL.get(lowered) or name


@dataclass
class Header:
    name: str  # canonical, whether it was sent long, compact or in another case
    value: str
    line: int

    @classmethod
    def from_match(cls, match: re.Match, line: int) -> "Header":
        return cls(canonical_name(match["name"]), match["value"].strip(), line)


@dataclass
class Message:
    """One SIP message, or what a paste shows of one."""

    line: int
    kind: str  # "request", "response", "headers" (headers without a start line) or "log"
    method: str = ""
    uri: str = ""
    code: int | None = None
    phrase: str = ""
    headers: list[Header] = field(default_factory=list)
    transport: Transport | None = None
    report: LogReport | None = None
    sipfrag: "Message | None" = None  # the status line a NOTIFY carries about a REFER (RFC 3515)
    body: list[str] = field(default_factory=list)  # the body's lines, as far as the paste shows them
    frame: int | None = None  # the capture's frame number, for a message read from a capture file

    def header(self, name: str) -> Header | None:
        return next((h for h in self.headers if h.name == name), None)

    def all(self, name: str) -> list[Header]:
        return [h for h in self.headers if h.name == name]


def start_line(text: str, line: int) -> Message | None:
    if match := STATUS_LINE.match(text):
        return Message(line, "response", code=int(match["code"][:6]), phrase=match["phrase"] or "")
    if match := REQUEST_LINE.match(text):
        return Message(line, "request", method=match["method"], uri=match["uri"])
    return None


def report_message(report: LogReport, line: int) -> Message:
    """A log line's report as a message: a response it names, or just the report."""
    if report.code is None:
        return Message(line, "log", report=report)
    peer = values.uri_host(report.peer) or report.peer  # pjsip names the peer as a URI
    transport = Transport(report.tool, peer, report.tool) if report.peer else None
    return Message(line, "response", code=report.code, phrase=report.phrase, report=report, transport=transport)


def indent_of(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


class Reader:
    """A single pass over the lines, tracking the message being read and what the tool said about it."""

    def __init__(self):
        self.messages: list[Message] = []
        self.current: Message | None = None
        self.state = "outside"  # "headers", "body" or "outside"
        self.base_indent = 0
        self.header_indent: int | None = None  # tshark -V: headers sit at one indent, details deeper
        self.tshark = False
        self.body_left: int | None = None
        self.pending: Transport | None = None
        self.tshark_hosts: tuple[str, str] | None = None
        self.kamailio_meta: dict[str, str] | None = None
        self.truncated = False

    def read(self, text: str) -> list[Message]:
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        for number, line in enumerate(lines, start=1):
            if len(self.messages) >= MAX_MESSAGES:
                self.truncated = True
                break
            self.feed(line[:MAX_LINE], number)
        self.close()
        return self.messages[:MAX_MESSAGES]

    def feed(self, line: str, number: int) -> None:
        transport = self.current.transport if self.current else self.pending
        if transport and transport.tool == formats.NGREP:
            line = line.removesuffix(".")  # ngrep prints the CR of each CRLF as a dot
        stripped = line.strip()
        if self.kamailio_meta is not None:
            return self.kamailio_line(stripped)
        if self.tool_line(stripped, number):
            return
        labelled = formats.TSHARK_START.match(stripped)
        if message := start_line(stripped[labelled.end():] if labelled else stripped, number):
            return self.open(message, line, tshark=bool(labelled))
        if self.state == "headers" and self.header_line(line, stripped, number):
            return
        if self.state == "body":
            return self.body_line(line, stripped, number)
        self.outside_line(stripped, number)

    def tool_line(self, stripped: str, number: int) -> bool:
        """Lines that belong to the tool, not to SIP: who sent the next message, separators, tshark's layers."""
        if stripped == formats.KAMAILIO_META:
            self.close()
            self.kamailio_meta = {}
            return True
        if stripped == formats.KAMAILIO_END or formats.SEPARATOR.match(stripped):
            self.close()
            return True
        if transport := formats.transport_line(stripped):
            self.close()
            self.pending = transport
            return True
        if match := formats.TSHARK_SUMMARY.match(stripped):
            self.close()
            self.tshark_summary(match, number)
            return True
        return self.tshark_line(stripped)

    def tshark_line(self, stripped: str) -> bool:
        if formats.TSHARK_FRAME.match(stripped):
            self.close()
            self.tshark_hosts = None
            return True
        if match := formats.TSHARK_IP.match(stripped):
            self.tshark_hosts = (match["source"], match["target"])
            return True
        if (match := formats.TSHARK_PORTS.match(stripped)) and self.tshark_hosts:
            source, target = self.tshark_hosts
            self.pending = Transport(formats.TSHARK, f"{source}:{match['sport']}", f"{target}:{match['dport']}")
            return True
        if self.tshark and stripped == formats.TSHARK_HEADERS:
            self.header_indent = None
            return True
        if self.tshark and stripped == formats.TSHARK_BODY:
            self.state, self.body_left = "body", None
            return True
        return False

    def tshark_summary(self, match: re.Match, number: int) -> None:
        text = f"SIP/2.0 {match['status']}" if match["status"] else f"{match['request']} SIP/2.0"
        message = start_line(text, number) or Message(number, "log")
        message.transport = Transport(formats.TSHARK, match["source"], match["target"])
        self.messages.append(message)

    def kamailio_line(self, stripped: str) -> None:
        if stripped != formats.KAMAILIO_DATA:
            key, _, value = stripped.partition(":")
            self.kamailio_meta[key.strip()] = value.strip()
            return
        meta, self.kamailio_meta = self.kamailio_meta, None
        self.pending = Transport(
            formats.KAMAILIO, f"{meta.get('srcip', '?')}:{meta.get('srcport', '?')}",
            f"{meta.get('dstip', '?')}:{meta.get('dstport', '?')}",
        )

    def open(self, message: Message, line: str, *, tshark: bool = False) -> None:
        if self.state == "body" and self.current and self.is_sipfrag():
            self.current.sipfrag = message
            return
        self.close()
        message.transport, self.pending = self.pending, None
        self.current, self.state, self.tshark = message, "headers", tshark
        # tshark -V dissects the start line before its "Message Header" line: skip to that (-1)
        self.base_indent, self.header_indent = indent_of(line), -1 if tshark else None

    def header_line(self, line: str, stripped: str, number: int) -> bool:
        message = self.current
        if not stripped:
            self.state = "body"
            self.body_left = None if self.tshark else self.content_length()
            if message.kind == "headers" or self.body_left == 0:
                self.close()
            return True
        indent = indent_of(line)
        if self.tshark:
            if self.header_indent is None:
                self.header_indent = indent
            if self.header_indent < 0 or indent > self.header_indent:
                return True  # tshark's dissection of the line above, not a header
        elif indent > self.base_indent and message.headers:
            message.headers[-1].value = f"{message.headers[-1].value} {stripped}".strip()  # a folded line
            return True
        if match := HEADER.match(stripped):
            message.headers.append(Header.from_match(match, number))
            return True
        self.close()  # not a header: whatever this is, the message's headers have ended
        return False

    def content_length(self) -> int | None:
        header = self.current.header("Content-Length")
        return int(header.value) if header and header.value.isdigit() else None

    def is_sipfrag(self) -> bool:
        content_type = self.current.header("Content-Type")
        return bool(content_type) and content_type.value.lower().startswith("message/sipfrag")

    def body_line(self, line: str, stripped: str, number: int) -> None:
        if self.current and not self.tshark:
            self.current.body.append(line[self.base_indent:] if indent_of(line) >= self.base_indent else stripped)
        if self.body_left is not None:
            self.body_left -= len(line.encode()) + 2
            if self.body_left <= 0:
                self.close()
                return
        if report := formats.log_report(stripped):
            self.close()
            self.messages.append(report_message(report, number))

    def outside_line(self, stripped: str, number: int) -> None:
        if report := formats.log_report(stripped):
            self.messages.append(report_message(report, number))
            return
        if (match := HEADER.match(stripped)) and (header := Header.from_match(match, number)).name in STANDALONE:
            self.current, self.state, self.base_indent = Message(number, "headers", headers=[header]), "headers", 0
            return
        if match := EMBEDDED_STATUS.search(stripped):
            self.messages.append(Message(number, "response", code=int(match["code"]), phrase=(match["phrase"] or "").strip()))

    def close(self) -> None:
        if self.current:
            self.messages.append(self.current)
        self.current, self.state, self.body_left = None, "outside", None


def read(text: str) -> tuple[list[Message], bool]:
    """The messages in a paste, in order, and whether there were too many to read them all."""
    reader = Reader()
    messages = reader.read(text)
    return messages, reader.truncated


def read_payload(text: str, transport: Transport, frame: int) -> list[Message]:
    """The SIP messages in one captured payload (a datagram, or a reassembled stream's message), as sent."""
    reader = Reader()
    reader.pending = transport
    messages = reader.read(text)
    for message in messages:
        message.transport, message.frame = transport, frame
    return messages
