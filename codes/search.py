"""Ranked search over code numbers, reason phrases, aliases, summaries and notes."""

import re
from dataclasses import dataclass, field

from .models import ResponseCode

QUERY_MAX_LENGTH = 200
WORD = re.compile(r"[a-z0-9]+")
STOP_WORDS = frozenset(
    "a an and are at be but by for from has have i in is it its my of on or our the their this to was we with".split()
)
# How much a word counts, by where it was found.
FIELD_WEIGHTS = {"reason phrase": 6.0, "alias": 5.0, "summary": 2.0, "note": 1.5, "description": 1.0}
CODE_NUMBER_SCORE = 1000.0
EXACT_PHRASE_SCORE = 500.0
PHRASE_INSIDE_SCORE = 100.0


class QueryError(ValueError):
    """A query that cannot be searched; the message says why."""


@dataclass
class SearchResult:
    code: ResponseCode
    score: float = 0.0
    matched: dict[str, set[str]] = field(default_factory=dict)

    def add(self, where: str, words: set[str], weight: float) -> None:
        self.score += weight * len(words)
        self.matched.setdefault(where, set()).update(words)

    @property
    def matches(self) -> list[tuple[str, list[str]]]:
        """Where the query matched and which words, in a stable order."""
        return [(where, sorted(words)) for where, words in self.matched.items()]


def normalize(text: str) -> str:
    return " ".join(WORD.findall(text.lower()))


def terms_of(text: str) -> set[str]:
    return {word for word in WORD.findall(text.lower()) if word not in STOP_WORDS}


def clean_query(text: str) -> str:
    text = " ".join(text.split())
    if len(text) > QUERY_MAX_LENGTH:
        raise QueryError(f"That query is {len(text)} characters long; keep it under {QUERY_MAX_LENGTH}.")
    return text


def fields_of(code: ResponseCode) -> list[tuple[str, str]]:
    """Every piece of text a code can be found by, with the name of where it sits."""
    found = [("reason phrase", code.reason_phrase), ("summary", code.summary), ("description", code.description)]
    found += [("alias", alias.phrase) for alias in code.aliases.all()]
    found += [("note", f"{note.symptom} {note.causes} {note.checks}") for note in code.notes.all()]
    return found


def score(code: ResponseCode, query: str, terms: set[str]) -> SearchResult:
    result = SearchResult(code)
    phrase = normalize(query)
    if phrase == str(code.code):
        result.add("code", {phrase}, CODE_NUMBER_SCORE)
    for where, text in fields_of(code):
        words = terms & terms_of(text)
        if words:
            result.add(where, words, FIELD_WEIGHTS[where])
        if where in ("reason phrase", "alias") and phrase:
            if normalize(text) == phrase:
                result.add(where, {phrase}, EXACT_PHRASE_SCORE)
            elif f" {phrase} " in f" {normalize(text)} ":
                result.add(where, {phrase}, PHRASE_INSIDE_SCORE)
    return result


def search(query: str, *, limit: int = 20) -> list[SearchResult]:
    """Codes that match the query, best first. Raises QueryError for an unusable query."""
    query = clean_query(query)
    terms = terms_of(query)
    if not terms:
        return []
    codes = ResponseCode.objects.with_class().prefetch_related("aliases", "notes")
    results = [score(code, query, terms) for code in codes]
    results = [result for result in results if result.score > 0]
    results.sort(key=lambda result: (-result.score, result.code.code))
    return results[:limit]
