"""The editors' admin: every content model, with citations, notes and aliases inline on the code."""

from typing import ClassVar

from django.contrib import admin
from django.db import transaction
from reversion.admin import VersionAdmin

from .forms import GuardedModelForm
from .history import VersionDiffMixin
from .models import (
    Alias,
    Citation,
    CodeMethod,
    Method,
    Q850Cause,
    Q850Mapping,
    RelatedCode,
    ResponseClass,
    ResponseCode,
    SearchSynonym,
    Sender,
    Source,
    Symptom,
    SymptomCitation,
    SymptomCode,
    TroubleshootingNote,
    WarningCode,
)
from .write_failures import WriteFailureMixin

admin.site.site_header = "sipref editors"
admin.site.site_title = "sipref admin"
admin.site.index_title = "Reference content"


GUARD = "loaded_state"


class GuardedFieldsets:
    """Adds the form's hidden fingerprint to whatever fields an admin shows."""

    form = GuardedModelForm

    def get_fieldsets(self, request, obj=None):
        *first, (name, options) = super().get_fieldsets(request, obj)
        if GUARD in options["fields"]:
            return [*first, (name, options)]
        return [*first, (name, {**options, "fields": [*options["fields"], GUARD]})]


class ContentAdmin(WriteFailureMixin, VersionDiffMixin, GuardedFieldsets, VersionAdmin):
    """History and revert for every change (showing what a revert would change), recovery of deleted rows,
    no lost updates, and a clear page when the database cannot be written."""

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None and request.method == "POST" and transaction.get_connection().in_atomic_block:
            # Lock the row while this save is checked, so two editors' saves are checked one after the other.
            obj = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
        return obj


class ContentInline(GuardedFieldsets):
    extra = 0


class ResponseCodeForm(GuardedModelForm):
    """The class follows from the code's first digit, so editors never pick it."""

    class Meta:
        model = ResponseCode
        exclude = ("response_class",)

    def clean(self):
        cleaned = super().clean()
        if code := cleaned.get("code"):
            self.instance.response_class_id = code // 100
        return cleaned


class CitationInline(ContentInline, admin.TabularInline):
    model = Citation
    autocomplete_fields = ("source",)


class AliasInline(ContentInline, admin.TabularInline):
    model = Alias


class CodeMethodInline(ContentInline, admin.TabularInline):
    model = CodeMethod


class NoteInline(ContentInline, admin.StackedInline):
    model = TroubleshootingNote
    autocomplete_fields = ("source",)
    fields = (("slug", "position", "context", "vendor"), "symptom", "causes", "checks", ("source", "source_section"), GUARD)


class RelatedInline(ContentInline, admin.TabularInline):
    model = RelatedCode
    fk_name = "code"
    autocomplete_fields = ("other",)
    verbose_name = "related code"
    verbose_name_plural = "related codes (stored on this code; pairs stored on the other code show on its page)"


@admin.register(ResponseCode)
class ResponseCodeAdmin(ContentAdmin):
    form = ResponseCodeForm
    list_display = ("code", "reason_phrase", "response_class", "status", "retry_policy", "common_rank")
    list_display_links = ("code", "reason_phrase")
    list_filter = ("response_class", "status", "retry_policy", "senders")
    list_select_related = ("response_class",)
    search_fields = ("reason_phrase", "summary", "aliases__phrase")
    filter_horizontal = ("senders",)
    inlines = (CitationInline, AliasInline, CodeMethodInline, NoteInline, RelatedInline)
    fieldsets = (
        (None, {"fields": [("code", "reason_phrase"), ("status", "common_rank"), "summary", "description"]}),
        ("In practice", {"fields": ["senders", "caller_experience", ("retry_policy", "retry_advice")]}),
        ("Typical call flow and example message", {"fields": ["example_exchange", "example_notes"]}),
        ("Interworking", {"fields": ["interworking_note"]}),
        ("What other lists get wrong", {"fields": ["misreading"]}),
    )

    def get_search_results(self, request, queryset, search_term):
        """A number finds its code; words search the text fields."""
        if search_term.strip().isdigit():
            return queryset.filter(code=int(search_term)), False
        return super().get_search_results(request, queryset, search_term)


@admin.register(TroubleshootingNote)
class TroubleshootingNoteAdmin(ContentAdmin):
    ordering = ("code__code",)
    list_display = ("code", "symptom", "context", "vendor", "source")
    list_filter = ("context", "source__kind", "vendor")
    list_select_related = ("code", "source")
    search_fields = ("symptom", "causes", "checks", "vendor")
    autocomplete_fields = ("code", "source")


