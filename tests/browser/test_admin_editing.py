"""The editors' admin in Chromium: public pages' Edit links for editors only, the code's form folded into the
page's sections, the page preview in both themes and the Markdown preview beside a field, neither of which can run
a pasted script; axe-clean."""

import importlib

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.models import Group, User
from django.contrib.sessions.backends.db import SessionStore
from playwright.sync_api import expect

from codes.models import ResponseCode

from .. import content
from .conftest import each_width_and_theme, screenshot
from .test_accessibility import violations

PASTED = '<img src="x" onerror="alert(\'pasted\')"> <script>alert("pasted")</script>'


# The admin's forms open a transaction even to show themselves, and on SQLite (immediate transactions) that needs
# the write lock, which a test's own transaction would hold: the admin's tests commit instead, as the
# concurrency tests do, and put back afterwards what Django's emptying of the tables takes away.
commits = pytest.mark.django_db(transaction=True)
MIGRATIONS_MAKING_THE_EDITORS_GROUP = ("0002_editors_group", "0004_editors_edit_new_content",
                                       "0006_editors_edit_synonyms", "0014_editors_edit_guide_citations")


def editors_group() -> None:
    """The Editors group and its permissions, as the migrations make them."""
    for name in MIGRATIONS_MAKING_THE_EDITORS_GROUP:
        for operation in importlib.import_module(f"codes.migrations.{name}").Migration.operations:
            operation.code(apps, None)


@pytest.fixture(scope="module", autouse=True)
def content_back(live_site, django_db_blocker):
    """After this module's committing tests, the content and the Editors group are back for the tests after."""
    yield
    with django_db_blocker.unblock():
        content.ensure()
        editors_group()


@pytest.fixture
def committed(live_site, transactional_db):
    """The content, committed: a test before this one may have committed, and Django emptied the tables after it."""
    content.ensure()
    editors_group()


@pytest.fixture
def editor_account(committed):
    """A signed-in editor's session, committed for the live server to read (no sign-in through the form, which
    writes), and the address of 486's form."""
    user = User.objects.create_user("preview-editor", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    session = SessionStore()
    session.update({SESSION_KEY: str(user.pk), BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
                    HASH_SESSION_KEY: user.get_session_auth_hash()})
    session.create()
    return session.session_key, f"/admin/codes/responsecode/{ResponseCode.objects.get(code=486).pk}/change/"


def sign_in(page, site: str, account) -> list[str]:
    """Opens 486's form as the signed-in editor; returns the list every dialog a script opens is written to."""
    session_key, form = account
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session_key, "url": site}])
    page.goto(site + form)
    expect(page.locator("#responsecode_form")).to_be_visible()
    return dialogs


@pytest.mark.parametrize(("url", "name"), [
    ("/symptoms/phone-wont-register/", "Edit this guide in the admin"),
    ("/q850/17/", "Edit this cause and its mappings in the admin"),
    ("/warnings/", "Edit warning 304"),
    ("/sources/rfc3261/", "Edit this source in the admin"),
    ("/classes/4xx/", "Edit this class in the admin"),
])
@commits
def test_edit_links_show_only_with_the_editor_cookie(site, browser, committed, url, name):
    for cookie in (None, "1"):
        context = browser.new_context()
        if cookie:
            context.add_cookies([{"name": "sipref_editor", "value": cookie, "url": site}])
        page = context.new_page()
        page.goto(site + url)
        link = page.get_by_role("link", name=name, exact=True)
        if cookie:
            expect(link).to_be_visible()
            link.click()
            page.wait_for_url("**/admin/**")  # the admin's sign-in, then the form
        else:
            expect(page.locator(f'a:text-is("{name}")')).to_be_hidden()
        context.close()


@commits
def test_the_code_form_is_folded_into_the_page_s_sections(site, page, editor_account):
    sign_in(page, site, editor_account)
    expect(page.locator("#responsecode_form details")).to_have_count(10)
    notes = page.locator("details").filter(has=page.get_by_role("heading", name="Troubleshooting notes"))
    expect(notes.locator("textarea").first).to_be_hidden()
    notes.locator("summary").click()
    expect(notes.locator("textarea").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    screenshot(page, "admin-code-form")


@commits
def test_the_preview_shows_unsaved_text_in_both_themes_and_runs_no_script(site, page, editor_account):
    dialogs = sign_in(page, site, editor_account)
    page.fill("#id_summary", "Previewed, not saved. " + PASTED)
    page.get_by_role("group", name="What it means", exact=True).locator("summary").click()
    page.fill("#id_description", "A **previewed** meaning. " + PASTED)
    for theme, background in (("dark", "rgb(18, 20, 23)"), ("light", "rgb(255, 255, 255)")):
        page.get_by_role("button", name=f"Preview in the {theme} theme").click()
        frame = page.frame_locator("iframe[name=page-preview]")
        expect(frame.locator("p.lead")).to_contain_text("Previewed, not saved.")
        expect(frame.locator("strong", has_text="previewed")).to_be_visible()
        expect(frame.locator("html")).to_have_attribute("data-theme", theme)
        expect(frame.locator("body")).to_have_css("background-color", background)
        assert frame.locator("img[onerror], script:not([src])").count() == 0
        page.locator(".page-preview").scroll_into_view_if_needed()
        screenshot(page, f"admin-code-preview-{theme}")
    page.wait_for_timeout(300)
    assert dialogs == []


@commits
def test_markdown_shows_beside_the_field_as_it_is_typed_and_cannot_run_script(site, page, editor_account):
    dialogs = sign_in(page, site, editor_account)
    page.get_by_role("group", name="What it means", exact=True).locator("summary").click()
    field = page.locator("#id_description")
    field.fill("")
    field.press_sequentially("Typed *here* " + PASTED + " [x](javascript:alert(1))")
    preview = page.locator(".field-description .markdown-preview__body")
    expect(preview.locator("em")).to_have_text("here")
    assert preview.locator("img, script, a[href^='javascript']").count() == 0
    page.wait_for_timeout(300)
    assert dialogs == []
    field.scroll_into_view_if_needed()
    screenshot(page, "admin-markdown-preview")


@commits
def test_the_admin_pages_sipref_adds_have_no_wcag_violations(site, browser, editor_account):
    found = {}
    for width, scheme, page in each_width_and_theme(browser):
        sign_in(page, site, editor_account)
        page.get_by_role("button", name=f"Preview in the {scheme} theme").click()
        expect(page.frame_locator("iframe[name=page-preview]").locator("h1")).to_contain_text("Busy Here")
        for name, problems in (("form", violations(page)), ("preview", preview_violations(page, scheme))):
            if problems:
                found[f"{name} {width}px {scheme}"] = problems
    assert not found, found


def preview_violations(page, theme: str) -> list[str]:
    """axe on the preview itself. In its sandboxed frame no script runs, axe's neither, so the same POST's HTML is
    served to a page of its own, at the site's address so that its stylesheets load."""
    html = page.evaluate("""async theme => {
        const form = document.getElementById("responsecode_form");
        const button = form.querySelector(`button[name=preview_theme][value=${theme}]`);
        const data = new FormData(form);
        data.append("preview_theme", theme);
        return (await fetch(button.formAction, {method: "POST", body: data})).text();
    }""", theme)
    audit = page.context.new_page()
    audit.route("**/axe-preview/", lambda route: route.fulfill(body=html, content_type="text/html; charset=utf-8"))
    audit.goto(page.url.split("/admin/")[0] + "/axe-preview/")
    expect(audit.locator("h1")).to_contain_text("Busy Here")
    found = violations(audit)
    audit.close()
    return found
