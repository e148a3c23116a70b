"""What a result shows, kept beside the index so that results render without a query per result:
a title, a link, a summary, and the passages a snippet is chosen from."""

import re
from dataclasses import dataclass, field
from functools import cached_property

from .text import terms

# Markdown in descriptions: links keep their text; emphasis and code marks go.
MARKDOWN_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
MARKDOWN_MARK = re.compile(r"[*_`]+")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9“\"(])")
SNIPPET_LENGTH = 240


class Kind:
    CODE, CAUSE, WARNING, SYMPTOM, CLASS = "code", "cause", "warning", "symptom", "class"


@dataclass(frozen=True)
class Passage:
    text: str
    stems: frozenset[str]


@dataclass
class Record:
    kind: str
    key: int | str
    number: int | None  # the code, cause, warning or class number; None for a symptom guide
    title: str
    name: str  # the title without its number: a reason phrase, a cause's name, a guide's title
    url: str
    summary: str
    status: str = ""
    passages: list[Passage] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)  # a symptom guide's first checks
    extra: dict = field(default_factory=dict)  # what the JSON adds for this kind
    prior: float = 1.0  # how much more likely than others of its kind to be what is meant

    @cached_property
    def passages_with(self) -> dict[str, tuple[int, ...]]:
        """The passages holding each stem, by position: worked out at a record's first snippet, kept with it
        (and so with the index it belongs to) for every later one. Tuples of numbers, as snippets.word_spans
        keeps them, so that the garbage collector's full passes do not walk them."""
        found: dict[str, list[int]] = {}
        for position, passage in enumerate(self.passages):
            for term in passage.stems:
                found.setdefault(term, []).append(position)
        return {term: tuple(positions) for term, positions in found.items()}


def plain(text: str) -> str:
    """Markdown reduced to the words a reader sees."""
    return " ".join(MARKDOWN_MARK.sub("", MARKDOWN_LINK.sub(r"\1", text)).split())


def sentences(text: str) -> list[str]:
    return [part for line in text.splitlines() for part in SENTENCE_END.split(plain(line)) if part.strip()]


def passages(*texts: str) -> list[Passage]:
    """Each sentence or line of the texts once, with its stems, in the order given."""
    found, seen = [], set()
    for text in texts:
        for sentence in sentences(text):
            if sentence not in seen:
                seen.add(sentence)
                found.append(Passage(sentence, frozenset(terms(sentence))))
    return found


def clip(text: str, around: int = 0) -> str:
    """At most SNIPPET_LENGTH characters of `text`, keeping the character at `around` in view."""
    if len(text) <= SNIPPET_LENGTH:
        return text
    start = max(0, min(around - SNIPPET_LENGTH // 3, len(text) - SNIPPET_LENGTH))
    start = text.rfind(" ", 0, start) + 1 if start else 0
    end = text.rfind(" ", start, start + SNIPPET_LENGTH)
    end = end if end > start else start + SNIPPET_LENGTH
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


def code_record(code, url: str, prior: float) -> Record:
    texts = [code.summary]
    for note in code.notes.all():
        texts += [note.symptom, note.causes, note.checks]
    texts += [code.description, code.caller_experience]
    return Record(
        Kind.CODE, code.code, code.code, f"{code.code} {code.reason_phrase}", code.reason_phrase, url, code.summary,
        code.status,
        passages(*texts),
        extra={"code": code.code, "reason_phrase": code.reason_phrase, "class": code.response_class_id,
               "status": code.status},
        prior=prior,
    )


def cause_record(cause) -> Record:
    return Record(
        Kind.CAUSE, f"cause {cause.number}", cause.number, f"Q.850 cause {cause.number}: {cause.name}", cause.name,
        cause.get_absolute_url(), plain(cause.description), passages=passages(cause.description, cause.interworking_note),
        extra={"cause": cause.number, "name": cause.name},
    )


def warning_record(warning) -> Record:
    return Record(
        Kind.WARNING, f"warning {warning.code}", warning.code, f"Warning {warning.code}: {warning.text}", warning.text,
        warning.get_absolute_url(), plain(warning.description), passages=passages(warning.description),
        extra={"warning": warning.code, "text": warning.text},
    )


def symptom_record(symptom) -> Record:
    return Record(
        Kind.SYMPTOM, f"symptom {symptom.slug}", None, symptom.title, symptom.title, symptom.get_absolute_url(),
        plain(symptom.summary), passages=passages(symptom.summary, symptom.checks),
        checks=[plain(check) for check in symptom.check_list[:3]],
        extra={"slug": symptom.slug},
    )


def class_record(klass) -> Record:
    return Record(
        Kind.CLASS, f"class {klass.number}", klass.number, f"{klass.number}xx {klass.name}", klass.name,
        klass.get_absolute_url(), klass.summary, extra={"class": klass.number},
    )
