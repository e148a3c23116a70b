"""The passage of a result that matched the query, with the matching words marked.

Every piece of text is escaped before it is joined with the <mark> elements, so neither the
content nor the query can become markup."""

from dataclasses import dataclass
from functools import cached_property, lru_cache
from html import escape

from django.utils.safestring import SafeString, mark_safe

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
    typed = {s for s, share in stems.items() if share >= TYPED}
    implied = stems.keys() - typed
    best, best_weight = record.summary, 0.0
    for passage in record.passages:
        # Set intersections rather than a loop over each passage's words: a code has dozens of passages.
        weight = len(passage.stems & typed) + IMPLIED * len(passage.stems & implied)
        if weight > best_weight:
            best, best_weight = passage.text, weight
    return best


def first_match(text: str, stems: dict[str, float]) -> int:
    return next((word.start() for word in WORD.finditer(text) if word_stem(word.group()) in stems), 0)


def highlight(text: str, stems: dict[str, float] | set[str]) -> SafeString:
    """`text`, escaped, with the words whose stems matched wrapped in <mark>."""
    # html.escape is what Django's escape() does; called directly, it saves a page of results a good share of its
    # rendering time. `text` is the content's plain text, never markup already escaped.
    pieces, last = [], 0
    for word in WORD.finditer(text):
        if word_stem(word.group()) in stems:
            pieces += [escape(text[last : word.start()]), "<mark>", escape(word.group()), "</mark>"]
            last = word.end()
    pieces.append(escape(text[last:]))
    return mark_safe("".join(pieces))


def snippet(record: Record, stems: dict[str, float]) -> Snippet:
    passage = best_passage(record, stems)
    return Snippet(clip(passage, first_match(passage, stems)), stems)
