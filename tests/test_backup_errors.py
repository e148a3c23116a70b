"""`manage.py backup` refuses to overwrite, and a folder it cannot write or a disk that fills up
gets a message, a failing exit code and no half-written file."""

import os
import resource
import shutil
import signal
import sqlite3
import subprocess
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from codes.models import ResponseCode

from .backup_site import make_site_database, run_manage

pytestmark = pytest.mark.django_db  # the test database is made; its content is read, never written


@pytest.fixture
def live(tmp_path) -> Path:
    return make_site_database(tmp_path / "db.sqlite3")


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite backup; PostgreSQL's goes through pg_dump")
def test_a_backup_never_overwrites_a_file_unless_forced(tmp_path, capsys):
    earlier = tmp_path / "earlier.sqlite3"
    earlier.write_bytes(b"yesterday's backup")
    with pytest.raises(CommandError, match="already exists; name another file, or pass --force"):
        call_command("backup", str(earlier))
    assert earlier.read_bytes() == b"yesterday's backup"
    assert os.listdir(tmp_path) == ["earlier.sqlite3"]

    call_command("backup", str(earlier), force=True)
    assert "SQLite's integrity check passed" in capsys.readouterr().out
    copy = sqlite3.connect(earlier)
    assert copy.execute("SELECT count(*) FROM codes_responsecode").fetchone()[0] == ResponseCode.objects.count()
    copy.close()

    database = connection.settings_dict["NAME"]
    with pytest.raises(CommandError, match="is the database itself"):
        call_command("backup", database, force=True)

    call_command("backup", str(tmp_path), verbosity=0)  # as cron runs it: a stamped name, and silence
    assert capsys.readouterr().out == ""
    assert len(list(tmp_path.glob("sipref-*Z.sqlite3"))) == 1


def without_root_override() -> tuple[str, ...]:
    """As root, drop the capability to write anywhere, so that file permissions apply as they do to a site's user."""
    return ("setpriv", "--bounding-set=-dac_override,-dac_read_search") if os.geteuid() == 0 else ()


def test_an_unwritable_folder_is_named_and_left_empty(live):
    locked = live.with_name("locked")
    locked.mkdir(mode=0o555)
    result = run_manage("backup", str(locked / "b.sqlite3"), database=live, prefix=without_root_override())
    assert result.returncode == 1
    assert f"Cannot write in {locked}: permission denied." in result.stderr
    assert "Traceback" not in result.stderr
    assert os.listdir(locked) == []


def file_size_limit():
    """The kernel refuses to grow any file past 100 kB (and the signal that would kill the process is ignored)."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, 100_000))


def test_a_write_failing_half_way_leaves_no_half_backup(live):
    folder = live.with_name("backups")
    folder.mkdir()
    result = run_manage("backup", str(folder / "b.sqlite3"), database=live, preexec_fn=file_size_limit)
    assert result.returncode == 1
    assert f"Could not write {folder / 'b.sqlite3'}: disk I/O error; nothing was written." in result.stderr
    assert "Traceback" not in result.stderr
    assert os.listdir(folder) == []


# Mounts a 64 kB filesystem on the folder in a mount namespace of the command's own, runs the command,
# and lists what it left there before the filesystem goes away with the namespace.
ON_A_SMALL_DISK = 'mount -t tmpfs -o size=64k sipref-test "$0" || exit 99; "$@"; status=$?; ls -A "$0"; exit $status'


def own_mount_namespace(folder: Path) -> tuple[str, ...]:
    namespace = ("unshare", "--mount", *(() if os.geteuid() == 0 else ("--map-root-user",)))
    probe = [*namespace, "sh", "-c", ON_A_SMALL_DISK, str(folder), "true"]
    if not shutil.which("unshare") or subprocess.run(probe, capture_output=True, check=False).returncode:
        pytest.skip("this machine lets no process mount a small filesystem of its own")
    return (*namespace, "sh", "-c", ON_A_SMALL_DISK, str(folder))


def test_a_full_disk_is_named_and_left_empty(live):
    folder = live.with_name("backups")
    folder.mkdir()
    result = run_manage("backup", str(folder / "b.sqlite3"), database=live, prefix=own_mount_namespace(folder))
    assert result.returncode == 1, result.stderr
    assert f"The disk holding {folder} is full (" in result.stderr
    assert "MB free); nothing was written." in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""  # what `ls -A` found on the full disk afterwards
