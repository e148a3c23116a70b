"""The passage of a result that matched the query, with the matching words marked.

Every piece of text is escaped before it is joined with the <mark> elements, so neither the
content nor the query can become markup."""

from dataclasses import dataclass
from functools import cached_property, lru_cache
from html import escape

from django.utils.safestring import SafeString

from .engine import VARIANT as TYPED
from .records import Record, clip
from .text import WORD, normalize, stem


@dataclass(frozen=True)
class Snippet:
    text: str  # plain text, for the JSON
    stems: dict[str, float]

    @cached_property
    def html(self) -> SafeString:
        """Escaped, the matching words in <mark>; worked out only for the page, which shows it."""
        return highlight(self.text, self.stems)

    def __str__(self) -> str:
        return self.html


# A word the query only implies (a synonym's, a correction's) counts for this much of one typed.
IMPLIED = 0.1


@lru_cache(maxsize=100_000)
def word_stem(word: str) -> str:
    """The stem of one word as it appears in the text. The content's words recur in every search, so each is
    normalized and stemmed once per process rather than once per result shown."""
    return stem(normalize(word))


def best_passage(record: Record, stems: dict[str, float]) -> str:
    """The first passage holding most of the words typed; the summary when none holds any."""
    # Only the passages holding a word of the query are weighed: a code has dozens, a query a few words. Counted in
    # plain dicts: two Counters made and updated per result took a third of marking a page of results.
    typed: dict[int, int] = {}
    implied: dict[int, int] = {}
    for term, share in stems.items():
        counts = typed if share >= TYPED else implied
        for position in record.passages_with.get(term, ()):
            counts[position] = counts.get(position, 0) + 1
    best, best_weight = record.summary, 0.0
    for position in sorted(typed.keys() | implied.keys()):
        weight = typed.get(position, 0) + IMPLIED * implied.get(position, 0)
        if weight > best_weight:
            best, best_weight = record.passages[position].text, weight
    return best


@lru_cache(maxsize=16_384)
def word_spans(text: str) -> dict[str, tuple[tuple[int, int], ...]]:
    """Where the words of each stem are in `text`. The same passages come up search after search, so each is read
    once per process; marking a result then costs a lookup per word of the query, not a pass over the passage.

    Kept as tuples of numbers, which the garbage collector stops tracking once it has seen them, and then the
    dict holding them: as lists, a worker's cache was thirty thousand objects that every full pass of the
    collector walked, 8 to 15 ms under load with requests queued behind it (bench/search_page_cost.py)."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for word in WORD.finditer(text):
        spans.setdefault(word_stem(word.group()), []).append(word.span())
    return {found: tuple(where) for found, where in spans.items()}


def first_match(text: str, stems: dict[str, float]) -> int:
    spans = word_spans(text)
    return min((spans[s][0][0] for s in stems if s in spans), default=0)


def highlight(text: str, stems: dict[str, float] | set[str]) -> SafeString:
    """`text`, escaped, with the words whose stems matched wrapped in <mark>."""
    # html.escape is what Django's escape() does; called directly, it saves a page of results a good share of its
    # rendering time. `text` is the content's plain text, never markup already escaped.
    spans = word_spans(text)
    pieces, last = [], 0
    for start, end in sorted(span for s in stems if s in spans for span in spans[s]):
        pieces += [escape(text[last:start]), "<mark>", escape(text[start:end]), "</mark>"]
        last = end
    pieces.append(escape(text[last:]))
    # SafeString itself, not mark_safe(), which first checks its argument for a lazy string: a page marks 40 texts.
    return SafeString("".join(pieces))


def snippet(record: Record, stems: dict[str, float]) -> Snippet:
    passage = best_passage(record, stems)
    return Snippet(clip(passage, first_match(passage, stems)), stems)
