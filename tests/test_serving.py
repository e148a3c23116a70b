"""The server `make run` starts keeps answering readers while hundreds of other connections send their
requests slowly, or nothing at all: it reads each request whole before Django sees it (sipref/asgi.py)."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import ExitStack
from http import HTTPStatus
from pathlib import Path

import pytest
from django.db import connection

from bench.pages import stop

from . import content

# Marked so that the test database is set up: the server reads its content.
pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent
# The server, its config file and flags as the Makefile's `run` target starts it.
SERVER = [sys.executable, "-m", "hypercorn", "--config", "file:sipref/serving.py", "--workers", "2",
          "sipref.asgi:application"]
SLOW_CONNECTIONS = 200
# What each slow connection sends before it waits: nothing, half a request's headers, or the headers and a
# little of a body it promised 100 KB of.
HALF_SENT = {
    "idle": b"",
    "headers": b"GET /codes/486/ HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slow",
    "body": b"POST /api/decode/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            b"Content-Length: 100000\r\n\r\n{\"text\": \"SIP/2.0 486",
}


def database_url() -> str:
    config = connection.settings_dict
    if config["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{config['NAME']}"
    return f"postgres://{config['USER']}:{config['PASSWORD']}@{config['HOST']}:{config['PORT']}/{config['NAME']}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def read(url: str, timeout: float = 10) -> tuple[int, float]:
    started = time.monotonic()
    with urllib.request.urlopen(url, timeout=timeout) as response:
        response.read()
        return response.status, time.monotonic() - started


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker, tmp_path_factory):
    """The test database's content, served with production's settings (static files from the source folders)."""
    with django_db_blocker.unblock():
        content.ensure()
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", "DATABASE_URL": database_url(),
               "DJANGO_ALLOWED_HOSTS": "127.0.0.1"}
    port, log = free_port(), tmp_path_factory.mktemp("serving") / "server.log"
    with log.open("wb") as output:
        server = subprocess.Popen([*SERVER, "--bind", f"127.0.0.1:{port}"], cwd=ROOT, env=env, stdout=output,
                                  stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(base, log)
        for _ in range(6):  # both worker processes connect to the database and compile their templates
            read(base + "/codes/486/")
        yield base
    finally:
        stop(server)


def wait_until_serving(base: str, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            read(base + "/robots.txt", timeout=2)
            return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"The server did not start:\n{log.read_text(errors='replace')}")


def hold_open(stack: ExitStack, base: str, first_bytes: bytes) -> None:
    port = int(base.rsplit(":", 1)[1])
    for _ in range(SLOW_CONNECTIONS):
        slow = stack.enter_context(socket.create_connection(("127.0.0.1", port), timeout=5))
        slow.sendall(first_bytes)


@pytest.mark.parametrize("sent", HALF_SENT)
def test_readers_are_answered_within_a_second_while_200_connections_hang(site, sent):
    with ExitStack() as stack:
        hold_open(stack, site, HALF_SENT[sent])
        time.sleep(0.2)  # the server has taken every one of them
        answers = [read(site + path, timeout=5) for path in ("/codes/486/", "/", "/api/codes/486/", "/codes/486/")]
    assert [status for status, _ in answers] == [HTTPStatus.OK] * 4
    slowest = max(seconds for _, seconds in answers)
    assert slowest < 1.0, f"a reader waited {slowest:.2f} s behind {SLOW_CONNECTIONS} {sent} connections"


def test_a_connection_that_never_finishes_its_headers_is_closed_within_seconds(site):
    with ExitStack() as stack:
        port = int(site.rsplit(":", 1)[1])
        slow = [stack.enter_context(socket.create_connection(("127.0.0.1", port), timeout=10)) for _ in range(10)]
        for connection_ in slow:
            connection_.sendall(HALF_SENT["headers"])
        started = time.monotonic()
        closed = [connection_.recv(1) for connection_ in slow]  # b"" once the server hangs up
        waited = time.monotonic() - started
    assert closed == [b""] * 10 and waited < 8, f"held for {waited:.1f} s"
