"""Read-only JSON for tools. The shapes here are a contract: add keys, never rename them."""

from http import HTTPStatus

from django.core.serializers.json import DjangoJSONEncoder
from django.http import JsonResponse
from django.views.decorators.http import require_safe

from .cache import reads_query
from .filters import CodeFilter
from .models import Direction, Q850Cause, Q850Mapping, ResponseCode
from .search import QueryError, search

# Text from the query string is echoed back; escaped like this it cannot become markup even if sniffed.
HTML_SAFE = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"))


class HTMLSafeEncoder(DjangoJSONEncoder):
    def encode(self, o) -> str:
        # str.replace, three times over, is many times faster than str.translate with a mapping on a long answer.
        text = super().encode(o)
        for character, escaped in HTML_SAFE:
            text = text.replace(character, escaped)
        return text


def answer(data: dict, *, status: int = HTTPStatus.OK) -> JsonResponse:
    """JSON in readable UTF-8, with <, > and & escaped."""
    return JsonResponse(data, encoder=HTMLSafeEncoder, json_dumps_params={"ensure_ascii": False}, status=status)


def absolute(request, path: str) -> str:
    """The full address of one of the site's own paths (reversed, so already URL-quoted). The scheme and host are
    worked out once per request: Django's build_absolute_uri parses and quotes each path afresh, and one answer
    may hold a hundred links."""
    try:
        origin = request.sipref_origin
    except AttributeError:
        origin = request.sipref_origin = request.build_absolute_uri("/").removesuffix("/")
    return origin + path


def error(message: str, status: HTTPStatus = HTTPStatus.BAD_REQUEST, **extra) -> JsonResponse:
    return answer({"error": message, **extra}, status=status)


def code_summary(code: ResponseCode, request) -> dict:
    return {
        "code": code.code,
        "reason_phrase": code.reason_phrase,
        "class": code.response_class_id,
        "status": code.status,
        "summary": code.summary,
        "url": absolute(request, code.get_absolute_url()),
    }


def mapping_json(mapping: Q850Mapping) -> dict:
    return {
        "cause": mapping.cause.number,
        "cause_name": mapping.cause.name,
        "code": mapping.code.code,
        "source": mapping.source.name,
        "section": mapping.section,
        "condition": mapping.condition,
        "url": mapping.url,
    }


def by_direction(mappings) -> dict:
    """`to_sip`: causes that become a SIP code; `to_cause`: SIP codes that become a cause."""
    return {
        "to_sip": [mapping_json(m) for m in mappings if m.direction == Direction.TO_SIP],
        "to_cause": [mapping_json(m) for m in mappings if m.direction == Direction.TO_CAUSE],
    }


def code_json(code: ResponseCode, request) -> dict:
    return {
        **code_summary(code, request),
        "class_name": code.response_class.name,
        "description": code.description,
        "caller_experience": code.caller_experience,
        "retry": {"policy": code.retry_policy, "advice": code.retry_advice},
        "common_rank": code.common_rank,
        "senders": [sender.slug for sender in code.senders.all()],
        "methods": [{"method": cm.method.name, "meaning": cm.meaning} for cm in code.code_methods.all()],
        "aliases": [{"phrase": alias.phrase, "note": alias.note} for alias in code.aliases.all()],
        "citations": [
            {"source": c.source.name, "title": c.source.title, "section": c.section, "role": c.role, "url": c.url}
            for c in code.citations.all()
        ],
        "notes": [
            {
                "symptom": note.symptom,
                "causes": note.cause_list,
                "checks": note.check_list,
                "context": note.context,
                "vendor": note.vendor,
                "source": note.source.name,
                "source_url": note.source_url,
            }
            for note in code.notes.all()
        ],
        "related": [
            {**code_summary(other, request), "difference": difference} for other, difference in code.related_codes()
        ],
        "q850": {**by_direction(code.q850_mappings.all()), "note": code.interworking_note},
        "misreading": code.misreading,
        "warning_codes": [{"code": w.code, "text": w.text} for w in code.warning_codes.all()],
        "symptoms": [
            {"title": s.title, "url": absolute(request, s.get_absolute_url())} for s in code.symptoms.all()
        ],
    }


@reads_query(*CodeFilter.base_filters, typed=("q",))
@require_safe
def code_list(request):
    filterset = CodeFilter(request.GET or None, queryset=ResponseCode.objects.all())
    if filterset.is_bound and not filterset.is_valid():
        return error("Some filters are not valid.", errors=filterset.errors.get_json_data())
    results = [code_summary(code, request) for code in filterset.qs]
    return answer({"count": len(results), "results": results})


@require_safe
def code_detail(request, code: int):
    found = ResponseCode.objects.for_page().filter(code=code).first()
    if found is None:
        return error(f"{code} is not a SIP response code in this reference.", HTTPStatus.NOT_FOUND)
    return answer(code_json(found, request))


@reads_query(typed=("q",))
@require_safe
def search_codes(request):
    """Codes, causes, warnings and symptom guides ranked together, each with its `type`; a query with
    one right answer has it first, marked `"answer": true`."""
    query = request.GET.get("q", "")
    if not query.strip():
        return error("Give something to search for in ?q=, for example ?q=busy.")
    try:
        outcome = search(query)
    except QueryError as problem:
        return error(str(problem))
    if not outcome.results and not outcome.query.searchable:
        return error("The query has no letters or digits to search for.")
    return answer(
        {
            "query": query,
            "results": [search_result_json(result, request) for result in outcome.results],
            "symptoms": [
                {"title": record.title, "url": absolute(request, record.url)} for record in outcome.symptoms
            ],
            "suggestion": outcome.suggestion,
        }
    )


def search_result_json(result, request) -> dict:
    record = result.record
    return {
        "type": record.kind,
        **record.extra,
        "title": record.title,
        "summary": record.summary,
        "snippet": result.snippet.text,
        "url": absolute(request, record.url),
        "score": round(result.score, 3),
        "matched": dict(result.matches),
        "answer": result.answer,
    }


def cause_json(cause: Q850Cause, request) -> dict:
    return {
        "cause": cause.number,
        "name": cause.name,
        "class": cause.cause_class,
        "description": cause.description,
        "interworking_note": cause.interworking_note,
        "url": absolute(request, cause.get_absolute_url()),
        **by_direction(cause.mappings.all()),
    }


@require_safe
def q850_list(request):
    causes = [cause_json(cause, request) for cause in Q850Cause.objects.with_mappings()]
    return answer({"count": len(causes), "results": causes})
