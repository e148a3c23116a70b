"""A stored exchange (a code's typical call flow, a symptom guide's classic case) drawn with the
decoder's own ladder. Only the reader runs: the page needs no query to draw it."""

from dataclasses import dataclass, field

from .ladder import Ladder, ladder
from .messages import canonical_name
from .reader import read


@dataclass
class ExampleLine:
    text: str
    header: str = ""  # the header's name, when the line is a header with a note
    note: str = ""


@dataclass
class Flow:
    ladder: Ladder
    example: list[ExampleLine] = field(default_factory=list)  # the message with the code, line by line
    example_index: int = 0  # its arrow's index in the ladder; 0 when there is none

    @property
    def notes(self) -> list[ExampleLine]:
        return [line for line in self.example if line.note]


def flow(text: str, *, code: int | None = None, notes: str = "") -> Flow | None:
    """The exchange's ladder and, when `code` is given, the response with that code as its example message,
    its header lines matched with `notes` ("Header-Name: what it says", one per line)."""
    messages, _ = read(text)
    shown = [message for message in messages if message.kind in ("request", "response")]
    drawn = ladder(shown)
    if drawn is None:
        return None
    example = next((m for m in shown if m.kind == "response" and m.code == code), None)
    if example is None:
        return Flow(drawn)
    index = shown.index(example) + 1
    for arrow in drawn.arrows:
        arrow.chosen = arrow.index == index
    following = shown[index].line if index < len(shown) else None
    lines = text.replace("\r\n", "\n").split("\n")[example.line - 1:(following - 1) if following else None]
    return Flow(drawn, annotated(lines, notes), index)


def annotated(lines: list[str], notes: str) -> list[ExampleLine]:
    said = {}
    for line in notes.splitlines():
        name, _, note = line.partition(":")
        if note.strip():
            said[canonical_name(name.strip())] = note.strip()
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    result = []
    for line in lines:
        name = canonical_name(line.partition(":")[0].strip()) if ":" in line else ""
        note = said.pop(name, "")  # a header sent twice is explained at its first line
        result.append(ExampleLine(line, name, note) if note else ExampleLine(line))
    return result
