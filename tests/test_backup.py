"""A backup taken while editors save holds every edit committed before it began, and both restores
README.md gives (by hand, and `manage.py restore`) bring it back whole, over the -wal file the
stopped site left behind. The editors, the backup and the restored site each run in their own
process with production settings, on a copy of the test database in the test's own folder."""

import json
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from codes.backup import make_backup, side_files
from codes.models import ResponseCode

from .backup_site import make_site_database, run_manage, site_env

pytestmark = pytest.mark.django_db  # the test database is made; its content is read, never written
PROCESSES, THREADS = 2, 2

# A site process whose editors (threads, as the server's worker threads) each save numbered edits one
# after another, each in its own transaction as the admin saves, and log each once its commit returned.
EDITORS = """
import sys, threading, time, django
django.setup()
from django.db import transaction
from codes.models import SearchSynonym
process, log = sys.argv[1], open(sys.argv[2], "a", buffering=1)

def edit(editor):
    for n in range(5000):
        with transaction.atomic():
            SearchSynonym.objects.create(phrase=f"backup test {editor} {n}", means="busy")
        log.write(f"{editor} {n} {time.time()}\\n")
        time.sleep(0.005)

for thread in range(int(sys.argv[3])):
    threading.Thread(target=edit, args=(f"{process}.{thread}",)).start()
"""

# What the restored site reads back through the ORM.
READER = """
import json
from django.db import connection
from codes.models import ResponseCode, SearchSynonym
with connection.cursor() as cursor:
    integrity = cursor.execute("PRAGMA integrity_check").fetchall()
print(json.dumps({"integrity": integrity, "codes": ResponseCode.objects.count(),
    "edits": list(SearchSynonym.objects.filter(phrase__startswith="backup test ").values_list("phrase", flat=True))}))
"""


def committed(logs: list[Path]) -> dict[tuple[str, int], float]:
    """Every logged edit, (editor, number), with when its commit had returned."""
    edits = {}
    for log in logs:
        for line in log.read_text().splitlines() if log.exists() else ():
            editor, number, at = line.split()
            edits[editor, int(number)] = float(at)
    return edits


def back_up_while_editors_save(live: Path, backup: Path) -> tuple[dict, float, float]:
    logs = [live.with_name(f"editors-{n}.log") for n in range(PROCESSES)]
    site = [subprocess.Popen([sys.executable, "-c", EDITORS, str(n), str(log), str(THREADS)], cwd=settings.BASE_DIR,
                             env=site_env(live)) for n, log in enumerate(logs)]
    try:
        deadline = time.monotonic() + 60
        while len(committed(logs)) < 10 * PROCESSES * THREADS and time.monotonic() < deadline:
            assert all(process.poll() is None for process in site), "an editor stopped"
            time.sleep(0.05)
        # What `manage.py backup` runs, called here so that when it began is known to the millisecond:
        # the edits committed just before are still in the -wal file, where a plain copy misses them.
        began = time.time()
        make_backup(source=live, target=backup)
        finished = time.time()
        time.sleep(0.3)
    finally:
        # Stopped hard, as a killed or crashed server stops: its -wal file stays behind.
        for process in site:
            process.kill()
            process.wait()
    return committed(logs), began, finished


def edits_in(phrases: list[str]) -> set[tuple[str, int]]:
    return {(editor, int(number)) for editor, number in (phrase.split()[2:] for phrase in phrases)}


def assert_one_moment(found: set[tuple[str, int]]) -> None:
    """Each editor's edits up to some point, with no gap: one consistent moment of the database."""
    for editor in {editor for editor, _ in found}:
        numbers = sorted(n for e, n in found if e == editor)
        assert numbers == list(range(len(numbers))), editor


def stop_site_after_a_backup(folder: Path) -> tuple[Path, set, set]:
    """A site stopped hard after a backup taken while its editors saved: the backup, the edits
    committed before the backup began, and those committed after it had finished."""
    live = make_site_database(folder / "db.sqlite3")
    backup = folder / "backup.sqlite3"
    edits, began, finished = back_up_while_editors_save(live, backup)
    before = {edit for edit, at in edits.items() if at < began}
    after = {edit for edit, at in edits.items() if at > finished}
    assert len(before) >= 10 * PROCESSES * THREADS and after, "the backup ran while the editors were saving"
    assert live.with_name("db.sqlite3-wal").stat().st_size > 0
    return backup, before, after


def copy_of_site(site: Path, folder: Path) -> Path:
    """The stopped site's database with the -wal and -shm files it left, for one restore to work on."""
    folder.mkdir()
    for name in ("db.sqlite3", "db.sqlite3-wal", "db.sqlite3-shm"):
        shutil.copyfile(site / name, folder / name)
    return folder / "db.sqlite3"


def restore_by_hand(backup: Path, live: Path) -> set[tuple[str, int]]:
    """README.md, Backups: stop the site, copy the backup over the database, remove -wal and -shm, start."""
    shutil.copyfile(backup, live)
    for leftover in side_files(live):
        leftover.unlink(missing_ok=True)
    result = run_manage("shell", "-c", READER, database=live)
    assert result.returncode == 0, result.stderr
    restored = json.loads(result.stdout.splitlines()[-1])
    assert restored["integrity"] == [["ok"]]
    if connection.vendor == "sqlite":
        assert restored["codes"] == ResponseCode.objects.count()
    return edits_in(restored["edits"])


def restore_with_command(backup: Path, live: Path) -> set[tuple[str, int]]:
    """`manage.py restore`, after the mistake the issue saw: the backup copied in beside the old -wal."""
    shutil.copyfile(backup, live)
    result = run_manage("restore", "--noinput", str(backup), database=live)
    assert result.returncode == 0, result.stderr
    assert "passes SQLite's integrity check" in result.stdout
    kept = list(live.parent.joinpath("backups").glob("sipref-*-before-restore.sqlite3"))
    assert len(kept) == 1 and f"The database as it was is kept in {kept[0]}." in result.stdout
    restored = sqlite3.connect(live)
    assert restored.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    phrases = [row[0] for row in restored.execute("SELECT phrase FROM codes_searchsynonym WHERE phrase LIKE 'backup %'")]
    restored.close()
    return edits_in(phrases)


def test_a_backup_taken_while_editors_save_restores_every_edit_committed_before_it(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    backup, before, after = stop_site_after_a_backup(site)
    for restore in (restore_by_hand, restore_with_command):
        found = restore(backup, copy_of_site(site, tmp_path / restore.__name__))
        assert before <= found, f"{restore.__name__} lost {sorted(before - found)}"
        assert not found & after, f"{restore.__name__} brought back edits made after the backup"
        assert_one_moment(found)
