"""The editors' start page in Chromium: readable on a phone and a desktop, axe-clean in both themes.

Signing in through the form would write (the session, axes' log) while the test's transaction holds the
database, so the editor's session is made beforehand; tests/test_workspace.py covers the sign-in redirect."""

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.models import Group, User
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone
from playwright.sync_api import expect

from codes.models import UnfoundSearch
from codes.workspace import unfound

from .conftest import each_width_and_theme, screenshot
from .test_accessibility import violations

PASSWORD = "a-long-enough-password"


@pytest.fixture(scope="module")
def editor_session(live_site, django_db_blocker):
    """Committed, so the live server sees it: a signed-in editor's session, and searches that found nothing."""
    # Searches other browser tests made that found nothing are counted in this process (the live server's) and
    # would be written out by the start page, which then waits the database's 20-second busy timeout for the write
    # lock each test's transaction holds: 84 s for the axe test. They are not this module's to show.
    unfound.tally.take()
    with django_db_blocker.unblock():
        user = User.objects.create_user("workspace-editor", password=PASSWORD, is_staff=True)
        user.groups.add(*Group.objects.filter(name="Editors"))
        session = SessionStore()
        session.update({SESSION_KEY: str(user.pk), BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
                        HASH_SESSION_KEY: user.get_session_auth_hash()})
        session.create()
        today = timezone.localdate()
        rows = UnfoundSearch.objects.bulk_create([
            UnfoundSearch(day=today, text="xylophone glockenspiel", count=7),
            UnfoundSearch(day=today, text="xylophone", count=2),
            UnfoundSearch(day=today, text="marimba [number]", count=1),
        ])
    yield session.session_key
    with django_db_blocker.unblock():
        UnfoundSearch.objects.filter(pk__in=[row.pk for row in rows]).delete()
        session.delete()
        user.delete()


def open_workspace(page, site: str, session_key: str) -> None:
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session_key, "url": site}])
    page.goto(site + "/admin/workspace/")
    expect(page.get_by_role("heading", name="What needs work", level=1)).to_be_visible()


def test_the_start_page_reads_on_a_phone_and_a_desktop(site, page, editor_session):
    open_workspace(page, site, editor_session)
    unfound = page.locator("#unfound")
    expect(unfound.get_by_role("heading", level=2)).to_have_text("Searches that found nothing (3)")
    expect(unfound.get_by_role("link", name="xylophone", exact=True)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # nothing sideways
    assert page.evaluate("document.querySelector('#header').getBoundingClientRect().width") == page.width
    page.get_by_role("navigation", name="The lists on this page").get_by_role("link", name="Searches that found nothing").click()
    assert page.url.endswith("#unfound")
    screenshot(page, "workspace")


def test_the_start_page_has_no_wcag_violations_in_either_theme(site, browser, editor_session):
    found = {}
    for width, scheme, page in each_width_and_theme(browser):
        open_workspace(page, site, editor_session)
        if problems := violations(page):
            found[f"{width}px {scheme}"] = problems
    assert not found, found
