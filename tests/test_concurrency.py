"""Editors saving at once, while readers read, on the default SQLite: no error and no lost edit."""

import threading
from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test import Client
from django.urls import reverse

from codes.models import TroubleshootingNote

from .forms import form_data

pytestmark = pytest.mark.django_db(transaction=True)
EDITORS, SAVES, READERS, READS = 4, 5, 4, 15


def editor_client(name: str) -> Client:
    user = User.objects.create_user(name, password="a-long-enough-password", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client = Client()
    client.force_login(user)
    return client


def run_together(workers) -> list[BaseException]:
    errors = []

    def guarded(work):
        try:
            work()
        except BaseException as error:  # noqa: BLE001 - collected and reported by the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=guarded, args=(work,)) for work in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


def test_editors_and_readers_at_once_lose_nothing(load_content, editors_group):
    notes = list(TroubleshootingNote.objects.filter(code__code__in=[401, 403, 486, 503]).order_by("pk")[:EDITORS])
    clients = [editor_client(f"editor{n}") for n in range(EDITORS)]
    statuses = []

    def edit(client, note):
        def work():
            url = reverse("admin:codes_troubleshootingnote_change", args=[note.pk])
            for save in range(SAVES):
                data = form_data(client.get(url))
                data["symptom"] = f"{note.slug}: save {save}"
                statuses.append(client.post(url, data).status_code)
        return work

    def read():
        reader = Client()
        for n in range(READS):
            statuses.append(reader.get(("/codes/486/", "/codes/", "/search/?q=busy", "/api/codes/503/")[n % 4]).status_code)

    errors = run_together([edit(c, n) for c, n in zip(clients, notes, strict=True)] + [read] * READERS)
    assert not errors, errors
    assert len(statuses) == EDITORS * SAVES + READERS * READS
    assert set(statuses) <= {HTTPStatus.OK, HTTPStatus.FOUND}, statuses
    for note in notes:
        note.refresh_from_db()
        assert note.symptom == f"{note.slug}: save {SAVES - 1}"


def test_two_editors_saving_the_same_note_at_once(load_content, editors_group):
    note = TroubleshootingNote.objects.get(code__code=486, slug="busy-though-free")
    url = reverse("admin:codes_troubleshootingnote_change", args=[note.pk])
    first, second = editor_client("first"), editor_client("second")
    forms = {client: form_data(client.get(url)) for client in (first, second)}
    forms[first]["symptom"] = "Saved by the first editor"
    forms[second]["causes"] = "Saved by the second editor"
    start = threading.Barrier(2)
    outcomes = {}

    def save(client):
        def work():
            start.wait()
            response = client.post(url, forms[client])
            outcomes[client] = (response.status_code, "Someone else saved a change" in response.content.decode())
        return work

    assert not run_together([save(first), save(second)])
    results = sorted(outcomes.values())
    assert results == [(HTTPStatus.OK, True), (HTTPStatus.FOUND, False)], results
    note.refresh_from_db()
    winner = first if outcomes[first][0] == HTTPStatus.FOUND else second
    if winner is first:
        assert note.symptom == "Saved by the first editor" and note.causes != "Saved by the second editor"
    else:
        assert note.causes == "Saved by the second editor" and note.symptom != "Saved by the first editor"
