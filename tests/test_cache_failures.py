"""The cache fails open: with Redis stopped or hung, or the database unreachable, readers still get pages."""

import logging
import shutil
import signal
import socket
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from http import HTTPStatus

import pytest
from django.db import OperationalError, connection
from django.test import Client, override_settings

from codes.breaker import BREAKER
from codes.held_version import HeldVersion
from sipref.settings import redis_cache

from .test_cache import renders


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


@pytest.fixture
def redis(tmp_path):
    """A Redis server of the test's own, as the page cache's backend."""
    if not (binary := shutil.which("redis-server")):
        pytest.skip("redis-server is not installed (`make test` installs Debian's)")
    port = free_port()
    server = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                               "--dir", str(tmp_path)], stdout=subprocess.DEVNULL)
    for _ in range(50):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.05)
    BREAKER.reset()
    with override_settings(CACHES={"default": redis_cache(f"redis://127.0.0.1:{port}/0")}):
        yield server
    server.send_signal(signal.SIGCONT)
    server.terminate()
    server.wait(timeout=10)
    BREAKER.reset()


def timed_get(client, url: str) -> tuple[float, object]:
    started = time.perf_counter()
    response = client.get(url)
    return time.perf_counter() - started, response


@pytest.mark.django_db
def test_with_redis_stopped_pages_are_still_served(client, page_cache, redis, caplog):
    cached = client.get("/codes/486/")
    redis.terminate()
    redis.wait(timeout=10)
    with override_settings(PAGE_CACHE_RETRY_SECONDS=0):  # every request tries Redis again, and fails
        answers = [client.get(url) for url in ("/codes/486/", "/codes/487/", "/", "/codes/486/")]
    assert [a.status_code for a in answers] == [HTTPStatus.OK] * 4
    assert answers[0].content == cached.content
    assert len(logged(caplog, logging.WARNING)) == 1, "one warning for the outage, not one per request"
    assert logged(caplog, logging.ERROR) == []


@pytest.mark.django_db
def test_with_redis_hung_a_page_is_answered_within_a_second_and_the_next_without_waiting(client, page_cache, redis,
                                                                                         caplog):
    client.get("/codes/486/")
    redis.send_signal(signal.SIGSTOP)
    first, answer = timed_get(client, "/codes/486/")
    assert answer.status_code == HTTPStatus.OK and first < 1
    second, answer = timed_get(client, "/robots.txt")
    assert answer.status_code == HTTPStatus.OK and second < 0.4, "while Redis is down, no request waits for it"
    assert len(logged(caplog, logging.WARNING)) == 1


@pytest.mark.django_db
def test_when_redis_is_tried_again_one_request_waits_for_it_not_every_one(client, page_cache, redis):
    client.get("/robots.txt")
    redis.send_signal(signal.SIGSTOP)
    with override_settings(PAGE_CACHE_RETRY_SECONDS=1):
        client.get("/robots.txt")  # the outage begins
        time.sleep(1.05)  # time to try Redis again, still hung
        with ThreadPoolExecutor(4) as pool:  # four readers at once, as a threaded server serves them
            waits = list(pool.map(lambda _: timed_get(Client(), "/robots.txt")[0], range(4)))
    # The one that tried Redis waited its 0.5 s read timeout on top of what the others took; measured against the
    # fastest reader, so a busy machine that slows every request alike does not blur it.
    assert sum(wait >= min(waits) + 0.4 for wait in waits) == 1, waits


@pytest.mark.django_db
def test_once_redis_answers_again_pages_come_from_it(client, page_cache, redis):
    client.get("/codes/486/")
    redis.send_signal(signal.SIGSTOP)
    with override_settings(PAGE_CACHE_RETRY_SECONDS=0.1):
        client.get("/codes/486/")
        redis.send_signal(signal.SIGCONT)
        time.sleep(0.1)
        rendered, _ = renders(client, "/codes/486/")
    assert rendered == 0
