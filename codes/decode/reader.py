"""Reading a paste into SIP messages: start lines, headers and who sent what, whatever tool
printed it.

The reader is forgiving on purpose. It accepts CRLF, LF or CR line ends, folded headers
(RFC 3261 §7.3.1), compact header names (§7.3.3), indented trace formats, a prefix repeated on
every line of a message (prefixes.py), headers cut in two by a mail client or terminal, several
start lines on one line, log lines that report a response without it (logs.py), and stray
headers outside any whole message.
"""

from dataclasses import replace

from . import formats, logs, prefixes
from .formats import Transport
from .messages import HEADER, STANDALONE, Header, Message, known_header, repeats, report_message, start_line
from .times import moment

MAX_MESSAGES = 500
MAX_LINE = 8 * 1024  # longer lines are read only this far: no SIP line of interest is longer

__all__ = ["MAX_MESSAGES", "Header", "Message", "read", "read_payload"]


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
        self.prefix = None  # the pattern printed before each line of the message being read
        self.prefix_seen = False
        self.line_prefix = None  # the prefix taken off the line being read, if any
        self.held: list[tuple[str, str, int]] = []  # lines that may be the rest of a header cut in two
        self.wrap_gap = False  # the last header's line ended in a blank: a cut there loses a space
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
        line = self.unprefixed(line)
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
        if self.state == "body" and self.body_left is not None:
            return self.body_line(line, stripped, number)
        if starts := prefixes.starts_in(stripped):
            return self.inside(starts, stripped, number)
        if self.state == "body":
            return self.body_line(line, stripped, number)
        self.outside_line(stripped, number)

    def unprefixed(self, line: str) -> str:
        """The line without the prefix its message's start line had, when it has it too."""
        self.line_prefix = None
        if self.prefix is None:
            return line
        if match := self.prefix.match(line.lstrip(" \t")):
            self.prefix_seen, self.line_prefix = True, self.prefix
            return line.lstrip(" \t")[match.end():]
        if not self.prefix_seen:
            self.prefix = None  # the text before the start line was not repeated: `SEND: INVITE …`
        return line

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

    def tshark_summary(self, match, number: int) -> None:
        # tshark adds the CSeq method to some responses ("200 OK (INVITE)") and a count to REGISTERs ("(1 binding)").
        note = formats.TSHARK_NOTE.search(match["status"] or match["request"])
        said = (match["status"] or match["request"])[:note.start()] if note else match["status"] or match["request"]
        text = f"SIP/2.0 {said}" if match["status"] else f"{said} SIP/2.0"
        message = start_line(text, number) or Message(number, "log")
        message.transport = Transport(formats.TSHARK, match["source"], match["target"])
        if message.kind == "response" and note and note["method"]:
            message.report = logs.LogReport(formats.TSHARK, message.code, message.phrase, method=note["method"])
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

    def open(self, message: Message, line: str, *, tshark: bool = False, prefix: str = "") -> None:
        if self.state == "body" and self.current and self.is_sipfrag() and self.current.sipfrag is None:
            self.current.sipfrag = message  # the body's own status line, still part of the body
            return self.body_line(line, line.strip(), message.line)
        pattern = prefixes.prefix_pattern(prefix) if prefix else self.line_prefix  # the next message has it too
        self.close()
        message.transport, self.pending = self.pending, None
        if prefix and message.transport and message.transport.time is None:
            message.transport = replace(message.transport, time=moment(prefix))  # the log's time for the message
        self.current, self.state, self.tshark = message, "headers", tshark
        self.prefix, self.prefix_seen = pattern, False
        # tshark -V dissects the start line before its "Message Header" line: skip to that (-1)
        self.base_indent = 0 if prefix else indent_of(line)
        self.header_indent = -1 if tshark else None

    def inside(self, starts: list[prefixes.Start], stripped: str, number: int) -> None:
        """Start lines found inside a line: a message that goes on, or responses told in one line."""
        if len(starts) == 1 and starts[0].ends_line:
            return self.open(start_line(starts[0].text, number), stripped, prefix=starts[0].prefix)
        self.close()
        tool = logs.tool_of(stripped)
        for start in starts:
            message = start_line(start.text, number)
            message.transport, self.pending = self.pending, None
            if message.kind == "response" and tool and len(starts) == 1:
                message.report = logs.LogReport(tool, message.code, message.phrase, source="start")
            self.messages.append(message)

    def header_line(self, line: str, stripped: str, number: int) -> bool:
        message = self.current
        if not stripped:
            self.join_held()
            self.state = "body"
            self.body_left = None if self.tshark else self.content_length()
            if message.kind == "headers" or self.body_left == 0:
                self.close()
            return True
        indent = indent_of(line)
        if self.tshark:
            if self.header_indent is None:
                self.header_indent = indent
            if self.header_indent < 0 or indent > self.header_indent or stripped.startswith("["):
                return True  # tshark's dissection of the line above, or a field it worked out ([Generated Call-ID…])
        elif indent > self.base_indent and message.headers and not self.held:
            message.headers[-1].value = f"{message.headers[-1].value} {stripped}".strip()  # a folded line
            return True
        if (match := HEADER.match(stripped)) and (known_header(match["name"]) or not prefixes.starts_in(stripped)):
            self.join_held()
            message.headers.append(Header.from_match(match, number))
            self.wrap_gap = line[-1:] in " \t"
            return True
        if self.may_hold(stripped):
            self.held.append((line, stripped, number))
            return True
        self.close()  # not a header: whatever this is, the message's headers have ended
        return False

    def may_hold(self, stripped: str) -> bool:
        """Could this be a header's tail, cut off by a mail client or terminal? Known only when headers resume."""
        return (not self.tshark and bool(self.current.headers) and len(self.held) < prefixes.MAX_WRAPPED
                and prefixes.may_continue(stripped) and not prefixes.starts_in(stripped)
                and not logs.log_report(stripped, phrases=False) and not logs.amendment(stripped))

    def join_held(self) -> None:
        """Headers resumed: the lines held were the rest of the header above, cut where the wrap fell."""
        header = self.current.headers[-1] if self.held else None
        for line, stripped, _ in self.held:
            header.value += (" " if self.wrap_gap else "") + stripped
            self.wrap_gap = line[-1:] in " \t"
        self.held = []

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
        if report := logs.log_report(stripped, phrases=self.body_left is None):
            self.close()
            self.add_report(report, number)

    def outside_line(self, stripped: str, number: int) -> None:
        if amended := logs.amendment(stripped):
            return self.amend(amended)
        if (match := HEADER.match(stripped)) and (header := Header.from_match(match, number)).name in STANDALONE:
            self.current, self.state, self.base_indent = Message(number, "headers", headers=[header]), "headers", 0
            return
        if report := logs.log_report(stripped):
            self.add_report(report, number)

    def add_report(self, report: logs.LogReport, number: int) -> None:
        last = self.messages[-1] if self.messages else None
        if last and repeats(last, report):
            return self.amend({"phrase": report.phrase, "method": report.method})
        self.messages.append(report_message(report, number))

    def amend(self, amended: dict[str, str]) -> None:
        """Fill in what the report just read left out: its phrase, or the method it answers."""
        last = self.messages[-1] if self.messages else None
        if last and last.kind == "response" and last.report:
            last.report = replace(last.report, **{key: getattr(last.report, key) or value for key, value in amended.items()})
            last.phrase = last.phrase or last.report.phrase

    def close(self) -> None:
        held, self.held = self.held, []
        if self.current:
            self.messages.append(self.current)
        self.current, self.state, self.body_left, self.prefix = None, "outside", None, None
        for _, stripped, number in held:  # headers never resumed: these were lines of their own
            self.outside_line(stripped, number)


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
