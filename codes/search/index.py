"""An inverted index over documents made of weighted fields, scored with BM25F.

Each term's contribution to each document (its BM25 "impact") is computed once, when
the index is built, so answering a query is a few dictionary look-ups and additions.
Pairs of adjacent terms are indexed too, so that words found side by side, as typed,
count for more than the same words scattered through a page.
"""

import math
from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import pairwise

from .text import normalize, stem, terms, words

K1 = 1.2  # how quickly repeats of a term stop adding to the score
B = 0.5  # how much a long document is discounted; codes with many notes are not penalised much
MIN_VARIANT_LENGTH = 5  # stems shorter than this have no prefix variants ("call" is not "caller")
MIN_TYPO_LENGTH = 4  # words shorter than this are never treated as typos


@dataclass(frozen=True)
class Field:
    label: str
    weight: float
    text: str


@dataclass
class Document:
    key: int | str
    fields: list[Field]


def deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


class Index:
    def __init__(self, documents: list[Document]):
        self.documents = documents
        self.weights = None  # what the engine works out per document, once (engine.weights)
        self.position = {doc.key: number for number, doc in enumerate(documents)}
        weighted, self.where, lengths, surface = self._count(documents)
        average = (sum(lengths) / len(lengths)) if lengths else 1.0
        self.postings = {
            term: self._impacts(docs, lengths, average, len(documents)) for term, docs in weighted.items()
        }
        self.vocabulary = sorted(term for term in weighted if " " not in term)
        self.surface = surface
        self._label_sets: dict[int, frozenset[str]] = {}
        self._typos: dict[str, set[str]] = defaultdict(set)
        for word in surface:
            if len(word) >= MIN_TYPO_LENGTH and not word.isdigit():
                for variant in deletions(word):
                    self._typos[variant].add(word)

    def _count(self, documents):
        weighted = defaultdict(dict)  # term -> document -> weighted frequency
        where = defaultdict(dict)  # term -> document -> bit set of the labels of the fields it is in
        self.labels: list[str] = []
        lengths, surface = [], set()
        for number, document in enumerate(documents):
            length = 0.0
            for field in document.fields:
                stems = terms(field.text)
                surface.update(words(normalize(field.text)))
                length += field.weight * len(stems)
                bit = self._label_bit(field.label)
                pairs = [f"{a} {b}" for a, b in pairwise(stems)]
                for term, count in Counter(stems + pairs).items():
                    docs = weighted[term]
                    docs[number] = docs.get(number, 0.0) + field.weight * count
                    where[term][number] = where[term].get(number, 0) | bit
            lengths.append(length)
        return weighted, where, lengths, surface

    def _label_bit(self, label: str) -> int:
        if label not in self.labels:
            self.labels.append(label)
        return 1 << self.labels.index(label)

    @staticmethod
    def _impacts(docs: dict[int, float], lengths: list[float], average: float, count: int) -> list[tuple[int, float]]:
        idf = math.log(1 + (count - len(docs) + 0.5) / (len(docs) + 0.5))
        return [
            (number, idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * lengths[number] / average)))
            for number, tf in docs.items()
        ]

    def variants(self, term: str) -> list[str]:
        """Other forms of a stem in the vocabulary: “regist” (register) also finds “registr” (registration)."""
        if len(term) < MIN_VARIANT_LENGTH:
            return []
        found = []
        start = bisect_left(self.vocabulary, term)
        for candidate in self.vocabulary[start : start + 50]:
            if not candidate.startswith(term):
                break
            if candidate != term and len(candidate) - len(term) <= 3:
                found.append(candidate)
        shorter = (term[:size] for size in range(len(term) - 1, max(MIN_VARIANT_LENGTH, len(term) - 3) - 1, -1))
        found += [prefix for prefix in shorter if prefix in self.postings]
        return found

    def corrections(self, word: str) -> set[str]:
        """Words of the content one typing slip away from `word`: a letter missing, added, wrong or swapped."""
        if len(word) < MIN_TYPO_LENGTH or word in self.surface or word.isdigit():
            return set()
        found = set(self._typos.get(word, ()))
        for variant in deletions(word):
            found |= self._typos.get(variant, set())
            if variant in self.surface:
                found.add(variant)
        return {candidate for candidate in found if stem(candidate) in self.postings}

    def fields_matched(self, term: str, number: int) -> frozenset[str]:
        bits = self.where.get(term, {}).get(number, 0)
        # Few distinct bit sets occur, and each result of each search asks for several: each is spelled out once.
        if (labels := self._label_sets.get(bits)) is None:
            labels = frozenset(label for position, label in enumerate(self.labels) if bits >> position & 1)
            self._label_sets[bits] = labels
        return labels
