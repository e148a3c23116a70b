from pathlib import Path

from django.core.management.base import BaseCommand

from codes.bundled import BUNDLED, FIXTURE_DIR, export_json


class Command(BaseCommand):
    help = "Write the database's content out as fixtures, one file per model, in a stable order."

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, default=FIXTURE_DIR, help="Folder to write to (default: fixtures/).")

    def handle(self, *args, output: Path, **options):
        output.mkdir(parents=True, exist_ok=True)
        for name, label in BUNDLED:
            (output / f"{name}.json").write_text(export_json(label), encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"Wrote {len(BUNDLED)} fixture files to {output}."))
