"""What the source and Q.850 pages work out from their rows: citations grouped by code, and what RFC 3398
does where its tables list no row."""

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .models import ResponseCode
from .models.mapping import CAUSES_WITHOUT_STATUS, STATUSES_WITHOUT_CAUSE, UNLISTED_CAUSE_STATUS, UNLISTED_STATUS_CAUSE
from .models.sources import Citation

# A note that this many of a source's codes share (RFC 3261 §27.4 registers 52 of them) is said once, above the list.
SHARED_NOTE_MIN = 3


@dataclass
class CitedCode:
    """One code and the sections of one source that cite it."""

    code: ResponseCode
    brief: list[Citation] = field(default_factory=list)  # no note of their own: "Defines §21.4.24 · Registers §27.4"
    noted: list[Citation] = field(default_factory=list)  # one line each, with the note


@dataclass
class SharedNote:
    citation: Citation  # the first of the citations that share it
    count: int


def note_key(citation: Citation) -> tuple[str, str, str]:
    return citation.section, citation.role, citation.note


def cited_codes(citations: Iterable[Citation]) -> tuple[list[SharedNote], list[CitedCode]]:
    """The notes many codes share, then one entry per code (in code order) with its sections."""
    citations = sorted(citations, key=lambda citation: citation.code.code)  # stable: keeps the role order
    counts = Counter(note_key(c) for c in citations if c.note)
    shared_keys = {key for key, count in counts.items() if count >= SHARED_NOTE_MIN}
    shared: dict[tuple, SharedNote] = {}
    entries: dict[int, CitedCode] = {}
    for citation in citations:
        entry = entries.setdefault(citation.code.code, CitedCode(citation.code))
        key = note_key(citation)
        if key in shared_keys:
            shared.setdefault(key, SharedNote(citation, counts[key]))
        if citation.note and key not in shared_keys:
            entry.noted.append(citation)
        else:
            entry.brief.append(citation)
    return list(shared.values()), list(entries.values())


@dataclass(frozen=True)
class Rfc3398Default:
    """What RFC 3398 does with a cause or a response its table has no row for."""

    section: str
    number: int | None = None  # the response or cause it falls to, if any
    name: str = ""  # the cause's name, when it falls to a cause
    note: str = ""  # what happens instead, or when the number applies


# RFC 3398 §8.2.5: a gateway that does not follow a 3xx's Contact releases the call with cause 23.
REDIRECTION_CAUSE = 23
# What RFC 3398 §7.2.4.1 does instead of a failure response for these causes, in a few words.
INSTEAD_OF_A_STATUS = {
    16: "none: a BYE or CANCEL clears the call",
    44: "none: the gateway tries another circuit",
}


def default_status(cause: int) -> Rfc3398Default:
    """The response RFC 3398 §7.2.4.1 sends for a cause its table does not list."""
    if cause in CAUSES_WITHOUT_STATUS:
        return Rfc3398Default("7.2.4.1", note=INSTEAD_OF_A_STATUS[cause])
    return Rfc3398Default("7.2.4.1", number=UNLISTED_CAUSE_STATUS)


def default_cause(status: int, *, names: Mapping[int, str]) -> Rfc3398Default:
    """The cause RFC 3398 gives a response its §8.2.6.1 table does not list; `names` are the causes' names."""
    if status < 300:
        return Rfc3398Default("", note="none: not a failure response")
    if status < 400:
        return Rfc3398Default(
            "8.2.5", REDIRECTION_CAUSE, names.get(REDIRECTION_CAUSE, ""), "if the gateway does not follow the redirection"
        )
    if status in STATUSES_WITHOUT_CAUSE:
        return Rfc3398Default("8.2.6.1", note="none: it answers the gateway's own CANCEL")
    return Rfc3398Default("8.2.6.1", UNLISTED_STATUS_CAUSE, names.get(UNLISTED_STATUS_CAUSE, ""))


JUMP = re.compile(r"\s*(?:q\.?\s*850\s*[;:,]?\s*)?(?:cause\s*[=:]?\s*)?(\d{1,3})\s*", re.IGNORECASE)


def typed_cause(text: str) -> int | None:
    """The cause number in what a reader typed: “17”, “cause 17”, “Q.850;cause=17”."""
    if match := JUMP.fullmatch(text):
        return int(match[1])
    return None
