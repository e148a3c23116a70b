"""The reference pages: home, code list and pages, classes, sources, search."""

from http import HTTPStatus

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.generic import DetailView, ListView, RedirectView, TemplateView
from django_filters.views import FilterView

from . import code_page, reference_pages
from .cache import reads_query
from .decode.flows import flow
from .filters import CodeFilter, every_code_with_facets, without_empty
from .models import (
    Direction,
    Q850Cause,
    Q850Mapping,
    ResponseClass,
    ResponseCode,
    Source,
    Symptom,
    SymptomCitation,
    SymptomCode,
    SymptomGroup,
    WarningCode,
    fallback_code,
)
from .search import MAX_QUERY_LENGTH, QueryError, search
from .workspace.unfound import mark_unfound


class HomeView(TemplateView):
    template_name = "codes/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            classes=ResponseClass.objects.all(),
            common_codes=ResponseCode.objects.common(),
            **kwargs,
        )


@reads_query(*CodeFilter.base_filters, "page", typed=("q",))
class CodeListView(FilterView):
    filterset_class = CodeFilter
    queryset = ResponseCode.objects.with_class()
    template_name = "codes/code_list.html"
    # The whole registry fits on one page, as a reader scanning for a code expects; paging starts only with a
    # set several times its size.
    paginate_by = 500

    def get(self, request, *args, **kwargs):
        set_only = without_empty(request.GET)
        if set_only != request.GET:
            # A form submits its empty fields too; an address to share names only the filters that are set.
            return redirect(f"{request.path}?{set_only.urlencode()}" if set_only else request.path)
        response = super().get(request, *args, **kwargs)
        if self.filterset.is_bound and not self.filterset.is_valid():
            response.status_code = HTTPStatus.BAD_REQUEST
        return response

    def get_context_data(self, **kwargs):
        """On one page, every row, those the filters leave out hidden: the browser then filters as the reader
        types (static/js/code-filter.js) without asking the server, and a reader without scripts sees the same."""
        context = super().get_context_data(**kwargs)
        if not context["is_paginated"]:
            shown = {code.code for code in context["object_list"]}
            context.update(every_code=every_code_with_facets(shown=shown), shown=len(shown))
        return context


