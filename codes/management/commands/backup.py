from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from codes import backup_postgres
from codes.backup import BackupError, Summary, make_backup


def default_folder(connection) -> Path:
    """backups/ beside the SQLite database (where the site may write), or beside manage.py."""
    if connection.vendor == "sqlite":
        return Path(connection.settings_dict["NAME"]).parent / "backups"
    return settings.BASE_DIR / "backups"


def stamped_name(*, suffix: str) -> str:
    return f"sipref-{datetime.now(UTC):%Y%m%d-%H%M%S}Z{suffix}"


def destination(path: Path | None, *, connection, suffix: str) -> Path:
    """The file to write: the one named, a stamped name in the folder named, or one in backups/."""
    if path is None:
        path = default_folder(connection)
        path.mkdir(exist_ok=True)
    if path.is_dir():
        return path / stamped_name(suffix=suffix)
    return path


def describe(summary: Summary, *, lead: str = "Wrote") -> list[str]:
    lines = [f"{lead} {summary.path} ({summary.size / 1e6:.1f} MB); SQLite's integrity check passed. It holds:"]
    lines += [f"  {label:<22} {count:>6}" for label, count in summary.counts.items()]
    lines.append(f"  {'content version':<22} {summary.content_version} (changed {summary.changed_at})")
    return lines


class Command(BaseCommand):
    help = ("Copy the database to a file while the site runs, check the copy, and say what it holds. "
            "On PostgreSQL, runs pg_dump. README.md, Backups, gives the restore.")

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", type=Path,
                            help="File or folder to write to (default: backups/sipref-<UTC time>.sqlite3 beside the database).")
        parser.add_argument("--force", action="store_true", help="Replace the file if it exists.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Which database (default: default).")

    def handle(self, *args, path: Path | None, force: bool, database: str, verbosity: int, **options):
        try:
            lines = self.back_up(connections[database], path, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        if verbosity:  # -v0 for cron: silent unless it fails
            self.stdout.write("\n".join(lines))

    def back_up(self, connection, path: Path | None, *, force: bool) -> list[str]:
        if connection.vendor == "sqlite":
            target = destination(path, connection=connection, suffix=".sqlite3")
            return describe(make_backup(source=Path(connection.settings_dict["NAME"]), target=target, replace=force))
        if connection.vendor == "postgresql":
            target = destination(path, connection=connection, suffix=".dump")
            size, tables = backup_postgres.dump(settings_dict=connection.settings_dict, target=target, replace=force)
            return [f"Wrote {target} ({size / 1e6:.1f} MB) with pg_dump; pg_restore lists {tables} tables of data in it."]
        raise CommandError(f"manage.py backup knows SQLite and PostgreSQL, not {connection.vendor}.")
