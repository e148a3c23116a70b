"""What the search engine indexes, read from the database in a fixed number of queries: one document
per code, Q.850 cause, warning code and symptom guide, with what each result shows beside it."""

from dataclasses import dataclass
from dataclasses import field as dataclass_field

from django.db.models import Prefetch

from ..models import (
    Direction,
    Q850Cause,
    Q850Mapping,
    ResponseClass,
    ResponseCode,
    SearchSynonym,
    SourceKind,
    Status,
    Symptom,
    WarningCode,
)
from ..models.codes import code_url
from .index import Document, Field
from .records import Kind, Record, cause_record, class_record, code_record, symptom_record, warning_record
from .text import STOP_WORDS, phrase, stem, terms

# How much a word counts, by where it is found. The reason phrase and the aliases name the code;
# a note's symptom says how people describe it; long prose counts least.
WEIGHTS = {
    "reason phrase": 10.0,
    "alias": 8.0,
    "summary": 3.0,
    "note": 2.5,
    "Q.850 cause": 2.0,
    "description": 1.0,
    "note details": 1.0,
    "what the caller notices": 1.0,
    "method": 1.0,
    "warning": 1.0,
    "cause name": 8.0,
    "warning text": 8.0,
    "title": 6.0,
    "phrasing": 4.0,
    "checks": 0.5,
}
# A stack's mapping of a cause counts for less than RFC 3398's.
STACK_MAPPING_WEIGHT = 0.4


@dataclass
class Content:
    documents: list[Document]
    records: dict[int | str, Record]
    phrases: dict[int | str, list[tuple[str, str]]]  # document key -> (label, phrase)
    causes: dict[int, list[tuple[int, float]]]  # Q.850 cause -> (code, weight)
    synonyms: list[tuple[str, list[str]]]  # phrase as words -> terms it also means
    guides: dict[str, list[tuple[int, int]]] = dataclass_field(default_factory=dict)  # symptom key -> (code, position)

    def __post_init__(self):
        # Phrases by their first stem, so a query is compared only with phrases that could occur in it.
        # Compared as stems without stop words, "rejecting" names 608 Rejected as "rejected" does, and
        # NO_ROUTE_DESTINATION names cause 3, No route to destination.
        self._by_first_stem: dict[str, list[PhraseEntry]] = {}
        for key, phrases in self.phrases.items():
            for label, text in phrases:
                if stems := meaningful_stems(text):
                    entry = PhraseEntry(key, label, meaningful_words(text), stems)
                    self._by_first_stem.setdefault(stems[0], []).append(entry)
        self.titles = {phrase(record.title): key for key, record in self.records.items() if record.kind == Kind.SYMPTOM}

    def phrases_in(self, query_stems: list[str]) -> list[tuple["PhraseEntry", str]]:
        """The reason phrases, aliases and names found in the query, and how: "exact" (the whole query),
        "inside" (side by side within it) or "gapped" (in order, one other word between)."""
        found = []
        for start, first in enumerate(query_stems):
            for entry in self._by_first_stem.get(first, ()):
                if how := entry.found_at(query_stems, start):
                    found.append((entry, how))
        return found

    def phrases_of(self, key: int | str) -> list[str]:
        return [text for _, text in self.phrases.get(key, ())]


@dataclass(frozen=True)
class PhraseEntry:
    key: int | str
    label: str
    text: str  # its meaningful words, as written
    stems: tuple[str, ...]  # the same as stems

    def found_at(self, query: list[str], start: int) -> str:
        size = len(self.stems)
        if tuple(query[start : start + size]) == self.stems:
            return "exact" if len(query) == size else "inside"
        # In order with one word between: "session timer interval too small" names 422.
        position, gaps = start, 0
        for stem_ in self.stems:
            while position < len(query) and query[position] != stem_:
                position, gaps = position + 1, gaps + 1
            if position == len(query) or gaps > 1:
                return ""
            position += 1
        return "gapped" if size > 1 else ""


def meaningful_words(text: str) -> str:
    """A phrase without its stop words: "Does Not Exist" is found as "not exist"."""
    return " ".join(word for word in text.split() if word not in STOP_WORDS)


def meaningful_stems(text: str) -> tuple[str, ...]:
    return tuple(stem(word) for word in meaningful_words(text).split())


def field(label: str, text: str) -> Field:
    return Field(label, WEIGHTS[label], text)


