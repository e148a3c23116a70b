import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.test import override_settings

from codes.cache import FIRST_ASKS
from codes.held_version import HELD

from . import content


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with the bundled content, as a fresh `make run` does."""
    with django_db_blocker.unblock():
        content.load()


@pytest.fixture
def load_content():
    """For transactional tests: the content is there even after another such test emptied the database."""
    content.ensure()


@pytest.fixture
def editors_group(db):
    """The Editors group as the migrations make it; a transactional test's flush deletes it."""
    for name in ("0002_editors_group", "0004_editors_edit_new_content", "0006_editors_edit_synonyms",
                 "0014_editors_edit_guide_citations"):
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


@pytest.fixture
def page_cache():
    """The page cache on, empty, with each process holding the content version as in production."""
    cache.clear()
    HELD.forget()
    FIRST_ASKS.clear()
    with override_settings(PAGE_CACHE=True, VERSION_SECONDS=60):
        yield
    cache.clear()
    HELD.forget()
    FIRST_ASKS.clear()
