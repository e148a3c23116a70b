"""The code's form, laid out like the code's page, with a preview of that page; and the notes' own list."""

from typing import ClassVar

from django import forms
from django.contrib import admin
from django.db.models import Count
from django.urls import path

from ..forms import GuardedModelForm
from ..models import Alias, Citation, CodeMethod, RelatedCode, ResponseCode, TroubleshootingNote
from ..preview import code_page_preview
from .base import GUARD, ContentAdmin, ContentInline

FOLDED = ("collapse",)  # Django draws these sections as <details>, closed until the editor opens one


class ResponseCodeForm(GuardedModelForm):
    """The class follows from the code's first digit, so editors never pick it."""

    class Meta:
        model = ResponseCode
        exclude = ("response_class",)
        widgets: ClassVar = {"senders": forms.CheckboxSelectMultiple}

    def clean(self):
        cleaned = super().clean()
        if code := cleaned.get("code"):
            self.instance.response_class_id = code // 100
        return cleaned


class AliasInline(ContentInline, admin.TabularInline):
    model = Alias
    classes = FOLDED
    verbose_name_plural = "Also seen as (aliases)"


class CodeMethodInline(ContentInline, admin.TabularInline):
    model = CodeMethod
    classes = FOLDED
    verbose_name_plural = "In answer to (methods, and what it means for each)"


class NoteInline(ContentInline, admin.StackedInline):
    model = TroubleshootingNote
    classes = FOLDED
    autocomplete_fields = ("source",)
    fields = (("slug", "position", "context", "vendor"), "symptom", "causes", "checks", ("source", "source_section"), GUARD)


class RelatedInline(ContentInline, admin.TabularInline):
    model = RelatedCode
    fk_name = "code"
    classes = FOLDED
    autocomplete_fields = ("other",)
    verbose_name = "related code"
    verbose_name_plural = "Related codes (stored on this code; pairs stored on the other code show on its page)"


class CitationInline(ContentInline, admin.TabularInline):
    model = Citation
    classes = FOLDED
    autocomplete_fields = ("source",)
    verbose_name_plural = "Specifications (citations)"

# The form's sections and inlines (by formset prefix) in the order the public page shows what they hold.
PAGE_ORDER = (
    "The code", "Facts", "code_methods", "aliases", "What it means", "A typical call flow and the example message",
    "notes", "relations_from", "What other lists get wrong", "ISDN and Q.850 interworking", "citations", "Review",
)


def in_page_order(adminform, inline_formsets) -> list[tuple[str, object]]:
    """("fieldset" or "inline", part) in PAGE_ORDER; a part it does not name still shows, at the end."""
    parts = {fieldset.name: ("fieldset", fieldset) for fieldset in adminform}
    parts |= {inline.formset.prefix: ("inline", inline) for inline in inline_formsets}
    return [parts.pop(name) for name in PAGE_ORDER if name in parts] + list(parts.values())


class CommonFilter(admin.SimpleListFilter):
    title = "how often it is met"
    parameter_name = "common"

    def lookups(self, request, model_admin):
        return (("yes", "Common (ranked)"), ("no", "Rare"))

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(common_rank__isnull=self.value() == "no")
        return queryset


class HasNotesFilter(admin.SimpleListFilter):
    title = "troubleshooting notes"
    parameter_name = "notes"

    def lookups(self, request, model_admin):
        return (("none", "None yet"), ("some", "At least one"))

    def queryset(self, request, queryset):
        if self.value() == "none":
            return queryset.filter(note_count=0)
        if self.value() == "some":
            return queryset.filter(note_count__gt=0)
        return queryset


@admin.register(ResponseCode)
class ResponseCodeAdmin(ContentAdmin):
    form = ResponseCodeForm
    list_display = ("code", "reason_phrase", "response_class", "status", "common_rank", "note_count", "reviewed_on")
    list_display_links = ("code", "reason_phrase")
    list_filter = ("response_class", CommonFilter, "status", HasNotesFilter, "retry_policy", "senders")
    list_select_related = ("response_class",)
    search_fields = ("reason_phrase", "aliases__phrase", "summary")
    search_help_text = "A number finds its code; words find reason phrases, aliases and summaries."
    inlines = (CodeMethodInline, AliasInline, NoteInline, RelatedInline, CitationInline)
    fieldsets = (
        ("The code", {"fields": [("code", "reason_phrase"), ("status", "common_rank"), "summary"],
                      "description": "The page's heading, its badges and the lead under it."}),
        ("Facts", {"classes": FOLDED, "fields": ["senders", "caller_experience", "retry_policy", "retry_advice"],
                   "description": "Who sends it, what the caller notices, and whether to retry."}),
        ("What it means", {"classes": FOLDED, "fields": ["description"]}),
        ("A typical call flow and the example message",
         {"classes": FOLDED, "fields": ["example_exchange", "example_notes"]}),
        ("What other lists get wrong", {"classes": FOLDED, "fields": ["misreading"]}),
        ("ISDN and Q.850 interworking", {"classes": FOLDED, "fields": ["interworking_note"],
                                         "description": "The mappings themselves are edited on each Q.850 cause."}),
        ("Review", {"fields": ["reviewed_on"]}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(note_count=Count("notes", distinct=True))

    @admin.display(description="notes", ordering="note_count")
    def note_count(self, code):
        return code.note_count

    def get_search_results(self, request, queryset, search_term):
        """A number finds its code; words search the text fields."""
        if search_term.strip().isdigit():
            return queryset.filter(code=int(search_term)), False
        return super().get_search_results(request, queryset, search_term)

    def render_change_form(self, request, context, *args, **kwargs):
        context["page_order"] = in_page_order(context["adminform"], context["inline_admin_formsets"])
        return super().render_change_form(request, context, *args, **kwargs)

    def get_urls(self):
        preview = self.admin_site.admin_view(self.preview_view)
        return [
            path("preview/", preview, name="codes_responsecode_preview"),
            path("<int:object_id>/preview/", preview, name="codes_responsecode_preview"),
            *super().get_urls(),
        ]

    def preview_view(self, request, object_id=None):
        return code_page_preview(request, self, object_id)


@admin.register(TroubleshootingNote)
class TroubleshootingNoteAdmin(ContentAdmin):
    ordering = ("code__code",)
    list_display = ("code", "symptom", "context", "vendor", "source")
    list_filter = ("context", "source__kind", "vendor")
    list_select_related = ("code", "source")
    search_fields = ("symptom", "causes", "checks", "vendor")
    autocomplete_fields = ("code", "source")
