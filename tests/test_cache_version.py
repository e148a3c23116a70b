"""Each process holds the content version for a moment instead of reading it per request; its own
edits still show in its next request, other threads see them at the commit, and a rollback leaves
no trace."""

from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress

import pytest
from django.db import connection, transaction
from django.test import Client

from codes.models import ResponseCode


class Abandoned(Exception):
    pass


def edit(summary: str) -> None:
    code = ResponseCode.objects.get(code=486)
    code.summary = summary
    code.save()


def from_another_thread(url: str) -> bytes:
    """A reader served by another thread of this process, as the server's threads serve them."""

    def get() -> bytes:
        try:
            return Client().get(url).content
        finally:
            connection.close()

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(get).result()


@pytest.mark.django_db
def test_a_rolled_back_edit_leaves_the_page_as_it_was(client, page_cache):
    before = client.get("/codes/486/").content
    with suppress(Abandoned), transaction.atomic():
        edit("Never kept.")
        assert b"Never kept." in client.get("/codes/486/").content
        raise Abandoned
    assert client.get("/codes/486/").content == before


@pytest.mark.django_db(transaction=True)
def test_other_threads_see_an_edit_at_its_commit_and_never_before(client, page_cache, load_content):
    before = from_another_thread("/codes/486/")  # the version is now held by the process
    with suppress(Abandoned), transaction.atomic():
        edit("Rolled back.")
        assert b"Rolled back." in client.get("/codes/486/").content
        raise Abandoned
    assert client.get("/codes/486/").content == before
    with transaction.atomic():
        edit("Committed.")
        assert b"Committed." in client.get("/codes/486/").content, "the editing thread sees its edit at once"
        assert from_another_thread("/codes/486/") == before, "other threads wait for the commit"
    assert b"Committed." in from_another_thread("/codes/486/")
