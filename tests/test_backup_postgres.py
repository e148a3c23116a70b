"""`manage.py backup` on PostgreSQL: a pg_dump that pg_restore reads, or a message when pg_dump is missing.
Run by `.ci/run` against its throwaway PostgreSQL cluster; skipped on SQLite."""

import os

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's backup; SQLite's is tested elsewhere"),
]


def test_backup_writes_a_dump_that_pg_restore_reads(tmp_path, capsys):
    call_command("backup", str(tmp_path))
    dumps = list(tmp_path.glob("sipref-*Z.dump"))
    assert len(dumps) == 1 and dumps[0].stat().st_size > 0
    assert f"Wrote {dumps[0]}" in capsys.readouterr().out
    assert [path.name for path in tmp_path.iterdir()] == [dumps[0].name]  # no partial file left


def test_without_pg_dump_it_says_what_to_run(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(CommandError, match="pg_dump is not on the PATH. Back it up with pg_dump"):
        call_command("backup", str(tmp_path / "b.dump"))
    assert os.listdir(tmp_path) == []
