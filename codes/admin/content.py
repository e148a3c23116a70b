"""The admins of everything else editors work on: guides, Q.850 causes, warning codes, sources, synonyms, and the
short lists the codes draw on. Rows that join two of them are edited inline on the form they belong to."""

from typing import ClassVar

from django.contrib import admin

from ..models import (
    Method,
    Q850Cause,
    Q850Mapping,
    ResponseClass,
    SearchSynonym,
    Sender,
    Source,
    Symptom,
    SymptomCitation,
    SymptomCode,
    WarningCode,
)
from .base import ContentAdmin, ContentInline


class SymptomCodeInline(ContentInline, admin.TabularInline):
    model = SymptomCode
    autocomplete_fields = ("code",)


class SymptomCitationInline(ContentInline, admin.TabularInline):
    model = SymptomCitation
    autocomplete_fields = ("source",)


@admin.register(Symptom)
class SymptomAdmin(ContentAdmin):
    list_display = ("title", "group", "slug", "position")
    list_filter = ("group",)
    search_fields = ("title", "summary", "phrasings", "checks")
    prepopulated_fields: ClassVar = {"slug": ["title"]}
    inlines = (SymptomCodeInline, SymptomCitationInline)


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


@admin.register(WarningCode)
class WarningCodeAdmin(ContentAdmin):
    list_display = ("code", "text", "source", "section")
    list_filter = ("source",)
    search_fields = ("text", "description")
    autocomplete_fields = ("source", "typical_codes")


@admin.register(Source)
class SourceAdmin(ContentAdmin):
    list_display = ("name", "title", "kind", "publisher", "published")
    list_filter = ("kind",)
    search_fields = ("name", "title", "publisher", "slug")
    prepopulated_fields: ClassVar = {"slug": ["name"]}


@admin.register(SearchSynonym)
class SearchSynonymAdmin(ContentAdmin):
    list_display = ("phrase", "means")
    search_fields = ("phrase", "means")


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
