"""Every content change is recorded, attributed, reversible, and deleted rows can be recovered."""

from html.parser import HTMLParser
from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from reversion.models import Version

from codes.models import ResponseCode, TroubleshootingNote

from .forms import form_data

pytestmark = pytest.mark.django_db


def change_note(client, note, symptom=None, **fields):
    url = reverse("admin:codes_troubleshootingnote_change", args=[note.pk])
    if symptom is not None:
        fields["symptom"] = symptom
    return client.post(url, {**form_data(client.get(url)), **fields})


class HistoryTable(HTMLParser):
    """The rows of the admin history page's table, each as the text of its cells."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.rows, self.inside, self.cell = [], False, None

    def handle_starttag(self, tag, attrs):
        if tag == "table" and dict(attrs).get("id") == "change-history":
            self.inside = True
        elif self.inside and tag == "tr":
            self.rows.append([])
        elif self.inside and tag in ("th", "td"):
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "table":
            self.inside = False
        elif self.inside and tag in ("th", "td") and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def history(client, note) -> list[list[str]]:
    """Who did what, oldest first, as the history page shows it (the date column left out)."""
    table = HistoryTable()
    table.feed(client.get(reverse("admin:codes_troubleshootingnote_history", args=[note.pk])).content.decode())
    header, *rows = table.rows
    assert header == ["Date/time", "User", "Action"]
    return [row[1:] for row in rows]


def test_an_edit_is_recorded_with_who_and_when(client, editor):
    note = TroubleshootingNote.objects.get(code__code=486, slug="busy-though-free")
    assert change_note(client, note, "Busy although free").status_code == HTTPStatus.FOUND
    second = User.objects.create_user("margarethe", password="a-long-enough-password", is_staff=True)
    second.groups.add(Group.objects.get(name="Editors"))
    client.force_login(second)
    assert change_note(client, note, causes="A cause found on Tuesday").status_code == HTTPStatus.FOUND
    assert history(client, note) == [["ed", "Changed Symptom."], ["margarethe", "Changed Causes."]]
    latest, first = Version.objects.get_for_object(note)
    assert (first.revision.user, latest.revision.user) == (editor, second)
    assert first.revision.date_created <= latest.revision.date_created


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
