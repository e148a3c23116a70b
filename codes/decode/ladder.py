"""Who sent each message to whom, for a simple ladder diagram.

The tool's own note on the message wins (sngrep, tshark, Asterisk, FreeSWITCH, Kamailio name
both ends). Otherwise the headers say it: a request comes from its topmost Via and goes to
its first Route's host, or else its Request-URI's; a response goes back to the topmost Via and comes from wherever the
request it answers went. Without even that, requests go from side A to side B and responses
come back.
"""

from dataclasses import dataclass

from . import values
from .reader import Message

LANES = 4  # the diagram draws this many participants; more are listed in words only
SIDE_A, SIDE_B = "A side", "B side"


@dataclass
class Arrow:
    index: int
    line: int
    source: str
    target: str
    label: str
    source_lane: int = 0
    target_lane: int = 0
    time: float | None = None  # seconds since the dialog's first message, when the tool gave times
    failing: bool = False  # the response the dialog failed on
    chosen: bool = False  # the response a code page is about

    @property
    def klass(self) -> int | None:
        """The class of the response the arrow carries (4 for a 486), for its colour; None for a request."""
        code = self.label.split(" ", 1)[0]
        return int(code) // 100 if code.isdigit() and len(code) == 3 else None

    @property
    def rightward(self) -> bool:
        return self.target_lane > self.source_lane

    @property
    def span(self) -> str:
        """The CSS class placing the arrow between its two lanes, e.g. "span-1-3"."""
        low, high = sorted((self.source_lane, self.target_lane))
        return f"span-{low}-{high}" if high <= LANES and low != high else ""


@dataclass
class Ladder:
    participants: list[str]
    arrows: list[Arrow]

    @property
    def lanes(self) -> list[tuple[str, str]]:
        """Each participant as (host, ":port"), so a narrow lane can wrap before the port."""
        split = [participant.rpartition(":") for participant in self.participants]
        return [(host, f":{port}") if host and port.isdigit() else (participant, "")
                for participant, (host, _, port) in zip(self.participants, split)]

    @property
    def timed(self) -> bool:
        return any(arrow.time is not None for arrow in self.arrows)

    @property
    def worth_showing(self) -> bool:
        return len(self.arrows) >= 2

    @property
    def drawable(self) -> bool:
        return 2 <= len(self.participants) <= LANES and all(arrow.span for arrow in self.arrows)


def ends(message: Message, answered: dict[tuple[str, str], str]) -> tuple[str, str]:
    if message.transport:
        return message.transport.source, message.transport.target
    via = values.via_address(message.header("Via").value) if message.header("Via") else ""
    if message.kind == "request":
        # A request goes to its first Route when it has one (loose routing, RFC 3261 §16.12), else to its URI.
        route = message.header("Route")
        target = values.uri_host(values.split_outside_quotes(route.value, ",")[0]) if route else ""
        return via or SIDE_A, target or values.uri_host(message.uri) or SIDE_B
    to = message.header("To")
    source = answered.get(transaction(message)) or (values.uri_host(to.value) if to else "") or SIDE_B
    return source, via or SIDE_A


def transaction(message: Message) -> tuple[str, str]:
    call_id, cseq = message.header("Call-ID"), message.header("CSeq")
    return (call_id.value if call_id else "", " ".join(cseq.value.split()) if cseq else "")


def label(message: Message) -> str:
    if message.kind == "request":
        return message.method
    return f"{message.code} {message.phrase}".strip()


def ladder(messages: list[Message], indexes: list[int] | None = None) -> Ladder | None:
    """The sequence of requests and responses, or None when there are none.

    Each arrow carries its message's index: its place in `messages`, counted from 1, or `indexes`' number for it."""
    indexes = indexes or list(range(1, len(messages) + 1))
    shown = [(n, m) for n, m in zip(indexes, messages, strict=True) if m.kind in ("request", "response")]
    if not shown:
        return None
    participants: list[str] = []
    arrows, answered = [], {}
    for index, message in shown:
        source, target = ends(message, answered)
        if message.kind == "request":
            answered[transaction(message)] = target
        for end in (source, target):
            if end not in participants:
                participants.append(end)
        arrows.append(Arrow(index, message.line, source, target, label(message),
                            participants.index(source) + 1, participants.index(target) + 1))
    return Ladder(participants, arrows)
