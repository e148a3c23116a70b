"""The filters of the code list, shared by the HTML table and the JSON list."""

import django_filters as filters
from django import forms
from django.db.models import Q
from django.http import QueryDict

from .models import (
    Alias,
    Citation,
    CodeMethod,
    Context,
    Method,
    ResponseClass,
    ResponseCode,
    Sender,
    Source,
    Status,
    TroubleshootingNote,
)

QUERY_MAX_LENGTH = 200


def code_prefix_range(digits: str) -> tuple[int, int]:
    """The codes a typed prefix can mean: “4” is 400–499, “48” is 480–489."""
    width = 10 ** (3 - len(digits))
    start = int(digits) * width
    return start, start + width - 1


def without_empty(query: QueryDict) -> QueryDict:
    """The parameters that carry a value: a submitted form sends its empty fields too (`?q=&status=`)."""
    kept = QueryDict(mutable=True)
    for name, values in query.lists():
        if set_values := [value for value in values if value.strip()]:
            kept.setlist(name, set_values)
    return kept


class CodeFilter(filters.FilterSet):
    q = filters.CharFilter(
        label="Code or phrase",
        method="filter_text",
        max_length=QUERY_MAX_LENGTH,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "486, busy, timeout…"}),
    )
    response_class = filters.ModelChoiceFilter(
        label="Class",
        field_name="response_class",
        queryset=ResponseClass.objects.all(),
        to_field_name="number",
        empty_label="All classes",
    )
    status = filters.ChoiceFilter(choices=Status.choices, empty_label="Any status")
    sender = filters.ModelChoiceFilter(
        label="Sent by",
        field_name="senders",
        queryset=Sender.objects.all(),
        to_field_name="slug",
        empty_label="Anyone",
    )
    method = filters.ModelChoiceFilter(
        label="Method",
        field_name="methods",
        queryset=Method.objects.all(),
        to_field_name="name",
        empty_label="Any method",
    )
    topic = filters.ChoiceFilter(
        label="Topic", field_name="notes__context", choices=Context.choices, distinct=True, empty_label="Any topic"
    )
    source = filters.ModelChoiceFilter(
        label="Source",
        field_name="citations__source",
        queryset=Source.objects.filter(citations__isnull=False).distinct(),
        to_field_name="slug",
        distinct=True,
        empty_label="Any source",
    )
    common = filters.BooleanFilter(
        label="Common codes only", method="filter_common", widget=forms.CheckboxInput
    )

    class Meta:
        model = ResponseCode
        fields = ()

    @classmethod
    def get_filters(cls):
        """The class filter's parameter is ?class=4, a name Python cannot give an attribute."""
        return {("class" if name == "response_class" else name): f for name, f in super().get_filters().items()}

    @property
    def set_count(self) -> int:
        """How many filters the query sets: the folded form's “Filters (n)”."""
        return sum(1 for name in self.filters if self.data.get(name, "").strip())

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        matches = (
            Q(reason_phrase__icontains=value) | Q(summary__icontains=value) | Q(aliases__phrase__icontains=value)
        )
        if value.isdigit() and len(value) <= 3:
            matches |= Q(code__range=code_prefix_range(value))
        return queryset.filter(matches).distinct()

    def filter_common(self, queryset, name, value):
        return queryset.filter(common_rank__isnull=False) if value else queryset


def every_code_with_facets(*, shown: set[int]) -> list[ResponseCode]:
    """Every code, each with what the filters above test (`facets`, as the parameters that would keep it:
    `class=4 status=standard sender=proxy …`), its aliases, and whether `shown` holds it, so that a page can
    hold every row and the browser filter them by the same rules. Six queries, however much content."""
    codes = list(ResponseCode.objects.with_class())
    facets = {code.pk: [f"class={code.response_class_id}", f"status={code.status}"] for code in codes}
    for code in codes:
        if code.common_rank is not None:
            facets[code.pk].append("common=on")
    # Pairs of (code, value), repeats included: a code with ten notes on registration is one "topic=registration".
    related = [
        ("sender", ResponseCode.senders.through.objects.values_list("responsecode_id", "sender__slug")),
        ("method", CodeMethod.objects.order_by().values_list("code_id", "method__name")),
        ("topic", TroubleshootingNote.objects.order_by().values_list("code_id", "context")),
        ("source", Citation.objects.order_by().values_list("code_id", "source__slug")),
    ]
    for name, pairs in related:
        for pk, value in pairs:
            facets[pk].append(f"{name}={value}")
    aliases: dict[int, list[str]] = {}
    for pk, phrase in Alias.objects.values_list("code_id", "phrase"):  # in the model's order: by code, then phrase
        aliases.setdefault(pk, []).append(phrase)
    for code in codes:
        code.facets = " ".join(dict.fromkeys(facets[code.pk]))
        code.alias_text = "|".join(aliases.get(code.pk, []))
        code.hidden = code.code not in shown
    return codes
