"""Every content change is recorded, attributed, reversible, and deleted rows can be recovered."""

from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from reversion.models import Version

from codes.models import ResponseCode, TroubleshootingNote

from .forms import form_data

pytestmark = pytest.mark.django_db


def change_note(client, note, symptom):
    url = reverse("admin:codes_troubleshootingnote_change", args=[note.pk])
    data = form_data(client.get(url))
    data.update(symptom=symptom)
    return client.post(url, data)


def test_an_edit_is_recorded_with_who_and_when(client, editor):
    note = TroubleshootingNote.objects.get(code__code=486, slug="busy-though-free")
    assert change_note(client, note, "Busy although free").status_code == HTTPStatus.FOUND
    latest = Version.objects.get_for_object(note).first()
    assert latest.revision.user == editor and latest.revision.date_created
    history = client.get(reverse("admin:codes_troubleshootingnote_history", args=[note.pk])).content.decode()
    assert "ed" in history and "Changed" in history


def test_an_edit_can_be_reverted(client, editor):
    note = TroubleshootingNote.objects.get(code__code=486, slug="busy-though-free")
    original = note.symptom
    change_note(client, note, "First edit")
    change_note(client, note, "Second edit")
    versions = Version.objects.get_for_object(note)
    first_edit = versions[1]
    url = reverse("admin:codes_troubleshootingnote_revision", args=[note.pk, first_edit.pk])
    response = client.post(url, form_data(client.get(url)))
    assert response.status_code == HTTPStatus.FOUND
    note.refresh_from_db()
    assert note.symptom == "First edit" != original


def test_a_deleted_note_can_be_recovered(client, editor):
    note = TroubleshootingNote.objects.get(code__code=486, slug="busy-though-free")
    change_note(client, note, "Edited before deletion")
    delete = reverse("admin:codes_troubleshootingnote_delete", args=[note.pk])
    assert client.post(delete, {"post": "yes"}).status_code == HTTPStatus.FOUND
    assert not TroubleshootingNote.objects.filter(pk=note.pk).exists()
    recover_list = client.get(reverse("admin:codes_troubleshootingnote_recoverlist"))
    assert "Edited before deletion" in recover_list.content.decode()
    version = Version.objects.get_deleted(TroubleshootingNote).get(object_id=str(note.pk))
    url = reverse("admin:codes_troubleshootingnote_recover", args=[version.pk])
    assert client.post(url, form_data(client.get(url))).status_code == HTTPStatus.FOUND
    assert TroubleshootingNote.objects.get(pk=note.pk).symptom == "Edited before deletion"


def test_a_code_revision_holds_its_inline_rows(client, editor):
    code = ResponseCode.objects.get(code=504)
    url = reverse("admin:codes_responsecode_change", args=[code.pk])
    data = form_data(client.get(url))
    data["summary"] = "Edited summary."
    assert client.post(url, data).status_code == HTTPStatus.FOUND
    revision = Version.objects.get_for_object(code).first().revision
    models = {version.content_type.model for version in revision.version_set.all()}
    assert {"responsecode", "citation", "alias", "troubleshootingnote", "codemethod"} <= models


def test_a_stale_edit_is_refused_instead_of_overwriting(client, editor):
    note = TroubleshootingNote.objects.get(code__code=486, slug="busy-though-free")
    url = reverse("admin:codes_troubleshootingnote_change", args=[note.pk])
    opened_first = form_data(client.get(url))
    opened_second = form_data(client.get(url))
    opened_second["symptom"] = "Saved first"
    assert client.post(url, opened_second).status_code == HTTPStatus.FOUND
    opened_first["causes"] = "A change made on an out-of-date page"
    response = client.post(url, opened_first)
    assert response.status_code == HTTPStatus.OK
    assert "Someone else saved a change to this after you opened it" in response.content.decode()
    note.refresh_from_db()
    assert note.symptom == "Saved first" and note.causes != "A change made on an out-of-date page"
