"""A site's SQLite database in a test's own folder, and manage.py run against it as on a server:
in its own process, with production settings (WAL, immediate transactions)."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.db import connection

PRODUCTION = {"DJANGO_SETTINGS_MODULE": "sipref.settings", "DJANGO_DEBUG": "0", "DJANGO_HTTPS": "0",
              "DJANGO_SECRET_KEY": "insecure-key-for-tests-only", "DJANGO_ALLOWED_HOSTS": "localhost"}


def site_env(database: Path) -> dict:
    return {**os.environ, **PRODUCTION, "DATABASE_URL": f"sqlite:///{database}"}


def run_manage(*args: str, database: Path, preexec_fn=None, prefix: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    return subprocess.run([*prefix, sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=site_env(database),
                          capture_output=True, text=True, timeout=120, preexec_fn=preexec_fn, check=False)


def make_site_database(path: Path) -> Path:
    """The test database's content (only the tables on PostgreSQL), in WAL mode as production opens it."""
    if connection.vendor == "sqlite":
        source, copy = sqlite3.connect(connection.settings_dict["NAME"]), sqlite3.connect(path)
        source.backup(copy)
        source.close()
        copy.close()
    else:
        assert run_manage("migrate", "-v0", database=path).returncode == 0
    return path
