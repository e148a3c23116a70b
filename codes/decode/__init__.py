"""The decoder: a paste of SIP messages or log lines, or a capture file, in; every code and
cause explained out, dialog by dialog, each with a verdict first.

Nothing pasted or uploaded is stored or logged: it lives only while the request is answered.
"""

from dataclasses import dataclass

from . import verdicts
from .dialogs import DecodedMessage, Dialog, group
from .explain import explain
from .findings import Absolute, Finding
from .reader import MAX_MESSAGES, Message, read
from .reference import Reference
from .sdp import sdp_findings

MAX_BYTES = 64 * 1024


@dataclass
class Decoding:
    messages: list[DecodedMessage]
    dialogs: list[Dialog]
    truncated: bool

    @property
    def findings(self) -> list[Finding]:
        return [finding for message in self.messages for finding in message.findings]

    @property
    def conflicts(self) -> int:
        return sum(message.conflicts for message in self.messages)

    def as_json(self, absolute: Absolute) -> dict:
        return {
            "messages": [m.as_json() for m in self.messages],
            "findings": [
                {"message": m.index, **finding.as_json(absolute)} for m in self.messages for finding in m.findings
            ],
            "dialogs": [dialog.as_json() for dialog in self.dialogs],
            "conflicts": self.conflicts,
            "truncated": self.truncated,
        }


def decode(text: str) -> Decoding:
    """A paste: SIP messages, log lines, or both."""
    messages, truncated = read(text)
    return decode_messages(messages, truncated)


def decode_messages(messages: list[Message], truncated: bool) -> Decoding:
    reference = Reference(messages)
    bodies = sdp_findings(messages, reference)
    explained = [(message, found) for n, message in enumerate(messages)
                 if (found := explain(message, reference) + bodies.get(n, []))]
    decoded = [DecodedMessage(n, message, found) for n, (message, found) in enumerate(explained, start=1)]
    point_back_to_repeated_checks(decoded)
    dialogs = group(decoded)
    for dialog in dialogs:
        verdicts.judge(dialog)
        mark_failing(dialog)
    return Decoding(decoded, dialogs, truncated)


def mark_failing(dialog: Dialog) -> None:
    for arrow in dialog.ladder.arrows if dialog.ladder and dialog.failing else []:
        arrow.failing = arrow.index == dialog.failing.index


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


__all__ = ["MAX_BYTES", "MAX_MESSAGES", "Decoding", "decode", "decode_messages"]
