"""A database that cannot be written: an editor's save ends on a page saying it was not saved and why,
nothing is half-saved, and readers keep reading."""

from contextlib import contextmanager
from http import HTTPStatus

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.urls import reverse
from reversion.models import Version

from codes.models import TroubleshootingNote

from .forms import form_data

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="uses SQLite's own read-only and size limits"),
]


@contextmanager
def read_only_database():
    """SQLite refuses every write on this connection ("attempt to write a readonly database")."""
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA query_only = ON")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA query_only = OFF")


@contextmanager
def full_database():
    """SQLite may not grow the file by one page ("database or disk is full")."""
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA max_page_count")
        limit = cursor.fetchone()[0]
        cursor.execute("PRAGMA page_count")
        cursor.execute(f"PRAGMA max_page_count = {cursor.fetchone()[0]}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA max_page_count = {limit}")


def edit_note(client, **fields):
    note = TroubleshootingNote.objects.get(code__code=486, slug="busy-though-free")
    url = reverse("admin:codes_troubleshootingnote_change", args=[note.pk])
    return note, url, {**form_data(client.get(url)), **fields}


def test_a_save_to_a_read_only_database_says_it_was_not_saved(client, editor):
    note, url, data = edit_note(client, causes="A careful paragraph an editor spent an hour on.")
    versions = Version.objects.get_for_object(note).count()
    with read_only_database():
        response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert "Your edit was <strong>not saved</strong>" in page
    assert "The database is read-only" in page
    assert "Nothing else changed" in page
    assert "A careful paragraph an editor spent an hour on." in page  # their text, to copy or send again
    note.refresh_from_db()
    assert note.causes != "A careful paragraph an editor spent an hour on."
    assert Version.objects.get_for_object(note).count() == versions


def test_trying_again_once_the_database_is_writable_saves_the_edit(client, editor):
    note, url, data = edit_note(client, causes="Sent again from the error page.")
    with read_only_database():
        refused = client.post(url, data)
    resent = form_data(refused, "retry")
    assert resent == data
    assert client.post(url, resent).status_code == HTTPStatus.FOUND
    note.refresh_from_db()
    assert note.causes == "Sent again from the error page."


def test_a_save_to_a_full_disk_says_so(client, editor):
    _, url, data = edit_note(client, causes="A new paragraph. " * 400)
    with full_database():
        response = client.post(url, data)
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert "The disk that holds the database is full." in response.content.decode()


def test_a_revert_to_a_read_only_database_says_it_was_not_saved(client, editor):
    note, url, data = edit_note(client, symptom="An edit to revert")
    client.post(url, data)
    older = Version.objects.get_for_object(note).last()
    revert = reverse("admin:codes_troubleshootingnote_revision", args=[note.pk, older.pk])
    form = form_data(client.get(revert))
    with read_only_database():
        response = client.post(revert, form)
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    note.refresh_from_db()
    assert note.symptom == "An edit to revert"


@pytest.mark.parametrize(
    "path",
    ["/", "/codes/", "/codes/486/", "/search/?q=busy", "/search/?q=qqzzqq", "/api/codes/486/", "/symptoms/", "/q850/17/"],
)
def test_readers_keep_reading_a_read_only_database(client, path):
    with read_only_database():
        assert client.get(path).status_code == HTTPStatus.OK


def test_an_editor_can_still_open_the_admin_on_a_read_only_database(client, editor):
    note, url, _ = edit_note(client)
    with read_only_database():
        assert client.get(url).status_code == HTTPStatus.OK
        assert client.get(reverse("admin:codes_troubleshootingnote_history", args=[note.pk])).status_code == 200


@pytest.mark.parametrize("password", ["a-long-enough-password", "wrong"])
def test_signing_in_to_a_read_only_database_says_why_and_never_echoes_the_password(client, password):
    User.objects.create_user("ed", password="a-long-enough-password", is_staff=True)
    with read_only_database():
        response = client.post(reverse("admin:login"), {"username": "ed", "password": password})
    page = response.content.decode()
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert "You were <strong>not signed in</strong>" in page and "The database is read-only" in page
    assert password not in page
