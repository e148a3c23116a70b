"""Readers' pages during steady editing: they move to the newest content once per spacing, editors at once."""

from datetime import UTC, datetime

import pytest
from django.test import RequestFactory, override_settings

from codes.middleware import EDITOR_COOKIE
from codes.models import ContentVersion
from codes.page_version import PageVersion

WHEN = datetime(2026, 1, 1, tzinfo=UTC)
READER = RequestFactory().get("/codes/486/")


@pytest.fixture
def pages():
    with override_settings(PAGE_VERSION_SPACING=60):
        yield PageVersion()


def test_an_edit_after_a_quiet_spell_shows_at_once(pages):
    assert pages.get(READER, ("v1", WHEN)) == ("v1", WHEN)
    with override_settings(PAGE_VERSION_SPACING=0):  # as if the spacing had passed since
        assert pages.get(READER, ("v2", WHEN))[0] == "v2"


def test_steady_edits_keep_readers_on_one_version_until_the_spacing_has_passed(pages):
    pages.get(READER, ("v1", WHEN))
    pages.get(READER, ("v2", WHEN))  # an edit soon after: readers stay on v1 for the spacing
    assert [pages.get(READER, (f"v{n}", WHEN))[0] for n in range(3, 6)] == ["v1", "v1", "v1"]
    assert READER.content_held_back
    with override_settings(PAGE_VERSION_SPACING=0):
        assert pages.get(READER, ("v6", WHEN))[0] == "v6"
    assert not READER.content_held_back


def test_an_editor_always_gets_the_newest_version(pages):
    editor = RequestFactory().get("/codes/486/")
    editor.COOKIES[EDITOR_COOKIE] = "1"
    pages.get(READER, ("v1", WHEN))
    assert pages.get(editor, ("v2", WHEN))[0] == "v2"
    assert pages.get(READER, ("v2", WHEN))[0] == "v1"


@pytest.mark.django_db
def test_a_thread_inside_its_own_edit_gets_its_version(pages):
    pages.get(READER, ContentVersion.held())
    ContentVersion.bump()  # inside the test's transaction, not yet committed
    assert pages.get(READER, ContentVersion.held())[0] == ContentVersion.objects.get().token
