"""What the search engine indexes, read from the database: one document per code, one per symptom guide."""

from dataclasses import dataclass

from django.db.models import Prefetch

from ..models import Direction, Q850Mapping, ResponseCode, SearchSynonym, SourceKind, Symptom
from .index import Document, Field
from .text import phrase, terms

# How much a word counts, by where it is found. The reason phrase and the aliases name the code;
# a symptom guide or a note's symptom says how people describe it; long prose counts least.
WEIGHTS = {
    "reason phrase": 8.0,
    "alias": 6.0,
    "summary": 3.0,
    "symptom guide": 3.0,
    "note": 2.5,
    "Q.850 cause": 2.0,
    "description": 1.0,
    "note details": 1.0,
    "what the caller notices": 1.0,
    "method": 1.0,
    "warning": 1.0,
}
# A code listed first in a symptom guide fits it best; later ones less.
GUIDE_POSITION_WEIGHTS = [1.0, 0.8, 0.65, 0.5, 0.4]
# A stack's mapping of a cause counts for less than RFC 3398's.
STACK_MAPPING_WEIGHT = 0.4


@dataclass
class Content:
    codes: list[Document]
    symptoms: list[Document]
    phrases: dict[int | str, list[tuple[str, str]]]  # document key -> (label, phrase)
    causes: dict[int, list[tuple[int, float]]]  # Q.850 cause -> (code, weight)
    synonyms: list[tuple[str, list[str]]]  # phrase as words -> terms it also means

    def __post_init__(self):
        # Phrases by their first word, so a query is compared only with phrases that could occur in it.
        self._by_first_word: dict[str, list[tuple[int | str, str, str]]] = {}
        for key, phrases in self.phrases.items():
            for label, text in phrases:
                if text:
                    self._by_first_word.setdefault(text.split()[0], []).append((key, label, text))

    def phrases_in(self, query_phrase: str) -> list[tuple[int | str, str, str]]:
        """The reason phrases and aliases that occur in the query as whole words."""
        padded, query_words = f" {query_phrase} ", set(query_phrase.split())
        return [
            entry
            for word in query_words
            for entry in self._by_first_word.get(word, ())
            if f" {entry[2]} " in padded
        ]


def field(label: str, text: str, scale: float = 1.0) -> Field:
    return Field(label, WEIGHTS[label] * scale, text)


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
    for link in code.symptom_codes.all():
        scale = GUIDE_POSITION_WEIGHTS[min(link.position, len(GUIDE_POSITION_WEIGHTS) - 1)]
        guide = link.symptom
        fields.append(field("symptom guide", f"{guide.title}\n{guide.phrasings}", scale))
    fields += [field("Q.850 cause", m.cause.name) for m in code.q850_mappings.all() if m.source.kind == SourceKind.RFC]
    fields += [field("method", f"{cm.method.name} {cm.meaning}") for cm in code.code_methods.all() if cm.meaning]
    fields += [field("warning", warning.text) for warning in code.warning_codes.all()]
    return Document(code.code, fields)


def symptom_document(symptom: Symptom) -> Document:
    return Document(
        symptom.slug,
        [Field("title", 4.0, symptom.title), Field("phrasing", 3.0, symptom.phrasings), Field("summary", 1.0, symptom.summary)],
    )


def cause_map() -> dict[int, list[tuple[int, float]]]:
    rows = Q850Mapping.objects.filter(direction=Direction.TO_SIP).values_list("cause__number", "code__code", "source__kind")
    causes: dict[int, dict[int, float]] = {}
    for cause, code, kind in rows:
        weight = 1.0 if kind == SourceKind.RFC else STACK_MAPPING_WEIGHT
        causes.setdefault(cause, {})[code] = max(weight, causes.get(cause, {}).get(code, 0.0))
    return {cause: sorted(codes.items()) for cause, codes in causes.items()}


def load_content() -> Content:
    codes = ResponseCode.objects.prefetch_related(
        "aliases",
        "notes",
        "warning_codes",
        "code_methods__method",
        "symptom_codes__symptom",
        Prefetch("q850_mappings", queryset=Q850Mapping.objects.filter(direction=Direction.TO_SIP).select_related("cause", "source")),
    )
    documents, phrases = [], {}
    for code in codes:
        documents.append(code_document(code))
        phrases[code.code] = [("reason phrase", phrase(code.reason_phrase))]
        phrases[code.code] += [("alias", phrase(alias.phrase)) for alias in code.aliases.all()]
    synonyms = [(phrase(s.phrase), terms(s.means)) for s in SearchSynonym.objects.all()]
    return Content(
        codes=documents,
        symptoms=[symptom_document(symptom) for symptom in Symptom.objects.all()],
        phrases=phrases,
        causes=cause_map(),
        synonyms=[(words, means) for words, means in synonyms if words and means],
    )
