"""A paste or capture cut into dialogs: the messages that share a Call-ID, each group with its
own ladder, its time span and a verdict in plain words."""

from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta

from .ladder import Ladder, ladder
from .reader import Message
from .values import split_host_port

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass
class DecodedMessage:
    index: int
    message: Message
    findings: list
    source: str = ""
    target: str = ""
    at: float | None = None  # seconds since its dialog's first message, when times are known

    @property
    def title(self) -> str:
        message = self.message
        if message.kind == "request":
            return f"{message.method} {message.uri}"
        if message.kind == "response":
            return f"{message.code} {message.phrase}".strip()
        if message.kind == "log":
            return f"{message.report.tool} log line"
        return "Headers"

    @property
    def conflicts(self) -> int:
        return sum(getattr(finding, "conflict", False) for finding in self.findings)

    @property
    def time(self) -> float | None:
        transport = self.message.transport
        return transport.time if transport else None

    @property
    def call_id(self) -> str:
        header = self.message.header("Call-ID")
        return header.value.strip() if header else ""

    def as_json(self) -> dict:
        message, transport = self.message, self.message.transport
        return {
            "index": self.index, "line": message.line, "frame": message.frame, "kind": message.kind,
            "title": self.title, "from": self.source or None, "to": self.target or None,
            "source": endpoint(self.source), "destination": endpoint(self.target),
            "transport": transport.protocol or None if transport else None,
            "time": self.time, "tool": transport.tool if transport else None,
        }


def endpoint(end: str) -> dict | None:
    """"198.51.100.7:5060" → {"address": "198.51.100.7", "port": 5060}; None for a name that is not an address."""
    host, port = split_host_port(end)
    if not port.isdigit() or not host or not (host[0].isdigit() or host.startswith("[")):
        return None
    return {"address": host.strip("[]"), "port": int(port)}


@dataclass
class Dialog:
    call_id: str  # empty for the messages that name no Call-ID
    messages: list[DecodedMessage]
    ladder: Ladder | None = None
    outcome: str = ""
    summary: str = ""
    failing: DecodedMessage | None = None  # the response the call or registration failed on
    conflicts: int = field(default=0)

    @property
    def times(self) -> list[float]:
        return [m.time for m in self.messages if m.time is not None]

    @property
    def start(self) -> float | None:
        return min(self.times, default=None)

    @property
    def duration(self) -> float | None:
        times = self.times
        return max(times) - min(times) if len(times) >= 2 else None

    @property
    def started(self) -> str:
        """When the dialog began: a date and time from a capture, a time of day from a log."""
        if (start := self.start) is None:
            return ""
        if not 0 <= start < 86400:  # seconds since the epoch: the line gave a date (before 1970 on an unset clock)
            moment = EPOCH + timedelta(seconds=start)
            return moment.replace(tzinfo=None).isoformat(" ", "milliseconds") + " UTC"
        return time(int(start // 3600), int(start % 3600 // 60), int(start % 60), int(start % 1 * 1e6)).isoformat(
            "milliseconds")

    def relative(self, message: DecodedMessage) -> float | None:
        return None if message.time is None or self.start is None else message.time - self.start

    def as_json(self) -> dict:
        return {
            "call_id": self.call_id or None,
            "messages": [{**m.as_json(), "relative_time": m.at} for m in self.messages],
            "outcome": self.outcome,
            "summary": self.summary,
            "failing_message": self.failing.index if self.failing else None,
            "start": self.start,
            "duration": self.duration,
        }


def group(decoded: list[DecodedMessage]) -> list[Dialog]:
    """Messages by Call-ID, in the order each Call-ID first appears; those without one form their own group."""
    groups: dict[str, list[DecodedMessage]] = {}
    for message in decoded:
        groups.setdefault(message.call_id, []).append(message)
    dialogs = [Dialog(call_id, messages) for call_id, messages in groups.items()]
    for dialog in dialogs:
        for message in dialog.messages:
            message.at = dialog.relative(message)
        dialog.ladder = ladder([m.message for m in dialog.messages], [m.index for m in dialog.messages])
        for arrow in dialog.ladder.arrows if dialog.ladder else []:
            shown = next(m for m in dialog.messages if m.index == arrow.index)
            shown.source, shown.target = arrow.source, arrow.target
            arrow.time = shown.at
        dialog.conflicts = sum(m.conflicts for m in dialog.messages)
    return dialogs
