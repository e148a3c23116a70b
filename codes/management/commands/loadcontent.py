from django.core.management import call_command
from django.core.management.base import BaseCommand

from codes.bundled import fixture_paths
from codes.models import ResponseCode


class Command(BaseCommand):
    help = "Load the bundled fixtures into an empty database; a database with content is left as it is."

    def handle(self, *args, **options):
        if count := ResponseCode.objects.count():
            self.stdout.write(f"The database already holds {count} codes; bundled content not loaded.")
            return
        call_command("loaddata", *fixture_paths(), verbosity=0)
        self.stdout.write(self.style.SUCCESS(f"Loaded the bundled content: {ResponseCode.objects.count()} codes."))
