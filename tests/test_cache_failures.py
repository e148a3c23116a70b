"""With the database unreachable, readers still get the cached pages."""

import logging
import socket
from contextlib import contextmanager
from http import HTTPStatus

import pytest
from django.db import OperationalError, connection
from django.test import override_settings

from codes.held_version import HeldVersion


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def logged(caplog, level: int) -> list[str]:
    return [f"{record.name}: {record.getMessage()}" for record in caplog.records if record.levelno == level]


@contextmanager
def database_unreachable():
    """This thread's connection pointed at a database that cannot be opened: a real failure, not a mock."""
    saved = dict(connection.settings_dict)
    connection.close()
    if connection.vendor == "sqlite":
        connection.settings_dict["NAME"] = "/nonexistent/sipref/db.sqlite3"
    else:
        connection.settings_dict["PORT"] = free_port()
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.update(saved)


@pytest.mark.django_db(transaction=True)
def test_with_the_database_down_cached_pages_are_served_and_others_answer_503(client, page_cache, load_content,
                                                                              caplog):
    cached = client.get("/codes/486/")
    with database_unreachable(), override_settings(VERSION_SECONDS=0):  # every request tries the database
        answers = [client.get("/codes/486/") for _ in range(5)]
        not_cached = client.get("/codes/487/")
    assert [a.status_code for a in answers] == [HTTPStatus.OK] * 5
    assert all(a.content == cached.content for a in answers)
    assert not_cached.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert b"briefly unavailable" in not_cached.content and not_cached["Retry-After"] == "30"
    assert len(logged(caplog, logging.WARNING)) == 1, "one warning for the outage, not one per request"
    assert logged(caplog, logging.ERROR) == []
    assert client.get("/codes/487/").status_code == HTTPStatus.OK  # the database is back


def test_a_process_that_never_read_the_version_fails_as_before():
    def unreachable():
        raise OperationalError("unable to open database file")

    with pytest.raises(OperationalError):
        HeldVersion().get(unreachable)

