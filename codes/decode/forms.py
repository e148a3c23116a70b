"""What the decoder is given, checked before anything reads it: a paste, or a capture file."""

from http import HTTPStatus

from django import forms
from django.core.exceptions import ValidationError

from . import MAX_BYTES
from .capture import CaptureError, read_capture
from .upload import MAX_CAPTURE
from .wording import say

# Percent-encoding triples a byte and a JSON \u escape makes six of one, so a body may be up
# to six times the paste before we know how big the paste itself is.
MAX_BODY = 6 * MAX_BYTES + 16 * 1024
# A multipart body carries the file as it is, beside a paste and the form's other fields.
MAX_UPLOAD_BODY = MAX_CAPTURE + MAX_BODY


class DecodeForm(forms.Form):
    """A paste of any text up to MAX_BYTES (line ends counted as one byte), or a capture up to MAX_CAPTURE."""

    text = forms.CharField(
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false", "autocomplete": "off",
                                     "autocapitalize": "off", "aria-describedby": "decode-help decode-privacy"}),
    )
    capture = forms.FileField(
        required=False,
        label="Or a capture file",
        widget=forms.FileInput(attrs={"accept": ".pcap,.pcapng,.cap,application/vnd.tcpdump.pcap",
                                      "aria-describedby": "capture-help decode-privacy"}),
    )

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].replace("\r\n", "\n")
        if (size := len(text.encode())) > MAX_BYTES:
            raise ValidationError(too_large_message(size), code="too_large")
        return text if text.strip() else ""

    def clean_capture(self):
        """The capture's messages and whether there were too many, read in memory; the file itself is dropped."""
        upload = self.cleaned_data.get("capture")
        if not upload:
            return None
        try:
            return read_capture(upload.read())
        except CaptureError as error:
            raise ValidationError(str(error), code="not_a_capture") from None
        finally:
            upload.close()

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        if not cleaned.get("text") and not cleaned.get("capture"):
            raise ValidationError(say("decoder.nothing_given"), code="required")
        if cleaned.get("text") and cleaned.get("capture"):
            raise ValidationError(say("decoder.both_given"), code="both")
        return cleaned

    @property
    def error_status(self) -> HTTPStatus:
        """413 for a paste over the limit, 400 for any other invalid input."""
        return HTTPStatus.REQUEST_ENTITY_TOO_LARGE if self.has_error("text", "too_large") else HTTPStatus.BAD_REQUEST


def too_large_message(size: int | None = None) -> str:
    what = f"That paste is {size / 1024:.0f} KB; " if size else "That paste is too large; "
    return what + f"the decoder reads up to {MAX_BYTES // 1024} KB. Keep the messages around the failure and try again."


def capture_too_large_message(size: int | None = None) -> str:
    what = f"That capture is {size / 1024 / 1024:.1f} MB" if size else "That capture is too large"
    return say("decoder.capture_too_large", what=what, limit=MAX_CAPTURE // 1024 // 1024)


def oversized_body(request) -> int | None:
    """The size of a request body too big to hold what the decoder accepts, however encoded; None if it may be read."""
    limit = MAX_UPLOAD_BODY if request.content_type == "multipart/form-data" else MAX_BODY
    try:
        size = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0
    return size if size > limit else None