class CodeDetailView(DetailView):
    slug_field = "code"
    slug_url_kwarg = "code"
    template_name = "codes/code_detail.html"
    context_object_name = "code"

    def get_queryset(self):
        return ResponseCode.objects.for_page()

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            return unknown_code(request, self.kwargs["code"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(**code_page.context(self.object), **kwargs)


def unknown_code(request, number: int):
    """A 404 that still helps: what the class of an unregistered code means."""
    klass = ResponseClass.objects.filter(number=number // 100).first()
    context = {"number": number, "response_class": klass}
    if klass:
        context["fallback"] = ResponseCode.objects.filter(code=fallback_code(number)).first()
        context["neighbours"] = ResponseCode.objects.with_class().nearest(number, count=6)
    return render(request, "codes/unknown_code.html", context, status=HTTPStatus.NOT_FOUND)


class CodeRedirectView(RedirectView):
    """`/486` is the short form people type; it lives at `/codes/486/`."""

    permanent = True
    pattern_name = "codes:detail"


class ClassListView(ListView):
    queryset = ResponseClass.objects.prefetch_related(Prefetch("codes", queryset=ResponseCode.objects.order_by("code")))
    template_name = "codes/class_list.html"
    context_object_name = "classes"


class ClassDetailView(DetailView):
    model = ResponseClass
    slug_field = "number"
    slug_url_kwarg = "number"
    template_name = "codes/class_detail.html"
    context_object_name = "response_class"

    def get_context_data(self, **kwargs):
        return super().get_context_data(codes=self.object.codes.all(), **kwargs)


class SourceListView(ListView):
    model = Source
    template_name = "codes/source_list.html"
    context_object_name = "sources"


class SourceDetailView(DetailView):
    model = Source
    template_name = "codes/source_detail.html"
    context_object_name = "source"

    def get_context_data(self, **kwargs):
        """Its citations as one entry per code (a note many codes share said once), and the notes citing it."""
        shared_notes, cited = reference_pages.cited_codes(self.object.citations.select_related("code"))
        return super().get_context_data(
            shared_notes=shared_notes,
            cited=cited,
            notes=self.object.notes.select_related("code").order_by("code__code", "position", "slug"),
            **kwargs,
        )


@reads_query(typed=("q",))
class SearchView(TemplateView):
    """Results for a query; a query with one right answer (a code, a cause, a class) goes straight to it."""

    template_name = "codes/search.html"

    def get(self, request, *args, **kwargs):
        query = request.GET.get("q", "")
        if not query.strip():
            return self.render_to_response(self.get_context_data(query=""))
        try:
            outcome = search(query)
        except QueryError as error:
            context = self.get_context_data(query=query[:MAX_QUERY_LENGTH], error=str(error))
            return self.render_to_response(context, status=HTTPStatus.BAD_REQUEST)
        if outcome.answer:
            # A stable page, never the search page itself, so a redirect cannot loop.
            return redirect(outcome.answer.record.url)
        context = self.get_context_data(query=query, outcome=outcome)
        if outcome.results:
            return self.render_to_response(context)
        # Nothing found: where to start instead.
        context["guides"] = Symptom.objects.all()[:6]
        if outcome.query.is_bare_code:
            context["unknown_code"] = outcome.query.codes[0]
        return mark_unfound(self.render_to_response(context))


class SymptomListView(ListView):
    queryset = Symptom.objects.prefetch_related(
        Prefetch("symptom_codes", queryset=SymptomCode.objects.select_related("code"))
    )
    template_name = "codes/symptom_list.html"
    context_object_name = "symptoms"

    def get_context_data(self, **kwargs):
        """The guides grouped by what the person sees, in the groups' own order."""
        guides = list(self.object_list)
        groups = [(label, [g for g in guides if g.group == value]) for value, label in SymptomGroup.choices]
        return super().get_context_data(groups=[(label, found) for label, found in groups if found], **kwargs)


class SymptomDetailView(DetailView):
    queryset = SymptomListView.queryset.prefetch_related(
        Prefetch("citations", queryset=SymptomCitation.objects.select_related("source"))
    )
    template_name = "codes/symptom_detail.html"
    context_object_name = "symptom"

    def get_context_data(self, **kwargs):
        guide = self.object
        return super().get_context_data(flow=flow(guide.example_exchange) if guide.example_exchange else None, **kwargs)


class Q850ListView(ListView):
    queryset = Q850Cause.objects.with_mappings()
    template_name = "codes/q850_list.html"
    context_object_name = "causes"

    def get(self, request, *args, **kwargs):
        if "cause" in request.GET:
            return self.jump(request.GET["cause"][:40])
        return super().get(request, *args, **kwargs)

    def jump(self, typed: str):
        """The jump box (?cause=17): that cause's page, or this page saying what is wrong."""
        if not typed.strip():
            return redirect("codes:q850")
        number = reference_pages.typed_cause(typed)
        if number is not None and Q850Cause.objects.filter(number=number).exists():
            return redirect("codes:q850-cause", number=number)
        if number is None:
            problem, status = f"“{typed}” is not a cause number: type one from 0 to 127, like 17.", HTTPStatus.BAD_REQUEST
        else:
            problem, status = f"No cause {number} in the table below.", HTTPStatus.NOT_FOUND
        self.object_list = self.get_queryset()
        return self.render_to_response(self.get_context_data(jump_value=typed, jump_error=problem), status=status)

    def get_context_data(self, **kwargs):
        """Beside the causes, every code some table turns into a cause; for each, RFC 3398's default too."""
        to_cause = Q850Mapping.objects.to_cause()
        codes = ResponseCode.objects.filter(q850_mappings__direction=Direction.TO_CAUSE).distinct()
        codes = list(codes.prefetch_related(Prefetch("q850_mappings", queryset=to_cause)))
        context = super().get_context_data(codes=codes, **kwargs)
        # Shown where RFC 3398's table has no row, so no cell is left blank.
        names = {cause.number: cause.name for cause in context["causes"]}
        for cause in context["causes"]:
            cause.rfc3398_default = reference_pages.default_status(cause.number)
        for code in codes:
            code.rfc3398_default = reference_pages.default_cause(code.code, names=names)
        return context


class Q850DetailView(DetailView):
    queryset = Q850ListView.queryset
    slug_field = "number"
    slug_url_kwarg = "number"
    template_name = "codes/q850_detail.html"
    context_object_name = "cause"


class WarningListView(ListView):
    queryset = WarningCode.objects.select_related("source").prefetch_related("typical_codes")
    template_name = "codes/warning_list.html"
    context_object_name = "warnings"


class CheatSheetView(TemplateView):
    template_name = "codes/cheatsheet.html"

    def get_context_data(self, **kwargs):
        codes = sorted(ResponseCode.objects.common(), key=lambda code: code.code)
        return super().get_context_data(codes=codes, **kwargs)


class TextTemplateView(TemplateView):
    """A template served as plain text or XML rather than HTML."""

    content_type = "text/plain; charset=utf-8"


class FaviconView(RedirectView):
    """Browsers ask for /favicon.ico whatever the page says; the icon is a hashed static file."""

    permanent = True

    def get_redirect_url(self, *args, **kwargs):
        return static("favicon.svg")
