"""What the reader makes of a paste: messages with their start line, headers and body, and who
sent them. Nothing here knows what a code means; explain.py does."""

import re
from dataclasses import dataclass, field

from . import values
from .formats import Transport
from .logs import LogReport

STATUS_LINE = re.compile(r"^SIP/2\.0[ \t]+(?P<code>\d+)(?:[ \t]+(?P<phrase>.*?))?[ \t]*$")
# An empty Request-URI (`OPTIONS sip: SIP/2.0`) is kept: pastes anonymised by hand look like that.
REQUEST_LINE = re.compile(r"^(?P<method>[A-Za-z][A-Za-z0-9._!%*+`'~-]*)[ \t]+(?P<uri>[A-Za-z][\w+.-]*:\S*)[ \t]+SIP/2\.0[ \t]*$")
# Header names start with a letter: `192.168.1.14:10060;branch=…` is the tail of a Via cut in two.
HEADER = re.compile(r"^(?P<name>[A-Za-z][A-Za-z0-9!%*_+`'~.-]*)[ \t]*:[ \t]*(?P<value>.*)$")

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


def known_header(name: str) -> bool:
    """One of the headers named above, in any of its spellings."""
    return name.lower() in COMPACT or name.lower() in CANONICAL


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

    @property
    def answers(self) -> str:
        """The method a response answers, from its CSeq or from the log line that reported it."""
        cseq = self.header("CSeq")
        return (values.cseq_method(cseq.value) if cseq else "") or (self.report.method if self.report else "")


def start_line(text: str, line: int) -> Message | None:
    if match := STATUS_LINE.match(text):
        return Message(line, "response", code=int(match["code"][:6]), phrase=match["phrase"] or "")
    if match := REQUEST_LINE.match(text):
        return Message(line, "request", method=match["method"], uri=match["uri"])
    return None


def report_message(report: LogReport, line: int) -> Message:
    """A log line's report as a message: a request or response it names, or just the report."""
    if report.request:
        return Message(line, "request", method=report.request, uri=report.peer, report=report)
    if report.code is None:
        return Message(line, "log", report=report)
    peer = values.uri_host(report.peer) or report.peer  # pjsip names the peer as a URI
    transport = Transport(report.tool, peer, report.tool) if report.peer else None
    return Message(line, "response", code=report.code, phrase=report.phrase, report=report, transport=transport)


def repeats(message: Message, report: LogReport) -> bool:
    """Is `report` another line's word on the response just read? One response is often logged
    by several kinds of line (the parser's dump, tm's decision, nta's receipt); one kind of line
    twice is two responses."""
    return (report.code is not None and message.kind == "response" and message.code == report.code
            and (message.report is None or message.report.source != report.source)
            and (not report.method or not message.answers or report.method == message.answers))
