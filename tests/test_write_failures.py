"""A database that cannot be written: an editor's save ends on a page saying it was not saved and why,
nothing is half-saved, and readers keep reading."""

import json
import sqlite3
import subprocess
import sys
from contextlib import contextmanager
from http import HTTPStatus

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection
from django.urls import reverse
from reversion.models import Version

from codes.models import TroubleshootingNote

from .backup_site import make_site_database, site_env
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


# A site process with production settings (tests/server_settings.py: static files from the source folders, so a
# fresh clone needs no collectstatic) on a copy of the test database: an editor signs in while the file can
# be written, then the file is opened read-only (SQLite's mode=ro), as when its disk or permissions go read-only.
READ_ONLY_SITE = """
import json, re, sys, django
django.setup()
from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from codes.models import ResponseCode
from tests.forms import form_data
editor = Client(SERVER_NAME="localhost")
editor.force_login(User.objects.create_superuser("chief", "chief@example.com", "unused-password-1"))
code = ResponseCode.objects.get(code=486)
connection.close()
connection.settings_dict["NAME"] = f"file:{sys.argv[1]}?mode=ro"
url = f"/admin/codes/responsecode/{code.pk}/change/"
opened = editor.get(url)
data = {**form_data(opened), "summary": "Saved while read-only.", "senders": [str(s.pk) for s in code.senders.all()]}
saved = editor.post(url, data)
readers = {path: Client(SERVER_NAME="localhost").get(path).status_code for path in ("/", "/codes/486/", "/search/?q=busy")}
print(json.dumps({"readers": readers, "opened": opened.status_code, "saved": saved.status_code,
                  "page": re.sub(r"<[^>]+>|\\s+", " ", saved.content.decode())}))
"""


def test_a_read_only_database_file_in_production(tmp_path):
    database = make_site_database(tmp_path / "site.sqlite3")
    result = subprocess.run([sys.executable, "-c", READ_ONLY_SITE, str(database)], cwd=settings.BASE_DIR,
                            env={**site_env(database), "DJANGO_SETTINGS_MODULE": "tests.server_settings"},
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.splitlines()[-1])
    assert seen["readers"] == {"/": 200, "/codes/486/": 200, "/search/?q=busy": 200}
    assert seen["opened"] == HTTPStatus.OK
    assert seen["saved"] == HTTPStatus.SERVICE_UNAVAILABLE
    assert "Your edit was not saved" in " ".join(seen["page"].split())
    with sqlite3.connect(database) as stored:
        assert stored.execute("SELECT summary FROM codes_responsecode WHERE code = 486").fetchone()[0] != (
            "Saved while read-only."
        )
