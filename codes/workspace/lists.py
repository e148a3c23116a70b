"""The lists on the editors' start page: what needs work, each row linked to the form that fixes it."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from urllib.parse import urlencode

from django.contrib import admin
from django.db.models import Count, Max, Q, Sum
from django.urls import reverse
from django.utils import timezone

from ..models import (
    Citation,
    ResponseCode,
    SearchSynonym,
    SourceKind,
    Symptom,
    SymptomCitation,
    TroubleshootingNote,
    UnfoundSearch,
)
from ..search import QueryError, search
from .review import REVIEW_EVERY, due_for_review
from .unfound import KEEP_DAYS, as_searched
from .unused import unused_aliases, unused_synonyms

# Every code needs a troubleshooting note; a code met often in practice (it has a common_rank) needs three.
NOTES_NEEDED, NOTES_NEEDED_IF_COMMON = 1, 3
UNFOUND_SHOWN = 50
# The texts searched most are searched again (about a millisecond each), so that one the content now answers goes.
UNFOUND_CHECKED = 200


@dataclass(frozen=True)
class Link:
    text: str
    url: str


@dataclass(frozen=True)
class Row:
    link: Link
    detail: str
    also: Link | None = None  # a second place to fix it, e.g. the source a row cites


@dataclass
class Section:
    slug: str
    title: str
    explanation: str
    empty: str
    rows: list[Row] = field(default_factory=list)
    total: int | None = None  # when more rows exist than are shown

    @property
    def count(self) -> int:
        return len(self.rows) if self.total is None else self.total


def change_url(row, *, owner=None) -> str:
    """The admin form of a row, or of the row it belongs to when it has no form of its own (an inline)."""
    if admin.site.is_registered(type(row)) or owner is None:
        return reverse(f"admin:{row._meta.app_label}_{row._meta.model_name}_change", args=[row.pk])
    return change_url(owner)


def short_of_notes() -> Section:
    section = Section(
        "notes", "Codes short of troubleshooting notes",
        f"Every code needs at least {NOTES_NEEDED} note; the codes met most in practice (those with a "
        f"common rank) need {NOTES_NEEDED_IF_COMMON}.",
        "Every code has the notes its rank calls for.",
    )
    for code in ResponseCode.objects.annotate(note_count=Count("notes")).order_by("code"):
        needed = NOTES_NEEDED_IF_COMMON if code.is_common else NOTES_NEEDED
        if code.note_count < needed:
            rank = f", common rank {code.common_rank}" if code.is_common else ""
            section.rows.append(Row(Link(code.label, change_url(code)), f"{code.note_count} of {needed}{rank}"))
    return section


def unsourced() -> Section:
    section = Section(
        "sources", "Notes and citations readers cannot follow",
        "Listed when the source has no URL, so the page links to nothing. Field practice is an attribution "
        "with no page by nature and is not listed. Give the source its URL, or cite another.",
        "Every note and citation links to its source.",
    )
    missing = Q(source__url="") & ~Q(source__kind=SourceKind.PRACTICE)
    for model, owner in ((TroubleshootingNote, "code"), (Citation, "code"), (SymptomCitation, "symptom")):
        for row in model.objects.filter(missing).select_related(owner, "source"):
            what = "Note" if model is TroubleshootingNote else "Citation"
            section.rows.append(Row(
                Link(f"{what}: {row}", change_url(row, owner=getattr(row, owner))),
                f"{row.source.name} has no URL",
                Link(f"Edit {row.source.name}", change_url(row.source)),
            ))
    return section


def guides_without_citations() -> Section:
    section = Section(
        "guides", "Symptom guides without citations",
        "A guide's checks should rest on the RFC sections, vendor pages or field practice it cites.",
        "Every symptom guide cites its sources.",
    )
    for guide in Symptom.objects.filter(citations__isnull=True).order_by("title"):
        section.rows.append(Row(Link(guide.title, change_url(guide)), "no citations"))
    return section


def due() -> Section:
    section = Section(
        "review", "Codes due for review",
        f"Listed when neither a change nor a review is recorded in the last {REVIEW_EVERY.days} days. A change "
        "is the latest saved version of the code or of a row its page shows (a note, a citation, an alias, a "
        "method's meaning, a related code), as the page's “last changed” date counts it, bundled loads "
        "included. When the page is still right, set its “Reviewed on” date and save.",
        f"Every code has changed or been reviewed in the last {REVIEW_EVERY.days} days.",
    )
    for entry in due_for_review():
        changed = f"last changed {entry.changed:%-d %b %Y}" if entry.changed else "no change in the history"
        reviewed = f", reviewed {entry.reviewed:%-d %b %Y}" if entry.reviewed else ", never reviewed"
        section.rows.append(Row(Link(entry.code.label, change_url(entry.code)), changed + reviewed))
    return section


def unused() -> Section:
    section = Section(
        "unused", "Aliases and synonyms nothing uses",
        "Search reads an alias as one of its code's names and the decoder recognises it in a status line; both "
        "stop at the reason phrase or the first alias that matches, case and spacing aside, so a repeat is never "
        "reached. A synonym adds the words it means to a query that says its phrase: it does nothing when those "
        "words are already in the phrase or in no code, cause, warning or guide. Delete it or make it say more.",
        "Every alias and synonym is used.",
    )
    for found in unused_aliases():
        alias = found.row
        section.rows.append(Row(Link(f"Alias: {alias}", change_url(alias, owner=alias.code)), found.why))
    for found in unused_synonyms():
        section.rows.append(Row(Link(f"Synonym: {found.row}", change_url(found.row)), found.why))
    return section


def unfound(*, today: date | None = None) -> Section:
    today = today or timezone.localdate()
    section = Section(
        "unfound", "Searches that found nothing",
        f"What readers searched for in the last {KEEP_DAYS} days that found nothing, most often first: the text "
        "in lower case, addresses and long numbers blanked out, with no trace of who searched. A code, note, "
        "alias or synonym may be missing. Each is searched again when this page opens, and leaves the list once it "
        "finds something. Following a search from here is not counted.",
        f"No search has come up empty in the last {KEEP_DAYS} days.",
    )
    recent = UnfoundSearch.objects.filter(day__gt=today - timedelta(days=KEEP_DAYS))
    totals = recent.values("text").annotate(searches=Sum("count"), last=Max("day")).order_by("-searches", "text")
    still = [row for row in totals[:UNFOUND_CHECKED] if finds_nothing(row["text"])]
    for row in still[:UNFOUND_SHOWN]:
        times = "once" if row["searches"] == 1 else f"{row['searches']} times"
        url = reverse("codes:search") + "?" + urlencode({"q": row["text"]})
        section.rows.append(Row(Link(row["text"], url), f"{times}, last on {row['last']:%-d %b}", as_synonym(row["text"])))
    section.total = len(still)
    return section


def finds_nothing(text: str) -> bool:
    try:
        return not search(as_searched(text)).results
    except QueryError:
        return True


def as_synonym(text: str) -> Link | None:
    """The form for a new search synonym, its phrase filled in."""
    if not admin.site.is_registered(SearchSynonym):
        return None
    return Link("Add as a synonym", reverse("admin:codes_searchsynonym_add") + "?" + urlencode({"phrase": text}))


def sections() -> list[Section]:
    return [short_of_notes(), unsourced(), guides_without_citations(), due(), unused(), unfound()]
