"""The decoder's page and its JSON twin. The paste is read, explained and forgotten: it is
never saved, logged, cached or put in a URL (so it cannot end up in an access log)."""

import json
import re
from http import HTTPStatus

from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import View

from ..api import answer, error
from ..models import ResponseCode
from . import decode
from .examples import EXAMPLES
from .forms import DecodeForm, oversized_body, too_large_message
from .wording import say

NOTHING_FOUND = say("decoder.nothing_found")
CODE_IN_TEXT = re.compile(r"\b([1-6]\d\d)\b")


def codes_mentioned(text: str) -> list[ResponseCode]:
    """Codes a paste with no SIP in it may still be asking about, such as a bare "486"."""
    numbers = {int(n) for n in CODE_IN_TEXT.findall(text[:2000])}
    return list(ResponseCode.objects.filter(code__in=numbers)[:3]) if numbers else []


@method_decorator([never_cache, sensitive_post_parameters("text")], name="dispatch")
class DecodeView(View):
    template_name = "codes/decode.html"

    def get(self, request):
        if (example := EXAMPLES.get(request.GET.get("example", ""))) is None:
            return self.show(request, DecodeForm())
        title, text = example
        form = DecodeForm(data={"text": text})
        form.is_valid()
        return self.show(request, form, decoding=decode(text), example=title)

    def post(self, request):
        if oversized_body(request):
            return self.show(request, DecodeForm(), HTTPStatus.REQUEST_ENTITY_TOO_LARGE, too_large=too_large_message())
        form = DecodeForm(request.POST)
        if not form.is_valid():
            return self.show(request, form, form.error_status)
        text = form.cleaned_data["text"]
        decoding = decode(text)
        extra = {} if decoding.messages else {"nothing_found": NOTHING_FOUND, "mentioned": codes_mentioned(text)}
        return self.show(request, form, decoding=decoding, **extra)

    def show(self, request, form, status=HTTPStatus.OK, **context):
        context = {"form": form, "examples": EXAMPLES, **context}
        return render(request, self.template_name, context, status=status)


@csrf_exempt  # nothing is stored and no one is signed in: a cross-site POST can only decode text
@never_cache
@sensitive_post_parameters("text")
def decode_api(request):
    if request.method != "POST":
        response = error('POST the text, as JSON {"text": "…"} or as a form field named text.',
                         HTTPStatus.METHOD_NOT_ALLOWED)
        response["Allow"] = "POST"
        return response
    if oversized_body(request):
        return error(too_large_message(), HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
    text = pasted_text(request)
    if text is None:
        return error('Send JSON like {"text": "SIP/2.0 486 Busy Here"}, or a form field named text.')
    form = DecodeForm(data={"text": text})
    if not form.is_valid():
        return error(form.errors["text"][0], form.error_status)
    decoding = decode(form.cleaned_data["text"])
    payload = {"found": bool(decoding.messages), **decoding.as_json(request.build_absolute_uri)}
    if not decoding.messages:
        payload["message"] = NOTHING_FOUND
    return answer(payload)


def pasted_text(request) -> str | None:
    """The text from a JSON body or a form, or None when the request carries neither."""
    if request.content_type == "application/json":
        try:
            body = json.loads(request.body)
        except (ValueError, UnicodeDecodeError):
            return None
        text = body.get("text") if isinstance(body, dict) else None
        return text if isinstance(text, str) else None
    return request.POST.get("text")