@admin.register(Source)
class SourceAdmin(ContentAdmin):
    list_display = ("name", "title", "kind", "publisher", "published")
    list_filter = ("kind",)
    search_fields = ("name", "title", "publisher", "slug")
    prepopulated_fields: ClassVar = {"slug": ["name"]}


@admin.register(Citation)
class CitationAdmin(ContentAdmin):
    ordering = ("code__code",)
    list_display = ("code", "source", "section", "role")
    list_filter = ("role", "source")
    list_select_related = ("code", "source")
    search_fields = ("section", "note", "source__name")
    autocomplete_fields = ("code", "source")


@admin.register(Alias)
class AliasAdmin(ContentAdmin):
    ordering = ("code__code",)
    list_display = ("phrase", "code", "note")
    list_select_related = ("code",)
    search_fields = ("phrase", "note")
    autocomplete_fields = ("code",)


@admin.register(RelatedCode)
class RelatedCodeAdmin(ContentAdmin):
    ordering = ("code__code",)
    list_display = ("code", "other", "difference")
    list_select_related = ("code", "other")
    search_fields = ("difference",)
    autocomplete_fields = ("code", "other")


@admin.register(ResponseClass)
class ResponseClassAdmin(ContentAdmin):
    list_display = ("label", "name", "summary")
    search_fields = ("name", "summary")


@admin.register(Method)
class MethodAdmin(ContentAdmin):
    list_display = ("name", "summary")
    search_fields = ("name",)


@admin.register(Sender)
class SenderAdmin(ContentAdmin):
    list_display = ("name", "slug", "summary")
    search_fields = ("name",)


@admin.register(CodeMethod)
class CodeMethodAdmin(ContentAdmin):
    ordering = ("code__code",)
    list_display = ("code", "method", "meaning")
    list_filter = ("method",)
    list_select_related = ("code", "method")
    search_fields = ("meaning", "method__name")
    autocomplete_fields = ("code",)


class SymptomCodeInline(ContentInline, admin.TabularInline):
    model = SymptomCode
    autocomplete_fields = ("code",)


@admin.register(SymptomCitation)
class SymptomCitationAdmin(ContentAdmin):
    ordering = ("symptom__title",)
    list_display = ("symptom", "source", "section", "note")
    list_filter = ("source",)
    list_select_related = ("symptom", "source")
    search_fields = ("section", "note", "source__name")
    autocomplete_fields = ("source",)


class SymptomCitationInline(ContentInline, admin.TabularInline):
    model = SymptomCitation
    autocomplete_fields = ("source",)


@admin.register(Symptom)
class SymptomAdmin(ContentAdmin):
    list_display = ("title", "slug", "position")
    search_fields = ("title", "summary", "phrasings", "checks")
    prepopulated_fields: ClassVar = {"slug": ["title"]}
    inlines = (SymptomCodeInline, SymptomCitationInline)


@admin.register(SymptomCode)
class SymptomCodeAdmin(ContentAdmin):
    list_display = ("symptom", "code", "explanation")
    list_filter = ("symptom",)
    list_select_related = ("symptom", "code")
    search_fields = ("explanation",)
    autocomplete_fields = ("code",)


class Q850MappingInline(ContentInline, admin.TabularInline):
    model = Q850Mapping
    autocomplete_fields = ("code", "source")


@admin.register(Q850Cause)
class Q850CauseAdmin(ContentAdmin):
    list_display = ("number", "name")
    search_fields = ("name", "description")
    inlines = (Q850MappingInline,)

    def get_search_results(self, request, queryset, search_term):
        if search_term.strip().isdigit():
            return queryset.filter(number=int(search_term)), False
        return super().get_search_results(request, queryset, search_term)


@admin.register(Q850Mapping)
class Q850MappingAdmin(ContentAdmin):
    list_display = ("direction", "cause", "code", "source", "condition")
    list_filter = ("direction", "source")
    list_select_related = ("cause", "code", "source")
    search_fields = ("condition", "cause__name")
    autocomplete_fields = ("cause", "code", "source")


@admin.register(WarningCode)
class WarningCodeAdmin(ContentAdmin):
    list_display = ("code", "text", "source", "section")
    list_filter = ("source",)
    search_fields = ("text", "description")
    autocomplete_fields = ("source", "typical_codes")


@admin.register(SearchSynonym)
class SearchSynonymAdmin(ContentAdmin):
    list_display = ("phrase", "means")
    search_fields = ("phrase", "means")
