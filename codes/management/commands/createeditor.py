import getpass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Create a staff account in the Editors group, able to edit content in /admin/ but not users."

    def add_arguments(self, parser):
        parser.add_argument("--username", help="Asked for when not given.")
        parser.add_argument("--email", default="")

    def handle(self, *args, username=None, email="", **options):
        User = get_user_model()
        username = username or input("Username: ").strip()
        if not username:
            raise CommandError("A username is needed.")
        if User.objects.filter(username=username).exists():
            raise CommandError(f"There is already an account called {username!r}.")
        user = User(username=username, email=email, is_staff=True)
        user.set_password(self.ask_password(user))
        user.save()
        user.groups.add(Group.objects.get(name="Editors"))
        self.stdout.write(self.style.SUCCESS(f"Created editor {username!r}. Sign in at /admin/."))

    def ask_password(self, user) -> str:
        while True:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                self.stderr.write("The passwords differ; try again.")
                continue
            try:
                validate_password(password, user)
            except ValidationError as error:
                self.stderr.write(" ".join(error.messages))
                continue
            return password
