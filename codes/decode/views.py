"""The decoder's page and its JSON twin. The paste or capture is read, explained and
forgotten: never saved, logged, cached or put in a URL (so it cannot end up in an access
log); an uploaded capture is held in memory only (upload.py)."""

import json
import re
from http import HTTPStatus

from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import View

from ..api import answer, error
from ..models import ResponseCode, Symptom
from . import decode, decode_messages
from .examples import EXAMPLES
from .forms import DecodeForm, capture_too_large_message, oversized_body, too_large_message
from .throttle import rate_limited_message, seconds_to_wait
from .upload import keep_uploads_in_memory
from .wording import say

NOTHING_FOUND = say("decoder.nothing_found")
CODE_IN_TEXT = re.compile(r"\b([1-6]\d\d)\b")


def codes_mentioned(text: str) -> list[ResponseCode]:
    """Codes a paste with no SIP in it may still be asking about, such as a bare "486"."""
    numbers = {int(n) for n in CODE_IN_TEXT.findall(text[:2000])}
    return list(ResponseCode.objects.filter(code__in=numbers)[:3]) if numbers else []


def example_asked_for(query) -> tuple[str, str] | None:
    """(title, text) of the example a link asked for: ?example=busy, a code's ?code=486, a guide's ?symptom=slug."""
    if "code" in query and query["code"].isdigit() and len(query["code"]) == 3:
        code = ResponseCode.objects.filter(code=int(query["code"])).exclude(example_exchange="").first()
        return (f"the typical exchange around {code.label}", code.example_exchange) if code else None
    if "symptom" in query:
        guide = Symptom.objects.filter(slug=query["symptom"][:50]).exclude(example_exchange="").first()
        return (f"the classic case of “{guide.title}”", guide.example_exchange) if guide else None
    return EXAMPLES.get(query.get("example", ""))


def decoded(form: DecodeForm):
    """The decoding of a valid form's paste or capture."""
    if capture := form.cleaned_data.get("capture"):
        return decode_messages(*capture)
    return decode(form.cleaned_data["text"])


def too_large(request, size: int) -> str:
    return capture_too_large_message(size) if request.content_type == "multipart/form-data" else too_large_message()


# The upload handlers must be set before the CSRF check reads the body, so the check runs in post().
@method_decorator([never_cache, sensitive_post_parameters("text"), csrf_exempt], name="dispatch")
class DecodeView(View):
    template_name = "codes/decode.html"

    def get(self, request):
        if (example := example_asked_for(request.GET)) is None:
            return self.show(request, DecodeForm())
        title, text = example
        form = DecodeForm(data={"text": text})
        form.is_valid()
        return self.show(request, form, decoding=decode(text), example=title)

    def post(self, request):
        if (size := oversized_body(request)) is not None:
            return self.show(request, DecodeForm(), HTTPStatus.REQUEST_ENTITY_TOO_LARGE, too_large=too_large(request, size))
        return self.checked_post(request, keep_uploads_in_memory(request))

    @method_decorator(csrf_protect)
    def checked_post(self, request, uploads):
        form = DecodeForm(request.POST, request.FILES)
        if uploads.too_large:
            return self.show(request, DecodeForm(), HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                             too_large=capture_too_large_message())
        if not form.is_valid():
            return self.show(request, form, form.error_status)
        if wait := seconds_to_wait(request):
            response = self.show(request, form, HTTPStatus.TOO_MANY_REQUESTS, rate_limited=rate_limited_message(wait))
            response["Retry-After"] = str(wait)
            return response
        decoding = decoded(form)
        extra = {} if decoding.messages else {"nothing_found": NOTHING_FOUND,
                                               "mentioned": codes_mentioned(form.cleaned_data["text"])}
        return self.show(request, form, decoding=decoding, **extra)

    def show(self, request, form, status=HTTPStatus.OK, **context):
        context = {"form": form, "examples": EXAMPLES, **context}
        return render(request, self.template_name, context, status=status)


@csrf_exempt  # nothing is stored and no one is signed in: a cross-site POST can only decode text
@never_cache
@sensitive_post_parameters("text")
def decode_api(request):
    if request.method != "POST":
        response = error('POST the text, as JSON {"text": "…"} or as a form field named text, or a capture file '
                         "as a multipart field named capture.", HTTPStatus.METHOD_NOT_ALLOWED)
        response["Allow"] = "POST"
        return response
    if (size := oversized_body(request)) is not None:
        return error(too_large(request, size), HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
    uploads = keep_uploads_in_memory(request)
    form = api_form(request)
    if uploads.too_large:
        return error(capture_too_large_message(), HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
    if form is None:
        return error('Send JSON like {"text": "SIP/2.0 486 Busy Here"}, a form field named text, '
                     "or a capture file in a multipart field named capture.")
    if not form.is_valid():
        return error(first_error(form), form.error_status)
    if wait := seconds_to_wait(request):
        response = error(rate_limited_message(wait), HTTPStatus.TOO_MANY_REQUESTS, retry_after=wait)
        response["Retry-After"] = str(wait)
        return response
    decoding = decoded(form)
    payload = {"found": bool(decoding.messages), **decoding.as_json(request.build_absolute_uri)}
    if not decoding.messages:
        payload["message"] = NOTHING_FOUND
    return answer(payload)


def api_form(request) -> DecodeForm | None:
    """The form for a JSON body or a form post, or None when the request carries neither."""
    if request.content_type == "application/json":
        try:
            body = json.loads(request.body)
        except (ValueError, UnicodeDecodeError):
            return None
        text = body.get("text") if isinstance(body, dict) else None
        return DecodeForm(data={"text": text}) if isinstance(text, str) else None
    if "text" not in request.POST and "capture" not in request.FILES:
        return None
    return DecodeForm(request.POST, request.FILES)


def first_error(form: DecodeForm) -> str:
    return next(iter(form.errors.values()))[0]
