"""The decoder's paste, checked before anything reads it."""

from http import HTTPStatus

from django import forms
from django.core.exceptions import ValidationError

from . import MAX_BYTES

# Percent-encoding triples a byte and a JSON \u escape makes six of one, so a body may be up
# to six times the paste before we know how big the paste itself is.
MAX_BODY = 6 * MAX_BYTES + 16 * 1024


class DecodeForm(forms.Form):
    """The decoder's paste: any text up to MAX_BYTES, line ends counted as one byte."""

    text = forms.CharField(
        strip=False,
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false", "autocomplete": "off",
                                     "autocapitalize": "off", "aria-describedby": "decode-help decode-privacy"}),
        error_messages={"required": "Paste something first: a status line, a SIP message or a log excerpt."},
    )

    def clean_text(self):
        text = self.cleaned_data["text"].replace("\r\n", "\n")
        if not text.strip():
            raise ValidationError(self.fields["text"].error_messages["required"], code="required")
        if (size := len(text.encode())) > MAX_BYTES:
            raise ValidationError(too_large_message(size), code="too_large")
        return text

    @property
    def error_status(self) -> HTTPStatus:
        """413 for a paste over the limit, 400 for any other invalid one."""
        return HTTPStatus.REQUEST_ENTITY_TOO_LARGE if self.has_error("text", "too_large") else HTTPStatus.BAD_REQUEST


def too_large_message(size: int | None = None) -> str:
    what = f"That paste is {size / 1024:.0f} KB; " if size else "That paste is too large; "
    return what + f"the decoder reads up to {MAX_BYTES // 1024} KB. Keep the messages around the failure and try again."


def oversized_body(request) -> bool:
    """A request body too big to hold a paste of MAX_BYTES, however it is encoded: refused unread."""
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BODY
    except ValueError:
        return True
