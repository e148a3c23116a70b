"""Queries with one right answer: a code (`486`, `SIP 486`, a pasted status line), a Q.850 cause
(`cause 16`, `Q.850;cause=16`), a warning code (`Warning 304`, or `304` where no SIP code 304 exists),
a class (`4xx`), or a symptom guide's own title. The page goes straight there; the JSON puts it first."""

import re

from .documents import Content
from .text import normalize, phrase

# Words that may stand around a number without changing what it names.
FILLER = {"sip", "2", "0", "error", "response", "code", "status", "reply"}
STATUS_LINE = re.compile(r"^(?:sip\s*/\s*2\.0\s+|sip\s+(?:error\s+|response\s+|code\s+)?)?([1-6]\d\d)(?!\d)(.*)$")
CAUSE = re.compile(
    r"^(?:reason\s*:\s*)?(?:(?:q\.?\s?850|isdn|isup)\s*[;:,]?\s*(?:cause\s*(?:code\s*)?)?|cause\s*(?:code\s*)?)"
    r"[=:#]?\s*(\d{1,3})(?!\d)(.*)$"
)
CAUSE_TEXT = re.compile(r"""^\s*;\s*text\s*=\s*"?[^"]*"?\s*$""")
WARNING = re.compile(r"^warning(?:\s+code)?\s*:?\s*(3\d\d)(?!\d)(.*)$")
CLASS = re.compile(r"^(?:sip\s+)?([1-6])xx(?:\s+(?:codes?|responses?|class|errors?))?$")


def direct_answer(text: str, content: Content) -> int | str | None:
    """The key of the one right answer to `text`, if it has one."""
    query = " ".join(normalize(text).split())
    for finder in (code_answer, cause_answer, warning_answer, class_answer, title_answer):
        if (key := finder(query, content)) is not None:
            return key
    return None


def names_only(rest: str, names: list[str]) -> bool:
    """The words after a number are nothing, filler, or the start of one of its names."""
    words = [word for word in phrase(rest).split() if word not in FILLER]
    said = " ".join(words)
    return not words or any(name == said or name.startswith(f"{said} ") for name in names)


def code_answer(query: str, content: Content) -> int | str | None:
    if not (match := STATUS_LINE.match(query)):
        return None
    number, rest = int(match[1]), match[2]
    if number in content.records:
        return number if names_only(rest, content.phrases_of(number)) else None
    warning = f"warning {number}"
    if warning in content.records and not phrase(rest):
        return warning
    return None


def cause_answer(query: str, content: Content) -> str | None:
    if not (match := CAUSE.match(query)):
        return None
    key, rest = f"cause {int(match[1])}", match[2]
    if key in content.records and (CAUSE_TEXT.match(rest) or names_only(rest, content.phrases_of(key))):
        return key
    return None


def warning_answer(query: str, content: Content) -> str | None:
    # A pasted Warning header carries an agent and a quoted text after the number: any of it is fine.
    if (match := WARNING.match(query)) and (key := f"warning {int(match[1])}") in content.records:
        return key
    return None


def class_answer(query: str, content: Content) -> str | None:
    if (match := CLASS.match(query)) and (key := f"class {match[1]}") in content.records:
        return key
    return None


def title_answer(query: str, content: Content) -> str | None:
    return content.titles.get(phrase(query))
