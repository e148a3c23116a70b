"""Playwright driving Debian's Chromium (Playwright cannot download its own browsers here)."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright
from pytest_django.live_server_helper import LiveServer

from .. import content

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
]
SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"

# Playwright's sync API keeps an event loop in this thread; the ORM calls that tests and
# fixtures make here are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


# First, before pytest-django sorts the tests by how they use the database: marked here, the browser tests run
# with the other non-committing tests, before any test that commits and leaves the tables emptied.
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            # The live server reads the test database: without the mark, a run of browser tests alone would
            # set none up and serve (and load the content into) the development database instead.
            item.add_marker(pytest.mark.django_db)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}; `make test` installs Debian's chromium package.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def live_site(django_db_setup, django_db_blocker):
    """One server for the whole session, serving the test database's committed content.

    pytest-django's live_server empties the database after every test, which would mean
    loading the content again for each; no browser test writes, so none needs that."""
    with django_db_blocker.unblock():
        content.ensure()  # before any test's transaction begins, so the server sees it
        server = LiveServer("localhost")
    yield server
    server.stop()


@pytest.fixture
def site(live_site):
    """The live server's address."""
    return live_site.url


@pytest.fixture(params=[390, 1280], ids=["narrow", "wide"])
def page(request, browser):
    context = browser.new_context(viewport={"width": request.param, "height": 900})
    page = context.new_page()
    page.width = request.param
    yield page
    context.close()


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}-{page.width}.png"
    page.screenshot(path=path, full_page=True)
    return path


def each_width_and_theme(browser):
    """A fresh page at a phone's width and at a desktop's, each in the light and in the dark theme."""
    for width in (390, 1280):
        for scheme in ("light", "dark"):
            context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
            try:
                yield width, scheme, context.new_page()
            finally:
                context.close()
