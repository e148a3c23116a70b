"""Start lines that do not begin their line, and what is printed before each line of a message.

People paste messages with something in front of every line (a log timestamp and level, `> `
quoting, `I/flutter (32165): `, a tab after `[Message]`), with one word before the start line only
(`SEND: `, `INFO: Response from SIP Server: `), with tcpdump -A's header bytes glued to it, or
with several start lines flattened onto one line (`--> INVITE … SIP/2.0 <-- SIP/2.0 100 Trying`).
This module finds the start lines and turns the text before one into a pattern, so the same
prefix can be taken off the message's following lines.
"""

import re
from dataclasses import dataclass

from .phrases import known_phrase

# IANA "Methods and Response Codes": a start line inside other text must name one of these, in
# capitals, so that ordinary words before `sip:` never read as a method.
METHODS = ("INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "REGISTER", "PRACK", "SUBSCRIBE", "NOTIFY", "PUBLISH",
           "INFO", "REFER", "MESSAGE", "UPDATE")
INSIDE = re.compile(
    rf"(?P<request>(?P<method>{'|'.join(METHODS)})[ \t]+(?:sips?|tel|urn):\S*[ \t]+SIP/2\.0)(?![/\w.])"
    r"|(?P<status>SIP/2\.0[ \t]+(?P<code>[1-9]\d\d)(?!\d))"
)
# What follows a status code when it is not a phrase: hex bytes, brackets, headers run together.
JUNK = re.compile(r"[:\[\]=@]|[ \t]{2}|\b0D\b")
ARROWS = re.compile(r"[ \t<>=|-]+$")
MAX_PREFIX = 200  # longer text before a start line is not a per-line prefix worth matching


@dataclass
class Start:
    """A start line found in a line: the text before it, the start line alone, and whether it ended the line."""

    prefix: str
    text: str
    ends_line: bool


def starts_in(line: str) -> list[Start]:
    """The start lines inside `line`, in order; none when the line has none."""
    found = list(INSIDE.finditer(line))
    starts = []
    for n, match in enumerate(found):
        end = found[n + 1].start() if n + 1 < len(found) else len(line)
        rest = line[match.end():end]
        if match["request"]:
            start = Start(line[:match.start()], match["request"], not rest.strip() and len(found) == 1)
        else:
            phrase, clean = status_phrase(int(match["code"]), rest)
            start = Start(line[:match.start()], f"SIP/2.0 {match['code']} {phrase}".strip(), clean and len(found) == 1)
        if not starts or starts[-1].text != start.text:  # Kamailio prints a reply's start twice: buf=… shmem=…
            starts.append(start)
    return starts


def status_phrase(code: int, rest: str) -> tuple[str, bool]:
    """The reason phrase in what follows a code, and whether it is all phrase (nothing else after it)."""
    rest = ARROWS.sub("", rest).strip()
    if not rest or not (junk := JUNK.search(rest)):
        return rest, True
    return known_phrase(code, rest) or rest[:junk.start()].strip(), False


def prefix_pattern(prefix: str) -> re.Pattern | None:
    """A pattern for the same prefix on the following lines: its numbers may change, its spacing may vary."""
    if not prefix.strip() or len(prefix) > MAX_PREFIX:
        return None
    parts = []
    for token in re.findall(r"\d+|[ \t]+|.", prefix):
        if token[0].isdigit():
            parts.append(r"\d+")
        elif token[0] in " \t":
            parts.append(r"[ \t]+")  # at least one blank, so that numbers either side never trade digits
        else:
            parts.append(re.escape(token))
    if parts[-1] == r"[ \t]+":
        parts[-1] = r"[ \t]*"  # a quoted empty line is often `>` alone
    return re.compile("".join(parts))


# A line that starts like a log line is its own line, never the tail of a header cut in two.
LOG_START = re.compile(r"^\W{0,2}(?:\d{4}[-/]\d{2}[-/]\d{2}|\d{2}:\d{2}:\d{2}|[A-Z][a-z]{2} [ \d]\d |[A-Z]/\w+ ?\()")
MAX_WRAPPED = 3  # continuation lines of one header that are joined back at most


def may_continue(stripped: str) -> bool:
    """Could this line be the rest of a header that a mail client or terminal cut?"""
    return bool(stripped) and not LOG_START.match(stripped)
