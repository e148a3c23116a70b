from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from codes.backup import BackupError, make_backup, restore_database, summarise
from codes.management.commands.backup import default_folder, describe, stamped_name


def unapplied_migrations(connection) -> int:
    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


class Command(BaseCommand):
    help = ("Put a backup made by `manage.py backup` back as the SQLite database, after checking it; "
            "the database as it was is kept in backups/ beside it first.")

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The backup file.")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive",
                            help="Do not ask for confirmation.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Which database (default: default).")

    def handle(self, *args, path: Path, interactive: bool, database: str, **options):
        connection = connections[database]
        if connection.vendor != "sqlite":
            raise CommandError("This restores SQLite backups. For PostgreSQL use pg_restore: README.md, Backups.")
        live = Path(connection.settings_dict["NAME"])
        connection.close()
        if path.resolve() == live.resolve():
            raise CommandError(f"{path} is the database itself, not a backup of it.")
        try:
            self.stdout.write("\n".join(describe(summarise(path), lead="Backup")))
            if interactive and not self.confirmed(live):
                raise CommandError("Nothing was restored (type yes, or pass --noinput).")
            if live.exists():
                self.keep(live, folder=default_folder(connection))
            restored = restore_database(backup=path, live=live)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(
            f"Restored {live} from {path}; it passes SQLite's integrity check (content version "
            f"{restored.content_version})."))
        if missing := unapplied_migrations(connection):
            self.stdout.write(f"The backup is older than the code: run manage.py migrate before starting the site "
                              f"({missing} to apply).")

    def confirmed(self, live: Path) -> bool:
        try:
            return input(f"Replace everything in {live} with it? Type 'yes': ").strip() == "yes"
        except EOFError:  # no terminal: nobody said yes
            return False

    def keep(self, live: Path, *, folder: Path) -> None:
        """Copy the database as it is now, damaged or not, so that a restore can be undone."""
        folder.mkdir(exist_ok=True)
        kept = folder / stamped_name(suffix="-before-restore.sqlite3")
        make_backup(source=live, target=kept, check=False)
        self.stdout.write(f"The database as it was is kept in {kept}.")