def code_document(code: ResponseCode) -> Document:
    fields = [
        field("reason phrase", code.reason_phrase),
        field("summary", code.summary),
        field("description", code.description),
        field("what the caller notices", code.caller_experience),
    ]
    fields += [field("alias", alias.phrase) for alias in code.aliases.all()]
    for note in code.notes.all():
        fields += [field("note", note.symptom), field("note details", f"{note.causes}\n{note.checks}")]
    fields += [field("Q.850 cause", m.cause.name) for m in code.q850_mappings.all() if m.source.kind == SourceKind.RFC]
    fields += [field("method", f"{cm.method.name} {cm.meaning}") for cm in code.code_methods.all() if cm.meaning]
    fields += [field("warning", warning.text) for warning in code.warning_codes.all()]
    return Document(code.code, fields)


def cause_document(cause: Q850Cause) -> Document:
    return Document(f"cause {cause.number}", [field("cause name", cause.name), field("summary", cause.description)])


def warning_document(warning: WarningCode) -> Document:
    return Document(f"warning {warning.code}", [field("warning text", warning.text), field("summary", warning.description)])


def symptom_document(symptom: Symptom) -> Document:
    return Document(
        f"symptom {symptom.slug}",
        [field("title", symptom.title), field("phrasing", symptom.phrasings), field("summary", symptom.summary),
         field("checks", symptom.checks)],
    )


def cause_map() -> dict[int, list[tuple[int, float]]]:
    rows = Q850Mapping.objects.filter(direction=Direction.TO_SIP).values_list("cause__number", "code__code", "source__kind")
    causes: dict[int, dict[int, float]] = {}
    for cause, code, kind in rows:
        weight = 1.0 if kind == SourceKind.RFC else STACK_MAPPING_WEIGHT
        causes.setdefault(cause, {})[code] = max(weight, causes.get(cause, {}).get(code, 0.0))
    return {cause: sorted(codes.items()) for cause, codes in causes.items()}


# Of codes that fit alike, the ones met most in practice come first: up to this factor for the commonest.
COMMON_PRIOR, COMMON_RANKS = 0.5, 25


def common_prior(rank: int | None) -> float:
    return 1.0 + COMMON_PRIOR * max(0, COMMON_RANKS + 1 - rank) / COMMON_RANKS if rank else 1.0


def code_content(documents, records, phrases) -> None:
    codes = ResponseCode.objects.prefetch_related(
        "aliases",
        "notes",
        "warning_codes",
        "code_methods__method",
        Prefetch("q850_mappings", queryset=Q850Mapping.objects.filter(direction=Direction.TO_SIP).select_related("cause", "source")),
    )
    for code in codes:
        documents.append(code_document(code))
        records[code.code] = code_record(code, code_url(code.code), common_prior(code.common_rank))
        phrases[code.code] = [("reason phrase", phrase(code.reason_phrase))]
        phrases[code.code] += [("alias", phrase(alias.phrase)) for alias in code.aliases.all()]


def other_content(documents, records, phrases) -> dict[str, list[tuple[int, int]]]:
    """Causes, warnings and symptom guides; returns the codes each guide lists, in its order."""
    for cause in Q850Cause.objects.all():
        documents.append(cause_document(cause))
        records[f"cause {cause.number}"] = cause_record(cause)
        phrases[f"cause {cause.number}"] = [("cause name", phrase(cause.name))]
    for warning in WarningCode.objects.all():
        documents.append(warning_document(warning))
        records[f"warning {warning.code}"] = warning_record(warning)
        phrases[f"warning {warning.code}"] = [("warning text", phrase(warning.text))]
    guides = {}
    for symptom in Symptom.objects.prefetch_related("symptom_codes__code"):
        key = f"symptom {symptom.slug}"
        documents.append(symptom_document(symptom))
        records[key] = symptom_record(symptom)
        guides[key] = [(link.code.code, link.position) for link in symptom.symptom_codes.all()]
    for klass in ResponseClass.objects.all():
        records[f"class {klass.number}"] = class_record(klass)
    return guides


def load_content() -> Content:
    documents, records, phrases = [], {}, {}
    code_content(documents, records, phrases)
    guides = other_content(documents, records, phrases)
    synonyms = [(phrase(s.phrase), terms(s.means)) for s in SearchSynonym.objects.all()]
    return Content(
        documents=documents,
        records=records,
        phrases=phrases,
        causes=cause_map(),
        synonyms=[(words, means) for words, means in synonyms if words and means],
        guides=guides,
    )


def is_historical(record: Record) -> bool:
    return record.kind == Kind.CODE and record.status == Status.HISTORICAL
