"""Editors see their work as readers will before they save it: a code's whole page, and each Markdown field.

Nothing here writes. The page preview fills the code's form and inline formsets from the posted data, applies
them to instances that are never saved, and hands the public template those instances with their related rows
already in place (as a prefetch would leave them), so the template reads no relation from the database."""

import re
from http import HTTPStatus

from django.contrib.admin import ModelAdmin
from django.db.models import Model, QuerySet
from django.forms import BaseInlineFormSet, all_valid
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_POST

from . import code_page
from .models import ResponseCode
from .models.sources import CitationRole
from .templatetags.markup import markdown_inline, render

MAX_MARKDOWN = 100_000  # characters; far above any field's text, far below a memory problem
THEMES = ("light", "dark")

# What readers' pages do with each kind of Markdown field: whole paragraphs, one line inside a sentence, or
# one item per line (causes, checks).
MARKDOWN_MODES = ("block", "inline", "lines")
# The fields readers' templates pass through the `markdown` filters, and how (tests/test_preview.py checks them).
MARKDOWN_FIELDS = {
    "codes.ResponseCode": {"description": "block", "caller_experience": "inline", "retry_advice": "inline",
                           "misreading": "block", "interworking_note": "block"},
    "codes.CodeMethod": {"meaning": "inline"},
    "codes.RelatedCode": {"difference": "inline"},
    "codes.TroubleshootingNote": {"causes": "lines", "checks": "lines"},
    "codes.Symptom": {"summary": "block", "checks": "lines"},
    "codes.SymptomCode": {"explanation": "inline"},
    "codes.Q850Cause": {"description": "block", "interworking_note": "block"},
    "codes.ResponseClass": {"description": "block"},
    "codes.Source": {"note": "inline"},
    "codes.WarningCode": {"description": "block"},
}

# The rows a code's page shows, in the order its page shows them (the models order them the same way).
ROW_ORDER = {
    "aliases": lambda alias: alias.phrase,
    "code_methods": lambda row: row.method.name,
    "notes": lambda note: (note.position, note.slug),
    "relations_from": lambda pair: pair.other.code,
    "citations": lambda citation: (CitationRole.values.index(citation.role), citation.source.name,
                                   citation.section),
}
# Relations the page reads that the code's form does not edit: kept as stored, or empty for a new code.
READ_ONLY_RELATIONS = ("relations_to", "q850_mappings", "warning_codes", "symptoms")

# The preview is a reader's page inside the admin: framed by the admin only, and never able to run script.
PREVIEW_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'none'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "form-action": ["'none'"],
    "base-uri": ["'none'"],
    "frame-ancestors": ["'self'"],
    "sandbox": [""],
}


def markdown_html(text: str, mode: str) -> str:
    """The HTML readers' pages make of `text`, through the same Markdown and nh3 cleaning."""
    if mode == "inline":
        return markdown_inline(text)
    if mode == "lines":
        items = [markdown_inline(line.strip()) for line in text.splitlines() if line.strip()]
        return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>" if items else ""
    return render(text)


@require_POST
def markdown_preview(request: HttpRequest) -> HttpResponse:
    """The cleaned HTML of one field's text, for the preview beside it as an editor types."""
    text, mode = request.POST.get("text", ""), request.POST.get("mode", "block")
    if mode not in MARKDOWN_MODES:
        return HttpResponse("Unknown mode.", status=HTTPStatus.BAD_REQUEST, content_type="text/plain")
    if len(text) > MAX_MARKDOWN:
        return HttpResponse("Too long to preview.", status=HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                            content_type="text/plain")
    return HttpResponse(markdown_html(text, mode), content_type="text/html; charset=utf-8")


def with_rows(model: type[Model], rows: list) -> QuerySet:
    """A queryset that holds `rows` already, as prefetch_related leaves one: reading it runs no query."""
    queryset = model._default_manager.none()
    queryset._result_cache, queryset._prefetch_done = list(rows), True
    return queryset


def kept_rows(formset: BaseInlineFormSet) -> list:
    """The formset's rows as they would be after saving: edited, added, and without the deleted ones."""
    deleted = set(map(id, formset.deleted_forms))
    return [form.instance for form in formset.forms
            if id(form) not in deleted and (form.instance.pk or form.has_changed())]


def unsaved_code(form, formsets: list[BaseInlineFormSet], stored: ResponseCode | None) -> ResponseCode:
    """The code with the form's values and its inlines' rows, never saved."""
    code = form.instance
    code.response_class_id = code.code // 100
    cache = code.__dict__.setdefault("_prefetched_objects_cache", {})
    cache["senders"] = with_rows(ResponseCode.senders.field.related_model, form.cleaned_data.get("senders", []))
    for formset in formsets:
        name = formset.fk.remote_field.get_accessor_name()
        rows = kept_rows(formset)
        cache[name] = with_rows(formset.model, sorted(rows, key=ROW_ORDER.get(name, lambda row: 0)))
    for name in READ_ONLY_RELATIONS:
        if stored is None:
            cache[name] = with_rows(getattr(ResponseCode, name).rel.related_model, [])
    if stored is None:
        code.pk = 0  # related managers refuse an instance without a key, even when their rows are in place
    return code


def page_html(request: HttpRequest, code: ResponseCode, *, stored: bool, theme: str) -> str:
    context = code_page.context(code)
    if not stored:
        context["last_changed"] = None
    html = render_to_string("codes/code_detail.html", context, request=request)
    # The reader's theme switch is a script, which the preview never runs: the theme is set on the page instead.
    return re.sub(r"<html\b", f'<html data-theme="{theme}"', html, count=1)


def problems(form, formsets: list[BaseInlineFormSet]) -> list[str]:
    """What stops the form from saving, as the editor would be told on saving."""
    found = [f"{form.fields[name].label if name in form.fields else 'The code'}: {' '.join(errors)}"
             for name, errors in form.errors.items()]
    for formset in formsets:
        rows = formset.model._meta.verbose_name_plural.capitalize()
        found += [f"{rows}: {' '.join(errors)}" for row in formset.errors for errors in row.values()]
        found += [f"{rows}: {error}" for error in formset.non_form_errors()]
    return found


@xframe_options_sameorigin
@csp_override(PREVIEW_CSP)
@require_POST
def code_page_preview(request: HttpRequest, model_admin: ModelAdmin, object_id: str | None = None) -> HttpResponse:
    """The public page of the code as the posted form would make it, rendered from instances never saved."""
    stored = ResponseCode.objects.for_page().filter(pk=object_id).first() if object_id else None
    if object_id and stored is None:
        return HttpResponse(status=HTTPStatus.NOT_FOUND)
    if not (model_admin.has_change_permission(request, stored) if stored else model_admin.has_add_permission(request)):
        return HttpResponse(status=HTTPStatus.FORBIDDEN)
    form = model_admin.get_form(request, stored, change=stored is not None)(request.POST, request.FILES,
                                                                             instance=stored)
    formsets, _ = model_admin._create_formsets(request, form.instance, change=stored is not None)
    if not (form.is_valid() & all_valid(formsets)):  # both checked, so every problem is listed
        context = {"problems": problems(form, formsets)}
        return HttpResponse(render_to_string("admin/codes/responsecode/preview_invalid.html", context, request=request))
    theme = request.POST.get("preview_theme")
    code = unsaved_code(form, formsets, stored)
    return HttpResponse(page_html(request, code, stored=stored is not None, theme=theme if theme in THEMES else "light"))

