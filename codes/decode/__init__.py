"""The decoder: a paste of SIP messages or log lines in, every code and cause explained out.

Nothing pasted is stored or logged: the text lives only while the request is answered.
"""

from dataclasses import dataclass

from .explain import explain
from .findings import Absolute, Finding
from .ladder import Ladder, ladder
from .reader import MAX_MESSAGES, Message, read
from .reference import Reference

MAX_BYTES = 64 * 1024


@dataclass
class DecodedMessage:
    index: int
    message: Message
    findings: list[Finding]
    source: str = ""
    target: str = ""

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


@dataclass
class Decoding:
    messages: list[DecodedMessage]
    ladder: Ladder | None
    truncated: bool

    @property
    def findings(self) -> list[Finding]:
        return [finding for message in self.messages for finding in message.findings]

    @property
    def conflicts(self) -> int:
        return sum(message.conflicts for message in self.messages)

    def as_json(self, absolute: Absolute) -> dict:
        return {
            "messages": [
                {"index": m.index, "line": m.message.line, "kind": m.message.kind, "title": m.title,
                 "from": m.source or None, "to": m.target or None,
                 "tool": m.message.transport.tool if m.message.transport else None}
                for m in self.messages
            ],
            "findings": [
                {"message": m.index, **finding.as_json(absolute)} for m in self.messages for finding in m.findings
            ],
            "conflicts": self.conflicts,
            "truncated": self.truncated,
        }


def decode(text: str) -> Decoding:
    messages, truncated = read(text)
    reference = Reference(messages)
    explained = [(message, found) for message in messages if (found := explain(message, reference))]
    decoded = [DecodedMessage(n, message, found) for n, (message, found) in enumerate(explained, start=1)]
    sequence = ladder([message for message, _ in explained])
    for arrow in sequence.arrows if sequence else []:
        decoded[arrow.index - 1].source, decoded[arrow.index - 1].target = arrow.source, arrow.target
    point_back_to_repeated_checks(decoded)
    return Decoding(decoded, sequence, truncated)


def point_back_to_repeated_checks(decoded: list[DecodedMessage]) -> None:
    """A trace often carries the same failure hop by hop: its checks are listed once, then referred to."""
    first_shown: dict[int, int] = {}
    for message in decoded:
        for finding in message.findings:
            if (note := getattr(finding, "note", None)) is None:
                continue
            if note.pk in first_shown:
                finding.checks_shown_in = first_shown[note.pk]
            else:
                first_shown[note.pk] = message.index


__all__ = ["MAX_BYTES", "MAX_MESSAGES", "Decoding", "decode"]
