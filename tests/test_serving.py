"""The server `make run` starts keeps answering readers while hundreds of other connections send their
requests slowly, or nothing at all: it reads each request whole before Django sees it (sipref/asgi.py)."""

import os
import re
import signal
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
from sipref import serve

from . import content

# Marked so that the test database is set up: the server reads its content.
pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent
# The server, its config file and flags as the Makefile's `run` target starts it.
SERVER = [sys.executable, "-m", "sipref.serve", "--workers", "2"]
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
def server_log(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("serving") / "server.log"


@pytest.fixture(scope="module")
def server_env(django_db_setup, django_db_blocker) -> dict:
    """The test database's content, with production's settings (static files from the source folders)."""
    with django_db_blocker.unblock():
        content.ensure()
        return {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", "DATABASE_URL": database_url(),
                "DJANGO_ALLOWED_HOSTS": "127.0.0.1"}


@pytest.fixture(scope="module")
def site(server_env, server_log):
    env, port, log = server_env, free_port(), server_log
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



def listening_sockets(port: int) -> int:
    """How many sockets listen on `port` (IPv4), whichever processes hold them, as the kernel lists them."""
    rows = Path("/proc/net/tcp").read_text().splitlines()[1:]
    return sum(1 for row in rows if row.split()[1].endswith(f":{port:04X}") and row.split()[3] == "0A")


def test_each_worker_listens_on_a_socket_of_its_own(site, server_log):
    """The kernel then shares new connections out among the workers by a hash of each (sipref/serve.py). On one
    socket shared by all, the first worker free took every connection waiting: under wrk's eight connections asking
    new searches, 7/1 or 8/0 in more than half the runs, one core idle while the other's queue grew."""
    deadline = time.monotonic() + 30
    while server_log.read_text().count("[INFO] Running on") < 2 and time.monotonic() < deadline:
        time.sleep(0.1)  # each worker binds its socket once it has loaded the site
    assert listening_sockets(int(site.rsplit(":", 1)[1])) == 2


def test_a_second_copy_on_an_address_in_use_says_so_and_stops():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        second = subprocess.run([*SERVER, "--bind", f"127.0.0.1:{port}"], cwd=ROOT, capture_output=True, text=True,
                                timeout=30, check=False)
    assert second.returncode == 1
    assert f"127.0.0.1:{port} is in use already" in second.stderr


def test_when_a_worker_dies_the_site_stops_and_says_so(server_env, tmp_path):
    """For systemd (or whatever runs it) to restart the whole site, rather than serve on with a worker short."""
    port, log = free_port(), tmp_path / "server.log"
    with log.open("wb") as output:
        server = subprocess.Popen([*SERVER, "--bind", f"127.0.0.1:{port}"], cwd=ROOT, env=server_env, stdout=output,
                                  stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_until_serving(f"http://127.0.0.1:{port}", log)
        worker = int(re.search(r"\[(\d+)\] \[INFO\] Running on", log.read_text()).group(1))
        os.kill(worker, signal.SIGKILL)
        assert server.wait(timeout=30) == 1
    finally:
        if server.poll() is None:
            stop(server)
    assert f"Worker {worker} stopped (exit status -9): stopping the site." in log.read_text()


@pytest.mark.parametrize(("arguments", "said"), [
    (["--workers", "0"], "--workers 0: at least one"),
    (["--bind", "127.0.0.1"], "--bind 127.0.0.1: give a HOST:PORT"),
    (["--bind", "unix:/run/sipref.sock"], "--bind unix:/run/sipref.sock: give a HOST:PORT"),
])
def test_a_bad_command_line_is_refused_with_the_reason(arguments, said, capsys):
    with pytest.raises(SystemExit) as refused:
        serve.config_from(arguments)
    assert refused.value.code == 2 and said in capsys.readouterr().err


def test_the_command_line_overrides_the_settings_file():
    config = serve.config_from(["--bind", "0.0.0.0:8001", "--bind", "[::]:8001", "--workers", "3"])
    assert config.bind == ["0.0.0.0:8001", "[::]:8001"] and config.workers == 3
    assert config.application_path == "sipref.asgi:application" and config.keep_alive_timeout == 5
