"""What a code's page shows around its content: its sections for the table of contents, the
codes before and after it, when its content last changed, and where to send a correction."""

from urllib.parse import quote

from django.conf import settings
from django.db.models import Max, Q, Subquery
from reversion.models import Version

from .decode.flows import Flow, flow
from .models import ResponseCode


def context(code: ResponseCode) -> dict:
    """Everything the page's template shows about the code, for the page and for the admin's preview of it."""
    drawn = flow(code.example_exchange, code=code.code, notes=code.example_notes) if code.example_exchange else None
    previous, following = neighbours(code)
    return {
        "code": code, "flow": drawn, "sections": sections(code, drawn), "previous": previous, "following": following,
        "last_changed": last_changed(code), "correction_link": correction_link(code),
    }


def sections(code: ResponseCode, flow: Flow | None) -> list[tuple[str, str]]:
    """(anchor, heading) of each section the page shows, in page order, for its table of contents."""
    shown = [
        ("meaning", "What it means", bool(code.description)),
        ("flow", "A typical call flow", bool(flow)),
        ("example", "The example message", bool(flow and flow.example)),
        ("troubleshooting", "Troubleshooting", True),
        ("related", "Related codes", bool(code.related_codes())),
        ("misreading", "What other lists get wrong", bool(code.misreading)),
        ("q850", "ISDN and Q.850 interworking",
         bool(code.interworking_note or code.mapping_groups["to_cause"] or code.mapping_groups["to_sip"])),
        ("warnings", "Warning codes often seen with it", bool(code.warning_codes.all())),
        ("symptoms", "Symptom guides that mention it", bool(code.symptoms.all())),
        ("specs", "Specifications", True),
    ]
    return [(anchor, heading) for anchor, heading, present in shown if present]


def neighbours(code: ResponseCode) -> tuple[ResponseCode | None, ResponseCode | None]:
    """The registered codes just before and after this one, in one query."""
    codes = ResponseCode.objects.only("code", "reason_phrase", "response_class")
    below = codes.filter(code__lt=code.code).order_by("-code").values("code")[:1]
    above = codes.filter(code__gt=code.code).order_by("code").values("code")[:1]
    found = {row.code: row for row in codes.filter(Q(code=Subquery(below)) | Q(code=Subquery(above)))}
    return (next((c for n, c in found.items() if n < code.code), None),
            next((c for n, c in found.items() if n > code.code), None))


def last_changed(code: ResponseCode):
    """When an editor last saved the code or a row its page shows (a note, a citation…), if ever."""
    rows = {code._meta.model_name: [code.pk]}
    for related in (code.notes.all(), code.citations.all(), code.aliases.all(), code.code_methods.all(),
                    code.relations_from.all()):
        for row in related:
            rows.setdefault(row._meta.model_name, []).append(str(row.pk))
    match = Q()
    for model, pks in rows.items():
        match |= Q(content_type__app_label="codes", content_type__model=model, object_id__in=[str(pk) for pk in pks])
    return Version.objects.filter(match).aggregate(at=Max("revision__date_created"))["at"]


def correction_link(code: ResponseCode) -> str:
    """Where readers send a correction: the configured address, with the code named."""
    target = settings.CORRECTIONS_URL
    if target.startswith("mailto:"):
        subject = quote(f"Correction to {code.code} {code.reason_phrase}")
        body = quote(f"About {code.get_absolute_url()}:\n\n")
        return f"{target}?subject={subject}&body={body}"
    return target.replace("{code}", str(code.code))
