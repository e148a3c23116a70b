"""Answering one query: what it mentions (codes, Q.850 causes), what it means (terms, their
variants, typo corrections, synonyms), and how well each document fits."""

import heapq
import re
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import pairwise

from .documents import Content, is_historical
from .index import Index
from .records import Kind
from .spelling import american, is_english
from .text import STOP_WORDS, normalize, stem, words

MAX_QUERY_LENGTH = 500
CODE_MENTION = re.compile(r"(?<![\w.])([1-6]\d\d)(?![\w.])")
CAUSE_MENTION = re.compile(r"(?:q\.?\s?850|isdn|isup|cause)[^\d\n]{0,12}?(\d{1,3})(?!\d)")

# Factors for terms the query only implies, and bonuses for what it names outright.
VARIANT, TYPO, SYNONYM, PAIR = 0.7, 0.6, 0.6, 0.5
# A synonym of several words describes a situation precisely ("at the same time"), so it counts more.
SYNONYM_PHRASE = 0.8
BARE_CODE, CODE_NAMED, CAUSE_NAMED = 1000.0, 60.0, 40.0
EXACT_PHRASE, PHRASE_WORD_INSIDE, ONE_WORD_PHRASE_INSIDE = 100.0, 12.0, 2.0
# A phrase found only as stems ("not accepting" for Not Acceptable), or with a word between, counts less.
STEMS_ONLY, GAPPED = 0.5, 0.6
# A cause named by its name (NO_ROUTE_DESTINATION) lends its mapped codes this share of its bonus,
# if the name is long enough not to turn up by chance.
CAUSE_NAME_SHARE, CAUSE_NAME_WORDS = 0.5, 3

# Codes are what most people come for; a cause, a warning or a guide must fit better to come first.
KIND_WEIGHTS = {Kind.CODE: 1.0, Kind.CAUSE: 0.6, Kind.WARNING: 0.6, Kind.SYMPTOM: 0.8}
# A symptom guide that fits lends its codes a share of its score, by their place in it: enough to
# break ties between codes, never enough for a guide's words to outweigh a code's own.
GUIDE_SHARE = 0.25
GUIDE_POSITION_WEIGHTS = [1.0, 0.8, 0.65, 0.5, 0.4]
# A code that was never registered is rarely what is meant, unless asked for by number.
HISTORICAL = 0.5
# The fields that name a thing: a word found there is always worth showing.
NAMING = {"reason phrase", "alias", "cause name", "warning text", "title"}


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
    stems: dict[str, float]  # what to highlight, and how much each stem stands for what was typed


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
                query.add(term, SYNONYM_PHRASE if " " in synonym else SYNONYM, synonym)
    return query


def add_word(query: Query, word: str, index: Index) -> None:
    term = stem(word)
    query.add(term, 1.0, word)
    if term not in index.postings:
        if is_english(word):
            # Good English the content does not use: only its American spelling is worth searching for.
            if (spelling := american(word)) and stem(spelling) in index.postings:
                query.add(stem(spelling), 1.0, word)
        else:
            add_corrections(query, word, index)
    for variant in index.variants(term):
        query.add(variant, VARIANT, word)


def add_corrections(query: Query, word: str, index: Index) -> None:
    for correction in sorted(index.corrections(word)):
        query.corrections.setdefault(word, correction)
        query.add(stem(correction), TYPO, correction)
        for variant in index.variants(stem(correction)):
            query.add(variant, TYPO * VARIANT, correction)


