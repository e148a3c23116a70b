"""The passage of a result that matched the query, with the matching words marked.

Every piece of text is escaped before it is joined with the <mark> elements, so neither the
content nor the query can become markup."""

from dataclasses import dataclass

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from .engine import VARIANT as TYPED
from .records import Record, clip
from .text import WORD, normalize, stem


@dataclass(frozen=True)
class Snippet:
    text: str  # plain text, for the JSON
    html: SafeString  # escaped, the matching words in <mark>

    def __str__(self) -> str:
        return self.html


# A word the query only implies (a synonym's, a correction's) counts for this much of one typed.
IMPLIED = 0.1


def best_passage(record: Record, stems: dict[str, float]) -> str:
    """The passage holding most of the words typed; the summary when none holds any."""
    best, best_weight = record.summary, 0.0
    for passage in record.passages:
        weight = sum(1.0 if stems[s] >= TYPED else IMPLIED for s in passage.stems if s in stems)
        if weight > best_weight:
            best, best_weight = passage.text, weight
    return best


def first_match(text: str, stems: dict[str, float]) -> int:
    return next((word.start() for word in WORD.finditer(text) if stem(normalize(word.group())) in stems), 0)


def highlight(text: str, stems: dict[str, float] | set[str]) -> SafeString:
    """`text`, escaped, with the words whose stems matched wrapped in <mark>."""
    pieces, last = [], 0
    for word in WORD.finditer(text):
        if stem(normalize(word.group())) in stems:
            pieces += [conditional_escape(text[last : word.start()]), format_html("<mark>{}</mark>", word.group())]
            last = word.end()
    pieces.append(conditional_escape(text[last:]))
    return mark_safe("".join(pieces))


def snippet(record: Record, stems: dict[str, float]) -> Snippet:
    passage = best_passage(record, stems)
    text = clip(passage, first_match(passage, stems))
    return Snippet(text, highlight(text, stems))
