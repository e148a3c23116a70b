from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from codes.bundled import FIXTURE_DIR
from codes.loader import FixtureError, load_bundled

SHOWN = 20


class Command(BaseCommand):
    help = (
        "Load the bundled fixtures: add what is new, report rows that differ from the database and keep the "
        "database's version of them (editors' work) unless --update is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("--directory", type=Path, default=FIXTURE_DIR, help="Where the fixtures are.")
        parser.add_argument("--update", action="store_true", help="Take the bundled version of rows that differ.")
        parser.add_argument("--dry-run", action="store_true", help="Report what would change; change nothing.")

    def handle(self, *args, directory: Path, update: bool, dry_run: bool, **options):
        try:
            report = load_bundled(directory, update=update, dry_run=dry_run)
        except FixtureError as error:
            raise CommandError(f"Nothing was loaded. {error}") from None
        if report.skipped:
            self.stdout.write("The bundled fixtures are the ones loaded last time; nothing to do.")
            return
        verb = "Would add" if dry_run else "Added"
        self.stdout.write(f"{verb} {report.added} new rows; {report.unchanged} were already up to date.")
        for added in report.new[:SHOWN]:
            self.stdout.write(f"  + {added}")
        if len(report.new) > SHOWN:
            self.stdout.write(f"  … and {len(report.new) - SHOWN} more")
        taken = "Would take from the bundle" if dry_run else "Taken from the bundle"
        for title, differences in ((taken, report.updated), ("Kept as edited", report.kept)):
            if differences:
                self.stdout.write(f"{title} ({len(differences)} rows differ from the bundled fixtures):")
                for difference in differences[:SHOWN]:
                    self.stdout.write(f"  {difference}")
                if len(differences) > SHOWN:
                    self.stdout.write(f"  … and {len(differences) - SHOWN} more")
        if report.kept:
            self.stdout.write("Run `manage.py loadcontent --update` to replace them with the bundled version.")
