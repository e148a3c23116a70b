"""Answering one query: what it mentions (codes, Q.850 causes), what it means (terms, their
variants, typo corrections, synonyms), and how well each document fits."""

import heapq
import re
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import pairwise

from .documents import Content
from .index import Index
from .text import STOP_WORDS, normalize, stem, words

MAX_QUERY_LENGTH = 500
CODE_MENTION = re.compile(r"(?<![\d.])([1-6]\d\d)(?![\d.])")
CAUSE_MENTION = re.compile(r"(?:q\.?\s?850|isdn|isup|cause)[^\d\n]{0,12}?(\d{1,3})(?!\d)")

# Factors for terms the query only implies, and bonuses for what it names outright.
VARIANT, TYPO, SYNONYM, PAIR = 0.7, 0.6, 0.6, 0.5
BARE_CODE, CODE_NAMED, CAUSE_NAMED = 1000.0, 60.0, 40.0
EXACT_PHRASE, PHRASE_WORD_INSIDE, ONE_WORD_PHRASE_INSIDE = 100.0, 12.0, 2.0


class QueryError(ValueError):
    """A query that cannot be searched; the message says why."""


@dataclass
class Term:
    stem: str
    factor: float
    word: str  # as the person typed it, for showing what matched
    shown: bool = True  # adjacent-word pairs help scoring but are not shown as matches


@dataclass
class Query:
    text: str
    phrase: str
    terms: dict[str, Term] = field(default_factory=dict)
    codes: list[int] = field(default_factory=list)
    causes: list[int] = field(default_factory=list)
    corrections: dict[str, str] = field(default_factory=dict)

    def add(self, stem: str, factor: float, word: str, *, shown: bool = True) -> None:
        if stem not in self.terms or self.terms[stem].factor < factor:
            self.terms[stem] = Term(stem, factor, word, shown)

    @property
    def is_bare_code(self) -> bool:
        return self.phrase.isdigit() and len(self.codes) == 1

    @property
    def searchable(self) -> bool:
        return bool(self.terms or self.codes or self.causes)


@dataclass
class Match:
    key: int | str
    score: float
    matched: dict[str, set[str]]  # field label -> words of the query found there
    stems: set[str]  # what to highlight


def check_length(text: str) -> str:
    text = " ".join(text.split())
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryError(
            f"That is {len(text):,} characters; search takes up to {MAX_QUERY_LENGTH}. "
            "Search for the status line or a few words of the problem instead."
        )
    return text


def parse(text: str, content: Content, index: Index) -> Query:
    normalized = normalize(text)
    query = Query(text=text, phrase=" ".join(words(normalized)))
    query.causes = sorted({int(n) for n in CAUSE_MENTION.findall(normalized) if int(n) <= 127})
    without_causes = CAUSE_MENTION.sub(" ", normalized)
    query.codes = sorted({int(n) for n in CODE_MENTION.findall(without_causes)})
    named = {str(number) for number in query.codes + query.causes}
    typed = [word for word in words(normalized) if word not in STOP_WORDS and word not in named]
    for word in typed:
        add_word(query, word, index)
    for first, second in pairwise(typed):
        if (joined := stem(first + second)) in index.postings:
            query.add(joined, 1.0, f"{first} {second}")
        query.add(f"{stem(first)} {stem(second)}", PAIR, f"{first} {second}", shown=False)
    padded = f" {query.phrase} "
    for synonym, means in content.synonyms:
        if f" {synonym} " in padded:
            for term in means:
                query.add(term, SYNONYM, synonym)
    return query


def add_word(query: Query, word: str, index: Index) -> None:
    term = stem(word)
    query.add(term, 1.0, word)
    if term not in index.postings:
        for correction in sorted(index.corrections(word)):
            query.corrections.setdefault(word, correction)
            query.add(stem(correction), TYPO, correction)
            for variant in index.variants(stem(correction)):
                query.add(variant, TYPO * VARIANT, correction)
    for variant in index.variants(term):
        query.add(variant, VARIANT, word)


def rank(query: Query, content: Content, index: Index, *, limit: int) -> list[Match]:
    scores: dict[int, float] = defaultdict(float)
    for term in query.terms.values():
        for number, impact in index.postings.get(term.stem, ()):
            scores[number] += term.factor * impact
    named: dict[int, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    add_named_bonuses(query, content, index, scores, named)
    # nlargest keeps the work proportional to the documents that matched, not to sorting them all.
    best = heapq.nlargest(limit, scores.items(), key=lambda item: (item[1], -item[0]))
    return [explain(number, score, query, index, named.get(number, {})) for number, score in best]


def add_named_bonuses(query, content, index, scores, named) -> None:
    """What the query names outright: a code number, a Q.850 cause, a reason phrase."""
    for code in query.codes:
        if (number := index.position.get(code)) is not None:
            scores[number] += BARE_CODE if query.is_bare_code else CODE_NAMED
            named[number]["code"].add(str(code))
    for cause in query.causes:
        for code, weight in content.causes.get(cause, ()):
            if (number := index.position.get(code)) is not None:
                scores[number] += CAUSE_NAMED * weight
                named[number]["Q.850 cause"].add(f"cause {cause}")
    for key, label, phrase in content.phrases_in(query.phrase):
        if (number := index.position.get(key)) is not None:
            scores[number] += phrase_bonus(phrase, query.phrase)
            named[number][label].add(phrase)


def phrase_bonus(phrase: str, query_phrase: str) -> float:
    """A reason phrase or alias typed whole counts most; one found inside a longer query, by its length."""
    if phrase == query_phrase:
        return EXACT_PHRASE
    size = len(phrase.split())
    return PHRASE_WORD_INSIDE * size if size > 1 else ONE_WORD_PHRASE_INSIDE


def explain(number: int, score: float, query: Query, index: Index, named: dict[str, set[str]]) -> Match:
    """Where each term of the query was found; words found in most documents say nothing and are left out."""
    matched = {label: set(words) for label, words in named.items()}
    stems = set()
    common = len(index.documents) // 2
    for term in query.terms.values():
        labels = index.fields_matched(term.stem, number)
        if not labels or not term.shown or (" " not in term.word and len(index.postings[term.stem]) > common):
            continue
        if " " not in term.stem:
            stems.add(term.stem)
        for label in labels:
            matched.setdefault(label, set()).add(term.word)
    return Match(index.documents[number].key, score, matched, stems)
