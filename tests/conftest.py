import importlib

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management import call_command

from codes.bundled import fixture_paths


def pytest_configure(config):
    # Tests read static files from the source folders; no collectstatic needed.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.STATIC_ROOT = None
    settings.WHITENOISE_USE_FINDERS = True
    # Most tests look at how a page was made (its context, its queries); tests/test_cache.py turns the cache on.
    settings.PAGE_CACHE = False


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with the bundled content, as a fresh `make run` does."""
    with django_db_blocker.unblock():
        call_command("loaddata", *fixture_paths(), verbosity=0)


@pytest.fixture
def load_content():
    """For transactional tests, which start from an emptied database."""
    call_command("loaddata", *fixture_paths(), verbosity=0)


@pytest.fixture
def editors_group(db):
    """The Editors group as the migrations make it; a transactional test's flush deletes it."""
    for name in ("0002_editors_group", "0004_editors_edit_new_content", "0006_editors_edit_synonyms"):
        for operation in importlib.import_module(f"codes.migrations.{name}").Migration.operations:
            operation.code(apps, None)
    return Group.objects.get(name="Editors")


@pytest.fixture
def editor(client):
    """A signed-in member of the Editors group, as `make editor` creates one."""
    user = User.objects.create_user("ed", password="a-long-enough-password", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return user
