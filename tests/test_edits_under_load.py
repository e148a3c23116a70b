"""Saves during a read load, on the server `make run` starts (two worker processes, each with its own page cache
and search index): no reader waits long, each process rebuilds its index once or twice for a burst of saves rather
than once per save, and afterwards every process finds the last save. bench/edits.py measures the same load."""

import json
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter
from itertools import cycle
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.db import connection

from bench.edits import REBUILT, SETUP, Editor
from bench.pages import stop

from .backup_site import make_site_database, run_manage, site_env
from .test_serving import SERVER, free_port

# Four readers, each asking again 50 ms after an answer: a steady load that leaves the server room to answer.
SAVES, READERS, PAUSE = 5, 4, 0.05
READS = ["/codes/486/", "/codes/503/", "/codes/", "/search/?q=busy", "/search/?q=one+way+audio",
         "/api/search/?q=forbidden", "/"]
LAST_SAVE = "Busy though the callee's phone is free, a zebrafinch says"


def get(url: str) -> tuple[int, float, bytes]:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, time.perf_counter() - started, response.read()


def rebuilds(site) -> Counter:
    return Counter(REBUILT.findall(site.log.read_text(errors="replace")))


@pytest.fixture
def site(tmp_path, db):
    database = make_site_database(tmp_path / "site.sqlite3")
    env = {**site_env(database), "DJANGO_SETTINGS_MODULE": "tests.server_settings",
           "DJANGO_ALLOWED_HOSTS": "127.0.0.1"}
    if connection.vendor != "sqlite":  # the copy holds only the tables
        assert run_manage("loadcontent", database=database).returncode == 0
    note = int(subprocess.run([sys.executable, "manage.py", "shell", "-c", SETUP], cwd=settings.BASE_DIR, env=env,
                              capture_output=True, text=True, check=True).stdout.split()[-1])
    port, log = free_port(), tmp_path / "server.log"
    with log.open("wb") as output:
        server = subprocess.Popen([*SERVER, "--bind", f"127.0.0.1:{port}"], cwd=settings.BASE_DIR, env=env,
                                  stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        site = SimpleNamespace(base=f"http://127.0.0.1:{port}", note=note, log=log)
        warm(site)
        yield site
    finally:
        stop(server)


def warm(site) -> None:
    """Until both worker processes have built their first index, as a site in use has."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            get(site.base + "/")
            break
        except OSError:
            time.sleep(0.2)  # not listening yet
    while len(rebuilds(site)) < 2 and time.monotonic() < deadline:
        for path in READS:  # four at once, so that both processes answer
            threads = [threading.Thread(target=get, args=(site.base + path,)) for _ in range(4)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
    assert len(rebuilds(site)) == 2, site.log.read_text()


def read_until(stop: threading.Event, base: str, seen: list, start: int) -> None:
    for path in cycle(READS[start:] + READS[:start]):
        if stop.is_set():
            return
        asked = time.monotonic()
        status, seconds, _ = get(base + path)
        seen.append((path, status, seconds, asked))
        time.sleep(PAUSE)


def slowest_allowed(quiet: list[float]) -> float:
    """A second, or three times the slowest read of the same load before the saves, whichever is longer: the
    suite runs beside other tests on two cores, and a neighbour's burst slows every read alike, saves or none."""
    return max(1.0, 3 * max(quiet))


def test_a_burst_of_saves_under_a_read_load(site):
    before, stop, seen = rebuilds(site), threading.Event(), []
    readers = [threading.Thread(target=read_until, args=(stop, site.base, seen, n * 2)) for n in range(READERS)]
    for reader in readers:
        reader.start()
    try:
        time.sleep(1)
        saving = time.monotonic()
        editor = Editor(site.base, site.note)
        for save in range(SAVES - 1):
            editor.save(f"Busy though the callee's phone is free, save {save}")
        editor.save(LAST_SAVE)
        time.sleep(3)  # every process notices (a second's hold) and builds its pages and index again
    finally:
        stop.set()
        for reader in readers:
            reader.join(30)

    assert {status for _, status, _, _ in seen} == {200}
    quiet = [seconds for _, _, seconds, asked in seen if asked < saving]
    path, _, slowest, _ = max((read for read in seen if read[3] >= saving), key=lambda read: read[2])
    assert slowest < slowest_allowed(quiet), f"{path} took {slowest:.2f} s; before the saves, {max(quiet):.2f} s at most"
    built = rebuilds(site) - before
    assert built and max(built.values()) <= 2, f"{SAVES} saves, index rebuilds per process: {dict(built)}"
    assert finds_the_last_save(site, times=6), "a search did not find the last save"


def finds_the_last_save(site, *, times: int) -> bool:
    """Whether searches find it `times` in a row, whichever process answers, within the time an index may lag
    behind steady editing (codes/search/current.py) and a little more."""
    deadline, row = time.monotonic() + 15, 0
    while row < times and time.monotonic() < deadline:
        found = json.loads(get(site.base + "/api/search/?q=zebrafinch")[2])["results"]
        row = row + 1 if found and found[0]["url"].endswith("/codes/486/") else 0
        time.sleep(0.1)
    return row == times
