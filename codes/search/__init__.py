"""Search over code numbers, reason phrases, aliases, summaries, troubleshooting notes,
symptom guides and Q.850 cause names.

Why an in-process index rather than the database's full-text search: the whole reference
is a few hundred kilobytes of text (about 80 codes, a few hundred notes), small enough to
index in memory in well under a second and to query in a millisecond or two. One Python
implementation gives the same ranking on SQLite and PostgreSQL, which the database
engines' own full-text features (FTS5, tsvector) would not, and it lets the ranking know
the domain: reason phrases weigh more than prose, Q.850 causes map to codes, and
telecom synonyms come from data that editors extend in the admin. The index is rebuilt
lazily whenever the content version changes, so an edit shows up in the next search in
every process. bench/search.py measures it on the bundled content and on 100 times as much.
"""

import threading
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from ..models import ContentVersion, ResponseCode, Symptom
from .documents import Content, load_content
from .engine import MAX_QUERY_LENGTH, Match, Query, QueryError, check_length, parse, rank
from .index import Index
from .text import WORD, normalize, stem

__all__ = ["MAX_QUERY_LENGTH", "Outcome", "QueryError", "SearchResult", "highlight", "search"]

RESULT_LIMIT = 20
SYMPTOM_LIMIT = 3
# Results scoring under this share of the best one are noise, beyond the first few.
RELEVANCE_CUTOFF, KEEP_AT_LEAST = 0.2, 3
# The order in which a result lists where it matched.
FIELD_ORDER = ["code", "reason phrase", "alias", "Q.850 cause", "summary", "symptom guide", "note", "description",
               "note details", "method", "what the caller notices", "warning"]


@dataclass
class Engine:
    token: str
    content: Content
    codes: Index
    symptoms: Index


_engine: Engine | None = None
_lock = threading.Lock()


def engine() -> Engine:
    """The index for the current content, rebuilt when the content has changed."""
    global _engine
    token = ContentVersion.current()
    if _engine is None or _engine.token != token:
        with _lock:
            if _engine is None or _engine.token != token:
                content = load_content()
                _engine = Engine(token, content, Index(content.codes), Index(content.symptoms))
    return _engine


def highlight(text: str, stems: set[str]) -> SafeString:
    """`text`, escaped, with the words whose stems matched wrapped in <mark>."""
    pieces, last = [], 0
    for word in WORD.finditer(text):
        if stem(normalize(word.group())) in stems:
            pieces += [escape(text[last : word.start()]), f"<mark>{escape(word.group())}</mark>"]
            last = word.end()
    pieces.append(escape(text[last:]))
    return mark_safe("".join(pieces))


@dataclass
class SearchResult:
    code: ResponseCode
    score: float
    matched: dict[str, set[str]]
    stems: set[str]

    @property
    def matches(self) -> list[tuple[str, list[str]]]:
        """Where the query matched and which words, in a stable order."""
        return sorted((label, sorted(words)) for label, words in self.matched.items())

    @property
    def matched_words(self) -> list[str]:
        return sorted({word for words in self.matched.values() for word in words})

    @property
    def matched_fields(self) -> list[str]:
        return sorted(self.matched, key=lambda label: FIELD_ORDER.index(label) if label in FIELD_ORDER else 99)

    @property
    def summary_highlighted(self) -> SafeString:
        return highlight(self.code.summary, self.stems)

    @property
    def phrase_highlighted(self) -> SafeString:
        return highlight(self.code.reason_phrase, self.stems)


@dataclass
class Outcome:
    query: Query
    results: list[SearchResult] = field(default_factory=list)
    symptoms: list[Symptom] = field(default_factory=list)

    @property
    def suggestion(self) -> str:
        """The query with its typing slips corrected, if any were found."""
        if not self.query.corrections:
            return ""
        corrected = normalize(self.query.text)
        for word, correction in self.query.corrections.items():
            corrected = corrected.replace(word, correction)
        return corrected


def search(text: str, *, limit: int = RESULT_LIMIT) -> Outcome:
    """Codes (and symptom guides) that fit the query, best first. Raises QueryError if it is unusable."""
    current = engine()
    query = parse(check_length(text), current.content, current.codes)
    if not query.searchable:
        return Outcome(query)
    matches = rank(query, current.content, current.codes, limit=limit)
    if matches:
        floor = matches[0].score * RELEVANCE_CUTOFF
        matches = matches[:KEEP_AT_LEAST] + [m for m in matches[KEEP_AT_LEAST:] if m.score >= floor]
    codes = ResponseCode.objects.with_class().in_bulk([m.key for m in matches], field_name="code")
    results = [SearchResult(codes[m.key], m.score, m.matched, m.stems) for m in matches if m.key in codes]
    return Outcome(query, results, matching_symptoms(query, current))


def matching_symptoms(query: Query, current: Engine) -> list[Symptom]:
    guide_query = parse(query.text, current.content, current.symptoms)
    matches: list[Match] = rank(guide_query, current.content, current.symptoms, limit=SYMPTOM_LIMIT)
    slugs = [m.key for m in matches if m.score > 0 and isinstance(m.key, str)]
    found = Symptom.objects.in_bulk(slugs, field_name="slug")
    return [found[slug] for slug in slugs if slug in found]