def rank(query: Query, content: Content, index: Index, *, limit: int) -> list[Match]:
    scores: dict[int, float] = defaultdict(float)
    for term in query.terms.values():
        for number, impact in index.postings.get(term.stem, ()):
            scores[number] += term.factor * impact
    named: dict[int, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    add_named_bonuses(query, content, index, scores, named)
    weigh(query, content, index, scores)
    # nlargest keeps the work proportional to the documents that matched, not to sorting them all.
    best = heapq.nlargest(limit, scores.items(), key=lambda item: (item[1], -item[0]))
    shown = shown_terms(query, index)
    return [explain(number, score, shown, index, named.get(number, {})) for number, score in best if score > 0]


@dataclass
class Weights:
    """Per document, worked out once per index: its factor, whether it is historical, the codes it lends to."""

    factors: list[float]
    historical: list[bool]
    lends: dict[int, list[tuple[int, float]]]  # a guide's document -> (its codes' documents, share)


def weights(content: Content, index: Index) -> Weights:
    if getattr(index, "weights", None) is None:
        records = [content.records[document.key] for document in index.documents]
        lends = {}
        for number, record in enumerate(records):
            if record.kind == Kind.SYMPTOM:
                lends[number] = [
                    (index.position[code], GUIDE_SHARE * GUIDE_POSITION_WEIGHTS[min(position, len(GUIDE_POSITION_WEIGHTS) - 1)])
                    for code, position in content.guides.get(index.documents[number].key, ())
                    if code in index.position
                ]
        index.weights = Weights([KIND_WEIGHTS[r.kind] * r.prior for r in records], [is_historical(r) for r in records], lends)
    return index.weights


def weigh(query: Query, content: Content, index: Index, scores: dict[int, float]) -> None:
    """Kinds weighed against each other, guides lending their codes a little, historical codes last."""
    known = weights(content, index)
    lent: dict[int, float] = defaultdict(float)
    for number, score in list(scores.items()):
        for code, share in known.lends.get(number, ()):
            lent[code] += score * share
        scores[number] = score * known.factors[number]
        if known.historical[number] and index.documents[number].key not in query.codes:
            scores[number] *= HISTORICAL
    for number, score in lent.items():
        scores[number] += score


def add_named_bonuses(query, content, index, scores, named) -> None:
    """What the query names outright: a code number, a Q.850 cause, a reason phrase or name."""
    for code in query.codes:
        if (number := index.position.get(code)) is not None:
            scores[number] += BARE_CODE if query.is_bare_code else CODE_NAMED
            named[number]["code"].add(str(code))
    for cause in query.causes:
        if (number := index.position.get(f"cause {cause}")) is not None:
            scores[number] += CAUSE_NAMED / KIND_WEIGHTS[Kind.CAUSE]
            named[number]["Q.850 cause"].add(f"cause {cause}")
        for code, weight in content.causes.get(cause, ()):
            if (number := index.position.get(code)) is not None:
                scores[number] += CAUSE_NAMED * weight
                named[number]["Q.850 cause"].add(f"cause {cause}")
    meaningful = [word for word in query.phrase.split() if word not in STOP_WORDS]
    query_stems, padded = [stem(word) for word in meaningful], f" {' '.join(meaningful)} "
    for entry, how in content.phrases_in(query_stems):
        if (number := index.position.get(entry.key)) is None:
            continue
        bonus = phrase_bonus(entry, how) * (1.0 if f" {entry.text} " in padded else STEMS_ONLY)
        scores[number] += bonus
        named[number][entry.label].add(entry.text)
        if entry.label == "cause name" and len(entry.stems) >= CAUSE_NAME_WORDS:
            cause = content.records[entry.key].number
            lend_to_mapped_codes(cause, bonus * CAUSE_NAME_SHARE, content, index, scores, named)


def lend_to_mapped_codes(cause: int, bonus: float, content, index, scores, named) -> None:
    for code, weight in content.causes.get(cause, ()):
        if (number := index.position.get(code)) is not None:
            scores[number] += bonus * weight
            named[number]["Q.850 cause"].add(f"cause {cause}")


def phrase_bonus(entry, how: str) -> float:
    """A reason phrase or name typed whole counts most; one found inside a longer query, by its length."""
    if how == "exact":
        return EXACT_PHRASE
    size = len(entry.stems)
    bonus = PHRASE_WORD_INSIDE * size if size > 1 else ONE_WORD_PHRASE_INSIDE
    return bonus * (GAPPED if how == "gapped" else 1.0)


def shown_terms(query: Query, index: Index) -> list[tuple[Term, bool]]:
    """The terms a result may show as matched, each with whether it is a word found in most documents. Such a
    word says little, and is shown only where it names the thing or is all the query has. Worked out once per
    query rather than once per result."""
    common = len(index.documents) // 2
    alone = sum(1 for term in query.terms.values() if term.shown and term.factor == 1.0) <= 1
    return [
        (term, not alone and " " not in term.word and len(index.postings.get(term.stem, ())) > common)
        for term in query.terms.values() if term.shown
    ]


def explain(number: int, score: float, shown: list[tuple[Term, bool]], index: Index,
            named: dict[str, set[str]]) -> Match:
    """Where each term of the query was found."""
    matched = {label: set(words) for label, words in named.items()}
    stems: dict[str, float] = {}
    for term, everywhere in shown:
        labels = index.fields_matched(term.stem, number)
        if not labels or (everywhere and not labels & NAMING):
            continue
        if " " not in term.stem:
            stems[term.stem] = max(term.factor, stems.get(term.stem, 0.0))
        for label in labels:
            matched.setdefault(label, set()).add(term.word)
    return Match(index.documents[number].key, score, matched, stems)
