"""Search over codes, Q.850 causes, warning codes and symptom guides, ranked together.

Why an in-process index rather than the database's full-text search: the whole reference
is a few hundred kilobytes of text (about 80 codes, 70 causes, a few hundred notes), small
enough to index in memory in well under a second and to query in a millisecond or two. One
Python implementation gives the same ranking on SQLite and PostgreSQL, which the database
engines' own full-text features (FTS5, tsvector) would not, and it lets the ranking know
the domain: reason phrases weigh more than prose, Q.850 causes map to codes, and telecom
synonyms come from data that editors extend in the admin. The index keeps what each result
shows (title, link, summary, the passages a snippet comes from), so results render without
a query per result. After an edit it is rebuilt in the background while searches use the
previous one (current.py). bench/search.py measures it.
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.utils.safestring import SafeString

from . import current
from .answers import direct_answer
from .documents import Content
from .engine import MAX_QUERY_LENGTH, Match, Query, QueryError, check_length, parse, rank
from .records import Kind, Record
from .snippets import Snippet, highlight, snippet
from .spelling import is_unknown
from .text import normalize, terms, words

# `engine` is the holder's function, not the submodule of that name imported above.
engine = current.engine

__all__ = ["MAX_QUERY_LENGTH", "Outcome", "QueryError", "SearchResult", "search"]

RESULT_LIMIT = 20
# Results scoring under this share of the best one are noise, beyond the first few.
RELEVANCE_CUTOFF, KEEP_AT_LEAST = 0.2, 3
# A symptom guide leads the page when it scores at least this share of the best other result.
LEAD_SHARE = 0.6
# Beside a leading guide, another guide is listed only if it fits nearly as well.
OTHER_GUIDES = 0.9


KIND_LABELS = {Kind.SYMPTOM: "Symptom guide"}


@dataclass
class SearchResult:
    record: Record
    score: float
    matched: dict[str, set[str]]
    stems: dict[str, float]
    answer: bool = False  # the one right answer to the query

    @property
    def kind(self) -> str:
        return self.record.kind

    @property
    def matches(self) -> list[tuple[str, list[str]]]:
        """Where the query matched and which words, in a stable order."""
        return sorted((label, sorted(words)) for label, words in self.matched.items())

    @cached_property
    def snippet(self) -> Snippet:
        return snippet(self.record, self.stems)

    @cached_property
    def name_html(self) -> SafeString:
        """A code's phrase (its number is shown apart); anything else's whole title, which says what it is."""
        return highlight(self.record.name if self.kind == Kind.CODE else self.record.title, self.stems)

    @property
    def number(self) -> str:
        """A code's number, shown apart from its phrase; other results carry theirs in their title."""
        return str(self.record.number) if self.kind == Kind.CODE else ""

    @property
    def label(self) -> str:
        """What kind of result it is, in words, where its title does not say."""
        if self.kind == Kind.CODE and self.record.status == "historical":
            return "Historical: never registered"
        return KIND_LABELS.get(self.record.kind, "")


@dataclass
class Outcome:
    query: Query
    results: list[SearchResult] = field(default_factory=list)
    lead: SearchResult | None = None  # a symptom guide that fits well, shown first as a card
    weak: bool = True

    @property
    def answer(self) -> SearchResult | None:
        return self.results[0] if self.results and self.results[0].answer else None

    @cached_property
    def listed(self) -> list[SearchResult]:
        """The results below the lead card; beside a lead, only guides that fit about as well."""
        if self.lead is None:
            return self.results
        floor = self.lead.score * OTHER_GUIDES
        return [r for r in self.results if r is not self.lead and (r.kind != Kind.SYMPTOM or r.score >= floor)]

    @property
    def shown(self) -> int:
        return len(self.listed) + (1 if self.lead else 0)

    @property
    def symptoms(self) -> list[Record]:
        return [result.record for result in self.results if result.kind == Kind.SYMPTOM]

    @cached_property
    def suggestion(self) -> str:
        """The query with its typing slips corrected, when the results are weak and the slips are no English."""
        if not self.weak:
            return ""
        slips = {word: fix for word, fix in self.query.corrections.items() if is_unknown(word)}
        if not slips:
            return ""
        return " ".join(slips.get(word, word) for word in words(normalize(self.query.text)))


def search(text: str, *, limit: int = RESULT_LIMIT) -> Outcome:
    """What fits the query, best first, its one right answer first if it has one. Raises QueryError if unusable."""
    current = engine()
    text = check_length(text)
    query = parse(text, current.content, current.index)
    answer = direct_answer(text, current.content)
    if not query.searchable and answer is None:
        return Outcome(query)
    matches = relevant(rank(query, current.content, current.index, limit=limit))
    results = [SearchResult(current.content.records[m.key], m.score, m.matched, m.stems) for m in matches]
    if answer is not None:
        results = [first(answer, results, current.content)] + [r for r in results if r.record.key != answer]
    return Outcome(query, results, lead(text, results), weak(query, results))


def relevant(matches: list[Match]) -> list[Match]:
    if not matches:
        return matches
    floor = matches[0].score * RELEVANCE_CUTOFF
    return matches[:KEEP_AT_LEAST] + [m for m in matches[KEEP_AT_LEAST:] if m.score >= floor]


def first(key: int | str, results: list[SearchResult], content: Content) -> SearchResult:
    found = next((result for result in results if result.record.key == key), None)
    top = results[0].score if results else 1.0
    if found is None:
        found = SearchResult(content.records[key], top, {}, {})
    found.answer, found.score = True, max(found.score, top)
    return found


def lead(text: str, results: list[SearchResult]) -> SearchResult | None:
    """The symptom guide whose title the query says in other words, else the best guide if it fits about as
    well as anything else; none when a single answer was asked for."""
    if not results or results[0].answer:
        return None
    asked = set(terms(text))
    guides = [result for result in results if result.kind == Kind.SYMPTOM]
    if named := next((g for g in guides if (title := set(terms(g.record.title))) and title <= asked), None):
        return named
    guide = guides[0] if guides else None
    others = [result.score for result in results if result.kind != Kind.SYMPTOM]
    if guide and guide.score >= LEAD_SHARE * max(others, default=0.0):
        return guide
    return None


def weak(query: Query, results: list[SearchResult]) -> bool:
    """Nothing found, or the best result matched none of the words as typed (only their corrections)."""
    if not results:
        return True
    typed = set(words(normalize(query.text)))
    found = {part for phrases in results[0].matched.values() for phrase in phrases for part in phrase.split()}
    return not found & typed
