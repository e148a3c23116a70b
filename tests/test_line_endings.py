"""Text saved through the admin is stored with LF line ends, so resending unchanged text changes nothing."""

from http import HTTPStatus

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from codes.models import ResponseCode, TroubleshootingNote

from .forms import form_data

pytestmark = pytest.mark.django_db


def as_a_browser_sends_it(data: dict) -> dict:
    """Browsers submit a textarea's line ends as CRLF (HTML's form-data encoding)."""
    return {name: value.replace("\n", "\r\n") for name, value in data.items()}


def save_code(client, code: ResponseCode, **changes) -> str:
    """Saves the code's change form as a browser would; returns the history's entry for the save."""
    url = reverse("admin:codes_responsecode_change", args=[code.pk])
    data = as_a_browser_sends_it(form_data(client.get(url)))
    data["senders"] = [str(pk) for pk in code.senders.values_list("pk", flat=True)]  # a multiple select
    assert sum("\r\n" in value for value in data.values()) >= 3  # the description and notes span lines
    assert client.post(url, {**data, **changes}).status_code == HTTPStatus.FOUND
    return LogEntry.objects.filter(object_id=str(code.pk)).latest("action_time").get_change_message()


def test_changing_only_the_summary_is_recorded_as_only_the_summary(client, editor):
    code = ResponseCode.objects.get(code=486)
    notes_before = list(TroubleshootingNote.objects.filter(code=code).values())
    assert save_code(client, code, summary="The callee is busy: a summary edited in a browser.") == "Changed Summary."
    assert list(TroubleshootingNote.objects.filter(code=code).values()) == notes_before
    history = client.get(reverse("admin:codes_responsecode_history", args=[code.pk])).content.decode()
    assert "Changed Summary." in history and "Changed Description" not in history


def test_text_typed_with_crlf_is_stored_with_lf(client, editor):
    code = ResponseCode.objects.get(code=486)
    save_code(client, code, description="First paragraph.\r\n\r\nSecond paragraph.")
    code.refresh_from_db()
    assert code.description == "First paragraph.\n\nSecond paragraph."
    assert code.example_exchange.endswith("Content-Length: 0\n")  # its final line end kept


def test_a_required_text_of_only_spaces_is_refused(client, editor):
    code = ResponseCode.objects.get(code=486)
    url = reverse("admin:codes_responsecode_change", args=[code.pk])
    response = client.post(url, {**form_data(client.get(url)), "summary": " \r\n "})
    assert response.status_code == HTTPStatus.OK
    assert "This field is required." in response.content.decode()
