"""Before reverting, the history shows what the chosen version differs from what is stored now."""

from http import HTTPStatus

import pytest
from django.urls import reverse
from reversion.models import Version

from codes.models import ResponseCode, TroubleshootingNote

from .forms import form_data
from .test_history import change_note

pytestmark = pytest.mark.django_db


def revert_page(client, obj, version) -> str:
    name = f"admin:codes_{obj._meta.model_name}_revision"
    response = client.get(reverse(name, args=[obj.pk, version.pk]))
    assert response.status_code == HTTPStatus.OK
    return response.content.decode()


def test_the_revert_page_shows_the_removed_and_restored_words(client, editor):
    note = TroubleshootingNote.objects.get(code__code=486, slug="busy-though-free")
    change_note(client, note, "Phone rings busy while idle")
    change_note(client, note, "Phone rings busy while on a call")
    history = client.get(reverse("admin:codes_troubleshootingnote_history", args=[note.pk])).content.decode()
    first_edit = Version.objects.get_for_object(note)[1]
    assert reverse("admin:codes_troubleshootingnote_revision", args=[note.pk, first_edit.pk]) in history
    page = revert_page(client, note, first_edit)
    assert "What reverting would change" in page
    assert "Phone rings busy while <del>on a call</del><ins>idle</ins>" in page


def test_the_latest_version_changes_nothing(client, editor):
    note = TroubleshootingNote.objects.get(code__code=486, slug="busy-though-free")
    change_note(client, note, "The latest words")
    page = revert_page(client, note, Version.objects.get_for_object(note)[0])
    assert "Nothing: this version holds what is stored now." in page


def test_the_revert_page_names_inline_rows_it_would_change_add_or_delete(client, editor):
    code = ResponseCode.objects.get(code=504)
    url = reverse("admin:codes_responsecode_change", args=[code.pk])
    data = form_data(client.get(url))
    assert client.post(url, data).status_code == HTTPStatus.FOUND
    alias = code.aliases.first()
    data = form_data(client.get(url))
    data.update({"summary": "A summary <script>written later</script>."})
    assert client.post(url, data).status_code == HTTPStatus.FOUND
    code.aliases.create(phrase="Gateway took too long")
    alias.phrase, old_phrase = "Renamed alias", alias.phrase
    alias.save()
    page = revert_page(client, code, Version.objects.get_for_object(code)[1])
    assert "&lt;script&gt;written later&lt;/script&gt;.</del>" in page  # escaped, never markup
    assert "<script>written" not in page
    assert "Alias: 504 Renamed alias</h3>" in page
    assert f"<del>Renamed alias</del><ins>{old_phrase}</ins>" in page
    assert "Alias: 504 Gateway took too long (added since; reverting deletes it)" in page
    assert "<dt>Methods</dt>" not in page  # stored as their own rows, which did not change
