"""`manage.py backup` on PostgreSQL: pg_dump's custom format, which pg_restore reads back."""

import os
import shutil
import subprocess
from pathlib import Path

from .backup import BackupError, explain

HINT = ("Back it up with pg_dump (Debian's postgresql-client): "
        "pg_dump --format=custom --file=sipref.dump \"$DATABASE_URL\"; README.md, Backups, shows the restore.")


def dump(*, settings_dict: dict, target: Path, replace: bool = False) -> tuple[int, int]:
    """Write a pg_dump of the database to `target`; returns its size and the tables pg_restore lists in it."""
    if not shutil.which("pg_dump"):
        raise BackupError(f"This site's database is PostgreSQL and pg_dump is not on the PATH. {HINT}")
    if target.exists() and not replace:
        raise BackupError(f"{target} already exists; name another file, or pass --force to replace it.")
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    try:
        run(["pg_dump", "--format=custom", f"--file={partial}"], settings_dict)
        listing = run(["pg_restore", "--list", str(partial)], settings_dict)
        partial.replace(target)
    except OSError as error:
        raise BackupError(explain(error, target)) from error
    finally:
        partial.unlink(missing_ok=True)
    return target.stat().st_size, listing.count(" TABLE DATA ")


def run(command: list[str], settings_dict: dict) -> str:
    """Run a PostgreSQL client program against the site's database; its own message if it fails."""
    environment = {**os.environ, **{
        variable: str(settings_dict[key]) for variable, key in
        (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGPASSWORD", "PASSWORD"),
         ("PGDATABASE", "NAME")) if settings_dict.get(key)
    }}
    result = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)
    if result.returncode:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip() or result.returncode}")
    return result.stdout
